package tagcheck

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() { api.DisableConfigDir() } // pdfcpu would otherwise write ~/.config/pdfcpu

// Node is one structure element as the file holds it.
type Node struct {
	Role, Lang, Alt, Scope string
	MCIDs                  int // marked-content sequences and annotations it owns
	Kids                   []*Node
	// Parts are its marked content and its kids, in the order of its /K.
	Parts []Part
	// Text is what it reads, set by ReadText: its marked content's text
	// and its kids', in order.
	Text string
	raw  string // Text before its spaces are made single
}

// Part is a kid of an element: a marked-content sequence (MCID on page
// Page, 0-based) or an element (Kid).
type Part struct {
	Page, MCID int
	Kid        *Node
}

// TextOf is the text of the marked-content sequence MCID of page page
// (0-based), and whether it starts a line of its own.
type TextOf func(page, mcid int) (text string, line bool)

// ReadText sets the Text of n and of every element under it from the text
// of each marked-content sequence: in the order of the tree, with a space
// between two pieces where the second starts a line, and between two
// elements (a list item's label and body, two table cells).
func (n *Node) ReadText(text TextOf) { n.read(text) }

// read sets n's Text and reports whether it starts a line.
func (n *Node) read(text TextOf) (first bool) {
	var b strings.Builder
	kid := false // the last piece is an element's
	for _, p := range n.Parts {
		var s string
		var line bool
		if p.Kid != nil {
			line = p.Kid.read(text)
			s = p.Kid.raw
		} else {
			s, line = text(p.Page, p.MCID)
		}
		if s == "" {
			continue
		}
		if b.Len() == 0 {
			first = line
		} else if (line || kid && p.Kid != nil) && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
		b.WriteString(s)
		kid = p.Kid != nil
	}
	n.raw = b.String()
	n.Text = strings.Join(strings.Fields(n.raw), " ")
	return first
}

// Dump is the tree as text, one element a line, indented by depth: role,
// then lang=, alt=, scope= when set, then, when the element holds marked
// content of its own, its text (ReadText), cut at cut characters with an
// ellipsis (0: whole).
func (n *Node) Dump(cut int) string {
	var b strings.Builder
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		b.WriteString(strings.Repeat("  ", depth) + n.Role)
		for _, kv := range [][2]string{{"lang", n.Lang}, {"alt", n.Alt}, {"scope", n.Scope}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, " %s=%q", kv[0], kv[1])
			}
		}
		if n.ownsContent() && n.Text != "" {
			t := []rune(n.Text)
			if cut > 0 && len(t) > cut {
				t = append(t[:cut-1], '…')
			}
			b.WriteString(": " + string(t))
		}
		b.WriteByte('\n')
		for _, k := range n.Kids {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// ownsContent reports whether n has a marked-content sequence of its own.
func (n *Node) ownsContent() bool {
	for _, p := range n.Parts {
		if p.Kid == nil {
			return true
		}
	}
	return false
}

// checker holds what a check has read so far.
type checker struct {
	x        *model.XRefTable
	problems []string
	// owner is the element object that owns each (page object, MCID), and
	// each annotation object.
	owner  map[[2]int]int
	annots map[int]int
	seen   map[int]bool // elements visited, against loops
	// pageIndex is the 0-based index of each page object.
	pageIndex map[int]int
	level     int // of the last heading
}

func (c *checker) fail(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// Check checks the tagging of pdf and returns its structure tree.
func Check(pdf []byte) (*Node, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, fmt.Errorf("pdfcpu: %w", err)
	}
	x := ctx.XRefTable
	if err := x.EnsurePageCount(); err != nil {
		return nil, err
	}
	c := &checker{x: x, owner: map[[2]int]int{}, annots: map[int]int{}, seen: map[int]bool{}, pageIndex: map[int]int{}}
	root, err := c.tree()
	if err != nil {
		return nil, err
	}
	nums, err := c.parentTree()
	if err != nil {
		return nil, err
	}
	for p := 1; p <= x.PageCount; p++ {
		c.page(p, nums)
	}
	root.Walk(func(n *Node) {
		for i := range n.Parts {
			if n.Parts[i].Kid == nil {
				n.Parts[i].Page = c.pageIndex[n.Parts[i].Page]
			}
		}
	})
	if len(c.owner) > 0 {
		for k, elem := range c.owner {
			c.fail("element %d references MCID %d of page object %d, which no page draws", elem, k[1], k[0])
		}
	}
	if len(c.problems) > 0 {
		if len(c.problems) > 20 {
			c.problems = append(c.problems[:20], fmt.Sprintf("and %d more", len(c.problems)-20))
		}
		return root, errors.New(strings.Join(c.problems, "\n"))
	}
	return root, nil
}

// tree reads the structure tree from the catalogue.
func (c *checker) tree() (*Node, error) {
	cat, err := c.x.Catalog()
	if err != nil {
		return nil, err
	}
	if mi, _ := c.x.DereferenceDict(cat["MarkInfo"]); mi == nil || mi.BooleanEntry("Marked") == nil || !*mi.BooleanEntry("Marked") {
		c.fail("the catalogue has no /MarkInfo <</Marked true>>")
	}
	str, err := c.x.DereferenceDict(cat["StructTreeRoot"])
	if err != nil || str == nil {
		return nil, errors.New("no /StructTreeRoot")
	}
	root := &Node{Role: "StructTreeRoot"}
	c.kids(root, str["K"], 0)
	return root, nil
}

// kids reads the /K of an element (object elem, 0 for the root) into n.
func (c *checker) kids(n *Node, k types.Object, elem int) {
	var items types.Array
	if a, err := c.x.DereferenceArray(k); err == nil && a != nil {
		items = a
	} else if k != nil {
		items = types.Array{k}
	}
	pg := 0
	for _, it := range items {
		switch v := it.(type) {
		case types.Integer:
			c.own(pg, int(v), elem)
			n.MCIDs++
			n.Parts = append(n.Parts, Part{Page: pg, MCID: int(v)})
			continue
		case types.IndirectRef:
			d, err := c.x.DereferenceDict(v)
			if err != nil || d == nil {
				c.fail("element %d: kid %v is not a dictionary", elem, v)
				continue
			}
			if d.Type() != nil && *d.Type() == "OBJR" {
				break
			}
			kid := c.element(v.ObjectNumber.Value(), d)
			if kid != nil {
				n.Kids = append(n.Kids, kid)
				n.Parts = append(n.Parts, Part{Kid: kid})
			}
			continue
		}
		d, ok := it.(types.Dict)
		if !ok {
			c.fail("element %d: a kid of unknown kind %T", elem, it)
			continue
		}
		page := 0
		if r := d.IndirectRefEntry("Pg"); r != nil {
			page = r.ObjectNumber.Value()
		}
		switch t := d.Type(); {
		case t != nil && *t == "MCR":
			if m := d.IntEntry("MCID"); m != nil {
				c.own(page, *m, elem)
				n.MCIDs++
				n.Parts = append(n.Parts, Part{Page: page, MCID: *m})
			}
		case t != nil && *t == "OBJR":
			if r := d.IndirectRefEntry("Obj"); r != nil {
				if prev, dup := c.annots[r.ObjectNumber.Value()]; dup {
					c.fail("annotation %d is owned by elements %d and %d", r.ObjectNumber.Value(), prev, elem)
				}
				c.annots[r.ObjectNumber.Value()] = elem
				n.MCIDs++
			}
		default:
			c.fail("element %d: a kid dictionary that is neither MCR nor OBJR", elem)
		}
	}
}

func (c *checker) own(page, mcid, elem int) {
	k := [2]int{page, mcid}
	if prev, dup := c.owner[k]; dup {
		c.fail("MCID %d of page object %d is referenced by elements %d and %d", mcid, page, prev, elem)
	}
	c.owner[k] = elem
}

// element reads structure element num and checks it.
func (c *checker) element(num int, d types.Dict) *Node {
	if c.seen[num] {
		c.fail("element %d is reached twice", num)
		return nil
	}
	c.seen[num] = true
	n := &Node{}
	if s := d.NameEntry("S"); s != nil {
		n.Role = *s
	}
	n.Lang, _ = c.x.DereferenceStringOrHexLiteral(d["Lang"], model.V10, nil)
	n.Alt, _ = c.x.DereferenceStringOrHexLiteral(d["Alt"], model.V10, nil)
	if a, _ := c.x.DereferenceDict(d["A"]); a != nil {
		if s := a.NameEntry("Scope"); s != nil {
			n.Scope = *s
		}
	}
	if len(n.Role) == 2 && n.Role[0] == 'H' && n.Role[1] >= '1' && n.Role[1] <= '6' {
		lv := int(n.Role[1] - '0')
		if lv > c.level+1 {
			c.fail("element %d: %s follows an H%d: a heading level is skipped", num, n.Role, c.level)
		}
		c.level = lv
	}
	switch {
	case n.Role == "Figure" && n.Alt == "":
		c.fail("element %d: a Figure without /Alt", num)
	case n.Role == "TH" && n.Scope == "":
		c.fail("element %d: a TH without /Scope", num)
	}
	c.kids(n, d["K"], num)
	if n.MCIDs == 0 && len(n.Kids) == 0 {
		c.fail("element %d (%s) is empty", num, n.Role)
	}
	return n
}

// Walk calls fn on n and every element under it, parents first.
func (n *Node) Walk(fn func(*Node)) {
	fn(n)
	for _, k := range n.Kids {
		k.Walk(fn)
	}
}

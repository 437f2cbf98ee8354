package render

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"bulletin/pipeline/book"
)

// Tagged PDF (#13). The book says what every item is: its structure
// element, or nil for an artifact. The renderer writes each run of items of
// one element on a page as one marked-content sequence (/P <</MCID n>> BDC
// ... EMC) and every artifact as /Artifact BMC ... EMC, through fpdf's raw
// content writer; tagger records which element owns each sequence and each
// link annotation, and finish writes the structure tree, the parent tree
// and the page keys, which fpdf knows nothing of.

// tagger follows the marked content of the pages as they are drawn.
type tagger struct {
	open bool       // a sequence is open
	cur  *book.Elem // the open sequence's element; nil: an artifact
	// mcids holds, for each page, the element of each MCID; annots the
	// Link element of each link annotation, in the order fpdf writes
	// them into the page's /Annots.
	mcids  [][]*book.Elem
	annots [][]*book.Elem
	// entries are what finish adds to each link annotation (/Contents,
	// /QuadPoints), page by page like annots.
	entries [][]string
	// own is each element's own content, in the order it was drawn; seq
	// numbers everything drawn, so that an element's content and its
	// kids can be put in the order they were drawn.
	own map[*book.Elem][]content
	seq int
}

// content is one marked-content sequence (annot < 0) or one annotation of
// an element, on page page.
type content struct {
	page, mcid, annot, seq int
}

func newTagger() *tagger { return &tagger{own: map[*book.Elem][]content{}} }

// newPage starts recording a page.
func (tg *tagger) newPage() {
	tg.mcids = append(tg.mcids, nil)
	tg.annots = append(tg.annots, nil)
	tg.entries = append(tg.entries, nil)
}

// mark opens the marked-content sequence of element el (nil: an artifact)
// for what is painted next, unless it is open already.
func (r *renderer) mark(el *book.Elem) {
	tg := r.tags
	if tg == nil || tg.open && tg.cur == el {
		return
	}
	r.endMark()
	tg.open, tg.cur = true, el
	if el == nil {
		r.raw("/Artifact BMC")
		return
	}
	pg := len(tg.mcids) - 1
	mcid := len(tg.mcids[pg])
	tg.mcids[pg] = append(tg.mcids[pg], el)
	tg.own[el] = append(tg.own[el], content{page: pg, mcid: mcid, annot: -1, seq: tg.seq})
	tg.seq++
	r.raw("/" + el.Role + " <</MCID " + strconv.Itoa(mcid) + ">> BDC")
}

// endMark closes the open sequence, if any.
func (r *renderer) endMark() {
	if tg := r.tags; tg != nil && tg.open {
		r.raw("EMC")
		tg.open = false
	}
}

// annotation records a link annotation drawn on the current page for its
// Link element el, and the entries finish is to add to it.
func (tg *tagger) annotation(el *book.Elem, entries string) {
	if tg == nil {
		return
	}
	pg := len(tg.annots) - 1
	if el != nil { // nil: an untagged link, which keeps the count of the page's
		tg.own[el] = append(tg.own[el], content{page: pg, mcid: -1, annot: len(tg.annots[pg]), seq: tg.seq})
		tg.seq++
	}
	tg.annots[pg] = append(tg.annots[pg], el)
	tg.entries[pg] = append(tg.entries[pg], entries)
}

// structTree is what finish writes for a tagged book.
type structTree struct {
	root *book.Elem
	tg   *tagger
}

// annotKey is the parent tree key of annotation k of page pg: the pages
// take keys 0 to pages-1, the annotations the keys after them.
func (st *structTree) annotKey(pg, k int) int {
	key := len(st.tg.mcids)
	for _, a := range st.tg.annots[:pg] {
		key += len(a)
	}
	return key + k
}

// objects are the structure tree's objects, numbered from first: the
// StructTreeRoot (first itself), the parent tree, then every element
// that has content, parents first. pages are the page objects' numbers
// and annots those of each page's annotations, as finish wrote them.
func (st *structTree) objects(first int, pages []int, annots [][]int) []pdfObject {
	w := &treeWriter{st: st, first: first, pages: pages, annots: annots, idRef: map[string]string{}}
	kept := w.number()
	parent := map[*book.Elem]*book.Elem{}
	for _, e := range kept {
		for _, k := range e.Kids {
			parent[k] = e
		}
	}
	var elems []pdfObject
	for _, e := range kept {
		elems = append(elems, obj(w.num[e], w.elem(e, parent[e]))) // collects the IDs for root
	}
	return append([]pdfObject{obj(first, w.root()), obj(first+1, w.parentTree())}, elems...)
}

// obj is object n with the given body.
func obj(n int, body string) pdfObject {
	return pdfObject{num: n, data: fmt.Appendf(nil, "%d 0 obj\n%s\nendobj\n", n, body)}
}

// treeWriter writes the objects of one structure tree.
type treeWriter struct {
	st       *structTree
	first    int
	pages    []int
	annots   [][]int
	num      map[*book.Elem]int // object number of each element with content
	firstSeq map[*book.Elem]int // the first content of each element, in drawing order
	ids      []string
	idRef    map[string]string
}

// number gives each element that has content (its own or its kids') an
// object number, parents first, and returns them in that order.
func (w *treeWriter) number() []*book.Elem {
	tg := w.st.tg
	w.num, w.firstSeq = map[*book.Elem]int{}, map[*book.Elem]int{}
	var order []*book.Elem
	var visit func(e *book.Elem) bool
	visit = func(e *book.Elem) bool { // reports whether e has content
		f := -1
		if own := tg.own[e]; len(own) > 0 {
			f = own[0].seq
		}
		w.num[e] = w.first + 2 + len(order)
		order = append(order, e)
		for _, k := range e.Kids {
			if visit(k) && (f < 0 || w.firstSeq[k] < f) {
				f = w.firstSeq[k]
			}
		}
		if f < 0 {
			delete(w.num, e)
			return false
		}
		w.firstSeq[e] = f
		return true
	}
	visit(w.st.root)
	kept := order[:0]
	for _, e := range order {
		if _, ok := w.num[e]; ok {
			w.num[e] = w.first + 2 + len(kept)
			kept = append(kept, e)
		}
	}
	return kept
}

func (w *treeWriter) ref(e *book.Elem) string { return strconv.Itoa(w.num[e]) + " 0 R" }

// elem is the dictionary of element e under parent (nil: the root), its
// kids and its own content in drawing order.
func (w *treeWriter) elem(e, parent *book.Elem) string {
	var b strings.Builder
	b.WriteString("<</Type /StructElem /S /" + e.Role)
	if parent != nil {
		b.WriteString(" /P " + w.ref(parent))
	} else {
		fmt.Fprintf(&b, " /P %d 0 R", w.first)
	}
	if e.Lang != "" {
		b.WriteString(" /Lang " + utf16Hex(e.Lang))
	}
	if e.Alt != "" {
		b.WriteString(" /Alt " + utf16Hex(e.Alt))
	}
	if e.Scope != "" {
		b.WriteString(" /A <</O /Table /Scope /" + e.Scope + ">>")
	}
	if e.ID != "" {
		b.WriteString(fmt.Sprintf(" /ID <%x>", e.ID))
		if _, dup := w.idRef[e.ID]; !dup {
			w.ids = append(w.ids, e.ID)
			w.idRef[e.ID] = w.ref(e)
		}
	}
	b.WriteString(" /K [")
	own := w.st.tg.own[e]
	sep := ""
	put := func(c content) {
		if c.annot >= 0 {
			fmt.Fprintf(&b, "%s<</Type /OBJR /Pg %d 0 R /Obj %d 0 R>>", sep, w.pages[c.page], w.annots[c.page][c.annot])
		} else {
			fmt.Fprintf(&b, "%s<</Type /MCR /Pg %d 0 R /MCID %d>>", sep, w.pages[c.page], c.mcid)
		}
		sep = " "
	}
	for _, k := range e.Kids {
		if _, ok := w.num[k]; !ok {
			continue
		}
		for len(own) > 0 && own[0].seq < w.firstSeq[k] {
			put(own[0])
			own = own[1:]
		}
		b.WriteString(sep + w.ref(k))
		sep = " "
	}
	for _, c := range own {
		put(c)
	}
	b.WriteString("]>>")
	return b.String()
}

// root is the StructTreeRoot, with the IDTree of the elements that have
// an ID (collected by elem, which must run first).
func (w *treeWriter) root() string {
	root := fmt.Sprintf("<</Type /StructTreeRoot /K [%s] /ParentTree %d 0 R /ParentTreeNextKey %d",
		w.ref(w.st.root), w.first+1, w.st.annotKey(len(w.st.tg.annots), 0))
	if len(w.ids) > 0 {
		sort.Strings(w.ids)
		var names strings.Builder
		for _, id := range w.ids {
			fmt.Fprintf(&names, " <%x> %s", id, w.idRef[id])
		}
		root += " /IDTree <</Names [" + names.String()[1:] + "]>>"
	}
	return root + ">>"
}

// parentTree maps each page's MCIDs and each annotation back to its
// element: one node, keys in increasing order.
func (w *treeWriter) parentTree() string {
	tg := w.st.tg
	var nums strings.Builder
	for pg, els := range tg.mcids {
		fmt.Fprintf(&nums, "%d [", pg)
		for i, e := range els {
			if i > 0 {
				nums.WriteByte(' ')
			}
			nums.WriteString(w.ref(e))
		}
		nums.WriteString("]\n")
	}
	for pg, els := range tg.annots {
		for k, e := range els {
			if e == nil {
				continue
			}
			fmt.Fprintf(&nums, "%d %s\n", w.st.annotKey(pg, k), w.ref(e))
		}
	}
	return "<</Nums [" + nums.String() + "]>>"
}

// structParents gives page pg its /StructParents key and /Tabs /S (the
// tab order of its annotations is the structure's), and each of its link
// annotations its /StructParent key.
func structParents(page []byte, annots []pdfObject, st *structTree, pg int) ([]byte, []pdfObject) {
	keys := fmt.Sprintf("/StructParents %d\n", pg)
	if len(annots) > 0 {
		keys += "/Tabs /S\n"
	}
	i := bytes.Index(page, []byte(pageStart)) + len(pageStart) // found: that is how a page was told
	page = slices.Concat(page[:i], []byte(keys), page[i:])
	els := st.tg.annots[pg]
	for k := range annots {
		if k >= len(els) {
			continue // counted by the annotations patch
		}
		add := st.tg.entries[pg][k]
		if els[k] != nil {
			add = fmt.Sprintf("/StructParent %d %s", st.annotKey(pg, k), add)
		}
		a := &annots[k]
		head := fmt.Sprintf("%d 0 obj\n<</Type /Annot ", a.num)
		if bytes.HasPrefix(a.data, []byte(head)) {
			a.data = slices.Concat([]byte(head), []byte(add), a.data[len(head):])
		}
	}
	return page, annots
}

// tagged adds the structure tree's objects after all others and the
// catalogue's entries of a tagged PDF: /MarkInfo, /StructTreeRoot and
// /ViewerPreferences (the window shows the title, not the file name).
func (pt *patcher) tagged(objs []pdfObject) error {
	st := pt.opt.structure
	if st == nil {
		return nil
	}
	if len(pt.pageNums) != len(st.tg.mcids) {
		return &PatchError{patchTagged + ": pages", len(pt.pageNums), len(st.tg.mcids)}
	}
	for pg, nums := range pt.annotNums {
		if len(nums) != len(st.tg.annots[pg]) {
			return &PatchError{patchTagged + ": annotations of a page", len(nums), len(st.tg.annots[pg])}
		}
	}
	first := pt.next
	tree := st.objects(first, pt.pageNums, pt.annotNums)
	pt.added = append(pt.added, tree...)
	pt.next += len(tree)
	const catalog = "<<\n/Type /Catalog\n"
	for i := range objs {
		if objs[i].num != pt.root {
			continue
		}
		o := &objs[i]
		at := bytes.Index(o.data, []byte(catalog))
		if at < 0 {
			return &PatchError{patchTagged, 0, 1}
		}
		at += len(catalog)
		o.data = slices.Concat(o.data[:at],
			fmt.Appendf(nil, "/MarkInfo <</Marked true>>\n/StructTreeRoot %d 0 R\n/ViewerPreferences <</DisplayDocTitle true>>\n", first),
			o.data[at:])
		return nil
	}
	return &PatchError{patchTagged, 0, 1}
}

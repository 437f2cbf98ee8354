// Package markdown turns the Markdown body of an article into the doc model.
// It is the only package that imports goldmark, so the parser can be swapped
// without touching the stages after it.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/source"
)

// md is built once: goldmark sorts its parsers on first use and is safe for
// concurrent parsing afterwards.
var md = goldmark.New(
	goldmark.WithExtensions(
		extension.Table,
		// The typesetter draws characters, not HTML, so the typographer must
		// produce Unicode rather than its default entities.
		extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
			extension.LeftSingleQuote:  "‘",
			extension.RightSingleQuote: "’",
			extension.LeftDoubleQuote:  "“",
			extension.RightDoubleQuote: "”",
			extension.EnDash:           "–",
			extension.EmDash:           "—",
			extension.Ellipsis:         "…",
			extension.LeftAngleQuote:   "«",
			extension.RightAngleQuote:  "»",
			extension.Apostrophe:       "’",
		})),
	),
	// Footnote parsers without extension.Footnote's AST transformer: that
	// transformer silently drops definitions nobody references and moves the
	// rest to the end of the document. Without it every definition stays
	// where it was written, so validate can point at each one.
	goldmark.WithParserOptions(
		parser.WithBlockParsers(util.Prioritized(extension.NewFootnoteBlockParser(), 999)),
		parser.WithInlineParsers(util.Prioritized(extension.NewFootnoteParser(), 101)),
	),
)

// Article converts one source article into the doc model. Positions point
// into the original file: line = a.BodyLine + (line within Body) - 1, col in
// runes.
func Article(a source.Article) (doc.Article, error) {
	c := &conv{src: a.Body, file: a.Path, line0: max(a.BodyLine, 1), lines: []int{0}, notes: map[int]string{}}
	for i, b := range a.Body {
		if b == '\n' {
			c.lines = append(c.lines, i+1)
		}
	}
	// Measure first: an article beyond the limits is not parsed in full,
	// since that alone could take minutes.
	if l := c.limits(); len(l) > 0 {
		return doc.Article{Name: a.Name, Title: Title(a.Title), TitlePos: a.TitlePos, Pos: diag.Pos{File: a.Path}}, l.Err()
	}
	root := md.Parser().Parse(text.NewReader(a.Body))
	// Footnote references only carry the definition's index; remember the
	// labels first, since a definition may come after its references.
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*east.Footnote); ok && entering && f.Index > 0 {
			c.notes[f.Index] = string(f.Ref)
		}
		return ast.WalkContinue, nil
	})
	blocks, err := c.blocks(root)
	if err != nil {
		return doc.Article{}, err
	}
	title, tin := titleInlines(a.Title)
	for _, in := range tin {
		if in.Kind == doc.FootnoteRef {
			// The title is set in the masthead's contents and the
			// outline too, where a note number means nothing.
			p := a.TitlePos
			if p.Col > 0 {
				p.Col += in.Pos.Col - 1
			}
			c.errs.Add(p, "footnote [^%s] is referred to from the title; refer to it from the text instead", in.Text)
		}
	}
	return doc.Article{
		Name:     a.Name,
		Title:    title,
		TitlePos: a.TitlePos,
		Blocks:   blocks,
		Pos:      diag.Pos{File: a.Path},
	}, c.errs.Err()
}

// Title sets a front-matter title with the same typographic quotes and
// dashes as the body ("Azerbaijan's" -> "Azerbaijan’s"). A title that does
// not read as one plain paragraph (a leading "#" or "-") is kept as written.
func Title(t string) string {
	s, _ := titleInlines(t)
	return s
}

// titleInlines is Title with the runs it is made of (nil when the title is
// kept as written), positions counted from column 1 of the title.
func titleInlines(t string) (string, []doc.Inline) {
	src := []byte(t)
	root := md.Parser().Parse(text.NewReader(src))
	p, ok := root.FirstChild().(*ast.Paragraph)
	if !ok || p.NextSibling() != nil {
		return t, nil
	}
	c := &conv{src: src, lines: []int{0}, line0: 1, notes: map[int]string{}}
	in := c.inlines(p)
	return plain(in), in
}

// conv holds what is needed to turn goldmark offsets into file positions.
type conv struct {
	src   []byte
	file  string
	line0 int            // file line of src[0]; a zero BodyLine means the body is the whole file
	lines []int          // offset in src at which each line starts
	notes map[int]string // footnote index -> label

	// The text run add is extending: out[tailIdx] of tailOut, its text
	// so far and the column after it.
	tailOut *[]doc.Inline
	tailIdx int
	tail    strings.Builder
	tailEnd int
	// The last position pos computed, to count on from it: a paragraph on
	// one long line asks for thousands of positions along it.
	lastLine, lastOff, lastCol int
	errs                       diag.List // what the model cannot hold, such as a note in a caption
}

// pos maps a byte offset in the body to a file position. Offsets that
// goldmark leaves undefined (-1) are clamped so that a position is never
// invalid.
func (c *conv) pos(off int) diag.Pos {
	off = max(0, min(off, len(c.src)))
	i := sort.Search(len(c.lines), func(i int) bool { return c.lines[i] > off }) - 1
	from, col := c.lines[i], 1
	if c.lastCol > 0 && c.lastLine == i && c.lastOff <= off {
		from, col = c.lastOff, c.lastCol
	}
	col += utf8.RuneCount(c.src[from:off])
	c.lastLine, c.lastOff, c.lastCol = i, off, col
	return diag.Pos{File: c.file, Line: c.line0 + i, Col: col}
}

func (c *conv) blocks(parent ast.Node) ([]doc.Block, error) {
	var out []doc.Block
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		bs, err := c.block(n)
		if err != nil {
			return nil, err
		}
		out = append(out, bs...)
	}
	return out, nil
}

// block converts one node; it returns a slice because a footnote list
// unfolds into its definitions and some nodes produce nothing.
func (c *conv) block(n ast.Node) ([]doc.Block, error) {
	p := c.pos(n.Pos())
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		// Tight list items hold TextBlocks; in the model every run of text
		// is a Paragraph, tight or loose.
		if img := alone(n, c.src); img != nil {
			alt := c.inlines(img)
			for _, in := range alt {
				if in.Kind == doc.FootnoteRef {
					c.errs.Add(in.Pos, "footnote [^%s] is referred to from a picture's caption; refer to it from the text instead", in.Text)
				}
			}
			return []doc.Block{&doc.Image{Src: decode(img.Destination), Alt: plain(alt), Title: strings.TrimSpace(decode(img.Title)), Pos: c.pos(img.Pos())}}, nil
		}
		if in := c.inlines(n); len(in) > 0 {
			return []doc.Block{&doc.Paragraph{Inlines: in, Pos: p}}, nil
		}
		return nil, nil
	case *ast.Heading:
		return []doc.Block{&doc.Heading{Level: n.Level, Inlines: c.inlines(n), Pos: p}}, nil
	case *ast.List:
		l := &doc.List{Ordered: n.IsOrdered(), Pos: p}
		if l.Ordered {
			l.Start = n.Start
		}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			bs, err := c.blocks(it)
			if err != nil {
				return nil, err
			}
			l.Items = append(l.Items, doc.ListItem{Blocks: bs, Pos: c.pos(it.Pos())})
		}
		return []doc.Block{l}, nil
	case *ast.Blockquote:
		bs, err := c.blocks(n)
		return []doc.Block{&doc.Quote{Blocks: bs, Pos: p}}, err
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		cb := &doc.CodeBlock{Pos: p}
		for i, lines := 0, n.Lines(); i < lines.Len(); i++ {
			seg := lines.At(i)
			cb.Lines = append(cb.Lines, strings.TrimSuffix(string(seg.Value(c.src)), "\n"))
		}
		return []doc.Block{cb}, nil
	case *ast.ThematicBreak:
		return []doc.Block{&doc.Rule{Pos: p}}, nil
	case *ast.HTMLBlock:
		return []doc.Block{&doc.HTML{Pos: p}}, nil
	case *ast.LinkReferenceDefinition:
		return nil, nil // already applied to the links that use it
	case *east.Table:
		t := &doc.Table{Pos: p}
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells [][]doc.Inline
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				cells = append(cells, c.inlines(cell))
			}
			t.Rows = append(t.Rows, cells)
		}
		return []doc.Block{t}, nil
	case *east.FootnoteList:
		return c.blocks(n)
	case *east.Footnote:
		bs, err := c.blocks(n)
		return []doc.Block{&doc.Footnote{ID: string(n.Ref), Blocks: bs, Pos: p}}, err
	}
	// Only the parsers configured above produce nodes, so this means the
	// configuration and this switch went out of step.
	return nil, fmt.Errorf("%s: markdown: unexpected %s block", p, n.Kind())
}

// alone returns the image when it is the only thing in a paragraph, which
// makes it a block-level figure rather than a picture inside text.
func alone(n ast.Node, src []byte) *ast.Image {
	var img *ast.Image
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		switch k := k.(type) {
		case *ast.Image:
			if img != nil {
				return nil
			}
			img = k
		case *ast.Text:
			if !util.IsBlank(k.Value(src)) {
				return nil
			}
		default:
			return nil
		}
	}
	return img
}

// inlines flattens the inline children of n into styled runs with leading
// and trailing spaces removed.
func (c *conv) inlines(n ast.Node) []doc.Inline {
	var out []doc.Inline
	c.walk(&out, n, 0, "")
	c.flush()
	return c.orphanRefs(trim(out))
}

// noteRef is a footnote reference as a writer types it.
var noteRef = regexp.MustCompile(`\[\^([^\]\[\s]+)\]`)

// orphanRefs turns the footnote references that goldmark left as text,
// because no definition matches them ("[^missing]"), into references, so
// that validate reports each at its place instead of the page printing it
// literally. One the writer escaped (\[^x]) or wrote in code stays text.
func (c *conv) orphanRefs(in []doc.Inline) []doc.Inline {
	var out []doc.Inline
	for i := 0; i < len(in); i++ {
		r := in[i]
		// An escape or entity splits goldmark's text, so a reference may
		// straddle two runs ("y [" and "^late]"): join such runs.
		for r.Kind == doc.Text && r.Style&doc.Code == 0 && i+1 < len(in) && open(r.Text) &&
			in[i+1].Kind == doc.Text && in[i+1].Style == r.Style && in[i+1].Link == r.Link && in[i+1].Pos.Line == r.Pos.Line {
			if out == nil {
				out = append(make([]doc.Inline, 0, len(in)+2), in[:i]...)
			}
			i++
			r.Text += in[i].Text
		}
		if r.Kind != doc.Text || r.Style&doc.Code != 0 || !strings.Contains(r.Text, "[^") {
			if out != nil {
				out = append(out, r)
			}
			continue
		}
		if out == nil {
			out = append(make([]doc.Inline, 0, len(in)+2), in[:i]...)
		}
		out = c.splitRefs(out, r)
	}
	if out == nil {
		return in
	}
	return out
}

// open reports whether s ends inside brackets it opened.
func open(s string) bool {
	return strings.LastIndexByte(s, '[') > strings.LastIndexByte(s, ']')
}

// splitRefs appends run r to out, cut around each reference it holds that
// the source shows unescaped.
func (c *conv) splitRefs(out []doc.Inline, r doc.Inline) []doc.Inline {
	for {
		m := noteRef.FindStringSubmatchIndex(r.Text)
		if m == nil {
			return append(out, r)
		}
		at, ok := c.refAt(r.Pos, r.Text[m[2]:m[3]])
		if !ok {
			return append(out, r) // escaped: the text is meant
		}
		if m[0] > 0 {
			head := r
			head.Text = r.Text[:m[0]]
			out = append(out, head)
		}
		out = append(out, doc.Inline{Kind: doc.FootnoteRef, Text: r.Text[m[2]:m[3]], Style: r.Style, Link: r.Link, Pos: at})
		r.Text = r.Text[m[1]:]
		r.Pos = at
		r.Pos.Col += m[1] - m[0] // a label is ASCII or counted loosely
		if r.Text == "" {
			return out
		}
	}
}

// refAt finds "[^label]" in the source on p's line, at p's column or after
// it (escapes earlier in the run make the source longer than its text), and
// reports its position unless a backslash escapes it.
func (c *conv) refAt(p diag.Pos, label string) (diag.Pos, bool) {
	li := p.Line - c.line0
	if li < 0 || li >= len(c.lines) {
		return p, false
	}
	from, end := c.lines[li], len(c.src)
	if li+1 < len(c.lines) {
		end = c.lines[li+1]
	}
	for col := 1; col < p.Col && from < end; col++ {
		_, n := utf8.DecodeRune(c.src[from:end])
		from += n
	}
	j := bytes.Index(c.src[from:end], []byte("[^"+label+"]"))
	if j < 0 {
		return p, false
	}
	at := from + j
	bs := 0
	for k := at - 1; k >= 0 && c.src[k] == '\\'; k-- {
		bs++
	}
	return c.pos(at), bs%2 == 0
}

func (c *conv) walk(out *[]doc.Inline, n ast.Node, st doc.Style, link string) {
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		switch k := k.(type) {
		case *ast.Text:
			v := k.Value(c.src)
			s := string(v)
			if !k.IsRaw() {
				s = decode(v)
			}
			if k.SoftLineBreak() {
				s += " "
			}
			c.add(out, doc.Inline{Text: s, Style: st, Link: link, Pos: c.pos(k.Segment.Start)})
			if k.HardLineBreak() {
				*out = append(*out, doc.Inline{Kind: doc.LineBreak, Style: st, Link: link, Pos: c.pos(k.Segment.Stop)})
			}
		case *ast.String:
			// Typographer output. String hides its position behind Pos() == -1,
			// but the parser stored the offset of the replaced punctuation in
			// the embedded node.
			s := string(k.Value)
			if !k.IsCode() && !k.IsRaw() {
				s = decode(k.Value)
			}
			c.add(out, doc.Inline{Text: s, Style: st, Link: link, Pos: c.pos(k.BaseNode.Pos())})
		case *ast.Emphasis:
			// goldmark nests ***x*** as emphasis inside strong emphasis, so
			// levels are 1 or 2 and styles combine by walking down.
			s := doc.Italic
			if k.Level >= 2 {
				s = doc.Bold
			}
			c.walk(out, k, st|s, link)
		case *ast.CodeSpan:
			for t := k.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					// A line end inside a code span is a space (CommonMark).
					s := string(t.Value(c.src))
					if strings.HasSuffix(s, "\n") {
						s = s[:len(s)-1] + " "
					}
					c.add(out, doc.Inline{Text: s, Style: st | doc.Code, Link: link, Pos: c.pos(t.Segment.Start)})
				}
			}
		case *ast.Link:
			c.walk(out, k, st, decode(k.Destination))
		case *ast.AutoLink:
			url := string(k.URL(c.src))
			if k.AutoLinkType == ast.AutoLinkEmail {
				url = "mailto:" + url
			}
			// The label starts right after the '<' the node's position names.
			c.add(out, doc.Inline{Text: string(k.Label(c.src)), Style: st, Link: url, Pos: c.pos(k.Pos() + 1)})
		case *ast.Image:
			*out = append(*out, doc.Inline{Kind: doc.InlineImage, Text: decode(k.Destination), Style: st, Link: link, Pos: c.pos(k.Pos())})
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < k.Segments.Len(); i++ {
				seg := k.Segments.At(i)
				b.Write(seg.Value(c.src))
			}
			*out = append(*out, doc.Inline{Kind: doc.RawHTML, Text: b.String(), Style: st, Link: link, Pos: c.pos(k.Pos())})
		case *east.FootnoteLink:
			// In "![^id]" the parser keeps "!" as text and positions the
			// reference on it; point at the "[" instead.
			off := k.Pos()
			if off >= 0 && off < len(c.src) && c.src[off] == '!' {
				off++
			}
			*out = append(*out, doc.Inline{Kind: doc.FootnoteRef, Text: c.notes[k.Index], Style: st, Link: link, Pos: c.pos(off)})
		default:
			c.walk(out, k, st, link)
		}
	}
}

// add appends a text run, extending the previous one when it has the same
// style and link and continues it character for character on the same
// source line. Runs therefore never span lines and a rune's column is the
// run's column plus its offset in the run, which validate relies on. (A
// backslash escape or entity inside one goldmark text node still shortens
// the text without splitting the run.) The run being extended is built in
// c.tail and written back by flush, so that a paragraph of thousands of
// small nodes (quotes, emphasis marks) costs time in proportion to its
// length, not to its square.
func (c *conv) add(out *[]doc.Inline, in doc.Inline) {
	if in.Text == "" {
		return
	}
	n := len(*out)
	if n > 0 && c.tailOut == out && c.tailIdx == n-1 {
		last := &(*out)[n-1]
		if last.Style == in.Style && last.Link == in.Link && last.Pos.Line == in.Pos.Line && c.tailEnd == in.Pos.Col {
			c.tail.WriteString(in.Text)
			c.tailEnd += utf8.RuneCountInString(in.Text)
			return
		}
	}
	c.flush()
	*out = append(*out, in)
	c.tailOut, c.tailIdx = out, n
	c.tail.Reset()
	c.tail.WriteString(in.Text)
	c.tailEnd = in.Pos.Col + utf8.RuneCountInString(in.Text)
}

// flush writes the run being built by add into its place.
func (c *conv) flush() {
	if c.tailOut != nil && c.tailIdx < len(*c.tailOut) {
		(*c.tailOut)[c.tailIdx].Text = c.tail.String()
	}
	c.tailOut = nil
}

// trim removes the spaces at both ends of a block's text, keeping the
// first run's position on its first remaining character.
func trim(in []doc.Inline) []doc.Inline {
	for len(in) > 0 && in[0].Kind == doc.Text {
		t := strings.TrimLeft(in[0].Text, " \t\n")
		in[0].Pos.Col += utf8.RuneCountInString(in[0].Text) - utf8.RuneCountInString(t)
		if in[0].Text = t; t != "" {
			break
		}
		in = in[1:]
	}
	for n := len(in); n > 0 && in[n-1].Kind == doc.Text; n = len(in) {
		if in[n-1].Text = strings.TrimRight(in[n-1].Text, " \t\n"); in[n-1].Text != "" {
			break
		}
		in = in[:n-1]
	}
	return in
}

// plain is the text of runs without styles, for an image's alt text.
func plain(in []doc.Inline) string {
	var b strings.Builder
	for _, r := range in {
		b.WriteString(r.Text)
	}
	return b.String()
}

// decode resolves backslash escapes and entities exactly as goldmark's HTML
// writer does (in one pass, so "\&amp;" stays "&amp;"), then undoes the HTML
// escaping of that output to get plain characters.
func decode(v []byte) string {
	if bytes.IndexAny(v, "\\&\x00") < 0 {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	ghtml.DefaultWriter.Write(w, v)
	_ = w.Flush() // a bytes.Buffer does not fail
	return html.UnescapeString(buf.String())
}

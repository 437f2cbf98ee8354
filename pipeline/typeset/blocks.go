package typeset

import (
	"slices"
	"strconv"
	"strings"

	"bulletin/fonts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// artCtx is what the blocks of one article share while they are set: its
// language and its footnotes, numbered through the article in the order
// they are first referred to, and the running text's style, which the
// notes set smaller.
type artCtx struct {
	name  string // the article's, for the identifiers of its notes
	lang  string
	notes map[string]*doc.Footnote
	num   map[string]int
	set   map[string]bool // notes already given to a line
	// body and leading are the running text's; gap is the space between
	// blocks.
	body         style
	leading, gap float64
	// inNote is set while the blocks of a footnote are set: a picture
	// there stays in its note instead of floating.
	inNote bool
	// level is the level of the last heading set (1: the article's
	// title), so that a subheading never skips one in the structure.
	level int
	// notesTo is the element that holds the block being set: a footnote
	// it calls becomes the next element there, read after the block
	// (after the paragraph, the heading or the whole table) and not in
	// the middle of it (#13).
	notesTo *book.Elem
}

func (s *setter) newArtCtx(a *doc.Article) *artCtx {
	c := &artCtx{name: a.Name + "-" + a.Lang, lang: a.Lang, notes: map[string]*doc.Footnote{}, num: map[string]int{}, set: map[string]bool{},
		body: s.body(a.Lang), leading: s.l.Sizes.Leading, gap: s.l.Sizes.Leading * 0.4, level: 1}
	doc.Walk(a.Blocks, func(b doc.Block) {
		if f, ok := b.(*doc.Footnote); ok {
			c.notes[f.ID] = f
		}
	})
	return c
}

// number returns the number of footnote id, giving it the next one on its
// first reference.
func (c *artCtx) number(id string) int {
	if n, ok := c.num[id]; ok {
		return n
	}
	c.num[id] = len(c.num) + 1
	return c.num[id]
}

// textStyle maps an inline style onto a face of the book.
func (s *setter) textStyle(base style, st doc.Style, link string) style {
	out := base
	if st&doc.Bold != 0 {
		out.face.Style |= fonts.Bold
	}
	if st&doc.Italic != 0 {
		out.face.Style |= fonts.Italic
	}
	if st&doc.Code != 0 {
		out.face.Family = s.l.Fonts.Code
		out.size = base.size * 0.9
	}
	if link != "" {
		out.link = link
		out.color = s.l.Colors.Accent
	}
	return out
}

// words breaks styled inline runs into words, with b, which it empties
// first; the words are in b's arrays.
func (s *setter) words(b *builder, ins []doc.Inline, base style, ac *artCtx) []word {
	b.reset(s.m)
	var link *book.Elem // the Link element of the run of inlines with one target
	for i, in := range ins {
		st := s.textStyle(base, in.Style, in.Link)
		if in.Link != "" && base.el != nil {
			if link == nil || ins[i-1].Link != in.Link {
				link = base.el.Add(book.RoleLink)
			}
			st.el = link
		} else {
			link = nil
		}
		switch in.Kind {
		case doc.Text:
			b.add(in.Text, st)
			// After the last run of a link to another article: its
			// numeral and page, "see III, p. 4".
			if strings.HasPrefix(in.Link, "#") && (i+1 == len(ins) || ins[i+1].Link != in.Link) {
				b.add(s.crossRef(in.Link[1:], base.lang), st)
			}
		case doc.LineBreak:
			b.hardBreak(st)
		case doc.FootnoteRef:
			if ac == nil {
				continue
			}
			mark := st
			mark.size, mark.rise, mark.note, mark.link = base.size*0.65, -base.size*0.35, in.Text, ""
			mark.color = s.l.Colors.Accent
			if base.el != nil {
				mark.el = base.el.Add(book.RoleReference)
			}
			b.addFrag(strconv.Itoa(ac.number(in.Text)), mark)
		}
	}
	return b.finish(base)
}

// para sets a run of inlines as lines of boxes from x over width.
// Orphans and widows are prevented by keeping the first two and the last
// two lines of a paragraph together.
func (s *setter) para(ins []doc.Inline, base style, x, width, leading float64, justify bool) []vbox {
	return s.paraIn(ins, base, x, width, leading, justify, nil)
}

// paraIn is para inside an article, whose context numbers footnotes.
func (s *setter) paraIn(ins []doc.Inline, base style, x, width, leading float64, justify bool, ac *artCtx) []vbox {
	lang := base.lang
	if !justify {
		lang = "" // headings and the contents are not hyphenated
	}
	sc := scratches.Get().(*scratch)
	ex := 0.0
	if justify {
		ex = expansion
	}
	ws, ends := breakParagraph(sc, s.words(&sc.b, ins, base, ac), width, lang, s.m, ex)
	lines := setLinesAt(ws, ends, x, baseline(s.m, base.face, base.size, leading), width, ex)
	scratches.Put(sc) // the lines hold copies of all they need from the words
	out := make([]vbox, len(lines))
	for i, ln := range lines {
		out[i] = vbox{h: leading, items: ln.items, line: true, first: i == 0, last: i == len(lines)-1, overfull: ln.overfull}
		for _, id := range ln.notes {
			if ac != nil && !ac.set[id] {
				ac.set[id] = true
				to := ac.notesTo
				if to == nil {
					to = base.el
				}
				out[i].ext().notes = append(out[i].notes(), s.footnote(ac, id, to)...)
			}
		}
		if justify && ln.justified {
			out[i].ratio = ln.ratio
		}
	}
	if n := len(out); n >= 2 {
		out[0].keep = true
		out[n-2].keep = true
	}
	// A word is split across two pages only to save a page from ending
	// more than two lines short: the reader would have to turn the page
	// mid-word (a PDF reader joins the halves by their /ActualText).
	for i, ln := range lines {
		if ln.split && !out[i].keep {
			out[i].keep, out[i].soft = true, true
		}
	}
	return out
}

// blocks sets article blocks from x over width, their structure elements
// under parent.
func (s *setter) blocks(bs []doc.Block, x, width float64, ac *artCtx, parent *book.Elem) []vbox {
	var out []vbox
	lang := ac.lang
	body := ac.body
	gap := ac.gap
	for k, b := range bs {
		var vs []vbox
		ac.notesTo = parent // again after the blocks of a list or a quote
		switch b := b.(type) {
		case *doc.Paragraph:
			vs = s.paraIn(b.Inlines, inElem(body, parent.Add(book.RoleP)), x, width, ac.leading, true, ac)
		case *doc.Heading:
			st := style{face: fonts.Face{Family: s.l.Fonts.Heading, Style: fonts.Bold}, size: s.l.Sizes.Subheading, color: s.l.Colors.Accent, lang: lang}
			if b.Level >= 3 {
				st.face.Style = fonts.BoldItalic
				st.size = s.l.Sizes.Body
			}
			st.el = parent.Add(ac.heading(b.Level))
			vs = s.paraIn(b.Inlines, st, x, width, st.size*1.3, false, ac)
			for i := range vs {
				vs[i].keep, vs[i].heading, vs[i].line = true, true, false
			}
			if len(vs) > 0 {
				vs[0].before = s.l.Sizes.Leading * 0.6
			}
		case *doc.List:
			vs = s.list(b, x, width, ac, parent.Add(book.RoleL))
			if k > 0 && leadsIn(bs[k-1]) && len(out) > 0 && len(vs) > 0 {
				// The lead-in keeps the first two lines of its list.
				out[len(out)-1].keep, out[len(out)-1].leadIn = true, true
				vs[0].keep = true
			}
		case *doc.Quote:
			indent := body.size * 1.6
			vs = s.blocks(b.Blocks, x+indent, width-2*indent, ac, parent.Add(book.RoleBlockQuote))
			for i := range vs {
				// The bar runs beside the line and, in a second piece,
				// through the space above it, which the pager drops
				// with that space at the head of a page.
				bx := x + indent*0.45
				vs[i].items = append(vs[i].items, otherItem(book.Rule{X1: bx, Y1: 0, X2: bx, Y2: vs[i].h, Width: 1.2, Color: s.l.Colors.Gold}))
				if vs[i].before > 0 {
					vs[i].items = append(vs[i].items, otherItem(book.Rule{X1: bx, Y1: -vs[i].before, X2: bx, Y2: 0, Width: 1.2, Color: s.l.Colors.Gold}))
				}
			}
		case *doc.Rule:
			h := ac.leading
			w := width / 3
			vs = []vbox{{h: h, items: []item{otherItem(book.Rule{X1: x + (width-w)/2, Y1: h / 2, X2: x + (width+w)/2, Y2: h / 2, Width: 0.8, Color: s.l.Colors.Gold})}}}
		case *doc.CodeBlock:
			vs = s.code(b, x, width, body.size, parent.Add(book.RoleCode))
		case *doc.Image:
			fx, fw := s.spanning(x, width, s.figureWidth(b), ac)
			vs = s.figure(b, fx, fw, ac, parent)
		case *doc.Table:
			tx, tw := s.spanning(x, width, s.tableWidth(b, width, ac), ac)
			vs = s.table(b, tx, tw, ac, parent.Add(book.RoleTable))
		}
		if len(vs) > 0 && len(out) > 0 {
			vs[0].before += gap
		}
		out = append(out, vs...)
	}
	return out
}

// list sets a bullet or numbered list with hanging markers; items may nest.
func (s *setter) list(l *doc.List, x, width float64, ac *artCtx, el *book.Elem) []vbox {
	body := ac.body
	marker := func(i int) string {
		if l.Ordered {
			return strconv.Itoa(l.Start+i) + "."
		}
		return "•"
	}
	// The markers hang in the indent; a long number widens it, so that it
	// never reaches past the left edge of the text.
	indent := body.size * 1.7
	for i := range l.Items {
		indent = max(indent, s.m.Width(body.face, body.size, marker(i))+body.size*0.5)
	}
	var out []vbox
	for i, it := range l.Items {
		marker := marker(i)
		li := el.Add(book.RoleLI)
		lbl := li.Add(book.RoleLbl) // first: the marker is read before the item
		vs := s.blocks(it.Blocks, x+indent, width-indent, ac, li.Add(book.RoleLBody))
		if len(vs) == 0 {
			continue
		}
		mw := s.m.Width(body.face, body.size, marker)
		// The marker sits on the first baseline of the item, right-aligned
		// in the indent so that 9. and 10. line up on their dots.
		baseline := firstBaseline(vs[0].items)
		// Drawn first, so that it is read first.
		vs[0].items = slices.Insert(vs[0].items, 0, textItem(book.Text{X: x + indent - mw - body.size*0.5, Y: baseline, W: mw, Face: body.face, Size: body.size, Color: s.l.Colors.Accent, S: marker, Elem: lbl}))
		if len(out) > 0 {
			vs[0].before += ac.leading * 0.15
		}
		out = append(out, vs...)
	}
	return out
}

// spanning is where a figure or table that would be need wide is set: in
// the text column (x, width) when it fits there, else across the column
// and the wide margin beside it. Only a block of the running text itself
// spans; in a list, a quote or a note it stays where it is.
func (s *setter) spanning(x, width, need float64, ac *artCtx) (float64, float64) {
	cx, cw := s.column()
	if need <= width || ac.inNote || x != cx || width != cw {
		return x, width
	}
	return s.full()
}

// leadsIn reports whether b is a paragraph that ends with a colon, the
// lead-in of what follows it.
func leadsIn(b doc.Block) bool {
	p, ok := b.(*doc.Paragraph)
	if !ok || len(p.Inlines) == 0 {
		return false
	}
	last := p.Inlines[len(p.Inlines)-1]
	return last.Kind == doc.Text && strings.HasSuffix(strings.TrimSpace(last.Text), ":")
}

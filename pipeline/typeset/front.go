package typeset

import (
	"fmt"
	"slices"
	"strings"

	"bulletin/fonts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/lang"
)

// white is the paper: no ink in print.
var white = book.Color{RGB: book.RGB{R: 255, G: 255, B: 255}}

// fit returns size, reduced so that s fits in width: a long organisation
// name or subtitle shrinks rather than running off the page.
func (s *setter) fit(face fonts.Face, size float64, text string, width float64) float64 {
	if w := s.m.Width(face, size, text); w > width {
		return size * width / w
	}
	return size
}

// masthead draws the front page's head: the organisation in English and
// Azerbaijani on a band, the month, BULLETIN, the subtitle and the heading
// of the contents. It returns the y at which the contents start.
func (s *setter) masthead(p *pager) float64 {
	l := s.l
	x, width := l.Margins.Left, l.Page.Width-l.Margins.Left-l.Margins.Right
	add := func(it item) { p.cur = append(p.cur, it) }
	// Each text is an element of its own, in the language it is in.
	text := func(face fonts.Face, size float64, color book.Color, y float64, t, role, in string) {
		el := &book.Elem{Role: role}
		if in != s.lang {
			el.Lang = in
		}
		s.front = append(s.front, el)
		size = s.fit(face, size, t, width)
		add(textItem(book.Text{X: x, Y: y, W: s.m.Width(face, size, t), Face: face, Size: size, Color: color, S: t, Elem: el}))
	}
	bold := fonts.Face{Family: l.Fonts.Heading, Style: fonts.Bold}
	regular := fonts.Face{Family: l.Fonts.Heading}
	lb := lang.LabelsFor(s.lang)

	// The band runs to the page edges (and into the bleed of the print file).
	add(otherItem(book.Rect{X: 0, Y: 0, W: l.Page.Width, H: 126, Fill: l.Colors.Accent}))
	text(bold, 15, white, 58, lang.Upper("en", s.in.Names["en"]), book.RoleP, "en")
	text(regular, 12.5, l.Colors.Gold, 82, lang.Upper("az", s.in.Names["az"]), book.RoleP, "az")
	add(otherItem(book.Rule{X1: x, Y1: 100, X2: x + 60, Y2: 100, Width: 2, Color: l.Colors.Gold}))

	month := lang.Upper(s.lang, fmt.Sprintf("%s-%d", lang.Month(s.lang, s.in.Month), s.in.Year))
	text(bold, 12, l.Colors.Gold, 172, month, book.RoleP, s.lang)
	text(bold, 46, l.Colors.Accent, 222, lang.Upper(s.lang, lb.Bulletin), book.RoleH1, s.lang)
	y := 238.0
	if s.in.Subtitle != "" {
		st := style{face: regular, size: 10.5, color: l.Colors.Muted, el: &book.Elem{Role: book.RoleP}}
		s.front = append(s.front, st.el)
		for _, v := range s.para([]doc.Inline{{Text: lang.Upper(s.lang, s.in.Subtitle)}}, st, x, width, 14, false) {
			for _, it := range v.items {
				add(it.shifted(0, y))
			}
			y += v.h
		}
	}
	y += 10
	add(otherItem(book.Rule{X1: x, Y1: y, X2: x + width, Y2: y, Width: 1.5, Color: l.Colors.Gold}))
	y += 30
	heading := lb.Contents
	if s.in.Doc.Combined {
		for _, a := range s.in.Doc.Articles {
			if a.Translation != nil {
				heading += " · " + lang.LabelsFor(a.Translation.Lang).Contents
				break
			}
		}
	}
	text(bold, 14, l.Colors.Accent, y, heading, book.RoleH2, s.lang)
	return y + 12
}

// contents sets one entry per article: numeral, title wrapped with a hanging
// indent, dot leaders and the page number right-aligned, the whole entry a
// link to the article. In a combined edition the translation's title
// follows under the same numeral, with its own leaders, page and link. The
// number column is as wide as the widest number, so the wrapping depends
// on the numbers; that is one reason the layout is repeated until they
// settle.
func (s *setter) contents(pages map[string]int) []vbox {
	l := s.l
	size := l.Sizes.Contents
	e := tocEntry{
		numFace: fonts.Face{Family: l.Fonts.Heading, Style: fonts.Bold},
		title:   style{face: fonts.Face{Family: l.Fonts.Body}, size: size, color: l.Colors.Text},
		leading: size * 1.45,
	}
	arts := s.in.Doc.Articles
	for i, a := range arts {
		e.numW = max(e.numW, s.m.Width(e.numFace, size, lang.Roman(i+1)+"."))
		e.pageW = max(e.pageW, s.m.Width(e.title.face, size, PageNumber(pages[a.Name])))
		if a.Translation != nil {
			e.pageW = max(e.pageW, s.m.Width(e.title.face, size, PageNumber(pages[translationAnchor(&a)])))
		}
	}
	e.indent = e.numW + size*0.6
	var out []vbox
	toc := &book.Elem{Role: book.RoleTOC}
	s.front = append(s.front, toc)
	for i, a := range arts {
		item := toc.Add(book.RoleTOCI)
		if a.Lang != s.lang {
			item.Lang = a.Lang
		}
		vs := s.tocLine(e, item.Add(book.RoleLink), lang.Roman(i+1)+".", a.Title, a.Name, pages[a.Name])
		if len(vs) == 0 {
			continue
		}
		// Beneath the title: the translation's title in a combined
		// edition, or a note that the original stands in for it.
		note := e
		note.title = style{face: fonts.Face{Family: l.Fonts.Body, Style: fonts.Italic}, size: size * 0.95, color: l.Colors.Muted}
		note.leading = e.leading * 0.95
		switch t := a.Translation; {
		case t != nil:
			link := item.Add(book.RoleLink)
			if t.Lang != a.Lang {
				link.Lang = t.Lang
			}
			vs = append(vs, s.tocLine(note, link, "", t.Title, translationAnchor(&a), pages[translationAnchor(&a)])...)
		case a.Fallback:
			note.title.el = item.Add(book.RoleP)
			note.title.el.Lang = s.lang // said in the document's language
			under := "(" + lang.InLanguage(s.lang, a.Lang) + ")"
			vs = append(vs, s.para([]doc.Inline{{Text: under}}, note.title, l.Margins.Left+e.indent, e.width(s), note.leading, false)...)
		}
		for k := range vs[:len(vs)-1] {
			vs[k].keep = true
		}
		vs[0].before = size * 0.35
		out = append(out, vs...)
	}
	return out
}

// tocEntry is how a line of the contents is set: the face of its
// numeral, the style of its title, the width of the numeral column, the
// hanging indent, the width of the page number column and the leading.
type tocEntry struct {
	numFace             fonts.Face
	title               style
	numW, indent, pageW float64
	leading             float64
}

// width is the room of a title in the contents: between the indent and
// the page number with room for leaders.
func (e tocEntry) width(s *setter) float64 {
	return s.l.Page.Width - s.l.Margins.Right - s.l.Margins.Left - e.indent - e.pageW - e.title.size*3
}

// tocLine sets one title of the contents under link: the numeral (if any)
// hanging in the indent, the title wrapped, dot leaders and the page
// number of page index page, and the link to anchor dest over all of it.
func (s *setter) tocLine(e tocEntry, link *book.Elem, num, text, dest string, page int) []vbox {
	l := s.l
	x, right := l.Margins.Left, l.Page.Width-l.Margins.Right
	size := e.title.size
	title := inElem(e.title, link)
	vs := s.para([]doc.Inline{{Text: text}}, title, x+e.indent, e.width(s), e.leading, false)
	if len(vs) == 0 {
		return nil
	}
	first, last := &vs[0], &vs[len(vs)-1]
	base := firstBaseline(first.items)
	lead := []item{otherItem(book.Link{X: x, Y: 0, W: right - x, H: e.leading * float64(len(vs)), Dest: dest, Elem: link})}
	if num != "" { // drawn first, read first
		// Right-aligned in their column, so that the numerals' periods
		// line up under each other (I. to VIII.).
		w := s.m.Width(e.numFace, size, num)
		lead = slices.Insert(lead, 0, textItem(book.Text{X: x + e.numW - w, Y: base, W: w, Face: e.numFace, Size: size, Color: l.Colors.Accent, S: num, Elem: link}))
	}
	first.items = slices.Insert(first.items, 0, lead...)
	lastBase := firstBaseline(last.items)
	// The page numbers are one column: upright, at the contents' size,
	// under an italic translation's title too.
	pn, pf, ps := PageNumber(page), fonts.Face{Family: l.Fonts.Body}, l.Sizes.Contents
	pw := s.m.Width(pf, ps, pn)
	dot := s.m.Width(title.face, size, " .")
	from, to := lineEnd(last.items)+size*0.4, right-pw-size*0.4
	if n := int((to - from) / dot); n > 0 {
		last.items = append(last.items, textItem(book.Text{X: to - float64(n)*dot, Y: lastBase, W: float64(n) * dot, Face: title.face, Size: size, Color: l.Colors.Muted, S: strings.Repeat(" .", n)}))
	}
	last.items = append(last.items, textItem(book.Text{X: right - pw, Y: lastBase, W: pw, Face: pf, Size: ps, Color: l.Colors.Text, S: pn, Elem: link}))
	return vs
}

// footer prints the edition and the page number (label) at the foot of a
// page: it appends them to dst.
func (s *setter) footer(dst []item, label string) []item {
	l := s.l
	x, right := l.Margins.Left, l.Page.Width-l.Margins.Right
	y := l.Page.Height - l.Margins.Bottom + 24
	size := l.Sizes.Footer
	face := fonts.Face{Family: l.Fonts.Heading}
	lb := lang.LabelsFor(s.lang)
	left := fmt.Sprintf("%s · %s · %s %d", l.Short, lb.Bulletin, lang.Month(s.lang, s.in.Month), s.in.Year)
	bold := fonts.Face{Family: l.Fonts.Heading, Style: fonts.Bold}
	nw := s.m.Width(bold, size, label)
	return append(dst,
		otherItem(book.Rule{X1: x, Y1: y - 12, X2: right, Y2: y - 12, Width: 0.5, Color: l.Colors.Gold}),
		textItem(book.Text{X: x, Y: y, W: s.m.Width(face, size, left), Face: face, Size: size, Color: l.Colors.Muted, S: left}),
		textItem(book.Text{X: right - nw, Y: y, W: nw, Face: bold, Size: size, Color: l.Colors.Accent, S: label}))
}

// firstBaseline is the baseline of the first text on a line.
func firstBaseline(items []item) float64 {
	for _, it := range items {
		if it.isText() {
			return it.text.Y
		}
	}
	return 0
}

// lineEnd is the right end of the text on a line.
func lineEnd(items []item) float64 {
	var end float64
	for _, it := range items {
		if it.isText() {
			end = max(end, it.text.X+it.text.W)
		}
	}
	return end
}

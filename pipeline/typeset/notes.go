package typeset

import (
	"strconv"

	"bulletin/fonts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/lang"
)

// footnote sets the text of footnote id as boxes for the foot of a page:
// smaller type across the full measure, its number hanging in the margin
// of the note.
func (s *setter) footnote(ac *artCtx, id string) []vbox {
	def := ac.notes[id]
	if def == nil {
		return nil // validate reports a reference without a definition
	}
	l := s.l
	x, width := l.Margins.Left, l.Page.Width-l.Margins.Left-l.Margins.Right
	st := style{face: fonts.Face{Family: l.Fonts.Body}, size: l.Sizes.Body * 0.82, color: l.Colors.Text, lang: ac.lang}
	leading := st.size * 1.3
	indent := st.size * 1.6
	var out []vbox
	for _, b := range def.Blocks {
		// A note holds paragraphs; anything richer is set as its text.
		p, ok := b.(*doc.Paragraph)
		if !ok {
			continue
		}
		vs := s.para(p.Inlines, st, x+indent, width-indent, leading, true)
		if len(out) > 0 && len(vs) > 0 {
			vs[0].before = leading * 0.2
		}
		out = append(out, vs...)
	}
	if len(out) == 0 {
		return nil
	}
	num := strconv.Itoa(ac.number(id))
	nw := s.m.Width(st.face, st.size, num)
	out[0].items = append(out[0].items, textItem(book.Text{X: x + indent - nw - st.size*0.5, Y: firstBaseline(out[0].items), W: nw, Face: st.face, Size: st.size, Color: l.Colors.Accent, S: num}))
	for i := range out {
		out[i].line, out[i].ratio = false, 0 // notes are not counted as body text
	}
	return out
}

// crossRef is what follows the text of a link to another article: its
// numeral and the page it starts on, " III, p. 4". A no-break space keeps
// the page number with its abbreviation.
func (s *setter) crossRef(slug string) string {
	for i, a := range s.in.Doc.Articles {
		if doc.Slug(a.Name) == slug || a.Name == slug {
			return " " + lang.Roman(i+1) + ", " + lang.LabelsFor(s.lang).PageAbbr + "\u00a0" + PageNumber(s.pages[a.Name])
		}
	}
	return "" // validate reports a link to no article
}

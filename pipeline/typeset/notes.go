package typeset

import (
	"slices"
	"strconv"

	"bulletin/fonts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/lang"
)

// footnote sets the text of footnote id as boxes for the foot of a page:
// smaller type across the full measure, its number hanging in the margin
// of the note. A note holds any blocks an article may; the notes its own
// text refers to follow it, so that no text of a note is lost.
func (s *setter) footnote(ac *artCtx, id string, parent *book.Elem) []vbox {
	def := ac.notes[id]
	if def == nil {
		return nil // validate reports a reference without a definition
	}
	l := s.l
	x, width := s.column()
	st := style{face: fonts.Face{Family: l.Fonts.Body}, size: l.Sizes.Note, color: l.Colors.Text, lang: ac.lang}
	num := strconv.Itoa(ac.number(id))
	nw := s.m.Width(st.face, st.size, num)
	// The number hangs in the indent, which a long number widens.
	indent := max(st.size*1.6, nw+st.size*0.5)
	// The note's context shares the article's numbering and its record
	// of the notes already set; only the type is smaller.
	nc := *ac
	nc.body, nc.leading, nc.inNote = st, st.size*1.3, true
	nc.gap = nc.leading * 0.2
	note := parent.Add(book.RoleNote)
	note.ID = "note-" + ac.name + "-" + num
	lbl := note.Add(book.RoleLbl)
	out := s.blocks(def.Blocks, x+indent, width-indent, &nc, note)
	if len(out) == 0 {
		return nil
	}
	out[0].items = slices.Insert(out[0].items, 0, textItem(book.Text{X: x + indent - nw - st.size*0.5, Y: firstBaseline(out[0].items), W: nw, Face: st.face, Size: st.size, Color: l.Colors.Accent, S: num, Elem: lbl}))
	out[0].before = 0
	var inner []vbox
	for i := range out {
		out[i].line, out[i].ratio = false, 0 // notes are not counted as body text
		out[i].keep = false
		if x := out[i].x; x != nil {
			inner = append(inner, x.notes...)
			x.notes, x.header = nil, nil
		}
	}
	return append(out, inner...)
}

// crossRef is what follows the text of a link to another article, in a
// paragraph in language in: the article's numeral and the page it starts
// on, " III, p. 4". In a combined edition the page is that of the article
// in the paragraph's language, and the label is in that language too
// ("bax I, səh. 3"), since the link's own text is. A no-break space keeps
// the page number with its abbreviation.
func (s *setter) crossRef(slug, in string) string {
	for i, a := range s.in.Doc.Articles {
		if doc.Slug(a.Name) == slug || a.Name == slug {
			anchor := a.Name
			if t := a.Translation; t != nil && t.Lang == in && a.Lang != in {
				anchor = translationAnchor(&a)
			}
			if in == "" {
				in = s.lang
			}
			return " " + lang.Roman(i+1) + ", " + lang.LabelsFor(in).PageAbbr + "\u00a0" + PageNumber(s.pages[anchor])
		}
	}
	return "" // validate reports a link to no article
}

// translationAnchor is the anchor of the heading of a's translation in a
// combined edition.
func translationAnchor(a *doc.Article) string { return a.Name + "." + a.Translation.Lang }

package typeset

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"bulletin/pipeline/hyph"
)

// hyphenate cuts every word at the places a line may break inside it:
// hyphenation points of the language (a hyphen is drawn there), after an
// explicit hyphen or dash (nothing is added), and, in long strings such as
// addresses, after a slash or a full stop. The pieces are sc's, which it
// empties first.
func (sc *scratch) hyphenate(ws []word, lang string, m Measurer) []word {
	sc.pieces, sc.frags = sc.pieces[:0], sc.frags[:0]
	for _, w := range ws {
		text := hyphenText(w)
		sc.cuts = breakPoints(sc.cuts[:0], lang, text, sc.names)
		if len(w.marks) > 0 {
			sc.cuts = applyMarks(sc.cuts, w.marks, len(text))
		}
		if len(sc.cuts) == 0 {
			sc.pieces = append(sc.pieces, w)
			continue
		}
		sc.cutWord(w, sc.cuts, m)
	}
	return sc.pieces
}

// hyphenText is the text of w that hyphenation looks at: its fragments up
// to the first raised one. A footnote mark is a raised number at a word's
// end ("yenilənməlidir.¹"); read with it, the word would hold a digit and
// get no hyphenation points at all, though the word itself is plain. The
// offsets of the text are those of the whole word's, since only its end
// is left out.
func hyphenText(w word) string {
	switch {
	case len(w.frags) == 0:
		return ""
	case len(w.frags) == 1 && w.frags[0].rise == 0:
		return w.frags[0].s // nearly every word: no copy
	}
	var b strings.Builder
	for _, f := range w.frags {
		if f.rise != 0 {
			break
		}
		b.WriteString(f.s)
	}
	return b.String()
}

// applyMarks changes a word's cuts as its marks say. A word with soft
// hyphens is hyphenated there only, as TeX does with \- (the writer chose);
// a word joiner removes the cut at its place.
func applyMarks(cuts []cut, marks []mark, n int) []cut {
	soft := false
	for _, m := range marks {
		soft = soft || m.soft
	}
	out := cuts[:0]
	for _, c := range cuts {
		if soft && c.hyphen || joined(marks, c.at) {
			continue
		}
		out = append(out, c)
	}
	for _, m := range marks {
		if m.soft && m.at > 0 && m.at < n && !joined(marks, m.at) {
			out = append(out, cut{at: m.at, hyphen: true, penalty: hyphenPenalty})
		}
	}
	sortCuts(out)
	// Two soft hyphens in a row make one cut.
	return slices.CompactFunc(out, func(a, b cut) bool { return a.at == b.at })
}

// joined reports whether a word joiner sits at offset at.
func joined(marks []mark, at int) bool {
	for _, m := range marks {
		if !m.soft && m.at == at {
			return true
		}
	}
	return false
}

// cut is a place inside a word where a line may end.
type cut struct {
	at      int  // byte offset in the word's text
	hyphen  bool // draw a hyphen when breaking here
	penalty float64
}

// breakPoints appends the cuts of a word to cuts, in increasing order.
// With names, a capitalised word may be hyphenated too, at a higher cost.
func breakPoints(cuts []cut, lang, s string, names bool) []cut {
	long := utf8.RuneCountInString(s) >= 12
	prev := rune(0)
	for i, r := range s {
		if i > 0 && i < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i:])
			switch {
			// After a hyphen or dash joining two words: trans-|Caspian.
			case (prev == '-' || prev == '–' || prev == '—') && unicode.IsLetter(next) && i > 1:
				cuts = append(cuts, cut{at: i, penalty: hyphenPenalty})
			// Inside an address or a code: example.org/|reports.
			case long && (prev == '/' || prev == '.' || prev == '_') && next != '/' && !unicode.IsSpace(next):
				cuts = append(cuts, cut{at: i, penalty: urlPenalty})
			}
		}
		prev = r
	}
	for _, p := range hyph.Breaks(lang, s) {
		cuts = append(cuts, cut{at: p, hyphen: true, penalty: hyphenPenalty})
	}
	if names {
		for _, p := range hyph.NameBreaks(lang, s) {
			cuts = append(cuts, cut{at: p, hyphen: true, penalty: namePenalty})
		}
	}
	if len(cuts) > 1 {
		// Points never fall next to a hyphen or slash, so the two lists
		// never share an offset; merge them in order.
		sortCuts(cuts)
	}
	return cuts
}

func sortCuts(cs []cut) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].at < cs[j-1].at; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// cutWord splits w's fragments at the cuts and appends the pieces to
// sc.pieces. Every piece but the last has no space after it; the last keeps
// the word's space and forced break. The pieces' fragments are appended to
// sc.frags, each piece's part capped so that an append to it can never
// write over the next piece's.
func (sc *scratch) cutWord(w word, cuts []cut, m Measurer) {
	var piece word
	first := len(sc.frags) // the current piece's fragments are sc.frags[first:]
	// end closes the current piece's fragments.
	end := func() {
		n := len(sc.frags)
		piece.frags = sc.frags[first:n:n]
		first = n
	}
	off := 0 // offset of the current fragment in the word's text
	k := 0
	for _, f := range w.frags {
		start := 0
		for k < len(cuts) && cuts[k].at < off+len(f.s) {
			at := cuts[k].at - off
			if at > start {
				sc.frags = append(sc.frags, sub(f, f.s[start:at], m))
			}
			start = at
			if len(sc.frags) > first {
				end()
				piece.w = sumW(piece.frags)
				last := piece.frags[len(piece.frags)-1]
				if cuts[k].hyphen {
					piece.hyphen = m.Width(last.face, last.size, "-")
					piece.flagged = true
				} else {
					piece.flagged = strings.ContainsAny(last.s[len(last.s)-1:], "-") || strings.HasSuffix(last.s, "–") || strings.HasSuffix(last.s, "—")
				}
				piece.penalty = cuts[k].penalty
				sc.pieces = append(sc.pieces, piece)
				piece = word{}
			}
			k++
		}
		if start < len(f.s) {
			if start == 0 {
				sc.frags = append(sc.frags, f)
			} else {
				sc.frags = append(sc.frags, sub(f, f.s[start:], m))
			}
		}
		off += len(f.s)
	}
	end()
	piece.w = sumW(piece.frags)
	piece.space, piece.hard = w.space, w.hard
	sc.pieces = append(sc.pieces, piece)
}

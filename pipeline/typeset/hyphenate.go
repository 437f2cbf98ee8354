package typeset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"bulletin/pipeline/hyph"
)

// hyphenate cuts every word at the places a line may break inside it:
// hyphenation points of the language (a hyphen is drawn there), after an
// explicit hyphen or dash (nothing is added), and, in long strings such as
// addresses, after a slash or a full stop.
func hyphenate(ws []word, lang string, m Measurer) []word {
	out := make([]word, 0, len(ws)*2)
	var text strings.Builder
	for _, w := range ws {
		text.Reset()
		for _, f := range w.frags {
			text.WriteString(f.s)
		}
		cuts := breakPoints(lang, text.String())
		if len(cuts) == 0 {
			out = append(out, w)
			continue
		}
		out = append(out, cutWord(w, cuts, m)...)
	}
	return out
}

// cut is a place inside a word where a line may end.
type cut struct {
	at      int  // byte offset in the word's text
	hyphen  bool // draw a hyphen when breaking here
	penalty float64
}

// breakPoints lists the cuts of a word in increasing order.
func breakPoints(lang, s string) []cut {
	var cuts []cut
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
	for _, p := range hyph.Points(lang, s) {
		cuts = append(cuts, cut{at: p, hyphen: true, penalty: hyphenPenalty})
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

// cutWord splits w's fragments at the cuts. Every piece but the last has no
// space after it; the last keeps the word's space and forced break.
func cutWord(w word, cuts []cut, m Measurer) []word {
	var out []word
	var piece word
	off := 0 // offset of the current fragment in the word's text
	k := 0
	for _, f := range w.frags {
		start := 0
		for k < len(cuts) && cuts[k].at < off+len(f.s) {
			at := cuts[k].at - off
			if at > start {
				piece.frags = append(piece.frags, sub(f, f.s[start:at], m))
			}
			start = at
			if len(piece.frags) > 0 {
				piece.w = sumW(piece.frags)
				last := piece.frags[len(piece.frags)-1]
				if cuts[k].hyphen {
					piece.hyphen = m.Width(last.face, last.size, "-")
					piece.flagged = true
				} else {
					piece.flagged = strings.ContainsAny(last.s[len(last.s)-1:], "-") || strings.HasSuffix(last.s, "–") || strings.HasSuffix(last.s, "—")
				}
				piece.penalty = cuts[k].penalty
				out = append(out, piece)
				piece = word{}
			}
			k++
		}
		if start < len(f.s) {
			if start == 0 {
				piece.frags = append(piece.frags, f)
			} else {
				piece.frags = append(piece.frags, sub(f, f.s[start:], m))
			}
		}
		off += len(f.s)
	}
	piece.w = sumW(piece.frags)
	piece.space, piece.hard = w.space, w.hard
	return append(out, piece)
}

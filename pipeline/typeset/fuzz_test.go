package typeset

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzBreakLines feeds arbitrary text through the whole line-setting chain
// (builder, splitLong, breakLines, setLines), because paragraph text is
// user input: whatever an editor types must not panic, must not run past
// the margin (bar a single glyph wider than the measure), and must come out
// word for word, in order, each word exactly once.
//
// In text, '|' starts a new styled run (no space implied) and '^' is a
// forced line break; bits of styles choose bold, italic, a larger size per
// run and whether the paragraph is justified.
func FuzzBreakLines(f *testing.F) {
	f.Add("Trains run from Ələt to Gəncə twice a day.", 30.0, uint8(0))
	f.Add("Xankəndi", 3.0, uint8(1))
	f.Add("45\u00a0km to |Ağdam|, then^on to Şuşa", 7.5, uint8(0x25))
	f.Add("Gən|cə| is| near", 4.0, uint8(0x0a))
	f.Add("", 10.0, uint8(0))
	f.Add(" \t^^ a\u202fb  ^", 0.5, uint8(0xff))
	f.Add(strings.Repeat("power line ", 40), 33.3, uint8(0x80))
	f.Add("\xff\xfe|\u0301x", 1.0, uint8(3))
	f.Fuzz(func(t *testing.T, text string, width float64, styles uint8) {
		if !(width > 0 && width <= 1000) || len(text) > 4000 {
			t.Skip() // NaN, negative and absurd measures are not paragraphs
		}
		if !utf8.ValidString(text) {
			// The source stage refuses a file that is not UTF-8, so the
			// typesetter never sees one; and bytes cut across two runs
			// would join into a character neither run has.
			t.Skip()
		}
		justify := styles&0x80 == 0
		b := builder{m: pt}
		for k, part := range strings.Split(text, "|") {
			st := regular
			if styles>>(k%7)&1 != 0 {
				st.face.Style |= boldSt.face.Style
			}
			if styles>>((k+2)%7)&1 != 0 {
				st.face.Style |= italSt.face.Style
			}
			if styles>>((k+4)%7)&1 != 0 {
				st.size = 14
			}
			for i, seg := range strings.Split(part, "^") {
				if i > 0 {
					b.hardBreak(st)
				}
				b.add(seg, st)
			}
		}
		words := b.finish(regular)

		// The words are the text split at breaking spaces and forced
		// breaks, styled runs joined, without the characters that are
		// never drawn (the narrow no-break space is drawn: pt has it).
		plain := strings.ReplaceAll(strings.ReplaceAll(text, "^", " "), "|", "")
		plain = strings.Map(func(r rune) rune {
			if r != '\u202f' && strings.ContainsRune(invisible, r) {
				return -1
			}
			return r
		}, plain)
		want := strings.FieldsFunc(plain, isBreakSpace)
		if len(words) != len(want) {
			t.Fatalf("%d words, want %d (%q)", len(words), len(want), want)
		}
		for i, w := range words {
			if got := strings.ReplaceAll(wordText(w), "|", ""); got != want[i] {
				t.Fatalf("word %d is %q, want %q", i, got, want[i])
			}
		}

		ws := splitLong(words, width, pt)
		// Pieces spell the words, and a word's space and forced break
		// stay with its last piece.
		k := 0
		for i, w := range words {
			var s strings.Builder
			for {
				if k >= len(ws) {
					t.Fatalf("pieces run out in word %d %q", i, wordText(w))
				}
				p := ws[k]
				k++
				s.WriteString(allText([]word{p}))
				if s.Len() >= len(allText([]word{w})) {
					if p.space != w.space || p.hard != w.hard {
						t.Fatalf("last piece of %q has space %g hard %v, the word %g %v", wordText(w), p.space, p.hard, w.space, w.hard)
					}
					break
				}
				if p.space != 0 || p.hard {
					t.Fatalf("inner piece %q of %q has a space or a forced break", wordText(p), wordText(w))
				}
			}
			if s.String() != allText([]word{w}) {
				t.Fatalf("pieces spell %q, word is %q", s.String(), allText([]word{w}))
			}
		}
		if k != len(ws) {
			t.Fatalf("%d pieces left over", len(ws)-k)
		}

		ends := breakLines(ws, width, 0)
		const x = 3
		checkSet(t, ws, ends, setLines(ws, ends, x, width, justify), x, width, justify)
	})
}

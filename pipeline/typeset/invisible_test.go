package typeset

import (
	"strings"
	"testing"

	"bulletin/fonts"
)

// TestInvisibleCharacters sets paragraphs holding the characters that
// only tell where a line may break or how letters join, and checks what a
// reader sees: none of them is drawn, a soft hyphen shows as a hyphen only
// where the line breaks, and a word joiner keeps its neighbours together.
func TestInvisibleCharacters(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		width   float64
		justify bool
		want    []string // lines, items joined by "|"
	}{{
		name:  "a soft hyphen is invisible inside a line",
		text:  "Rail trans\u00adport grows.",
		width: 60,
		want:  []string{"Rail |transport |grows."},
	}, {
		name:    "a soft hyphen is a hyphen where the line breaks",
		text:    "Rail trans\u00adport now",
		width:   11,
		justify: true,
		want:    []string{"Rail |trans|-", "port |now"},
	}, {
		name:    "a word with soft hyphens breaks only there",
		text:    "aaaa hyphen\u00adation now",
		width:   12,
		justify: true,
		want:    []string{"aaaa |hyphen|-", "ation |now"},
	}, {
		name:  "joiners and non-joiners are never drawn",
		text:  "Gən\u200dcə and Ba\u200ckı",
		width: 60,
		want:  []string{"Gəncə |and |Bakı"},
	}, {
		name:    "a word joiner forbids the break after a dash",
		text:    "aaa Gəncə-\u2060Bakı",
		width:   12,
		justify: true,
		want:    []string{"aaa", "Gəncə-Bakı"},
	}, {
		// The case above without the joiner, to show that it is the
		// joiner that keeps the words together.
		name:    "without the joiner the line breaks after the dash",
		text:    "aaa Gəncə-Bakı now",
		width:   12,
		justify: true,
		want:    []string{"aaa |Gəncə-", "Bakı |now"},
	}, {
		name:  "a byte-order mark inside text is a word joiner",
		text:  "Ağ\ufeffdam",
		width: 60,
		want:  []string{"Ağdam"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			sc := new(scratch)
			ws := build(pt, reg(tc.text))
			ps, ends := breakParagraph(sc, ws, tc.width, "en", pt, 0)
			var got []string
			for _, ln := range setLines(ps, ends, 0, tc.width, tc.justify) {
				s := lineText(ln)
				if strings.ContainsAny(s, "\u00ad\u2060\ufeff\u200c\u200d") {
					t.Errorf("line %q holds an invisible character", s)
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A face without a narrow no-break space (the monospaced one) sets a
// no-break space in its place; the others set their own, at its width.
func TestNarrowNoBreakSpace(t *testing.T) {
	m, err := NewFontMeasurer()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		face fonts.Face
		want string
	}{
		{fonts.Face{Family: fonts.Mono}, "10\u00a0MW"},
		{fonts.Face{Family: fonts.Serif}, "10\u202fMW"},
	} {
		b := builder{m: m}
		st := style{face: tc.face, size: 10}
		b.add("10\u202fMW", st)
		ws := b.finish(st)
		if len(ws) != 1 || wordText(ws[0]) != tc.want {
			t.Errorf("%v: %d words, want one word %q", tc.face, len(ws), tc.want)
			continue
		}
		if w := ws[0].w; w != m.Width(tc.face, 10, tc.want) || w == m.Width(tc.face, 10, "10MW") {
			t.Errorf("%v: word width %.2f does not count the space", tc.face, w)
		}
	}
}

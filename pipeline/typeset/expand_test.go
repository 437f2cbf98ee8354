package typeset

import (
	"math"
	"testing"
)

// fitLine shares what a justified line lacks or has too much between its
// spaces and, up to 2%, its glyphs, in proportion to what each may give;
// the line then fills the measure exactly, its end protruding by the last
// piece's prot.
func TestFitLineExpands(t *testing.T) {
	// Four words of 20 pt and three spaces of 3 pt: 89 pt natural, 80 pt
	// of glyphs. Spaces may stretch 4.5 pt in all, glyphs 1.6 pt.
	words := func(prot float64) []word {
		ws := make([]word, 5) // the fifth ends the paragraph
		for i := range ws {
			ws[i] = word{frags: []frag{{s: "wwww", w: 20}}, w: 20, space: 3}
		}
		ws[3].prot = prot
		return ws
	}
	for _, tc := range []struct {
		name                  string
		width, ex, prot       float64
		wantGlyphs, wantSpace float64
	}{
		{"natural", 89, expansion, 0, 1, 1},
		{"stretched: glyphs take their share", 89 + 6.1*0.5, expansion, 0, 1 + 0.5*0.02, 1 + 0.5*0.5},
		{"very loose: glyphs stop at 2%, spaces take the rest", 89 + 12.2, expansion, 0, 1.02, 1 + (12.2-1.6)/9},
		{"shrunk", 89 - (3+1.6)*0.5, expansion, 0, 1 - 0.5*0.02, 1 - 0.5/3},
		{"no expansion: spaces alone", 89 + 3, -1, 0, 1, 4.0 / 3},
		{"a protruding end widens the measure", 89 - 1, expansion, 1, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ln, f, ragged := fitLine(words(tc.prot), 0, 4, tc.width, tc.ex)
			if ragged || !ln.justified || ln.overfull {
				t.Fatalf("ragged %v, justified %v, overfull %v", ragged, ln.justified, ln.overfull)
			}
			if math.Abs(f.glyphs-tc.wantGlyphs) > 1.0/expandStep || math.Abs(f.space-tc.wantSpace) > 0.01 {
				t.Errorf("glyphs ×%.4f, spaces ×%.4f; want ×%.4f, ×%.4f", f.glyphs, f.space, tc.wantGlyphs, tc.wantSpace)
			}
			if g := math.Round(f.glyphs*expandStep) / expandStep; g != f.glyphs {
				t.Errorf("expansion %v is not on the 1/%d grid", f.glyphs, expandStep)
			}
			// The line, set, ends exactly at the measure plus what protrudes.
			lines := setLinesAt(words(tc.prot), []int{4, 5}, 0, 0, tc.width, tc.ex)
			end := lineEnd(lines[0].items)
			if math.Abs(end-(tc.width+tc.prot)) > 1e-9 {
				t.Errorf("line ends at %.6f, want %.6f", end, tc.width+tc.prot)
			}
		})
	}
}

// A line that starts with an opening quote starts lprot left of x and
// gains as much room: every line of a justified paragraph, the last and
// ragged one too, keeps the letters' edge at x.
func TestOpeningQuoteHangs(t *testing.T) {
	ws := make([]word, 6)
	for i := range ws {
		ws[i] = word{frags: []frag{{s: "wwww", w: 20}}, w: 20, space: 3}
	}
	ws[0].lprot, ws[4].lprot = 2, 1.5 // the first line's start, and the last's
	lines := setLinesAt(ws, []int{4, 6}, 10, 0, 89, expansion)
	for i, tc := range []struct{ start, end float64 }{{10 - 2, 10 + 89}, {10 - 1.5, 10 - 1.5 + 43}} {
		first := lines[i].items[0].text
		if math.Abs(first.X-tc.start) > 1e-9 {
			t.Errorf("line %d starts at %.4f, want %.4f", i+1, first.X, tc.start)
		}
		if end := lineEnd(lines[i].items); math.Abs(end-tc.end) > 1e-9 {
			t.Errorf("line %d ends at %.4f, want %.4f", i+1, end, tc.end)
		}
	}
	// The first line is 89 wide at its natural spacing: the quote's room
	// is taken up by its spaces, not lost.
	if r := lines[0].ratio; math.Abs(r-1) < 0.01 {
		t.Errorf("first line's spaces ×%.3f: the room the quote made was not used", r)
	}
}

package typeset

import (
	"math"
	"slices"
	"testing"
)

// trackWords is a line of four words of four glyphs, 20 pt wide at 10 pt,
// with spaces of 3 pt, and a fifth word that ends the paragraph: 80 pt of
// glyphs, 9 pt of spaces. At +2% the glyphs give 1.6 pt, so the spaces
// reach 1.8× at 89 + 1.6 + 7.2 = 97.8 pt. Tracking widens 12 of the 16
// glyphs (not the last of each word), by 0.1 pt at most at 10 pt.
func trackWords() []word {
	ws := make([]word, 5)
	for i := range ws {
		ws[i] = word{frags: []frag{{s: "wwww", w: 20, size: 10}}, w: 20, space: 3}
	}
	return ws
}

// A justified line whose spaces would be past 1.8× with its glyphs at
// their widest gets tracking, within 0.01 em and on its grid, and no more
// than brings the spaces to 1.8×; a line that needs more than the bound
// keeps the rest in its spaces; a line within 1.8× gets none. Set, each
// line ends exactly at the measure, and the gap between two words is the
// spaces' alone (ratio × 3 pt): what stats reports is what a reader sees.
func TestTrackingLastResort(t *testing.T) {
	const at18 = 97.8
	need := func(extra float64) float64 { // tracking that takes extra pt
		return math.Ceil(extra/(12*1.02)*trackStep) / trackStep
	}
	for _, tc := range []struct {
		name             string
		width            float64
		track, wantSpace float64
	}{
		{"within 1.8×: none", at18 - 0.5, 0, 1.8 - 0.5/9},
		{"at 1.8×: none", at18 - 1e-6, 0, 1.8},
		{"past 1.8×: spaces back at 1.8×", at18 + 0.9, need(0.9), 1.8},
		{"just past", at18 + 0.01, need(0.01), 1.8},
		{"past the bound: 0.1 pt, spaces take the rest", at18 + 2, 0.1, 1.8 + (2-12*0.1*1.02)/9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ln, f, _ := fitLine(trackWords(), 0, 4, tc.width, expansion)
			if f.track != tc.track {
				t.Errorf("tracking %.6f pt, want %.6f", f.track, tc.track)
			}
			if f.track > trackMax*10 || math.Round(f.track*trackStep)/trackStep != f.track {
				t.Errorf("tracking %v pt: past 0.01 em or off the 1/%d pt grid", f.track, trackStep)
			}
			if math.Abs(ln.ratio-tc.wantSpace) > 0.0005 || tc.track > 0 && tc.track < 0.1 && ln.ratio > MaxRatio {
				t.Errorf("spaces %.6f×, want %.6f× (and not past %g× when tracking suffices)", ln.ratio, tc.wantSpace, MaxRatio)
			}
			lines := setLinesAt(trackWords(), []int{4, 5}, 0, 0, tc.width, expansion)
			items := lines[0].items
			if end := lineEnd(items); math.Abs(end-tc.width) > 1e-9 {
				t.Errorf("line ends at %.9f, want the measure %.9f", end, tc.width)
			}
			for k, it := range items {
				if it.text.Tracking != f.track {
					t.Errorf("word %d carries tracking %v, the line %v", k, it.text.Tracking, f.track)
				}
				if k == 0 {
					continue
				}
				prev := items[k-1].text
				if gap := it.text.X - (prev.X + prev.W); math.Abs(gap-3*ln.ratio) > 1e-9 {
					t.Errorf("gap before word %d is %.6f pt, want the spaces' %.6f", k, gap, 3*ln.ratio)
				}
			}
			if len(items) != 4 {
				t.Errorf("%d items, want the four words", len(items))
			}
			// The paragraph's last line is ragged: never tracked.
			if r := lines[1].items[0].text.Tracking; r != 0 {
				t.Errorf("the ragged last line is tracked %v", r)
			}
		})
	}
}

// The breaker counts tracking as room only after no breaking keeps its
// lines within 1.8× without it (the tracked pass after the capped one),
// so that the lines of every other paragraph stay where they were. Three
// words: the only breaking with no one-word justified line is "A B / C".
func TestTrackedPass(t *testing.T) {
	ws := func() []word {
		w := trackWords()[:3]
		w[2].space = 0
		return w
	}
	// "A B": 43 pt natural, 40 of glyphs (0.8 pt at 2%), 3 of space;
	// spaces at 1.8× at 43 + 0.8 + 2.4 = 46.2 pt; tracking widens 6
	// glyphs by 0.1 pt × 1.02 at most, 0.612 pt.
	for _, tc := range []struct {
		name            string
		width           float64
		capped, tracked []int
	}{
		{"within 1.8×: the capped pass sets it", 46.0, []int{2, 3}, []int{2, 3}},
		{"tracking needed", 46.5, nil, []int{2, 3}},
		{"past what tracking gives", 46.2 + 0.62, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := breakWithin(ws(), tc.width, math.Inf(1), capped, expansion); !slices.Equal(got, tc.capped) {
				t.Errorf("capped pass: %v, want %v", got, tc.capped)
			}
			if got := breakWithin(ws(), tc.width, math.Inf(1), tracked, expansion); !slices.Equal(got, tc.tracked) {
				t.Errorf("tracked pass: %v, want %v", got, tc.tracked)
			}
			lines := setLinesAt(ws(), breakLines(ws(), tc.width, expansion), 0, 0, tc.width, expansion)
			tracked := lines[0].items[0].text.Tracking != 0
			if tracked != (tc.capped == nil) {
				t.Errorf("first line tracked %v, want %v", tracked, tc.capped == nil)
			}
		})
	}
}

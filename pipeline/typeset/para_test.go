package typeset

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"bulletin/pipeline/book"
)

// eps is how close a justified line must come to the right margin: the
// widths here are small sums, so any real error is far larger.
const eps = 1e-6

func TestBuilder(t *testing.T) {
	big := style{face: regular.face, size: 20}
	tests := []struct {
		name      string
		runs      []run
		want      []string // words, fragments joined by "|"
		wantW     []float64
		wantSpace []float64
		wantHard  []bool
	}{
		{
			name:      "every kind of space ends a word, runs of spaces count once",
			runs:      []run{reg(" Rail\tto\nŞuşa  ")},
			want:      []string{"Rail", "to", "Şuşa"},
			wantW:     []float64{4, 2, 4},
			wantSpace: []float64{1, 1, 1},
			wantHard:  []bool{false, false, false},
		},
		{
			// 45 km and 10 MW must not be parted at the end of a line.
			name:      "no-break spaces stay inside their word",
			runs:      []run{reg("45\u00a0km and 10\u202fMW")},
			want:      []string{"45\u00a0km", "and", "10\u202fMW"},
			wantW:     []float64{5, 3, 5},
			wantSpace: []float64{1, 1, 1},
			wantHard:  []bool{false, false, false},
		},
		{
			// **Gən**_cə_: one word in two faces, no space between.
			name:      "a style change inside a word makes a second fragment",
			runs:      []run{bold("Gən"), ital("cə"), reg(" road")},
			want:      []string{"Gən|cə", "road"},
			wantW:     []float64{3*1.2 + 2, 4},
			wantSpace: []float64{1, 1},
			wantHard:  []bool{false, false},
		},
		{
			name:      "runs in the same style merge into one fragment",
			runs:      []run{reg("Gən"), reg("cə road")},
			want:      []string{"Gəncə", "road"},
			wantW:     []float64{5, 4},
			wantSpace: []float64{1, 1},
			wantHard:  []bool{false, false},
		},
		{
			// The space after Ağdam is typed in the 20 pt run, so it is
			// 2 pt wide, not 1.
			name:      "a space is measured in the style of its run",
			runs:      []run{reg("Ağdam"), {text: " road", st: big}},
			want:      []string{"Ağdam", "road"},
			wantW:     []float64{5, 8},
			wantSpace: []float64{2, 1},
			wantHard:  []bool{false, false},
		},
		{
			name:      "a forced break marks the word before it",
			runs:      []run{reg("Şuşa"), brk(), reg("Ağdam")},
			want:      []string{"Şuşa", "Ağdam"},
			wantW:     []float64{4, 5},
			wantSpace: []float64{1, 1},
			wantHard:  []bool{true, false},
		},
		{
			name:      "a forced break after a space marks the same word",
			runs:      []run{reg("Şuşa "), brk(), reg(" Ağdam")},
			want:      []string{"Şuşa", "Ağdam"},
			wantW:     []float64{4, 5},
			wantSpace: []float64{1, 1},
			wantHard:  []bool{true, false},
		},
		{
			name:      "a forced break before any word is dropped",
			runs:      []run{brk(), reg("Ağdam")},
			want:      []string{"Ağdam"},
			wantW:     []float64{5},
			wantSpace: []float64{1},
			wantHard:  []bool{false},
		},
		{
			name: "only spaces make no words",
			runs: []run{reg(" \t\n ")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := build(pt, tt.runs...)
			var got []string
			var gotW, gotSpace []float64
			var gotHard []bool
			for _, w := range ws {
				got = append(got, wordText(w))
				gotW = append(gotW, w.w)
				gotSpace = append(gotSpace, w.space)
				gotHard = append(gotHard, w.hard)
				if sum := sumW(w.frags); math.Abs(sum-w.w) > eps {
					t.Errorf("word %q: w = %g, fragments add up to %g", wordText(w), w.w, sum)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("words = %q, want %q", got, tt.want)
			}
			if !floatsEqual(gotW, tt.wantW) {
				t.Errorf("widths = %v, want %v", gotW, tt.wantW)
			}
			if !floatsEqual(gotSpace, tt.wantSpace) {
				t.Errorf("spaces = %v, want %v", gotSpace, tt.wantSpace)
			}
			if !slices.Equal(gotHard, tt.wantHard) {
				t.Errorf("hard = %v, want %v", gotHard, tt.wantHard)
			}
		})
	}
}

func floatsEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Abs(x-y) <= eps })
}

func TestSplitLong(t *testing.T) {
	tests := []struct {
		name      string
		runs      []run
		width     float64
		want      []string
		wantSpace []float64
		wantHard  []bool
	}{
		{
			name:      "words that fit are left alone",
			runs:      []run{reg("to Ağdam")},
			width:     5,
			want:      []string{"to", "Ağdam"},
			wantSpace: []float64{1, 1},
			wantHard:  []bool{false, false},
		},
		{
			// Only the last piece is followed by the word's space; the
			// pieces of one word are set without a space between them.
			name:      "a long word is cut into pieces that fill the measure",
			runs:      []run{reg("Xankəndi")},
			width:     3,
			want:      []string{"Xan", "kən", "di"},
			wantSpace: []float64{0, 0, 1},
			wantHard:  []bool{false, false, false},
		},
		{
			name:      "bold runes are wider, so fewer fit",
			runs:      []run{bold("Xankəndi")},
			width:     4,
			want:      []string{"Xan", "kən", "di"},
			wantSpace: []float64{0, 0, 1},
			wantHard:  []bool{false, false, false},
		},
		{
			name:      "the forced break stays on the last piece",
			runs:      []run{reg("Xankəndi"), brk(), reg("Şuşa")},
			width:     5,
			want:      []string{"Xankə", "ndi", "Şuşa"},
			wantSpace: []float64{0, 1, 1},
			wantHard:  []bool{false, true, false},
		},
		{
			// 3.6 pt of bold, then a regular rune would make 4.6.
			name:      "a cut at a change of style",
			runs:      []run{bold("Xan"), ital("kəndi")},
			width:     4,
			want:      []string{"Xan", "kənd", "i"},
			wantSpace: []float64{0, 0, 1},
			wantHard:  []bool{false, false, false},
		},
		{
			name:      "a piece may hold parts of two fragments",
			runs:      []run{reg("Xa"), bold("nkə")},
			width:     4,
			want:      []string{"Xa|n", "kə"},
			wantSpace: []float64{0, 1},
			wantHard:  []bool{false, false},
		},
		{
			// Nothing narrower than a glyph exists: each glyph is a piece
			// of its own, the one overfull case there is.
			name:      "glyphs wider than the measure stand alone",
			runs:      []run{bold("Şuşa")},
			width:     1,
			want:      []string{"Ş", "u", "ş", "a"},
			wantSpace: []float64{0, 0, 0, 1},
			wantHard:  []bool{false, false, false, false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := build(pt, tt.runs...)
			ws := splitLong(in, tt.width, pt)
			var got []string
			var gotSpace []float64
			var gotHard []bool
			for _, w := range ws {
				got = append(got, wordText(w))
				gotSpace = append(gotSpace, w.space)
				gotHard = append(gotHard, w.hard)
				if w.w > tt.width+eps && !singleGlyph(w) {
					t.Errorf("piece %q is %g wide, more than %g", wordText(w), w.w, tt.width)
				}
				if sum := sumW(w.frags); math.Abs(sum-w.w) > eps {
					t.Errorf("piece %q: w = %g, fragments add up to %g", wordText(w), w.w, sum)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("pieces = %q, want %q", got, tt.want)
			}
			if !floatsEqual(gotSpace, tt.wantSpace) {
				t.Errorf("spaces = %v, want %v", gotSpace, tt.wantSpace)
			}
			if !slices.Equal(gotHard, tt.wantHard) {
				t.Errorf("hard = %v, want %v", gotHard, tt.wantHard)
			}
			if a, b := allText(in), allText(ws); a != b {
				t.Errorf("pieces spell %q, words spell %q", b, a)
			}
		})
	}
}

// singleGlyph tells whether w is one rune, the only thing allowed to be
// wider than the measure.
func singleGlyph(w word) bool {
	n := 0
	for _, f := range w.frags {
		n += utf8.RuneCountInString(f.s)
	}
	return n == 1
}

func allText(ws []word) string {
	var b strings.Builder
	for _, w := range ws {
		for _, f := range w.frags {
			b.WriteString(f.s)
		}
	}
	return b.String()
}

// boxes makes words of the given widths (in pt, 1 pt per rune) each
// followed by a 1 pt space, for break tests worked out by hand. A negative
// width marks a word followed by a forced break.
func boxes(widths ...int) []word {
	var ws []word
	for _, n := range widths {
		hard := n < 0
		if hard {
			n = -n
		}
		ws = append(ws, word{frags: []frag{{s: strings.Repeat("x", n), face: regular.face, size: 10, w: float64(n)}}, w: float64(n), space: 1, hard: hard})
	}
	return ws
}

// wideGlyph is one rune w pt wide followed by a 1 pt space.
func wideGlyph(w float64) []word {
	return []word{{frags: []frag{{s: "W", face: regular.face, size: 10, w: w}}, w: w, space: 1}}
}

// greedy is first-fit line breaking at natural widths: as many words as
// fit, then the next line. It is what total fit must beat.
func greedy(ws []word, width float64) []int {
	var ends []int
	nat := 0.0
	for i, w := range ws {
		if i > 0 && (ws[i-1].hard || nat+ws[i-1].space+w.w > width) {
			ends = append(ends, i)
			nat = 0
		} else if i > 0 {
			nat += ws[i-1].space
		}
		nat += w.w
	}
	if len(ws) > 0 {
		ends = append(ends, len(ws))
	}
	return ends
}

// balance is twenty two-rune words and one 32-rune word on a 33 pt measure.
// Worked by hand, with the badness TeX gives a line (100·r³, r = slack /
// (spaces × ½), capped at 10 000):
//
//	greedy     11 + 9 words: line 1 is 32 pt, slack 1, r = 1/5 = 0.2,
//	           badness 0.8; line 2 is 26 pt, slack 7, r = 7/4 = 1.75,
//	           badness 535.9.
//	total fit  10 + 10 words: each line 29 pt, slack 4, r = 4/4.5 = 0.889,
//	           badness 70.2.
//
// Demerits grow with the square of badness (with or without a per-line
// penalty), so 2 × 70² is far below 536²; greedy's second line is also
// beyond TeX's tolerance of 200. 9 + 11 mirrors greedy, and fewer words
// per line run into the badness cap, so 10 + 10 is the one best answer.
// The long word cannot join line 2 (the line would be 62 pt, 26 pt over)
// nor share the last line with a two-rune word (35 pt, more than the 1/3 pt
// one space may shrink).
func balance() []word {
	ws := boxes(slices.Repeat([]int{2}, 20)...)
	return append(ws, boxes(32)...)
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name  string
		ws    []word
		width float64
		want  []int
	}{
		{name: "no words", ws: nil, width: 10, want: nil},
		{name: "one word", ws: boxes(4), width: 10, want: []int{1}},
		{name: "a paragraph that fits is one line", ws: boxes(3, 3, 3), width: 20, want: []int{3}},
		{name: "a forced break ends a line", ws: boxes(3, -3, 3, 3), width: 100, want: []int{2, 4}},
		{name: "a forced break on the last word adds no line", ws: boxes(3, -3), width: 100, want: []int{2}},
		// Without the break, "xxx xxx xxx" would fill 11 pt exactly
		// (badness 0); with it, "xxx xxx" is a 7 pt justified line at the
		// badness cap. The break must win all the same.
		{name: "a forced break holds where a fuller line would cost less", ws: boxes(-3, 3, 3, 9), width: 11, want: []int{1, 3, 4}},
		{name: "consecutive forced breaks", ws: boxes(-3, -3, 3), width: 100, want: []int{1, 2, 3}},
		// Nine one-rune words make 17 pt; their eight spaces may shrink by
		// 8/3 pt to 14.33, so they fit 14.5 pt but not 14.2. The 14-rune
		// word after them fits only a line of its own, and a lone one-rune
		// word would be a line at the badness cap, so on 14.5 pt the nine
		// shrink onto one line; on 14.2 pt eight shrunk (r = 0.8/(7/3),
		// badness 4.0) beat seven stretched (r = 1.2/3, badness 6.4).
		{name: "spaces shrink by a third", ws: boxes(append(slices.Repeat([]int{1}, 9), 14)...), width: 14.5, want: []int{9, 10}},
		{name: "but no further", ws: boxes(append(slices.Repeat([]int{1}, 9), 14)...), width: 14.2, want: []int{8, 9, 10}},
		{name: "total fit balances two lines", ws: balance(), width: 33, want: []int{10, 20, 21}},
		// A lone glyph wider than the measure still gets a line of its
		// own; nothing else may join it.
		{name: "an overfull glyph stands alone", ws: slices.Concat(boxes(1), wideGlyph(5), boxes(1)), width: 3, want: []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := breakLines(tt.ws, tt.width, 0)
			if !slices.Equal(got, tt.want) {
				t.Errorf("breakLines = %v, want %v", got, tt.want)
			}
			checkSet(t, tt.ws, got, setLines(tt.ws, got, 0, tt.width, true), 0, tt.width, true)
		})
	}
}

// TestTotalFitBeatsGreedy checks the reason for total fit: where first-fit
// leaves a loose second line, total fit moves a word down and both lines
// are set closer to natural spacing.
func TestTotalFitBeatsGreedy(t *testing.T) {
	ws, width := balance(), 33.0
	g := greedy(ws, width)
	if want := []int{11, 20, 21}; !slices.Equal(g, want) {
		t.Fatalf("greedy = %v, want %v (the test case is wrong)", g, want)
	}
	tf := breakLines(ws, width, 0)
	if want := []int{10, 20, 21}; !slices.Equal(tf, want) {
		t.Fatalf("total fit = %v, want %v", tf, want)
	}
	loosest := func(ends []int) float64 {
		r := 0.0
		for _, ln := range setLines(ws, ends, 0, width, true) {
			r = max(r, ln.ratio)
		}
		return r
	}
	// Greedy stretches line 2's eight spaces by 7 pt: 1 + 7/8; total fit
	// stretches nine spaces by 4 pt: 1 + 4/9.
	if g, tf := loosest(g), loosest(tf); math.Abs(g-1.875) > eps || math.Abs(tf-(1+4.0/9)) > eps {
		t.Errorf("loosest space ratio: greedy %g (want 1.875), total fit %g (want %g)", g, tf, 1+4.0/9)
	}
}

// TestSetParagraph runs the whole chain the setter uses (builder, splitLong,
// breakLines, setLines) on styled text and checks the lines as a reader
// would see them: "|" separates text items, a trailing space is the
// space glyph set after a word.
func TestSetParagraph(t *testing.T) {
	long := reg("The new ferry from Ələt to Kuryk carries trucks and rail cars across the sea twice a week, and a second one is planned for the spring.")
	tests := []struct {
		name    string
		runs    []run
		width   float64
		justify bool
		want    []string // nil: only the invariants of checkSet
		minLine int
	}{
		{
			name:    "a paragraph that fits is one ragged line",
			runs:    []run{reg("Trains run from Ələt to Gəncə.")},
			width:   60,
			justify: true,
			want:    []string{"Trains |run |from |Ələt |to |Gəncə."},
		},
		{
			name:    "a forced break ends a line, which stays ragged",
			runs:    []run{reg("Trains stop at Ağdam"), brk(), reg("and go on to Şuşa.")},
			width:   60,
			justify: true,
			want:    []string{"Trains |stop |at |Ağdam", "and |go |on |to |Şuşa."},
		},
		{
			name:    "a word longer than the line is cut into pieces",
			runs:    []run{reg("Xankəndi")},
			width:   3,
			justify: true,
			want:    []string{"Xan", "kən", "di"},
		},
		{
			name:    "a long word cut across styles",
			runs:    []run{bold("Xan"), reg("kəndi")},
			width:   4,
			justify: true,
			want:    []string{"Xan", "kənd", "i"},
		},
		{
			name:    "bold and italic fragments of one word stay adjacent",
			runs:    []run{bold("Gən"), ital("cə"), reg(" is near Ağdam.")},
			width:   60,
			justify: true,
			want:    []string{"Gən|cə |is |near |Ağdam."},
		},
		{
			// With a break at the no-break space, "Ağdam is 45" (11 pt)
			// would fill the first line; without, the first line can only
			// be "Ağdam is".
			name:    "a no-break space does not break",
			runs:    []run{reg("Ağdam is 45\u00a0km away")},
			width:   12,
			justify: true,
			want:    []string{"Ağdam |is", "45\u00a0km |away"},
		},
		{
			name:    "space glyphs only between words on a line",
			runs:    []run{reg("  Rail  to\tŞuşa "), brk(), reg("power to Xankəndi ")},
			width:   100,
			justify: true,
			want:    []string{"Rail |to |Şuşa", "power |to |Xankəndi"},
		},
		{
			name:    "justified lines reach the margin",
			runs:    []run{long},
			width:   30,
			justify: true,
			minLine: 4,
		},
		{
			name:    "ragged lines keep natural spaces",
			runs:    []run{long},
			width:   30,
			justify: false,
			minLine: 4,
		},
		{
			name:    "mixed faces justified",
			runs:    []run{reg("Power from the "), bold("Caspian"), reg(" wind farms reaches "), ital("Gəncə"), reg(" and "), bold("Şuşa"), reg(" by winter.")},
			width:   25,
			justify: true,
			minLine: 3,
		},
	}
	const x = 7 // a left edge other than 0, so that offsets are checked
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := splitLong(build(pt, tt.runs...), tt.width, pt)
			ends := breakLines(ws, tt.width, 0)
			lines := setLines(ws, ends, x, tt.width, tt.justify)
			var got []string
			for _, ln := range lines {
				got = append(got, lineText(ln))
			}
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(lines) < tt.minLine {
				t.Errorf("%d lines, want at least %d (the test text is too short)", len(lines), tt.minLine)
			}
			checkSet(t, ws, ends, lines, x, tt.width, tt.justify)
		})
	}
}

// checkSet checks what must hold of any set paragraph:
//   - every word is placed once, in order, its fragments side by side;
//   - a space glyph follows a word only when another word follows on the
//     same line;
//   - no line runs past the margin, except a lone glyph wider than it;
//   - justified lines end exactly at the margin; ragged lines (the last,
//     and those ending at a forced break) keep natural spaces.
func checkSet(t *testing.T, ws []word, ends []int, lines []line, x, width float64, justify bool) {
	t.Helper()
	if len(lines) != len(ends) {
		t.Fatalf("%d lines for %d ends", len(lines), len(ends))
	}
	if len(ws) > 0 && (len(ends) == 0 || ends[len(ends)-1] != len(ws)) {
		t.Fatalf("ends %v do not end at word %d", ends, len(ws))
	}
	start := 0
	for l, end := range ends {
		if end <= start {
			t.Fatalf("line %d: ends %v do not increase", l, ends)
		}
		lw := ws[start:end]
		ts := texts(lines[l].items)
		nat, space := 0.0, 0.0
		// What each text item should hold, fragment by fragment: the
		// pieces of a word that did not break here (no space between)
		// may come as one item, the run of text they make.
		var want []string
		joins := []bool{} // want[k] may join want[k-1] in one item
		for i, w := range lw {
			if i < len(lw)-1 {
				if w.hard {
					t.Errorf("line %d: word %q has a forced break but is not last", l, wordText(w))
				}
				nat += w.space
				space += w.space
			}
			nat += w.w
			for fi, f := range w.frags {
				s := f.s
				if fi == len(w.frags)-1 && i < len(lw)-1 && w.space > 0 {
					s += " "
				}
				joins = append(joins, fi == 0 && i > 0 && lw[i-1].space == 0)
				want = append(want, s)
			}
		}
		k := 0
		for n, it := range ts {
			if k >= len(want) {
				t.Fatalf("line %d: item %d %q is more than the line's fragments %q", l, n, it.S, want)
			}
			got := want[k]
			for k++; got != it.S && k < len(want) && joins[k] && strings.HasPrefix(it.S, got+want[k]); k++ {
				got += want[k]
			}
			if it.S != got {
				t.Errorf("line %d item %d: %q, want %q", l, n, it.S, got)
			}
			if n > 0 && math.Abs(it.X-(ts[n-1].X+ts[n-1].W)) > eps && !strings.HasSuffix(ts[n-1].S, " ") {
				t.Errorf("line %d: fragment %q starts at %g, the one before ends at %g", l, it.S, it.X, ts[n-1].X+ts[n-1].W)
			}
			if n == 0 && math.Abs(it.X-x) > eps {
				t.Errorf("line %d starts at %g, want %g", l, it.X, x)
			}
		}
		if k != len(want) {
			t.Errorf("line %d: %d text items for %d fragments, %q missing", l, len(ts), len(want), want[k:])
		}
		if len(ts) == 0 {
			start = end
			continue
		}
		last := ts[len(ts)-1]
		right := last.X + last.W
		if right > x+width+eps && !(len(lw) == 1 && singleGlyph(lw[0])) {
			t.Errorf("line %d %q ends at %g, past the margin %g", l, lineText(lines[l]), right, x+width)
		}
		ragged := end == len(ws) || ws[end-1].hard
		switch {
		case justify && !ragged && space > 0:
			if math.Abs(right-(x+width)) > eps {
				t.Errorf("justified line %d %q ends at %.9g, want the margin %g", l, lineText(lines[l]), right, x+width)
			}
		case nat <= width:
			if math.Abs(right-(x+nat)) > eps || lines[l].ratio != 1 {
				t.Errorf("ragged line %d %q ends at %g with space ratio %g, want %g and 1", l, lineText(lines[l]), right, lines[l].ratio, x+nat)
			}
		}
		start = end
	}
}

// TestLinkFragment checks that a linked run gets a clickable box over
// exactly its text, so that a link never covers the space after it.
func TestLinkFragment(t *testing.T) {
	link := style{face: regular.face, size: 10, link: "#02-rail"}
	ws := build(pt, reg("See "), run{text: "Gəncə", st: link}, reg(" now"))
	lines := setLines(ws, breakLines(ws, 100, 0), 0, 100, true)
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	var links []book.Link
	for _, it := range lines[0].items {
		if l, ok := it.other.(book.Link); ok {
			links = append(links, l)
		}
	}
	if len(links) != 1 || links[0].Dest != "02-rail" || links[0].URL != "" || links[0].X != 4 || links[0].W != 5 {
		t.Errorf("links = %+v, want one to 02-rail over x 4..9", links)
	}
}

// TestBreakWithinAtTheBadnessCap: badness stops at maxBadness, so a
// tolerance that high accepts a line however loose, and the breaker's
// shortcut for lines too loose for the tolerance must not drop it. "xxx
// xxx" on 20 pt stretches its one space 26 times over.
func TestBreakWithinAtTheBadnessCap(t *testing.T) {
	ws := boxes(3, 3, 19)
	got := breakWithin(ws, 20, maxBadness, strict, 0)
	if want := breakWithin(ws, 20, math.Inf(1), strict, 0); got == nil || !slices.Equal(got, want) {
		t.Errorf("breakWithin at tolerance %d = %v, want %v as with no limit", maxBadness, got, want)
	}
}

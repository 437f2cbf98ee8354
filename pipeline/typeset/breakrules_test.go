package typeset

import (
	"math"
	"strings"
	"testing"

	"bulletin/pipeline/doc"
)

// setText breaks text (1 pt a rune) justified on width and returns its
// lines. With rulesOff it is hyphenated and broken in the last resort's
// mode, which keeps the costs but drops the rules about where a line may
// end: the control of each rule's test.
func setText(text string, width float64, lang string, rulesOff bool) []string {
	sc := new(scratch)
	ps, ends := breakParagraph(sc, build(pt, reg(text)), width, lang, pt, 0)
	if rulesOff {
		ps = sc.hyphenate(build(pt, reg(text)), lang, pt)
		ends = breakWithin(ps, width, math.Inf(1), lastResort, 0)
	}
	var got []string
	for _, ln := range setLines(ps, ends, 0, width, true) {
		got = append(got, strings.ReplaceAll(lineText(ln), "|", ""))
	}
	return got
}

// TestBreakRules: where a line must not end. Each case is also set with
// the rules dropped, where the fault must show, so that it is the rule
// that moved the break.
func TestBreakRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string
		width float64
		lang  string
		bad   func(lines []string) bool // the fault the rule prevents
	}{{
		name:  "no line ends on a one-letter word",
		text:  "ports grow a lot when rails run on time",
		width: 13,
		bad:   func(ls []string) bool { return endsWith(ls, " a ") },
	}, {
		name:  "a spaced em dash never starts a line",
		text:  "aaaa bbbb cccc — dddd eeee ffff",
		width: 14,
		bad:   func(ls []string) bool { return startsWith(ls, "—") },
	}, {
		name:  "a hyphenated fragment is never the whole last line",
		text:  "aaaa bbbb cccc dddd eeee ffff infrastructure.",
		width: 20,
		lang:  "en",
		bad: func(ls []string) bool {
			return !strings.Contains(ls[len(ls)-1], " ") && strings.HasSuffix(ls[len(ls)-2], "-")
		},
	}, {
		name:  "at most two hyphenated lines in a row",
		text:  "the cooperation of infrastructure and reconstruction in negotiations of cooperation for infrastructure and its end",
		width: 16,
		lang:  "en",
		bad: func(ls []string) bool {
			for i := 2; i < len(ls); i++ {
				if strings.HasSuffix(ls[i-2], "-") && strings.HasSuffix(ls[i-1], "-") && strings.HasSuffix(ls[i], "-") {
					return true
				}
			}
			return false
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := setText(tc.text, tc.width, tc.lang, false)
			if tc.bad(got) {
				t.Errorf("lines %q", got)
			}
			if ctl := setText(tc.text, tc.width, tc.lang, true); !tc.bad(ctl) {
				t.Errorf("with the rules dropped, lines %q do not show the fault; the case tests nothing", ctl)
			}
		})
	}
}

func endsWith(lines []string, s string) bool {
	for _, l := range lines[:len(lines)-1] {
		if strings.HasSuffix(l+" ", s) {
			return true
		}
	}
	return false
}

func startsWith(lines []string, s string) bool {
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, s) {
			return true
		}
	}
	return false
}

// A paragraph ending with a colon keeps the first two lines of its list on
// its page, whatever the text before it: the page breaks before the
// lead-in's last line rather than after it.
func TestLeadInKeepsItsList(t *testing.T) {
	crossed := 0
	for filler := 100; filler < 1000; filler += 23 {
		lead := tagged(2, 30)
		lead.Inlines[0].Text += " as follows:"
		items := &doc.List{Items: []doc.ListItem{
			{Blocks: []doc.Block{tagged(3, 40)}}, {Blocks: []doc.Block{tagged(4, 40)}},
		}}
		a := doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, filler), lead, items, tagged(5, 200)}}
		in := testInput(t, document(a))
		b, r, err := BookReport(t.Context(), in, pageM)
		if err != nil {
			t.Fatal(err)
		}
		lines := bookLines(t, b, in.Layout)
		var leadEnd, fillEnd int
		var list []int // pages of the list's lines
		for _, ln := range lines {
			switch ln.tag {
			case 1:
				fillEnd = ln.page
			case 2:
				leadEnd = ln.page
			case 3, 4:
				list = append(list, ln.page)
			}
		}
		if len(list) < 2 {
			t.Fatalf("filler %d: the list has %d lines", filler, len(list))
		}
		if list[0] != leadEnd || list[1] != leadEnd {
			t.Errorf("filler %d: the lead-in ends on page %d, its list's first lines are on pages %d and %d", filler, leadEnd+1, list[0]+1, list[1]+1)
		}
		if r.Stranded > 0 {
			t.Errorf("filler %d: %v", filler, r.Problems)
		}
		if fillEnd != list[0] {
			crossed++
		}
	}
	if crossed == 0 {
		t.Error("no filler put a page break between the text before the lead-in and the list; the test checks nothing")
	}
}

// The report counts a last line that is only the end of a broken word,
// as a reader sees it: set with the rules (none) and with them dropped
// (one), and a last line that starts with the end of a broken word but
// goes on is not one.
func TestReportCountsFragments(t *testing.T) {
	for _, tc := range []struct {
		name     string
		text     string
		width    float64
		rulesOff bool
		want     int
	}{
		{"rules kept", "aaaa bbbb cccc dddd eeee ffff infrastructure.", 20, false, 0},
		{"rules dropped", "aaaa bbbb cccc dddd eeee ffff infrastructure.", 20, true, 1},
		{"the broken word's end and more", "aaaa bbbb cccc dddd eeee ffff infrastructure and", 20, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := new(scratch)
			ps, ends := breakParagraph(sc, build(pt, reg(tc.text)), tc.width, "en", pt, 0)
			if tc.rulesOff {
				ps = sc.hyphenate(build(pt, reg(tc.text)), "en", pt)
				ends = breakWithin(ps, tc.width, math.Inf(1), lastResort, 0)
			}
			lines := setLines(ps, ends, 0, tc.width, true)
			var vs []vbox
			for i, ln := range lines {
				vs = append(vs, vbox{h: 1, items: ln.items, line: true, first: i == 0, last: i == len(lines)-1})
			}
			r := report(vs, placement{pageOf: make([]int, len(vs)), leading: 1})
			if r.Fragments != tc.want {
				t.Errorf("%d fragments, want %d; lines %q", r.Fragments, tc.want, setText(tc.text, tc.width, "en", tc.rulesOff))
			}
		})
	}
}

// Past the tolerance, total fit alone would set one line of this
// paragraph at 1.83× the natural space to save demerits on others; the
// capped pass finds the breaking whose widest line is within MaxRatio,
// and breakLines takes it.
func TestCappedPassKeepsLinesWithinMaxRatio(t *testing.T) {
	const text = "cfdgabg acb dcdgfcehcc cbegb hgbdhddeefch eahacdfb afh fgade edgdggc chacbbehcg gabaeehbgd hcgbhageghaa fhhccgc bbab cgegdg a aeacecf ddeggg ee d ahcadhggd c hheegegchhah ebhfhedebc a ebdechgcaedg cdgcc dgg"
	const width = 59
	ws := build(pt, reg(text))
	widest := func(ends []int) float64 {
		m := 0.0
		for _, l := range setLines(ws, ends, 0, width, true) {
			if l.justified {
				m = max(m, l.ratio)
			}
		}
		return m
	}
	if ends := breakWithin(ws, width, tolerance, strict, 0); ends != nil {
		t.Fatalf("set within the tolerance (%v); the case tests nothing", ends)
	}
	if m := widest(breakWithin(ws, width, math.Inf(1), anyBad, 0)); m <= MaxRatio {
		t.Fatalf("any badness sets it with spaces %.2f× at most; the case tests nothing", m)
	}
	if m := widest(breakLines(ws, width, 0)); m > MaxRatio {
		t.Errorf("widest line %.2f×, want at most %.1f×", m, MaxRatio)
	}
}

// A word followed by a footnote mark is hyphenated as the word alone: the
// mark's digit does not make it a number.
func TestHyphenateBeforeANoteMark(t *testing.T) {
	for _, lang := range []string{"en", "az"} {
		text := map[string]string{"en": "infrastructure.", "az": "yenilənməlidir."}[lang]
		w := word2(text, "12")
		sc := new(scratch)
		ps := sc.hyphenate([]word{w}, lang, pt)
		if len(ps) < 3 {
			t.Errorf("%s: %q cut in %d pieces, want its syllables", lang, text, len(ps))
		}
		last := ps[len(ps)-1].frags
		if f := last[len(last)-1]; f.s != "12" || f.rise == 0 {
			t.Errorf("%s: the last piece ends with %+v, want the raised mark", lang, f)
		}
	}
}

// word2 is a word of text with a raised footnote mark after it.
func word2(text, mark string) word {
	w := word{frags: []frag{{s: text, w: float64(len([]rune(text)))}, {s: mark, w: 1, rise: -3, note: "n"}}, space: 1}
	w.w = w.frags[0].w + 1
	return w
}

package typeset

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Report measures the typography of a laid-out book: how far justified
// lines stretch their word spaces, and the faults a careful reader notices.
type Report struct {
	// Ratios holds, for every justified line, its word space as a
	// multiple of the font's natural space.
	Ratios []float64
	// Chars holds, for every justified line, how many characters it
	// holds, spaces and a hyphen at its end included: the measure as a
	// reader's eye travels it.
	Chars []int
	// Overfull lines run past the margin; widows are last lines of a
	// paragraph alone at the head of a page; orphans are first lines alone
	// at its foot; stranded headings (and lead-ins ending with a colon)
	// end a page.
	// Fragments are last lines of a paragraph that hold only the end of
	// a word broken on the line before ("dis-/ruption.").
	Overfull, Widows, Orphans, Stranded, Fragments int
	// Tracked counts the justified lines given tracking (letter spacing)
	// to keep their word spaces within MaxRatio: the lines no breaking
	// sets within it with the spaces and the glyphs' expansion alone.
	Tracked int
	// TrackedLines says where each is, as "page N: tracked T pt, spaces
	// R×: text", for looking at them.
	TrackedLines []string
	// Problems says where each fault is, as "page N: what".
	Problems []string
	// ShortPages counts the pages (all but the last, and but those before
	// an article's first page) whose text ends more than three lines
	// above the foot; Gaps is that room, in lines, for every page.
	ShortPages int
	Gaps       []float64
	// Warnings are worth telling the editor but do not stop a build:
	// "path:line:col: image ... prints at 96 dpi".
	Warnings []string
}

// Within returns the share of justified lines whose word space is at most
// limit times the natural space.
func (r Report) Within(limit float64) float64 {
	if len(r.Ratios) == 0 {
		return 1
	}
	n := 0
	for _, x := range r.Ratios {
		if x <= limit {
			n++
		}
	}
	return float64(n) / float64(len(r.Ratios))
}

// Max returns the widest word space ratio (0 when no line is justified).
func (r Report) Max() float64 {
	m := 0.0
	for _, x := range r.Ratios {
		m = max(m, x)
	}
	return m
}

// Median returns the median word space ratio.
func (r Report) Median() float64 {
	if len(r.Ratios) == 0 {
		return 0
	}
	s := append([]float64(nil), r.Ratios...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// MedianChars returns the median number of characters of a justified
// line (0 when no line is justified).
func (r Report) MedianChars() int {
	if len(r.Chars) == 0 {
		return 0
	}
	s := slices.Clone(r.Chars)
	slices.Sort(s)
	return s[len(s)/2]
}

func (r Report) String() string {
	return fmt.Sprintf("%d justified lines: median %d characters, median space %.2f×, %.1f%% within 1.4×, widest %.2f×, tracked %d; overfull %d, widows %d, orphans %d, stranded headings %d, last-line fragments %d; pages short by more than 3 lines %d",
		len(r.Ratios), r.MedianChars(), r.Median(), 100*r.Within(1.4), r.Max(), r.Tracked, r.Overfull, r.Widows, r.Orphans, r.Stranded, r.Fragments, r.ShortPages)
}

// report reads the faults off the placed boxes of the articles.
func report(vs []vbox, pl placement) Report {
	var r Report
	pageOf := pl.pageOf
	// The pages before one that opens an article may end short, as a
	// chapter does: the title and its first lines move on together.
	opens := map[int]bool{}
	for i, v := range vs {
		if v.anchor() != "" && (i == 0 || pl.pageOf[i-1] != pl.pageOf[i]) {
			opens[pl.pageOf[i]] = true
		}
	}
	first := 0
	if len(pl.pageOf) > 0 {
		first = pl.pageOf[0]
	}
	for i, g := range pl.gaps {
		lines := g / pl.leading
		r.Gaps = append(r.Gaps, lines)
		if lines > 3 && !opens[first+i+1] {
			r.ShortPages++
			// gaps start at the first article page, after the contents
			r.Problems = append(r.Problems, fmt.Sprintf("article page %d of the flow ends %.1f lines short", i+1, lines))
		}
	}
	add := func(i int, what string) {
		r.Problems = append(r.Problems, fmt.Sprintf("page %s: %s", PageNumber(pageOf[i]), what))
	}
	for i, v := range vs {
		if w := v.warn(); w != "" {
			r.Warnings = append(r.Warnings, w)
		}
		if v.ratio > 0 {
			r.Ratios = append(r.Ratios, v.ratio)
			r.Chars = append(r.Chars, lineChars(v.items))
		}
		if tc := lineTracking(v.items); tc != 0 {
			r.Tracked++
			r.TrackedLines = append(r.TrackedLines, fmt.Sprintf("page %s: tracked %.4f pt, spaces %.2f×: %q", PageNumber(pageOf[i]), tc, v.ratio, itemsText(v.items)))
		}
		if v.ratio > MaxRatio {
			add(i, fmt.Sprintf("word spaces %.2f× the natural space: %q", v.ratio, itemsText(v.items)))
		}
		if v.overfull {
			r.Overfull++
			add(i, "overfull line")
		}
		if v.line && v.last && !v.first && fragment(v.items) {
			r.Fragments++
			add(i, fmt.Sprintf("the last line of a paragraph is the end of a broken word: %q", itemsText(v.items)))
		}
		endsPage := i+1 < len(vs) && pageOf[i+1] != pageOf[i]
		startsPage := i > 0 && pageOf[i-1] != pageOf[i]
		// A one-line paragraph is both first and last line: it can be
		// neither widow nor orphan.
		if v.line && v.last && !v.first && startsPage {
			r.Widows++
			add(i, "widow (last line of a paragraph at the head of the page)")
		}
		if v.line && v.first && !v.last && endsPage {
			r.Orphans++
			add(i, "orphan (first line of a paragraph at the foot of the page)")
		}
		if v.heading && endsPage {
			r.Stranded++
			add(i, "heading at the foot of the page")
		}
		if v.leadIn && endsPage {
			r.Stranded++
			add(i, "lead-in ending with a colon at the foot of the page, its list on the next")
		}
	}
	return r
}

// MaxRatio is the widest word space a justified line should have, as a
// multiple of the natural space; stats names every line past it.
const MaxRatio = 1.8

// lineTracking is the tracking (letter spacing) of a line's text, 0 when it
// has none.
func lineTracking(items []item) float64 {
	for _, it := range items {
		if it.isText() && it.text.Tracking != 0 {
			return it.text.Tracking
		}
	}
	return 0
}

// itemsText is the text of a line, for naming it.
func itemsText(items []item) string {
	var b strings.Builder
	for _, it := range items {
		if it.isText() {
			b.WriteString(it.text.S)
		}
	}
	return b.String()
}

// fragment reports whether a line is only the end of a word broken on
// the line before: its first text is a piece of a broken word (they carry
// the whole word as /ActualText) and no word space follows it.
func fragment(items []item) bool {
	first := true
	for _, it := range items {
		if !it.isText() {
			continue
		}
		if first && !it.text.HasActualText || strings.HasSuffix(it.text.S, " ") {
			return false
		}
		first = false
	}
	return !first
}

// lineChars counts the characters a line shows: the runes of its texts,
// with the space after each word but the last.
func lineChars(items []item) int {
	n := 0
	last := -1
	for i, it := range items {
		if it.isText() {
			n += utf8.RuneCountInString(it.text.S)
			last = i
		}
	}
	if last >= 0 && strings.HasSuffix(items[last].text.S, " ") {
		n-- // a word space at the line's end, if any, is not seen
	}
	return n
}

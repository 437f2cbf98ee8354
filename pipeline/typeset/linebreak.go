package typeset

import (
	"math"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Space may stretch by half and shrink by a third of its natural width, the
// proportions TeX gives a book face.
const (
	stretchRatio = 0.5
	shrinkRatio  = 1.0 / 3
)

// expansion is how far the glyphs of a justified line may be widened or
// narrowed (pdfTeX's font expansion, drawn with the PDF's Tz): by 2%, as
// far as the eye does not see it. The breaker counts it as stretch and
// shrink beside the spaces', so it is part of every line's badness.
const expansion = 0.02

// expandStep is the grid the expansion of a line is rounded to: 1/10000,
// so that the Tz written (a percentage with two decimals) is exactly the
// factor the typesetter measured with.
const expandStep = 10000

// trackMax is the most tracking (letter spacing) a justified line may get,
// in ems of its text's size: 0.1 pt at 10 pt, which the eye does not see.
// Only a line whose spaces would be past MaxRatio with its glyphs at their
// widest gets any (tracking, in setline.go).
const trackMax = 0.01

// trackStep is the grid of tracking, 1/10000 pt, so that the Tc written
// (four decimals) is exactly the tracking the typesetter measured with.
const trackStep = 10000

// The costs of the line breaker, after TeX's: a penalty for every line (so
// fewer lines are better), for breaking at a hyphen or a dash, for two such
// breaks in a row, for a hyphen on the last full line, and for a line much
// tighter or looser than the one before it.
const (
	linePenalty          = 10
	hyphenPenalty        = 50
	urlPenalty           = 100 // after / or . inside a long string
	namePenalty          = 200 // inside a capitalised word, when nothing else will do
	emergencyPenalty     = 5000
	doubleHyphenCost     = 10000
	finalHyphenCost      = 5000
	adjacentFitCost      = 10000
	preTolerance         = 40  // badness allowed before hyphenating at all
	tolerance            = 100 // badness allowed with hyphenation
	maxBadness           = 10000
	decent           int = 2 // fitness class of a line near natural spacing
	// maxHyphenRun is how many lines in a row may end in a hyphen or a
	// dash, as TeX's \doublehyphendemerits alone cannot promise.
	maxHyphenRun = 2
	// states is the number of ways a line may end that the breaker tells
	// apart: its fitness class (4) times the number of lines before it,
	// itself included, that end in a hyphen (0, 1 or 2).
	states = 4 * (maxHyphenRun + 1)
)

// How strictly breakWithin keeps the rules about where a line may end.
type mode int

const (
	strict mode = iota // within the tolerance, every rule kept
	// capped: any badness, every rule kept, but no justified line's
	// spaces wider than MaxRatio times their natural width. Past the
	// tolerance, badness alone would buy one very loose line with many a
	// little better; a reader sees the loose one.
	capped
	// tracked: as capped, with each line's tracking (at most trackMax em
	// a glyph) counted as room for its spaces: tried only when no
	// breaking is capped without it, so that it changes no other lines.
	tracked
	anyBad     // any badness; a piece wider than the measure stands alone
	lastResort // any badness, and the rules dropped: a solution always exists
)

// breakParagraph breaks words into lines as TeX does: first without
// hyphenation under a strict tolerance; if that fails, with every
// hyphenation point of the paragraph's language; and as a last resort with
// any badness. It returns the pieces (words, or words cut at the chosen
// hyphens) and the ends of the lines; the pieces may be in sc.
//
// A justified paragraph (ex = expansion) may expand its glyphs, and its
// lines may hang punctuation into the margin (protrusion); a ragged one
// (ex = 0) does neither.
func breakParagraph(sc *scratch, ws []word, width float64, lang string, m Measurer, ex float64) ([]word, []int) {
	ws = splitLong(ws, width, m)
	if ex > 0 {
		protrude(ws, m)
	}
	if ends := breakWithin(ws, width, preTolerance, strict, ex); ends != nil {
		return ws, ends
	}
	sc.names = false
	hs := splitLong(sc.hyphenate(ws, lang, m), width, m)
	if ex > 0 {
		protrude(hs, m)
	}
	if ends := breakWithin(hs, width, tolerance, strict, ex); ends != nil || lang == "" {
		if ends == nil {
			ends = breakLines(hs, width, ex)
		}
		return hs, ends
	}
	// Proper names are left whole while the paragraph can do without
	// cutting them; here it cannot, within the tolerance.
	sc.names = true
	hs = splitLong(sc.hyphenate(ws, lang, m), width, m)
	sc.names = false
	if ex > 0 {
		protrude(hs, m)
	}
	return hs, breakLines(hs, width, ex)
}

// breakLines chooses where lines end, by total fit (Knuth and Plass): over
// all ways to break the paragraph it minimises the sum of the lines'
// demerits, so that one loose line does not buy several tight ones. It
// returns the index one past the last piece of each line. Lines end at
// forced breaks; the last line and lines ending at a forced break are
// ragged and cost nothing while they fit. It always finds a solution: if no
// set of lines is within the tolerance, any badness is allowed, and a piece
// wider than the measure gets a line of its own.
func breakLines(ws []word, width, ex float64) []int {
	if ends := breakWithin(ws, width, tolerance, strict, ex); ends != nil {
		return ends
	}
	if ends := breakWithin(ws, width, math.Inf(1), capped, ex); ends != nil {
		return ends
	}
	if ex > 0 {
		if ends := breakWithin(ws, width, math.Inf(1), tracked, ex); ends != nil {
			return ends
		}
	}
	if ends := breakWithin(ws, width, math.Inf(1), anyBad, ex); ends != nil {
		return ends
	}
	return breakWithin(ws, width, math.Inf(1), lastResort, ex)
}

// breakNode is the cheapest way found to end a line after a piece with a
// line of a fitness class: its total cost, and the end and class of the
// line before.
type breakNode struct {
	cost  float64
	prev  int
	prevC int
}

// breakTables recycles the tables of breakWithin, a row of nodes for each
// piece of the paragraph: garbage once the line ends are read off, and the
// breaker runs one to three times for every paragraph of the book.
var breakTables = sync.Pool{New: func() any { return new([][states]breakNode) }}

// startTable makes *table a row of nodes for each of n pieces and the
// start, none reached but the start.
func startTable(table *[][states]breakNode, n int) [][states]breakNode {
	best := slices.Grow((*table)[:0], n+1)[:n+1]
	*table = best
	for j := range best {
		for c := range best[j] {
			best[j][c] = breakNode{cost: math.Inf(1)}
		}
	}
	best[0][decent].cost = 0
	return best
}

// breakWithin is one pass of the line breaker: lines whose badness is above
// tol are not considered; from mode anyBad on an over-wide piece may stand
// alone, and in mode lastResort the rules of endsWell and lastLineWell
// are dropped; ex is the expansion the glyphs allow. It returns nil when
// no such breaking exists.
func breakWithin(ws []word, measure, tol float64, md mode, ex float64) []int {
	emergency := md >= anyBad
	n := len(ws)
	if n == 0 {
		return nil
	}
	inf := math.Inf(1)
	table := breakTables.Get().(*[][states]breakNode)
	defer breakTables.Put(table)
	best := startTable(table, n)
	// A justified line whose spaces would have to grow by more than
	// maxStretch times their stretchability is too loose for tol, and is
	// passed over before its badness is worked out (most lines tried are
	// such). The margin leaves the lines near the limit to badness itself.
	// Badness is capped at maxBadness, so a tolerance that high accepts
	// any stretch and nothing is passed over.
	maxStretch := math.Cbrt(tol/100) * (1 + 1e-9)
	if tol >= maxBadness {
		maxStretch = inf
	}
	// A line that starts with an opening quote is that much wider; lines
	// are given up on only when they are too wide with the most any
	// start allows.
	lmax := 0.0
	for _, w := range ws {
		lmax = max(lmax, w.lprot)
	}
	for j := 1; j <= n; j++ {
		ragged := j == n || ws[j-1].hard
		if !ragged && md < lastResort && !endsWell(ws, j) {
			continue
		}
		end := measure
		if !ragged {
			end += ws[j-1].prot // what hangs into the margin
		}
		nat, space := 0.0, 0.0
		for i := j - 1; i >= 0; i-- {
			width := end + ws[i].lprot
			nat += ws[i].w
			if i < j-1 {
				nat += ws[i].space
				space += ws[i].space
				if ws[i].hard {
					break // a forced break sits inside this line
				}
			}
			lineW := nat + ws[j-1].hyphen
			if lineW-space*shrinkRatio-(lineW-space)*ex > end+lmax && i < j-1 {
				break // longer lines only get wider
			}
			if !reached(&best[i]) {
				continue // no line ends at i: nothing to build on
			}
			if !ragged && space > 0 && width-lineW > (space*stretchRatio+(lineW-space)*ex)*maxStretch {
				continue
			}
			if (md == capped || md == tracked) && !ragged && (space == 0 || tooLoose(ws[i:j], lineW, space, width, ex, md)) {
				continue
			}
			if j == n && space == 0 && md < lastResort && !lastLineWell(ws, i) {
				continue
			}
			b, fit, ok := badness(lineW, space, width, ragged, ex)
			switch {
			case ok && b <= tol:
			case emergency && i == j-1:
				b, fit = maxBadness, decent // a lone piece that cannot fit
			default:
				continue
			}
			relax(best, ws, i, j, b, fit, ragged, md)
		}
	}
	return lineEnds(best, n)
}

// relax records in best[j] the line from piece i to piece j (of badness b
// and fitness class fit) after each way of reaching i, where it is the
// cheapest way found to end a line of its class and its run of hyphens at
// j. Short of the last resort, a third hyphenated line in a row is not
// made.
func relax(best [][states]breakNode, ws []word, i, j int, b float64, fit int, ragged bool, md mode) {
	n := len(ws)
	d := sq(linePenalty + b)
	if p := ws[j-1].penalty; p > 0 && !ragged {
		d += p * p
	}
	hyphen := ws[j-1].flagged && !ragged
	for c, from := range best[i] {
		if math.IsInf(from.cost, 1) {
			continue
		}
		run := 0
		if hyphen {
			run = c/4 + 1
		}
		if run > maxHyphenRun {
			if md < lastResort {
				continue
			}
			run = maxHyphenRun
		}
		cost := from.cost + d
		if i > 0 && ws[i-1].flagged && ws[j-1].flagged && !ragged {
			cost += doubleHyphenCost
		}
		if j == n && i > 0 && ws[i-1].flagged {
			cost += finalHyphenCost
		}
		if abs(c%4-fit) > 1 {
			cost += adjacentFitCost
		}
		to := run*4 + fit
		if cost < best[j][to].cost {
			best[j][to] = breakNode{cost: cost, prev: i, prevC: c}
		}
	}
}

// lineEnds reads the cheapest breaking off the table, the end of each
// line in order, or nil when no line reaches the last piece n.
func lineEnds(best [][states]breakNode, n int) []int {
	c := 0
	for k := range best[n] {
		if best[n][k].cost < best[n][c].cost {
			c = k
		}
	}
	if math.IsInf(best[n][c].cost, 1) {
		return nil
	}
	// Walk back from the end twice: to count the lines, then to fill
	// their ends in from the last.
	lines := 0
	for j, k := n, c; j > 0; j, k = best[j][k].prev, best[j][k].prevC {
		lines++
	}
	ends := make([]int, lines)
	for j, k, l := n, c, lines-1; j > 0; j, k, l = best[j][k].prev, best[j][k].prevC, l-1 {
		ends[l] = j
	}
	return ends
}

// reached reports whether some way of setting the lines before ends at a
// piece, in any fitness class.
func reached(row *[states]breakNode) bool {
	for _, nd := range row {
		if !math.IsInf(nd.cost, 1) {
			return true
		}
	}
	return false
}

// badness is TeX's measure of how far a line is stretched or shrunk
// (100 × ratio³, capped), with the line's fitness class: 0 very loose,
// 1 loose, 2 decent, 3 tight. ok is false for a line that would have to
// shrink more than its spaces and its glyphs (by ex) allow. The glyphs
// are nat-space wide; a line without a space is never expanded.
func badness(nat, space, width float64, ragged bool, ex float64) (b float64, fit int, ok bool) {
	glyphs := nat - space
	switch {
	case nat > width:
		shrink := space*shrinkRatio + glyphs*ex
		if space == 0 || nat-width > shrink+1e-9 {
			return 0, 0, false
		}
		r := (nat - width) / shrink
		b = min(100*r*r*r, maxBadness)
		if b > 12 {
			return b, 3, true
		}
		return b, decent, true
	case ragged:
		return 0, decent, true
	case space == 0:
		return maxBadness, 0, true // a single piece on a justified line
	}
	r := (width - nat) / (space*stretchRatio + glyphs*ex)
	b = min(100*r*r*r, maxBadness)
	switch {
	case b > 99:
		return b, 0, true
	case b > 12:
		return b, 1, true
	}
	return b, decent, true
}

// spaceRatio is the width of the spaces of a justified line of natural
// width nat (space of it in spaces) set on width, as a multiple of their
// natural width: what fitLine will make of it, and what a reader sees.
func spaceRatio(nat, space, width, ex float64) float64 {
	diff := width - nat
	give := space*stretchRatio + (nat-space)*ex
	if diff < 0 {
		give = space*shrinkRatio + (nat-space)*ex
	}
	g := 0.0 // the glyphs' share
	if give > 0 {
		g = max(-1, min(1, diff/give)) * (nat - space) * ex
	}
	return 1 + (diff-g)/space
}

// tooLoose reports whether the justified line of pieces lw, of natural
// width nat (space of it in spaces), set on width, has its spaces past
// MaxRatio; in mode tracked, after the most tracking it may get.
func tooLoose(lw []word, nat, space, width, ex float64, md mode) bool {
	r := spaceRatio(nat, space, width, ex)
	if r <= MaxRatio || md != tracked {
		return r > MaxRatio
	}
	// Past MaxRatio the glyphs are at their widest, 1+ex.
	n, size := trackRoom(lw)
	return r-float64(n)*trackLimit(size)*(1+ex)/space > MaxRatio
}

func sq(x float64) float64 { return x * x }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// endsWell reports whether a justified line may end after piece j-1: not
// on a word of one letter ("a / U.S. official", "I", Azerbaijani "o"),
// which belongs with the word after it, and not before a spaced dash,
// which must not start the next line.
func endsWell(ws []word, j int) bool {
	if w := ws[j-1]; w.space > 0 && oneLetter(w) {
		return false
	}
	return j >= len(ws) || ws[j-1].space == 0 || !spacedDash(ws[j])
}

// lastLineWell reports whether the last line of a paragraph may start at
// piece i when it has no space in it: not when it is only the end of a
// word hyphenated on the line before ("dis-/ruption.").
func lastLineWell(ws []word, i int) bool {
	return i == 0 || ws[i-1].space > 0 || ws[i-1].hard
}

// oneLetter reports whether w is a word of one letter, punctuation aside.
func oneLetter(w word) bool {
	letters := 0
	for _, f := range w.frags {
		for _, r := range f.s {
			if unicode.IsLetter(r) {
				letters++
			} else if unicode.IsDigit(r) {
				return false
			}
		}
	}
	return letters == 1
}

// spacedDash reports whether w is an em or en dash standing between
// spaces.
func spacedDash(w word) bool {
	return len(w.frags) == 1 && (w.frags[0].s == "—" || w.frags[0].s == "–") && w.space > 0
}

// protrude sets how far each piece may hang into the right margin when it
// ends a justified line: a share of its last character's width for the
// light marks whose white would otherwise dent the edge (microtype's
// defaults, rounded), or of the hyphen drawn after it; and how far into
// the left margin when it starts a line with an opening quote.
func protrude(ws []word, m Measurer) {
	for k := range ws {
		w := &ws[k]
		w.prot, w.lprot = 0, 0
		if len(w.frags) == 0 {
			continue
		}
		if f := w.frags[0]; f.rise == 0 && (k == 0 || ws[k-1].space > 0 || ws[k-1].hard) {
			if share := leftProtrusion(f.s); share > 0 {
				r, _ := utf8.DecodeRuneInString(f.s)
				w.lprot = m.Width(f.face, f.size, string(r)) * share
			}
		}
		f := w.frags[len(w.frags)-1]
		if w.hyphen > 0 {
			w.prot = w.hyphen * protrusion['-']
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(f.s)
		if share := protrusion[r]; share > 0 && f.rise == 0 {
			w.prot = m.Width(f.face, f.size, string(r)) * share
		}
	}
}

// protrusion is the share of a character's width that hangs into the
// margin at the end of a line.
var protrusion = map[rune]float64{
	'.': 0.7, ',': 0.7, '-': 0.7, '\u2010': 0.7, ':': 0.5, ';': 0.5,
	'\u2013': 0.5, '\u2014': 0.3, '\'': 0.7, '"': 0.5, '\u2019': 0.7, '\u201d': 0.5,
}

// leftProtrusion is the share of the width of the opening quote that s
// starts with that hangs into the margin at the start of a line (0 when
// s starts with none), as the closing ones do at its end:
// the quote is light, and set flush its white would dent the edge.
// Brackets stay flush: a parenthesis is a full-height stroke that holds
// the edge by itself.
func leftProtrusion(s string) float64 {
	if s == "" || s[0] != '"' && s[0] != '\'' && s[0] != 0xe2 {
		return 0 // nearly every word: not a quote, nothing decoded
	}
	switch r, _ := utf8.DecodeRuneInString(s); r {
	case '\u201c', '\u201e', '"':
		return 0.5
	case '\u2018', '\'':
		return 0.7
	}
	return 0
}

package typeset

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/book"
)

// frag is a piece of a word in one face.
type frag struct {
	s     string
	face  fonts.Face
	size  float64
	color layouts.RGB
	link  string
	w     float64
	rise  float64 // baseline shift, negative upwards (a footnote mark)
	note  string  // the footnote this mark refers to
}

// word is what lines are made of: one or more fragments with no space
// between them, and the natural width of the space that follows it.
//
// After hyphenation a word may be cut into pieces; each piece is a word
// here, with no space after it, and says what breaking after it costs.
type word struct {
	frags []frag
	w     float64
	space float64 // natural width of the following space; 0 inside a broken word
	// hard marks a forced line break after this word.
	hard bool
	// marks are the soft hyphens and word joiners the text had inside
	// the word, at byte offsets of its text (they are not in it).
	marks []mark
	// hyphen is the width of the hyphen drawn when a line breaks after
	// this piece (0: nothing is added, as after a dash or a slash).
	hyphen float64
	// penalty is the cost of breaking after this piece; flagged breaks
	// (hyphens, dashes) cost extra when two lines in a row end in one.
	penalty float64
	flagged bool
}

// mark is an invisible character inside a word that decides where a line
// may break: a soft hyphen (U+00AD) offers a hyphenation point, a word
// joiner (U+2060, or U+FEFF in its old role) forbids a break.
type mark struct {
	at   int // byte offset in the word's text
	soft bool
}

// style is how a run of text is set.
type style struct {
	face  fonts.Face
	size  float64
	color layouts.RGB
	link  string
	lang  string // the language of the text, for hyphenation
	rise  float64
	note  string
}

// builder turns styled runs into words. The fragments of all its words
// share one backing array, since nearly every word is a single fragment
// and a paragraph has hundreds of them.
type builder struct {
	m     Measurer
	words []word
	cur   word
	open  bool   // cur has at least one fragment
	pool  []frag // the fragments; cur's are pool[start:]
	start int
	// curLen is the length of cur's text so far; marks holds the marks of
	// all the words, cur's from marks[mstart:].
	curLen int
	marks  []mark
	mstart int
	// spaceStyle and spaceW cache the width of a space in the last style
	// measured.
	spaceStyle style
	spaceW     float64
}

// reset empties the builder for text measured with m, keeping its arrays
// for the words and fragments to come.
func (b *builder) reset(m Measurer) {
	*b = builder{m: m, words: b.words[:0], pool: b.pool[:0], marks: b.marks[:0]}
}

// scratch is the working memory of setting one paragraph: the words its
// text is split into and the pieces hyphenation cuts them into, with their
// fragments. All of it is garbage once the paragraph's lines are set, and
// a book has thousands of paragraphs (the contents are set again on every
// pass), so scratches are recycled through the pool scratches rather than
// allocated anew for each paragraph.
type scratch struct {
	b      builder
	pieces []word
	frags  []frag // the pieces' fragments
	cuts   []cut  // the cuts of the word being cut
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// invisible are the characters that are never drawn: they only tell where
// lines may break (soft hyphen, word joiners) or how letters join (zero
// width joiner and non-joiner, which the fonts' scripts do not need), and
// the narrow no-break space, which a face without it gets as a no-break
// space.
const invisible = "\u00ad\u2060\ufeff\u200c\u200d\u202f"

func (b *builder) add(text string, st style) {
	if strings.ContainsAny(text, invisible) {
		b.addMarked(text, st)
		return
	}
	b.addPlain(text, st)
}

// addMarked is add for text holding invisible characters: they end the
// fragment before them and become marks of the word, or nothing.
func (b *builder) addMarked(text string, st style) {
	for len(text) > 0 {
		i := strings.IndexAny(text, invisible)
		if i < 0 {
			b.addPlain(text, st)
			return
		}
		b.addPlain(text[:i], st)
		r, n := utf8.DecodeRuneInString(text[i:])
		text = text[i+n:]
		switch r {
		case '\u00ad':
			b.marks = append(b.marks, mark{at: b.curLen, soft: true})
		case '\u2060', '\ufeff':
			b.marks = append(b.marks, mark{at: b.curLen})
		case '\u202f':
			if b.m.Width(st.face, st.size, "\u202f") > 0 {
				b.addFrag("\u202f", st)
			} else {
				b.addFrag("\u00a0", st) // the monospaced face has no narrow one
			}
		}
	}
}

func (b *builder) addPlain(text string, st style) {
	for len(text) > 0 {
		i := strings.IndexFunc(text, isBreakSpace)
		if i < 0 {
			b.addFrag(text, st)
			return
		}
		if i > 0 {
			b.addFrag(text[:i], st)
		}
		b.endWord(st)
		_, n := utf8.DecodeRuneInString(text[i:])
		text = text[i+n:]
	}
}

// isBreakSpace is a space at which a line may break; a no-break space
// (U+00A0) is kept inside its word.
func isBreakSpace(r rune) bool {
	return unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' && r != '\u2007'
}

func (b *builder) addFrag(s string, st style) {
	w := b.m.Width(st.face, st.size, s)
	fs := b.pool[b.start:]
	if n := len(fs); n > 0 && fs[n-1].face == st.face && fs[n-1].size == st.size && fs[n-1].link == st.link && fs[n-1].color == st.color && fs[n-1].rise == st.rise && fs[n-1].note == st.note {
		fs[n-1].s += s
		fs[n-1].w += w
	} else {
		b.pool = append(b.pool, frag{s: s, face: st.face, size: st.size, color: st.color, link: st.link, w: w, rise: st.rise, note: st.note})
	}
	b.cur.w += w
	b.curLen += len(s)
	b.open = true
}

// endWord closes the current word; the space that ended it is measured in
// the style of the text around it.
func (b *builder) endWord(st style) {
	if !b.open {
		return
	}
	if st != b.spaceStyle || b.spaceW == 0 {
		b.spaceStyle, b.spaceW = st, b.m.Width(st.face, st.size, " ")
	}
	b.cur.space = b.spaceW
	// The word's fragments are its part of the pool, capped so that an
	// append to them can never write over the next word's.
	n := len(b.pool)
	b.cur.frags = b.pool[b.start:n:n]
	b.start = n
	if m := len(b.marks); m > b.mstart {
		b.cur.marks = b.marks[b.mstart:m:m]
		b.mstart = m
	}
	b.words = append(b.words, b.cur)
	b.cur = word{}
	b.open = false
	b.curLen = 0
}

// hardBreak forces a line break after the current word.
func (b *builder) hardBreak(st style) {
	b.endWord(st)
	if n := len(b.words); n > 0 {
		b.words[n-1].hard = true
	}
}

func (b *builder) finish(st style) []word {
	b.endWord(st)
	return b.words
}

// splitLong cuts words wider than the measure into pieces that fit, as a
// last resort, so that no line ever runs past the margin.
func splitLong(ws []word, width float64, m Measurer) []word {
	long := false
	for _, w := range ws {
		long = long || w.w > width
	}
	if !long {
		return ws // the common case: nothing to cut, nothing to copy
	}
	var out []word
	for _, w := range ws {
		if w.w <= width {
			out = append(out, w)
			continue
		}
		var piece word
		for _, f := range w.frags {
			start := 0
			for i, r := range f.s {
				cw := m.Width(f.face, f.size, string(r))
				if piece.w+cw > width && (piece.w > 0 || i > start) {
					if i > start {
						piece.frags = append(piece.frags, sub(f, f.s[start:i], m))
					}
					piece.w = sumW(piece.frags)
					piece.penalty = emergencyPenalty
					out = append(out, piece)
					piece = word{}
					start = i
				}
				piece.w += cw
			}
			if start < len(f.s) {
				piece.frags = append(piece.frags, sub(f, f.s[start:], m))
			}
			piece.w = sumW(piece.frags)
		}
		piece.space, piece.hard, piece.hyphen, piece.penalty, piece.flagged = w.space, w.hard, w.hyphen, w.penalty, w.flagged
		out = append(out, piece)
	}
	return out
}

func sub(f frag, s string, m Measurer) frag {
	f.s = s
	f.w = m.Width(f.face, f.size, s)
	return f
}

func sumW(fs []frag) float64 {
	var w float64
	for _, f := range fs {
		w += f.w
	}
	return w
}

// Space may stretch by half and shrink by a third of its natural width, the
// proportions TeX gives a book face.
const (
	stretchRatio = 0.5
	shrinkRatio  = 1.0 / 3
)

// The costs of the line breaker, after TeX's: a penalty for every line (so
// fewer lines are better), for breaking at a hyphen or a dash, for two such
// breaks in a row, for a hyphen on the last full line, and for a line much
// tighter or looser than the one before it.
const (
	linePenalty          = 10
	hyphenPenalty        = 50
	urlPenalty           = 100 // after / or . inside a long string
	emergencyPenalty     = 5000
	doubleHyphenCost     = 10000
	finalHyphenCost      = 5000
	adjacentFitCost      = 10000
	preTolerance         = 40  // badness allowed before hyphenating at all
	tolerance            = 100 // badness allowed with hyphenation
	maxBadness           = 10000
	decent           int = 2 // fitness class of a line near natural spacing
)

// breakParagraph breaks words into lines as TeX does: first without
// hyphenation under a strict tolerance; if that fails, with every
// hyphenation point of the paragraph's language; and as a last resort with
// any badness. It returns the pieces (words, or words cut at the chosen
// hyphens) and the ends of the lines; the pieces may be in sc.
func breakParagraph(sc *scratch, ws []word, width float64, lang string, m Measurer) ([]word, []int) {
	ws = splitLong(ws, width, m)
	if ends := breakWithin(ws, width, preTolerance, false); ends != nil {
		return ws, ends
	}
	hs := splitLong(sc.hyphenate(ws, lang, m), width, m)
	return hs, breakLines(hs, width)
}

// breakLines chooses where lines end, by total fit (Knuth and Plass): over
// all ways to break the paragraph it minimises the sum of the lines'
// demerits, so that one loose line does not buy several tight ones. It
// returns the index one past the last piece of each line. Lines end at
// forced breaks; the last line and lines ending at a forced break are
// ragged and cost nothing while they fit. It always finds a solution: if no
// set of lines is within the tolerance, any badness is allowed, and a piece
// wider than the measure gets a line of its own.
func breakLines(ws []word, width float64) []int {
	if ends := breakWithin(ws, width, tolerance, false); ends != nil {
		return ends
	}
	return breakWithin(ws, width, math.Inf(1), true)
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
var breakTables = sync.Pool{New: func() any { return new([][4]breakNode) }}

// breakWithin is one pass of the line breaker: lines whose badness is above
// tol are not considered; emergency lets an over-wide piece stand alone.
// It returns nil when no such breaking exists.
func breakWithin(ws []word, width, tol float64, emergency bool) []int {
	n := len(ws)
	if n == 0 {
		return nil
	}
	inf := math.Inf(1)
	table := breakTables.Get().(*[][4]breakNode)
	defer breakTables.Put(table)
	best := slices.Grow((*table)[:0], n+1)[:n+1]
	*table = best
	for j := range best {
		for c := range best[j] {
			best[j][c] = breakNode{cost: inf}
		}
	}
	best[0][decent].cost = 0
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
	for j := 1; j <= n; j++ {
		ragged := j == n || ws[j-1].hard
		nat, space := 0.0, 0.0
		for i := j - 1; i >= 0; i-- {
			nat += ws[i].w
			if i < j-1 {
				nat += ws[i].space
				space += ws[i].space
				if ws[i].hard {
					break // a forced break sits inside this line
				}
			}
			lineW := nat + ws[j-1].hyphen
			if lineW-space*shrinkRatio > width && i < j-1 {
				break // longer lines only get wider
			}
			if !reached(&best[i]) {
				continue // no line ends at i: nothing to build on
			}
			if !ragged && space > 0 && width-lineW > space*stretchRatio*maxStretch {
				continue
			}
			b, fit, ok := badness(lineW, space, width, ragged)
			switch {
			case ok && b <= tol:
			case emergency && i == j-1:
				b, fit = maxBadness, decent // a lone piece that cannot fit
			default:
				continue
			}
			d := sq(linePenalty + b)
			if p := ws[j-1].penalty; p > 0 && !ragged {
				d += p * p
			}
			for c, from := range best[i] {
				if math.IsInf(from.cost, 1) {
					continue
				}
				cost := from.cost + d
				if i > 0 && ws[i-1].flagged && ws[j-1].flagged && !ragged {
					cost += doubleHyphenCost
				}
				if j == n && i > 0 && ws[i-1].flagged {
					cost += finalHyphenCost
				}
				if abs(c-fit) > 1 {
					cost += adjacentFitCost
				}
				if cost < best[j][fit].cost {
					best[j][fit] = breakNode{cost: cost, prev: i, prevC: c}
				}
			}
		}
	}
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
func reached(row *[4]breakNode) bool {
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
// shrink more than its spaces allow.
func badness(nat, space, width float64, ragged bool) (b float64, fit int, ok bool) {
	switch {
	case nat > width:
		if space == 0 || nat-width > space*shrinkRatio+1e-9 {
			return 0, 0, false
		}
		r := (nat - width) / (space * shrinkRatio)
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
	r := (width - nat) / (space * stretchRatio)
	b = min(100*r*r*r, maxBadness)
	switch {
	case b > 99:
		return b, 0, true
	case b > 12:
		return b, 1, true
	}
	return b, decent, true
}

func sq(x float64) float64 { return x * x }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// line is one set line: items relative to its own baseline at y = 0.
type line struct {
	items []item
	// ratio is the width of an inter-word space as a multiple of its natural
	// width (1 on ragged lines), kept for measuring the typography.
	ratio float64
	// justified is set on a line stretched or shrunk to the measure;
	// overfull on one that runs past it.
	justified, overfull bool
	// notes are the footnotes marked on this line, in order.
	notes []string
	// split is set when the line ends inside a word.
	split bool
}

// setLines positions the words of each line from x, justifying all but the
// ragged lines when justify is set. A line that ends inside a word gets its
// hyphen, and the pieces of a word broken across lines carry the whole word
// as the text a reader copies, so that search and copy see "relations",
// not "rela- tions".
func setLines(ws []word, ends []int, x, width float64, justify bool) []line {
	return setLinesAt(ws, ends, x, 0, width, justify)
}

// setLinesAt is setLines with the baselines at y rather than 0.
func setLinesAt(ws []word, ends []int, x, y, width float64, justify bool) []line {
	broken := brokenWords(ws, ends)
	out := make([]line, 0, len(ends))
	// The items of all the lines share one array, room enough for a text
	// and a link for every fragment and a hyphen for every line; each line
	// gets its part, capped so that an item appended to one line (a list
	// marker, a page number) can never write over the next line's.
	n, text := len(ends), 0
	for _, w := range ws {
		n += len(w.frags)
		for _, f := range w.frags {
			text += len(f.s)
			if f.link != "" {
				n++
			}
		}
	}
	items := make([]item, 0, n)
	// The texts that end in a space glyph are cut from one string rather
	// than each made anew: room for all the text and a space a word.
	var spaced strings.Builder
	spaced.Grow(text + len(ws))
	start := 0
	for _, end := range ends {
		lw := ws[start:end]
		last := lw[len(lw)-1]
		nat, space := last.hyphen, 0.0
		for k, w := range lw {
			nat += w.w
			if k < len(lw)-1 {
				nat += w.space
				space += w.space
			}
		}
		ragged := end == len(ws) || ws[end-1].hard
		scale := 1.0
		if space > 0 && (justify && !ragged || nat > width+1e-9) { // rounding is not overfull
			scale = 1 + (width-nat)/space
		}
		var ln line
		ln.ratio = scale
		ln.justified = space > 0 && justify && !ragged
		ln.overfull = nat-space*shrinkRatio > width+1e-6
		ln.split = end < len(ws) && last.space == 0 && !last.hard
		first := len(items) // this line's items are items[first:]
		cx := x
		for k, w := range lw {
			whole, inBroken := broken[start+k]
			for fi, f := range w.frags {
				t := book.Text{X: cx, Y: y + f.rise, W: f.w, Face: f.face, Size: f.size, Color: f.color, S: f.s}
				if f.note != "" {
					ln.notes = append(ln.notes, f.note)
				}
				// A trailing space glyph lets readers copy and search
				// the text with its word spaces; it has no ink.
				trailing := fi == len(w.frags)-1 && k < len(lw)-1 && w.space > 0
				if trailing {
					// String does not copy, and what it returned stays
					// as it is while more is written.
					at := spaced.Len()
					spaced.WriteString(t.S)
					spaced.WriteByte(' ')
					t.S = spaced.String()[at:]
				}
				if inBroken {
					t.HasActualText = true
					switch {
					case fi == 0 && whole != "":
						t.ActualText = whole
					case trailing:
						t.ActualText = " "
					}
				}
				if prev := mergeable(items[first:], t); prev != nil {
					// The pieces of a word that did not break here are
					// one run of text again.
					prev.S += t.S
					prev.W += t.W
				} else {
					items = append(items, textItem(t))
				}
				if f.link != "" {
					items = append(items, otherItem(linkItem(f.link, cx, y, f.w, f.size)))
				}
				cx += f.w
			}
			if k == len(lw)-1 && w.hyphen > 0 && !ragged {
				f := w.frags[len(w.frags)-1]
				items = append(items, textItem(book.Text{X: cx, Y: y, W: w.hyphen, Face: f.face, Size: f.size, Color: f.color, S: "-", HasActualText: true}))
			}
			cx += w.space * scale
		}
		ln.items = items[first:len(items):len(items)]
		out = append(out, ln)
		start = end
	}
	return out
}

// mergeable returns the last item of items when t continues it: the same
// face, size and colour, no space between them, neither carrying text of
// its own for readers. It returns nil when t is to be an item of its own.
func mergeable(items []item, t book.Text) *book.Text {
	if len(items) == 0 || t.HasActualText || !items[len(items)-1].isText() {
		return nil
	}
	prev := &items[len(items)-1].text
	if prev.HasActualText || prev.Face != t.Face || prev.Size != t.Size || prev.Color != t.Color || prev.Y != t.Y ||
		strings.HasSuffix(prev.S, " ") || math.Abs(prev.X+prev.W-t.X) > 1e-9 {
		return nil
	}
	return prev
}

// brokenWords finds the words that the chosen line ends cut in pieces. It
// maps each of their pieces to "" except the first, which maps to the whole
// word.
func brokenWords(ws []word, ends []int) map[int]string {
	var out map[int]string
	e := 0 // ends[e] is the first line end after the word's first piece
	for a := 0; a < len(ws); {
		b := a + 1 // the word is pieces a..b-1
		for b < len(ws) && ws[b-1].space == 0 && !ws[b-1].hard {
			b++
		}
		// The ends increase, so the word is cut when the first of them
		// past its first piece falls before its last.
		for e < len(ends) && ends[e] <= a {
			e++
		}
		cut := e < len(ends) && ends[e] < b
		if cut {
			if out == nil {
				out = map[int]string{}
			}
			var whole strings.Builder
			for k := a; k < b; k++ {
				for _, f := range ws[k].frags {
					whole.WriteString(f.s)
				}
				out[k] = ""
			}
			out[a] = whole.String()
		}
		a = b
	}
	return out
}

// linkItem is the clickable box over a run of linked text, relative to the
// baseline.
func linkItem(target string, x, y, w, size float64) book.Link {
	l := book.Link{X: x, Y: y - size*0.8, W: w, H: size * 1.05}
	if strings.HasPrefix(target, "#") {
		l.Dest = target[1:]
	} else {
		l.URL = target
	}
	return l
}

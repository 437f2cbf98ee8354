package typeset

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/layout"
)

// frag is a piece of a word in one face.
type frag struct {
	s     string
	face  fonts.Face
	size  float64
	color layouts.RGB
	link  string
	w     float64
}

// word is what lines are made of: one or more fragments with no space
// between them, and the natural width of the space that follows it.
type word struct {
	frags []frag
	w     float64
	space float64 // natural width of the following space; 0 inside a broken word
	// hard marks a forced line break after this word.
	hard bool
}

// style is how a run of text is set.
type style struct {
	face  fonts.Face
	size  float64
	color layouts.RGB
	link  string
}

// builder turns styled runs into words.
type builder struct {
	m     Measurer
	words []word
	cur   word
	open  bool // cur has at least one fragment
}

func (b *builder) add(text string, st style) {
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
func isBreakSpace(r rune) bool { return unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' }

func (b *builder) addFrag(s string, st style) {
	w := b.m.Width(st.face, st.size, s)
	fs := b.cur.frags
	if n := len(fs); n > 0 && fs[n-1].face == st.face && fs[n-1].size == st.size && fs[n-1].link == st.link && fs[n-1].color == st.color {
		fs[n-1].s += s
		fs[n-1].w += w
	} else {
		b.cur.frags = append(fs, frag{s: s, face: st.face, size: st.size, color: st.color, link: st.link, w: w})
	}
	b.cur.w += w
	b.open = true
}

// endWord closes the current word; the space that ended it is measured in
// the style of the text around it.
func (b *builder) endWord(st style) {
	if !b.open {
		return
	}
	b.cur.space = b.m.Width(st.face, st.size, " ")
	b.words = append(b.words, b.cur)
	b.cur = word{}
	b.open = false
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
		piece.space, piece.hard = w.space, w.hard
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

// breakLines chooses where lines end: total fit over the whole paragraph,
// minimising the sum of squared badness (cubed stretch ratio) over all
// lines, so that one loose line does not buy several tight ones. It returns
// the index one past the last word of each line. Lines end at forced breaks;
// the last line of a paragraph and lines ending at a forced break are
// ragged and cost nothing while they fit.
func breakLines(ws []word, width float64) []int {
	n := len(ws)
	if n == 0 {
		return nil
	}
	best := make([]float64, n+1)
	prev := make([]int, n+1)
	for j := 1; j <= n; j++ {
		best[j] = math.Inf(1)
		// A line holds words i..j-1; walk i back while it can still fit.
		nat, space := 0.0, 0.0
		for i := j - 1; i >= 0; i-- {
			nat += ws[i].w
			if i < j-1 {
				nat += ws[i].space
				space += ws[i].space
			}
			if i < j-1 && ws[i].hard {
				break // a forced break sits inside this line
			}
			if nat-space*shrinkRatio > width && i < j-1 {
				break
			}
			if math.IsInf(best[i], 1) {
				continue
			}
			ragged := j == n || ws[j-1].hard
			d := demerits(nat, space, width, ragged)
			if math.IsInf(d, 1) && i < j-1 {
				continue
			}
			if c := best[i] + d; c < best[j] {
				best[j], prev[j] = c, i
			}
		}
	}
	var ends []int
	for j := n; j > 0; j = prev[j] {
		ends = append(ends, j)
	}
	for l, r := 0, len(ends)-1; l < r; l, r = l+1, r-1 {
		ends[l], ends[r] = ends[r], ends[l]
	}
	return ends
}

func demerits(nat, space, width float64, ragged bool) float64 {
	if nat > width {
		if space == 0 || nat-width > space*shrinkRatio {
			if space == 0 {
				return 1e9 // a lone over-wide piece: only splitLong prevents it
			}
			return math.Inf(1)
		}
		r := (nat - width) / (space * shrinkRatio)
		return sq(1 + 100*r*r*r)
	}
	if ragged {
		return 0
	}
	if space == 0 {
		return sq(1 + 10000) // a single word on a justified line
	}
	r := (width - nat) / (space * stretchRatio)
	b := 100 * r * r * r
	if b > 10000 {
		b = 10000
	}
	return sq(1 + b)
}

func sq(x float64) float64 { return x * x }

// line is one set line: items relative to its own baseline at y = 0.
type line struct {
	items []layout.Item
	// ratio is the width of an inter-word space as a multiple of its natural
	// width (1 on ragged lines), kept for measuring the typography.
	ratio float64
}

// setLines positions the words of each line from x, justifying all but the
// ragged lines when justify is set.
func setLines(ws []word, ends []int, x, width float64, justify bool) []line {
	var out []line
	start := 0
	for _, end := range ends {
		lw := ws[start:end]
		nat, space := 0.0, 0.0
		for k, w := range lw {
			nat += w.w
			if k < len(lw)-1 {
				nat += w.space
				space += w.space
			}
		}
		ragged := end == len(ws) || ws[end-1].hard
		scale := 1.0
		if space > 0 && (justify && !ragged || nat > width) {
			scale = 1 + (width-nat)/space
		}
		var ln line
		ln.ratio = scale
		cx := x
		for k, w := range lw {
			for fi, f := range w.frags {
				s := f.s
				// A trailing space glyph lets readers copy and search
				// the text with its word spaces; it has no ink.
				if fi == len(w.frags)-1 && k < len(lw)-1 && w.space > 0 {
					s += " "
				}
				ln.items = append(ln.items, layout.Text{X: cx, W: f.w, Face: f.face, Size: f.size, Color: f.color, S: s})
				if f.link != "" {
					ln.items = append(ln.items, linkItem(f.link, cx, f.w, f.size))
				}
				cx += f.w
			}
			cx += w.space * scale
		}
		out = append(out, ln)
		start = end
	}
	return out
}

// linkItem is the clickable box over a run of linked text, relative to the
// baseline.
func linkItem(target string, x, w, size float64) layout.Link {
	l := layout.Link{X: x, Y: -size * 0.8, W: w, H: size * 1.05}
	if strings.HasPrefix(target, "#") {
		l.Dest = target[1:]
	} else {
		l.URL = target
	}
	return l
}

package typeset

import (
	"math"
	"strings"
	"unicode/utf8"

	"bulletin/pipeline/book"
)

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
	return setLinesAt(ws, ends, x, 0, width, justifyEx(justify))
}

// justifyEx is the expansion argument of setLinesAt for justified (or
// ragged) lines whose glyphs are never expanded: a negative one justifies
// with the spaces alone.
func justifyEx(justify bool) float64 {
	if justify {
		return -1
	}
	return 0
}

// setLinesAt is setLines with the baselines at y rather than 0, and ex for
// justify: 0 sets the lines ragged, a negative value justifies them with
// their spaces alone and a positive one with their glyphs expanded by up
// to ex as well, and their ends protruding, as breakParagraph measured.
func setLinesAt(ws []word, ends []int, x, y, width, ex float64) []line {
	ls := &lineSetter{broken: brokenWords(ws, ends), y: y}
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
	ls.items = make([]item, 0, n)
	// The texts that end in a space glyph are cut from one string rather
	// than each made anew: room for all the text and a space a word.
	ls.spaced.Grow(text + len(ws))
	out := make([]line, 0, len(ends))
	start := 0
	for _, end := range ends {
		ln, fit, ragged := fitLine(ws, start, end, width, ex)
		first := len(ls.items) // this line's items are items[first:]
		ln.notes = ls.words(ws[start:end], start, first, x-fit.left, fit, ragged)
		ln.items = ls.items[first:len(ls.items):len(ls.items)]
		out = append(out, ln)
		start = end
	}
	return out
}

// fit is how a line's pieces are spread: the factor its spaces are scaled
// by, the horizontal scale of its glyphs, how far its start hangs into the
// left margin, and its tracking: the extra advance after each glyph but a
// word's last, in points before the glyphs' scale (the PDF's Tc; the page
// shows track×glyphs).
type fit struct{ space, glyphs, left, track float64 }

// fitLine measures the line of pieces start..end-1 against width, as
// breakWithin did (ex as for setLinesAt): it returns the line with its
// ratio and flags set, how it is spread, and whether it is ragged. The
// difference from the natural width is shared by the spaces and the
// glyphs in proportion to what each may give, as pdfTeX does, the glyphs
// never past ex; the expansion is rounded to 1/expandStep and the spaces
// take the rest.
func fitLine(ws []word, start, end int, width, ex float64) (ln line, f fit, ragged bool) {
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
	ragged = end == len(ws) || ws[end-1].hard
	justify := ex != 0
	f = fit{space: 1, glyphs: 1}
	if ex > 0 {
		f.left = lw[0].lprot // an opening quote hangs out, on any line
		width += f.left
	}
	ex = max(ex, 0)
	if justify && !ragged {
		width += last.prot
	}
	glyphs := nat - space
	if space > 0 && (justify && !ragged || nat > width+1e-9) { // rounding is not overfull
		diff := width - nat
		give := space*stretchRatio + glyphs*ex
		if diff < 0 {
			give = space*shrinkRatio + glyphs*ex
		}
		if ex > 0 && give > 0 {
			r := max(-1, min(1, diff/give))
			f.glyphs = 1 + math.Round(r*ex*expandStep)/expandStep
		}
		f.space = 1 + (diff-glyphs*(f.glyphs-1))/space
	}
	ln.justified = space > 0 && justify && !ragged
	if ln.justified && ex > 0 && f.space > MaxRatio {
		f = tracking(lw, space, f)
	}
	ln.ratio = f.space
	ln.overfull = nat-space*shrinkRatio-glyphs*ex > width+1e-6
	ln.split = end < len(ws) && last.space == 0 && !last.hard
	return ln, f, ragged
}

// tracking gives a justified line whose spaces are past MaxRatio with its
// glyphs at their widest what professional composers give it as a last
// resort (InDesign's letter spacing): a little more room after each glyph
// of a word, so that the spaces come down to MaxRatio. It is never more than
// trackMax em (0.1 pt at 10 pt, which the eye does not see), rounded up to
// 1/trackStep pt so that the Tc written is exactly what was measured; the
// spaces take the rest, past MaxRatio when the bound is not enough. The gap
// between two words stays the spaces' alone: a word's last glyph gets no
// tracking, so what stats reports is what a reader sees between words.
func tracking(lw []word, space float64, f fit) fit {
	n, size := trackRoom(lw)
	if n == 0 {
		return f
	}
	// The spaces at MaxRatio (a hair under, so that rounding does not
	// leave them a hair over); the glyphs take what is left over.
	excess := space * (f.space - (MaxRatio - 1e-9))
	t := math.Ceil(excess/(float64(n)*f.glyphs)*trackStep) / trackStep
	f.track = min(t, trackLimit(size))
	f.space -= float64(n) * float64(f.track*f.glyphs) / space
	return f
}

// trackRoom counts the glyphs of a line that tracking widens, every glyph
// but the last of each word (a hyphen drawn at the line's end is its word's
// last), and gives the largest size of its text.
func trackRoom(lw []word) (n int, size float64) {
	for k, w := range lw {
		for _, f := range w.frags {
			n += utf8.RuneCountInString(f.s)
			size = max(size, f.size)
		}
		if k < len(lw)-1 && w.space > 0 || k == len(lw)-1 && w.hyphen == 0 {
			n-- // the word ends here
		}
	}
	return max(n, 0), size
}

// trackLimit is the most tracking a line of text of size may get: trackMax
// em, on the 1/trackStep grid.
func trackLimit(size float64) float64 {
	return math.Floor(trackMax*size*trackStep+1e-9) / trackStep
}

// lineSetter places the words of lines into one array of items.
type lineSetter struct {
	items  []item
	spaced strings.Builder
	broken map[int]string // brokenWords of the paragraph
	y      float64        // the baseline
}

// words places the pieces lw of one line (the first is piece start of the
// paragraph, its items begin at items[first]) from x, and returns the
// footnotes marked on it.
//
// Positions are sums of products written as float64(a*b): the Go spec
// lets a compiler fuse a*b+c into one FMA instruction (arm64 does, amd64
// does not), which rounds differently; an explicit conversion forbids the
// fusion, so both place every word at the same x (issue #12 item 11).
func (ls *lineSetter) words(lw []word, start, first int, x float64, fit fit, ragged bool) []string {
	var notes []string
	cx, y := x, ls.y
	for k, w := range lw {
		whole, inBroken := ls.broken[start+k]
		past := false
		ends := k < len(lw)-1 && w.space > 0 || k == len(lw)-1 && (w.hyphen == 0 || ragged)
		for fi, f := range w.frags {
			fw := float64(f.w * fit.glyphs)
			t := book.Text{X: cx, Y: y + f.rise, W: fw, Face: f.face, Size: f.size, Color: f.color, S: f.s, HScale: hscale(fit.glyphs), Elem: f.el}
			if fit.track != 0 {
				// Tc widens every glyph; the word's last one's
				// share falls in the gap before the next word,
				// which is placed by its own x.
				n := utf8.RuneCountInString(f.s)
				if ends && fi == len(w.frags)-1 {
					n--
				}
				t.Tracking = fit.track
				fw += float64(float64(n) * float64(fit.track*fit.glyphs))
				t.W = fw
			}
			if f.note != "" {
				notes = append(notes, f.note)
			}
			// A trailing space glyph lets readers copy and search
			// the text with its word spaces; it has no ink.
			trailing := fi == len(w.frags)-1 && k < len(lw)-1 && w.space > 0
			if trailing {
				// String does not copy, and what it returned stays
				// as it is while more is written.
				at := ls.spaced.Len()
				ls.spaced.WriteString(t.S)
				ls.spaced.WriteByte(' ')
				t.S = ls.spaced.String()[at:]
			}
			// From a raised fragment (a note's mark) on, the text reads
			// as itself: the mark is not part of the hyphenated word
			// (hyphenText) and belongs to another element, the Reference.
			past = past || f.rise != 0
			if inBroken && !past {
				t.HasActualText = true
				switch {
				case fi == 0 && whole != "":
					t.ActualText = whole
				case trailing:
					t.ActualText = " "
				}
			}
			if prev := mergeable(ls.items[first:], t); prev != nil {
				// The pieces of a word that did not break here are
				// one run of text again.
				prev.S += t.S
				prev.W += t.W
			} else {
				ls.items = append(ls.items, textItem(t))
			}
			if f.link != "" {
				lk := linkItem(f.link, cx, y, fw, f.size)
				lk.Elem = f.el
				ls.items = append(ls.items, otherItem(lk))
			}
			cx += fw
		}
		if k == len(lw)-1 && w.hyphen > 0 && !ragged {
			f := w.frags[len(w.frags)-1]
			ls.items = append(ls.items, textItem(book.Text{X: cx, Y: y, W: float64(w.hyphen * fit.glyphs), Face: f.face, Size: f.size, Color: f.color, S: "-", HasActualText: true, HScale: hscale(fit.glyphs), Tracking: fit.track, Elem: f.el}))
		}
		cx += float64(w.space * fit.space)
	}
	return notes
}

// mergeable returns the last item of items when t continues it: the same
// face, size and colour, no space between them, neither carrying text of
// its own for readers. It returns nil when t is to be an item of its own.
func mergeable(items []item, t book.Text) *book.Text {
	if len(items) == 0 || t.HasActualText || !items[len(items)-1].isText() {
		return nil
	}
	prev := &items[len(items)-1].text
	if prev.HasActualText || prev.Face != t.Face || prev.Size != t.Size || prev.Color != t.Color || prev.Y != t.Y || prev.HScale != t.HScale || prev.Tracking != t.Tracking || prev.Elem != t.Elem ||
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
				whole.WriteString(hyphenText(ws[k]))
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

// hscale is the book's HScale for glyphs scaled by g: 0 when they are not.
func hscale(g float64) float64 {
	if g == 1 {
		return 0
	}
	return g
}

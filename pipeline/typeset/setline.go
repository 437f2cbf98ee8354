package typeset

import (
	"math"
	"strings"

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
	return setLinesAt(ws, ends, x, 0, width, justify)
}

// setLinesAt is setLines with the baselines at y rather than 0.
func setLinesAt(ws []word, ends []int, x, y, width float64, justify bool) []line {
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
		ln, scale, ragged := fitLine(ws, start, end, width, justify)
		first := len(ls.items) // this line's items are items[first:]
		ln.notes = ls.words(ws[start:end], start, first, x, scale, ragged)
		ln.items = ls.items[first:len(ls.items):len(ls.items)]
		out = append(out, ln)
		start = end
	}
	return out
}

// fitLine measures the line of pieces start..end-1 against width: it
// returns the line with its ratio and flags set, the factor its spaces are
// scaled by, and whether it is ragged.
func fitLine(ws []word, start, end int, width float64, justify bool) (ln line, scale float64, ragged bool) {
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
	scale = 1.0
	if space > 0 && (justify && !ragged || nat > width+1e-9) { // rounding is not overfull
		scale = 1 + (width-nat)/space
	}
	ln.ratio = scale
	ln.justified = space > 0 && justify && !ragged
	ln.overfull = nat-space*shrinkRatio > width+1e-6
	ln.split = end < len(ws) && last.space == 0 && !last.hard
	return ln, scale, ragged
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
func (ls *lineSetter) words(lw []word, start, first int, x, scale float64, ragged bool) []string {
	var notes []string
	cx, y := x, ls.y
	for k, w := range lw {
		whole, inBroken := ls.broken[start+k]
		for fi, f := range w.frags {
			t := book.Text{X: cx, Y: y + f.rise, W: f.w, Face: f.face, Size: f.size, Color: f.color, S: f.s}
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
			if inBroken {
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
				ls.items = append(ls.items, otherItem(linkItem(f.link, cx, y, f.w, f.size)))
			}
			cx += f.w
		}
		if k == len(lw)-1 && w.hyphen > 0 && !ragged {
			f := w.frags[len(w.frags)-1]
			ls.items = append(ls.items, textItem(book.Text{X: cx, Y: y, W: w.hyphen, Face: f.face, Size: f.size, Color: f.color, S: "-", HasActualText: true}))
		}
		cx += w.space * scale
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

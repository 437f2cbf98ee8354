package render

import (
	"math"
	"strconv"
	"strings"

	"bulletin/pipeline/book"
)

// One annotation per link (#13). The book places a Link item over each
// word or line of a link; a reader would announce each as a link of its
// own. The renderer joins the Link items of one link on a page into one
// annotation: a /Rect covering them, one quadrilateral per line in
// /QuadPoints, which is what a viewer makes clickable, and /Contents
// saying where it goes, which a screen reader reads.

// linkRuns groups the Link items of a page into runs, each one link: the
// Link items of one Link element with the same target, one after another
// among the page's Link items (text between them is no matter). It maps
// the index of each run's first item to the run; the other items of a
// run are drawn with it. A Link item without an element is a run alone.
func linkRuns(items []book.Item) map[int][]book.Link {
	runs := map[int][]book.Link{}
	last := -1 // the first item of the run the last Link item is in
	for i, it := range items {
		l, ok := it.(book.Link)
		if !ok {
			continue
		}
		if last >= 0 {
			p := runs[last][0]
			if l.Elem != nil && p.Elem == l.Elem && p.URL == l.URL && p.Dest == l.Dest {
				runs[last] = append(runs[last], l)
				continue
			}
		}
		runs[i] = []book.Link{l}
		last = i
	}
	return runs
}

// box is a rectangle on the sheet: top left x, y (downward), width and
// height, in points.
type box struct{ x, y, w, h float64 }

func (a box) union(b box) box {
	x0, y0 := math.Min(a.x, b.x), math.Min(a.y, b.y)
	x1, y1 := math.Max(a.x+a.w, b.x+b.w), math.Max(a.y+a.h, b.y+b.h)
	return box{x0, y0, x1 - x0, y1 - y0}
}

// linkLines joins the Link items of a run that lie on one line (the same
// top and height) into one box per line, in the order of the run, moved
// by the sheet's offset ox, oy.
func linkLines(run []book.Link, ox, oy float64) []box {
	var lines []box
	for _, l := range run {
		b := box{l.X + ox, l.Y + oy, l.W, l.H}
		k := len(lines) - 1
		if k >= 0 && math.Abs(lines[k].y-b.y) < 0.01 && math.Abs(lines[k].h-b.h) < 0.01 {
			lines[k] = lines[k].union(b)
			continue
		}
		lines = append(lines, b)
	}
	return lines
}

// annotEntries are the entries finish adds to a link annotation: its
// /Contents and its /QuadPoints, one quadrilateral per line in PDF user
// space (origin at the bottom left of a sheet sheetH high). Each
// quadrilateral goes counterclockwise from its bottom left corner, as ISO
// 32000-1 12.5.6.5 describes it.
func annotEntries(contents string, lines []box, sheetH float64) string {
	var b strings.Builder
	b.WriteString("/Contents " + utf16Hex(contents) + " /QuadPoints [")
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	for i, l := range lines {
		if i > 0 {
			b.WriteByte(' ')
		}
		left, right := num(l.x), num(l.x+l.w)
		bottom, top := num(sheetH-l.y-l.h), num(sheetH-l.y)
		b.WriteString(strings.Join([]string{left, bottom, right, bottom, right, top, left, top}, " "))
	}
	b.WriteString("] ")
	return b.String()
}

// destination describes an internal link's target for a screen reader:
// "Go to II. Title, page 4" when an outline entry starts where its anchor
// is, else "Go to page 4".
func (r *renderer) destination(anchor string) string {
	if r.dests == nil {
		r.dests = describeAnchors(r.b)
	}
	if d, ok := r.dests[anchor]; ok {
		return d
	}
	return "Go to " + anchor
}

// describeAnchors describes every anchor of b as destination does.
func describeAnchors(b *book.Book) map[string]string {
	type at struct {
		page int
		y    float64
	}
	titles := map[at]string{}
	for _, m := range b.Outline {
		if _, ok := titles[at{m.Page, m.Y}]; !ok {
			titles[at{m.Page, m.Y}] = m.Title
		}
	}
	out := map[string]string{}
	for _, pg := range b.Pages {
		label := pg.Label
		if label == "" {
			label = strconv.Itoa(pg.Index + 1)
		}
		for _, it := range pg.Items {
			a, ok := it.(book.Anchor)
			if !ok {
				continue
			}
			if t, ok := titles[at{pg.Index, a.Y}]; ok {
				out[a.Name] = "Go to " + t + ", page " + label
			} else {
				out[a.Name] = "Go to page " + label
			}
		}
	}
	return out
}

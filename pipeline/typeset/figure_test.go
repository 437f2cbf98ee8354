package typeset

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"testing"

	"bulletin/fonts"
	"bulletin/internal/work"
	"bulletin/pipeline/asset"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// figurePages lays out an article with filler, a figure, then more text,
// and returns the page of the image and of the first line of the text
// after it ("after#2").
func figurePages(t *testing.T, filler int, px int) (*book.Book, Report, int, int) {
	t.Helper()
	img := &doc.Image{Src: "images/map.png", Alt: "Map of the new road"}
	img.Pos.File, img.Pos.Line, img.Pos.Col = "e/01-a.md", 9, 1
	d := document(doc.Article{Name: "01-a", Title: "Roads", Lang: "en", Blocks: []doc.Block{tagged(1, filler), img, tagged(2, 60)}})
	d.Assets = asset.Table{img.Src: {Format: "png", Width: px, Height: px / 2}}
	b, r, err := BookReport(t.Context(), testInput(t, d), pageM)
	if err != nil {
		t.Fatal(err)
	}
	imgPage, after := -1, -1
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			switch v := it.(type) {
			case book.Image:
				imgPage = pg.Index
			case book.Text:
				if after < 0 && strings.Contains(v.S, "#2") {
					after = pg.Index
				}
			}
		}
	}
	return b, r, imgPage, after
}

// A figure that does not fit at the foot of a page moves whole to the head
// of the next, and the text after it fills the rest of the page first.
func TestFigureFloatsToNextPage(t *testing.T) {
	var moved bool
	for filler := 100; filler <= 1200; filler += 20 {
		_, _, imgPage, after := figurePages(t, filler, 1200)
		if imgPage < 0 {
			t.Fatal("figure not placed")
		}
		if after < imgPage {
			moved = true
			// The figure stands at the top of its page.
			b, _, _, _ := figurePages(t, filler, 1200)
			top := testInput(t, document()).Layout.Margins.Top
			for _, it := range b.Pages[imgPage].Items {
				if im, ok := it.(book.Image); ok && math.Abs(im.Y-top) > 1e-6 {
					t.Errorf("filler %d: moved figure at y=%.1f, want the head of page %d (y=%.1f)", filler, im.Y, imgPage+1, top)
				}
			}
		}
	}
	if !moved {
		t.Error("no filler length made the figure move; the test checks nothing")
	}
}

// A picture too small for print at its placed size is a warning with the
// position of the image in its article; a large one is not.
func TestFigureResolutionWarning(t *testing.T) {
	_, r, _, _ := figurePages(t, 50, 400)
	if len(r.Warnings) != 1 || !strings.HasPrefix(r.Warnings[0], "e/01-a.md:9:1: warning: image \"images/map.png\" prints at") {
		t.Errorf("warnings = %q, want one for the 400-pixel picture", r.Warnings)
	}
	_, r, _, _ = figurePages(t, 50, 2400)
	if len(r.Warnings) != 0 {
		t.Errorf("warnings = %q for a 2400-pixel picture", r.Warnings)
	}
}

// With FlushBottom the spaces between blocks grow so that full pages end on
// the same line; without it, pages end where their text does.
func TestFlushBottom(t *testing.T) {
	var arts []doc.Article
	for i := range 12 {
		arts = append(arts, doc.Article{Name: fmt.Sprintf("%02d-a", i), Title: "Ports and rails", Lang: "en",
			Blocks: []doc.Block{tagged(1, 40+i*7), heading(2, "Outlook"), tagged(2, 90), tagged(3, 25+i)}})
	}
	gaps := func(flush bool) []float64 {
		in := testInput(t, document(arts...))
		in.Layout.FlushBottom = flush
		_, r, err := BookReport(t.Context(), in, pageM)
		if err != nil {
			t.Fatal(err)
		}
		return r.Gaps
	}
	off, on := gaps(false), gaps(true)
	if len(off) != len(on) {
		t.Fatalf("flushing changed the page count: %d pages, then %d", len(off), len(on))
	}
	filled := 0
	for i := range on {
		if on[i] > off[i]+1e-9 {
			t.Errorf("page %d: %.2f lines short when flushed, %.2f when not", i+1, on[i], off[i])
		}
		if on[i] < off[i]-1e-6 {
			filled++
		}
	}
	if filled == 0 {
		t.Errorf("no short page was filled (gaps %v, flushed %v)", off, on)
	}
}

// A space between blocks grows by at most maxSpread points to fill a page:
// a page a line short is better than gaps that differ from page to page.
func TestSpreadAtMostTwoPoints(t *testing.T) {
	for _, tc := range []struct {
		gap, used float64
	}{
		{gap: 3, used: 3},          // room for all of it: 1 pt a space
		{gap: 30, used: 3 * 2},     // each of the three grows 2 pt, no more
		{gap: 0, used: 0},          // a full page
		{gap: 5.4, used: 5.4},      // 1.8 pt a space
		{gap: 14 * 3, used: 3 * 2}, // three lines short stay short
	} {
		p := &pager{draw: true}
		p.cur = []item{textItem(book.Text{Y: 10}), textItem(book.Text{Y: 30}), textItem(book.Text{Y: 50}), textItem(book.Text{Y: 70})}
		for i := range 3 {
			p.spaces = append(p.spaces, space{size: 7, items: i + 1})
		}
		if got := p.spread(tc.gap); math.Abs(got-tc.used) > 1e-9 {
			t.Errorf("gap %g: used %g, want %g", tc.gap, got, tc.used)
		}
		want := []float64{10, 30, 50, 70}
		for i := range 3 {
			want[i+1] += min(tc.gap/3, maxSpread) * float64(i+1)
		}
		for i, it := range p.cur {
			if math.Abs(it.text.Y-want[i]) > 1e-9 {
				t.Errorf("gap %g: item %d at y=%g, want %g", tc.gap, i, it.text.Y, want[i])
			}
		}
	}
}

type panicky struct{}

func (panicky) Width(fonts.Face, float64, string) float64 { panic("measurer broke") }
func (panicky) Extent(fonts.Face) (float64, float64)      { return 0.9, 0.2 }

// A panic while articles are set on other cores reaches the caller of Book
// as an error that keeps the panic and its stack, instead of killing the
// process.
func TestPanicInWorkerReachesCaller(t *testing.T) {
	_, err := Book(t.Context(), testInput(t, document(doc.Article{Name: "01-a", Title: "T", Blocks: []doc.Block{tagged(1, 5)}})), panicky{})
	var pe *work.PanicError
	if !errors.As(err, &pe) || pe.Value != "measurer broke" || !strings.Contains(string(pe.Stack), "panicky") {
		t.Fatalf("Book returned %v, want the worker's panic with its stack", err)
	}
}

// cancelling measures like pageM and cancels its context after a number of
// measurements, as a user's Ctrl-C would in the middle of a layout.
type cancelling struct {
	fakeMeasurer
	left   *atomic.Int64
	cancel context.CancelFunc
}

func (c cancelling) Width(f fonts.Face, size float64, s string) float64 {
	if c.left.Add(-1) == 0 {
		c.cancel()
	}
	return c.fakeMeasurer.Width(f, size, s)
}

// Book stops once its context is done, at the start, while the articles
// are set or between pages, and says why.
func TestBookStopsWhenCancelled(t *testing.T) {
	d := document(articles(60)...)
	// Count the measurements of a whole layout first.
	left := new(atomic.Int64)
	left.Store(1 << 40)
	if _, err := Book(t.Context(), testInput(t, d), cancelling{pageM, left, func() {}}); err != nil {
		t.Fatal(err)
	}
	total := 1<<40 - left.Load()
	for _, after := range []int64{1, total / 4, total / 2, total * 3 / 4, total - 1} {
		ctx, cancel := context.WithCancel(t.Context())
		left.Store(after)
		bk, err := Book(ctx, testInput(t, d), cancelling{pageM, left, cancel})
		if !errors.Is(err, context.Canceled) || bk != nil {
			t.Errorf("cancelled after %d measurements: book %v, error %v; want no book and context.Canceled", after, bk != nil, err)
		}
		cancel()
	}
}

// Pictures are numbered in reading order; in a combined edition the
// translation's copy of a picture its original shows takes the same
// number and, unless the layout repeats figures, is printed with the
// original (whose caption then carries the translation's too).
func TestNumberFigures(t *testing.T) {
	pic := func(src, alt string) *doc.Image { return &doc.Image{Src: src, Alt: alt} }
	type want struct {
		num        int
		skip, twin bool
	}
	mapEn, roadEn, mapAz, roadAz, onlyAz := pic("map.png", "Map"), pic("road.png", "Road"), pic("map.png", "Xəritə"), pic("road.png", "Yol"), pic("quay.png", "Körpü")
	noteFig := pic("note.png", "")
	tests := []struct {
		name   string
		arts   []doc.Article
		repeat bool
		want   map[*doc.Image]want
	}{
		{"one language, across articles and notes", []doc.Article{
			{Lang: "en", Blocks: []doc.Block{mapEn, &doc.Footnote{ID: "1", Blocks: []doc.Block{noteFig}}}},
			{Lang: "en", Blocks: []doc.Block{roadEn}},
		}, false, map[*doc.Image]want{mapEn: {num: 1}, noteFig: {num: 2}, roadEn: {num: 3}}},
		{"combined, printed once", []doc.Article{
			{Lang: "en", Blocks: []doc.Block{mapEn}, Translation: &doc.Article{Lang: "az", Blocks: []doc.Block{onlyAz, mapAz}}},
			{Lang: "en", Blocks: []doc.Block{roadEn}, Translation: &doc.Article{Lang: "az", Blocks: []doc.Block{roadAz}}},
		}, false, map[*doc.Image]want{mapEn: {num: 1, twin: true}, onlyAz: {num: 2}, mapAz: {num: 1, skip: true}, roadEn: {num: 3, twin: true}, roadAz: {num: 3, skip: true}}},
		{"combined, repeated by the layout", []doc.Article{
			{Lang: "en", Blocks: []doc.Block{mapEn}, Translation: &doc.Article{Lang: "az", Blocks: []doc.Block{mapAz}}},
			{Lang: "en", Blocks: []doc.Block{roadEn}, Translation: &doc.Article{Lang: "az", Blocks: []doc.Block{onlyAz}}},
		}, true, map[*doc.Image]want{mapEn: {num: 1}, mapAz: {num: 1}, roadEn: {num: 2}, onlyAz: {num: 3}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs := numberFigures(&doc.Document{Articles: tc.arts}, tc.repeat)
			if len(refs) != len(tc.want) {
				t.Errorf("%d pictures numbered, want %d", len(refs), len(tc.want))
			}
			for im, w := range tc.want {
				r := refs[im]
				if r.num != w.num || r.skip != w.skip || (r.twin != nil) != w.twin {
					t.Errorf("%s %q: number %d skip %v twin %v; want %d %v %v", im.Src, im.Alt, r.num, r.skip, r.twin != nil, w.num, w.skip, w.twin)
				}
			}
		})
	}
}

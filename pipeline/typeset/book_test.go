package typeset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// The page tests set small documents built in memory with the real
// aircenter layout and a fake measurer of 5 units per rune (half the type
// size, about a real book face's average), so that they do not depend on
// font metrics; every expectation is derived from the layout's numbers, so
// that a change of margins or sizes does not break them.
var pageM = fakeMeasurer{unit: 5}

func testInput(t testing.TB, d *doc.Document) Input {
	t.Helper()
	l, err := layouts.Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	return Input{
		Doc:      d,
		Layout:   l,
		Names:    map[string]string{"en": "Centre for Transport and Energy", "az": "Nəqliyyat və Enerji Mərkəzi"},
		Subtitle: "Roads, rails and power lines of the region",
		Year:     2031,
		Month:    time.March,
		Date:     time.Date(2031, time.March, 1, 0, 0, 0, 0, time.UTC),
	}
}

var prose = strings.Fields(`The ferry from Ələt reaches Kuryk twice a week and the new rail
line to Gəncə will carry grain, cotton and containers by the spring; buses to
Ağdam and Şuşa run every hour, the power line to Xankəndi brings wind energy
from the Caspian shore, and a depot near Ağdam stores spare parts for the
trains.`)

// tagged is a paragraph of n words of prose, each word marked "#tag", so
// that every line of it can be traced back to it in the book.
func tagged(tag, n int) *doc.Paragraph {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s#%d", prose[i%len(prose)], tag)
	}
	return &doc.Paragraph{Inlines: []doc.Inline{{Text: b.String()}}}
}

func heading(level int, s string) *doc.Heading {
	return &doc.Heading{Level: level, Inlines: []doc.Inline{{Text: s}}}
}

func document(arts ...doc.Article) *doc.Document {
	return &doc.Document{Edition: "2031-03", Lang: "en", Articles: arts}
}

// pline is one line of the book as the tests see it.
type pline struct {
	page int
	y    float64 // baseline
	kind string  // "body", "head" (a subheading), "title" (an article's)
	tag  int     // the paragraph of a body line, -1 if untagged
	text string
}

// bookLines lists the lines of the article pages in reading order (the
// pager appends items in that order), skipping the front page, the
// contents and the footers.
func bookLines(t *testing.T, b *book.Book, l *layouts.Layout) []pline {
	t.Helper()
	first := len(b.Pages)
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if _, ok := it.(book.Anchor); ok {
				first = min(first, pg.Index)
			}
		}
	}
	var out []pline
	for _, pg := range b.Pages[first:] {
		for _, it := range pg.Items {
			tx, ok := it.(book.Text)
			if !ok {
				continue
			}
			var kind string
			switch {
			case tx.Face == fonts.Face{Family: l.Fonts.Body} && tx.Size == l.Sizes.Body:
				kind = "body"
			case tx.Face == fonts.Face{Family: l.Fonts.Heading, Style: fonts.Bold} && tx.Size == l.Sizes.Subheading,
				tx.Face == fonts.Face{Family: l.Fonts.Heading, Style: fonts.BoldItalic} && tx.Size == l.Sizes.Body:
				kind = "head"
			case tx.Face == fonts.Face{Family: l.Fonts.Heading, Style: fonts.Bold} && tx.Size == l.Sizes.Article:
				kind = "title"
			default:
				continue
			}
			tag := -1
			if i := strings.LastIndexByte(tx.S, '#'); i >= 0 {
				if n, err := strconv.Atoi(strings.TrimSpace(tx.S[i+1:])); err == nil {
					tag = n
				}
			}
			if n := len(out); n > 0 && out[n-1].page == pg.Index && out[n-1].y == tx.Y && out[n-1].kind == kind {
				ln := &out[n-1]
				if ln.tag != tag && tag >= 0 {
					if ln.tag >= 0 {
						t.Errorf("page %s: one line holds words of paragraphs %d and %d", pg.Label, ln.tag, tag)
					}
					ln.tag = tag
				}
				ln.text += tx.S
				continue
			}
			out = append(out, pline{page: pg.Index, y: tx.Y, kind: kind, tag: tag, text: tx.S})
		}
	}
	return out
}

// keepStats counts how often the keep rules had visible work to do, so
// that a sweep can show it really met the cases it is meant to check.
type keepStats struct {
	split        int // paragraphs of 4 or more lines broken across pages
	widowPushed  int // a paragraph's line moved on although it fitted
	orphanPushed int // a paragraph's first line moved on although it fitted
	headMoved    int // a heading moved on although it alone fitted
}

// checkKeeps checks the page-breaking rules on the lines of a book:
//   - no page holds a single line of a paragraph of two or more lines (no
//     orphan at a page's foot, no widow at its head);
//   - a heading is never the last line of a page: it shares its page with
//     at least two lines of the paragraph after it (all of it when it is
//     shorter).
func checkKeeps(t *testing.T, what string, lines []pline, l *layouts.Layout, st *keepStats) {
	t.Helper()
	bottom := l.Page.Height - l.Margins.Bottom
	// The room left under a body line at baseline y.
	roomBelow := func(y float64) float64 {
		return bottom - (y + l.Sizes.Leading*0.5 - l.Sizes.Body*0.35)
	}
	count := map[int]int{}
	for _, ln := range lines {
		if ln.kind == "body" && ln.tag >= 0 {
			count[ln.tag]++
		}
	}
	for i := 0; i < len(lines); {
		ln := lines[i]
		if ln.kind == "body" {
			j := i
			for j < len(lines) && lines[j].kind == "body" && lines[j].tag == ln.tag {
				j++
			}
			n := j - i
			for k := i; k < j; {
				m := k
				for m < j && lines[m].page == lines[k].page {
					m++
				}
				if n >= 2 && m-k == 1 {
					where := "foot"
					if k > i {
						where = "head"
					}
					t.Errorf("%s: paragraph %d (%d lines) leaves one line at the %s of page %d", what, ln.tag, n, where, lines[k].page+1)
				}
				k = m
			}
			if lines[j-1].page != ln.page && n >= 4 {
				st.split++
			}
			// A line of this paragraph opens a page though the page before
			// had room for it.
			for k := i; k < j; k++ {
				if k == 0 || lines[k].page == lines[k-1].page || lines[k-1].kind != "body" {
					continue
				}
				room := roomBelow(lines[k-1].y)
				switch {
				case k > i && room >= l.Sizes.Leading:
					st.widowPushed++
				case k == i && room >= l.Sizes.Leading*1.4:
					st.orphanPushed++
				}
			}
			i = j
			continue
		}
		// A heading, possibly of several lines.
		j := i
		for j < len(lines) && lines[j].kind == ln.kind {
			if lines[j].page != ln.page {
				t.Errorf("%s: heading %q is broken across pages", what, ln.text)
			}
			j++
		}
		last := lines[j-1]
		if j < len(lines) && lines[j].kind == "body" {
			need := min(2, count[lines[j].tag])
			for k := j; k < j+need; k++ {
				if lines[k].page != last.page {
					t.Errorf("%s: heading %q on page %d is followed there by %d lines of its paragraph, want %d", what, strings.TrimSpace(ln.text), last.page+1, k-j, need)
					break
				}
			}
		}
		if i > 0 && ln.page != lines[i-1].page && lines[i-1].kind == "body" {
			before, h := l.Sizes.Leading, l.Sizes.Subheading*1.3
			if ln.kind == "title" {
				before, h = l.Sizes.Leading*2.2, l.Sizes.Article*1.25
			}
			if roomBelow(lines[i-1].y) >= before+h {
				st.headMoved++
			}
		}
		i = j
	}
}

// TestNoOrphansOrWidows sweeps a filler paragraph over a page so that the
// paragraphs after it meet the page foot at every possible line.
func TestNoOrphansOrWidows(t *testing.T) {
	var st keepStats
	var l *layouts.Layout
	for k := 1; k <= 760 && !t.Failed(); k += 3 {
		d := document(doc.Article{Name: "01-freight", Title: "Freight and power in the west", Blocks: []doc.Block{
			tagged(1, k), tagged(2, 50), tagged(3, 64), tagged(4, 20), tagged(5, 90),
		}})
		in := testInput(t, d)
		// The sweep reads from the room under a page's last line whether
		// a rule moved it, so the pages keep their natural foot.
		in.Layout.FlushBottom = false
		l = in.Layout
		b, err := Book(t.Context(), in, pageM)
		if err != nil {
			t.Fatalf("k=%d: %v", k, err)
		}
		lines := bookLines(t, b, l)
		checkKeeps(t, fmt.Sprintf("filler of %d words", k), lines, l, &st)
	}
	t.Logf("%+v", st)
	if st.split == 0 || st.widowPushed == 0 || st.orphanPushed == 0 {
		t.Errorf("the sweep never needed the rules (%+v); make the filler longer", st)
	}
}

// TestHeadingKeepsWithText sweeps a filler paragraph so that subheadings
// (## and ###) and the next article's title fall at every place near the
// foot of a page.
func TestHeadingKeepsWithText(t *testing.T) {
	var st keepStats
	for k := 1; k <= 760 && !t.Failed(); k += 3 {
		d := document(
			doc.Article{Name: "01-rail", Title: "Rail links in the west", Blocks: []doc.Block{
				tagged(1, k),
				heading(2, "New track between Ağdam and Şuşa"),
				tagged(2, 40),
				heading(3, "Timetables"),
				tagged(3, 30),
			}},
			doc.Article{Name: "02-power", Title: "Power lines to Xankəndi", Blocks: []doc.Block{
				tagged(4, 45),
			}},
		)
		in := testInput(t, d)
		b, err := Book(t.Context(), in, pageM)
		if err != nil {
			t.Fatalf("k=%d: %v", k, err)
		}
		checkKeeps(t, fmt.Sprintf("filler of %d words", k), bookLines(t, b, in.Layout), in.Layout, &st)
	}
	t.Logf("%+v", st)
	if st.headMoved == 0 {
		t.Errorf("no heading ever had to move to the next page (%+v); the sweep misses the case", st)
	}
}

// TestHeadingAtFoot is the one case spelt out: the filler leaves room at the
// foot of page 2 for the heading but not for the heading and two lines;
// the heading must open page 3 with its paragraph.
func TestHeadingAtFoot(t *testing.T) {
	for k := 1; k <= 760; k++ {
		d := document(doc.Article{Name: "01-rail", Title: "Rail links in the west", Blocks: []doc.Block{
			tagged(1, k), heading(2, "New track between Ağdam and Şuşa"), tagged(2, 60),
		}})
		in := testInput(t, d)
		l := in.Layout
		b, err := Book(t.Context(), in, pageM)
		if err != nil {
			t.Fatal(err)
		}
		lines := bookLines(t, b, l)
		h := -1
		for i, ln := range lines {
			if ln.kind == "head" {
				h = i
			}
		}
		if h <= 0 || lines[h].page == lines[h-1].page {
			continue
		}
		room := l.Page.Height - l.Margins.Bottom - (lines[h-1].y + l.Sizes.Leading*0.5 - l.Sizes.Body*0.35)
		if room < l.Sizes.Leading+l.Sizes.Subheading*1.3 {
			continue // the heading did not fit there anyway
		}
		// Found: the heading alone would have fitted on the page before.
		if h+2 >= len(lines) {
			t.Fatalf("filler %d: the heading's paragraph is missing: %+v", k, lines[h:])
		}
		if lines[h+1].page != lines[h].page || lines[h+2].page != lines[h].page || lines[h+2].tag != 2 {
			t.Errorf("filler %d: heading on page %d without two lines of its paragraph: %+v", k, lines[h].page+1, lines[h:h+3])
		}
		if lines[h].y >= lines[h+1].y {
			t.Errorf("filler %d: heading at y %g is not above its text at %g", k, lines[h].y, lines[h+1].y)
		}
		return
	}
	t.Fatal("no filler length put the heading at the foot of a page")
}

// titles are invented article titles; long ones wrap in the contents.
var titles = []string{
	"Freight on the Middle Corridor",
	"A new bridge at Gəncə",
	"Power for Xankəndi",
	"The road from Ağdam to Şuşa and the villages along it, with the bus timetables for the winter and the new depot",
	"Wind on the Caspian",
	"Ports",
	"Grain, cotton and containers: what the ferries from Ələt carried this year and what they will carry next year",
	"Rail electrification",
	"Solar fields near Füzuli",
	"Transit fees",
}

// articles makes n articles with short bodies, named NN-slug, with titles
// from the list above.
func articles(n int) []doc.Article {
	var out []doc.Article
	for i := range n {
		out = append(out, doc.Article{
			Name:   fmt.Sprintf("%03d-article", i+1),
			Title:  titles[i%len(titles)],
			Blocks: []doc.Block{tagged(i, 15+(i*37)%120)},
		})
	}
	return out
}

// contentsNumbers reads the contents: for each entry's link, the page
// number right-aligned on the entry's last line.
func contentsNumbers(t *testing.T, b *book.Book, l *layouts.Layout) (map[string]string, int) {
	t.Helper()
	right := l.Page.Width - l.Margins.Right
	got := map[string]string{}
	pages := 0
	for _, pg := range b.Pages {
		found := false
		for _, it := range pg.Items {
			ln, ok := it.(book.Link)
			if !ok || ln.Dest == "" {
				continue
			}
			found = true
			var nums []string
			for _, it := range pg.Items {
				tx, ok := it.(book.Text)
				if !ok || math.Abs(tx.X+tx.W-right) > eps || tx.Y < ln.Y || tx.Y > ln.Y+ln.H {
					continue
				}
				if _, err := strconv.Atoi(tx.S); err == nil {
					nums = append(nums, tx.S)
				}
			}
			if len(nums) != 1 {
				t.Errorf("page %s: contents entry for %s has page numbers %q, want one", pg.Label, ln.Dest, nums)
				continue
			}
			if prev, ok := got[ln.Dest]; ok {
				t.Errorf("%s listed twice in the contents (pages %s and %s)", ln.Dest, prev, nums[0])
			}
			got[ln.Dest] = nums[0]
		}
		if found {
			pages++
		}
	}
	return got, pages
}

// TestContentsPageNumbers checks the page references: every contents entry
// prints the page its article's anchor landed on, also when the contents
// run over several pages and push every article on.
func TestContentsPageNumbers(t *testing.T) {
	tests := []struct {
		n           int
		minContents int // pages holding contents entries
		maxContents int
	}{
		{n: 1, minContents: 1, maxContents: 1},
		{n: 6, minContents: 1, maxContents: 1},
		{n: 60, minContents: 2, maxContents: 3},
		{n: 150, minContents: 4, maxContents: 8},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			in := testInput(t, document(articles(tt.n)...))
			b, err := Book(t.Context(), in, pageM)
			if err != nil {
				t.Fatal(err)
			}
			for i, pg := range b.Pages {
				if pg.Index != i {
					t.Errorf("page %d has index %d", i, pg.Index)
				}
			}
			anchors := anchorPages(t, b)
			printed, cpages := contentsNumbers(t, b, in.Layout)
			if cpages < tt.minContents || cpages > tt.maxContents {
				t.Errorf("contents fill %d pages, want %d to %d", cpages, tt.minContents, tt.maxContents)
			}
			for _, a := range in.Doc.Articles {
				idx, ok := anchors[a.Name]
				if !ok {
					t.Errorf("%s has no anchor", a.Name)
					continue
				}
				if p := printed[a.Name]; p != PageNumber(idx) || p != b.Pages[idx].Label {
					t.Errorf("%s: contents print page %q; its heading is on page index %d labelled %q", a.Name, p, idx, b.Pages[idx].Label)
				}
				if idx < cpages {
					t.Errorf("%s starts on page %d, among the contents", a.Name, idx+1)
				}
			}
			if len(b.Outline) != tt.n {
				t.Fatalf("%d bookmarks, want %d", len(b.Outline), tt.n)
			}
			for i, bm := range b.Outline {
				a := in.Doc.Articles[i]
				if bm.Page != anchors[a.Name] || !strings.HasSuffix(bm.Title, a.Title) {
					t.Errorf("bookmark %d %q on page %d; article %q is on page %d", i, bm.Title, bm.Page, a.Title, anchors[a.Name])
				}
			}
		})
	}
}

// TestPagesNeverSettle builds the one case where re-laying out cannot
// converge: a measurer in which the digit 2 is enormous. While an article
// is on page 2, the page-number column is so wide that the contents wrap
// onto a second page and push every article to page 3 or later; then the
// column is narrow again, the contents fit on the front page and the
// articles come back to page 2. Book must give up and name a heading.
func TestPagesNeverSettle(t *testing.T) {
	m := fakeMeasurer{unit: 5, units: map[rune]float64{'2': 60}}
	var arts []doc.Article
	for i := range 20 {
		arts = append(arts, doc.Article{
			Name:   fmt.Sprintf("a%c", 'a'+i),
			Title:  fmt.Sprintf("Freight, power and roads for Ağdam and Şuşa (%c)", 'A'+i),
			Blocks: []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{{Text: "Buses run to Xankəndi every hour."}}}},
		})
	}
	_, err := Book(t.Context(), testInput(t, document(arts...)), m)
	if err == nil {
		t.Fatal("Book settled; the case no longer oscillates")
	}
	msg := err.Error()
	t.Log(msg)
	if !strings.Contains(msg, "did not settle") || !strings.Contains(msg, fmt.Sprintf("%q", arts[0].Title)) {
		t.Errorf("error %q does not say that the pages did not settle and name the heading %q", msg, arts[0].Title)
	}
	// With ordinary widths the same document settles.
	if _, err := Book(t.Context(), testInput(t, document(arts...)), pageM); err != nil {
		t.Errorf("with even widths: %v", err)
	}
}

// TestBookDeterministic sets the same document twice: the pages must be
// identical, item for item (no map order may leak into the layout).
func TestBookDeterministic(t *testing.T) {
	d := document(articles(30)...)
	a, err := Book(t.Context(), testInput(t, d), pageM)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Book(t.Context(), testInput(t, d), pageM)
	if err != nil {
		t.Fatal(err)
	}
	// JSON follows the items' pointers to their structure elements, which
	// %#v would print as addresses.
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !bytes.Equal(ja, jb) {
		t.Error("two layouts of the same document differ")
	}
}

// TestNothingOutsideTheTextArea checks that article pages keep their text
// inside the margins: no line is set past the right margin or below the
// bottom one, and none above the top margin (taking the top of a glyph
// as 0.8 em above its baseline, as linkItem does).
func TestNothingOutsideTheTextArea(t *testing.T) {
	d := document(articles(40)...)
	d.Articles[3].Blocks = append(d.Articles[3].Blocks,
		&doc.List{Items: []doc.ListItem{{Blocks: []doc.Block{tagged(900, 30)}}, {Blocks: []doc.Block{tagged(901, 80)}}}},
		&doc.Quote{Blocks: []doc.Block{tagged(902, 120)}})
	d.Articles[5].Blocks = append(d.Articles[5].Blocks, hostileBlocks()...)
	d.Articles[6].Blocks = append(d.Articles[6].Blocks, manyNotes(120)...)
	in := testInput(t, d)
	l := in.Layout
	b, err := Book(t.Context(), in, pageM)
	if err != nil {
		t.Fatal(err)
	}
	left, right := l.Margins.Left, l.Page.Width-l.Margins.Right
	top, bottom := l.Margins.Top, l.Page.Height-l.Margins.Bottom
	for _, pg := range b.Pages[1:] {
		// The footer sits under a rule below the text area.
		foot := math.Inf(1)
		for _, it := range pg.Items {
			if r, ok := it.(book.Rule); ok && r.Y1 == r.Y2 && r.Y1 > bottom {
				foot = min(foot, r.Y1)
			}
		}
		for _, it := range pg.Items {
			tx, ok := it.(book.Text)
			if !ok || tx.Y > foot {
				continue
			}
			if tx.Y > bottom+eps {
				t.Errorf("page %s: %q has its baseline at %.2f, below the text area (%.2f)", pg.Label, tx.S, tx.Y, bottom)
			}
			if tx.X < left-eps || tx.X+tx.W > right+eps || tx.Y-0.8*tx.Size < top-eps {
				t.Errorf("page %s: %q at x %.2f..%.2f, y %.2f is outside the text area", pg.Label, tx.S, tx.X, tx.X+tx.W, tx.Y)
			}
		}
	}
}

// TestTextWidthsMatchFaces checks "measurement and drawing agree" on every
// text item of a book: its W is the width of its own text in its own face
// and size (a word's trailing space glyph is not counted). A W measured in
// another face would misplace whatever is aligned on it.
func TestTextWidthsMatchFaces(t *testing.T) {
	d := document(articles(12)...)
	d.Articles[1].Blocks = append(d.Articles[1].Blocks,
		heading(2, "Timetables for Ağdam"),
		&doc.List{Ordered: true, Start: 9, Items: []doc.ListItem{{Blocks: []doc.Block{tagged(900, 30)}}, {Blocks: []doc.Block{tagged(901, 8)}}}},
		&doc.Paragraph{Inlines: []doc.Inline{{Text: "Bold "}, {Text: "Şuşa", Style: doc.Bold}, {Text: " and "}, {Text: "code", Style: doc.Code}, {Text: " and a "}, {Text: "link", Link: "https://example.org"}}})
	in := testInput(t, d)
	b, err := Book(t.Context(), in, pageM)
	if err != nil {
		t.Fatal(err)
	}
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			tx, ok := it.(book.Text)
			if !ok {
				continue
			}
			// An expanded line's glyphs are measured at their scale.
			scale := 1.0
			if tx.HScale != 0 {
				scale = tx.HScale
				if math.Abs(scale-1) > expansion+1e-12 {
					t.Errorf("page %s: %q expanded %.4f, past %g", pg.Label, tx.S, scale, expansion)
				}
			}
			w := pageM.Width(tx.Face, tx.Size, tx.S) * scale
			trimmed := pageM.Width(tx.Face, tx.Size, strings.TrimSuffix(tx.S, " ")) * scale
			// A tracked line's glyphs each get Tracking×scale more,
			// but for the last of a word (which may end the text).
			if tx.Tracking != 0 {
				if tx.Tracking < 0 || tx.Tracking > 0.01*tx.Size+1e-12 {
					t.Errorf("page %s: %q tracked %.4f pt, past 0.01 em", pg.Label, tx.S, tx.Tracking)
				}
				n := float64(utf8.RuneCountInString(strings.TrimSuffix(tx.S, " ")))
				w = trimmed + n*tx.Tracking*scale
				trimmed += (n - 1) * tx.Tracking * scale
			}
			if math.Abs(tx.W-w) > 1e-9 && math.Abs(tx.W-trimmed) > 1e-9 {
				t.Errorf("page %s: %q in %v %g has W %.4f, but measures %.4f", pg.Label, tx.S, tx.Face, tx.Size, tx.W, trimmed)
			}
		}
	}
}

// TestCombinedContents: in a combined edition each translation follows its
// original with an anchor of its own; the contents print the page of each
// language's article, each a link of its own, and the outline nests each
// translation under its original.
func TestCombinedContents(t *testing.T) {
	azTitles := []string{"Orta Dəhlizdə yüklər", "Gəncədə yeni körpü", "Xankəndiyə elektrik", "Ağdamdan Şuşaya gedən yol və onun boyunca kəndlər, qış üçün avtobus cədvəli ilə"}
	arts := articles(24)
	for i := range arts {
		tr := arts[i]
		tr.Name, tr.Lang, tr.Title = "", "az", azTitles[i%len(azTitles)]
		tr.Blocks = []doc.Block{tagged(500+i, 20+(i*53)%90)}
		arts[i].Lang = "en"
		arts[i].Translation = &tr
	}
	d := document(arts...)
	d.Combined = true
	in := testInput(t, d)
	b, err := Book(t.Context(), in, pageM)
	if err != nil {
		t.Fatal(err)
	}
	anchors := anchorPages(t, b)
	printed, _ := contentsNumbers(t, b, in.Layout)
	if len(printed) != 2*len(arts) {
		t.Errorf("%d contents entries, want %d", len(printed), 2*len(arts))
	}
	for _, a := range arts {
		orig, ok1 := anchors[a.Name]
		tr, ok2 := anchors[a.Name+".az"]
		if !ok1 || !ok2 {
			t.Errorf("%s: anchors original %v, translation %v", a.Name, ok1, ok2)
			continue
		}
		if tr < orig {
			t.Errorf("%s: translation on page %d before its original on page %d", a.Name, tr+1, orig+1)
		}
		if printed[a.Name] != b.Pages[orig].Label {
			t.Errorf("%s: contents print %q, the article is on page %q", a.Name, printed[a.Name], b.Pages[orig].Label)
		}
		if printed[a.Name+".az"] != b.Pages[tr].Label {
			t.Errorf("%s: contents print %q for the translation, it is on page %q", a.Name, printed[a.Name+".az"], b.Pages[tr].Label)
		}
	}
	if len(b.Outline) != 2*len(arts) {
		t.Fatalf("%d bookmarks, want %d", len(b.Outline), 2*len(arts))
	}
	for i, bm := range b.Outline {
		a := arts[i/2]
		want, level, anchor := a.Title, 0, a.Name
		if i%2 == 1 {
			want, level, anchor = a.Translation.Title, 1, a.Name+".az"
		}
		if !strings.HasSuffix(bm.Title, want) || bm.Level != level || bm.Page != anchors[anchor] {
			t.Errorf("bookmark %d: %q level %d page %d; want %q level %d page %d", i, bm.Title, bm.Level, bm.Page, want, level, anchors[anchor])
		}
	}
}

// anchorPages maps each anchor of the book to the index of its page, and
// fails on an anchor set twice.
func anchorPages(t *testing.T, b *book.Book) map[string]int {
	t.Helper()
	anchors := map[string]int{}
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if a, ok := it.(book.Anchor); ok {
				if _, dup := anchors[a.Name]; dup {
					t.Errorf("anchor %s twice", a.Name)
				}
				anchors[a.Name] = pg.Index
			}
		}
	}
	return anchors
}

// hostileBlocks are blocks that push text outward: a table of 60 columns,
// one with an address of 2,000 characters in a cell, a row taller than a
// page, numbers of nine digits and lists and quotes twelve deep.
func hostileBlocks() []doc.Block {
	cell := func(s string) []doc.Inline { return []doc.Inline{{Text: s}} }
	wide := &doc.Table{}
	for r := range 3 {
		var row [][]doc.Inline
		for c := range 60 {
			row = append(row, cell(fmt.Sprintf("Gəncə%d-%d", r, c)))
		}
		wide.Rows = append(wide.Rows, row)
	}
	url := "https://example.org/" + strings.Repeat("ağdam/", 330)
	long := &doc.Table{Rows: [][][]doc.Inline{{cell("Source"), cell("Note")}, {[]doc.Inline{{Text: url, Link: url}}, cell("one")}}}
	tall := &doc.Table{Rows: [][][]doc.Inline{{cell("Year"), cell("Event")}, {cell("2031"), tagged(903, 1200).Inlines}}}
	var deep doc.Block = tagged(904, 40)
	for i := range 12 {
		if i%2 == 0 {
			deep = &doc.Quote{Blocks: []doc.Block{deep}}
		} else {
			deep = &doc.List{Ordered: true, Start: 999999990, Items: []doc.ListItem{{Blocks: []doc.Block{deep}}}}
		}
	}
	numbered := &doc.List{Ordered: true, Start: 999999990, Items: []doc.ListItem{{Blocks: []doc.Block{tagged(905, 20)}}, {Blocks: []doc.Block{tagged(906, 20)}}}}
	return []doc.Block{wide, long, tall, deep, numbered}
}

// manyNotes is a paragraph with n references and their notes, so that the
// last notes have three-digit numbers.
func manyNotes(n int) []doc.Block {
	p := &doc.Paragraph{}
	var out []doc.Block
	for i := range n {
		id := strconv.Itoa(i)
		p.Inlines = append(p.Inlines, doc.Inline{Text: "Ferries sail "}, doc.Inline{Kind: doc.FootnoteRef, Text: id})
		out = append(out, &doc.Footnote{ID: id, Blocks: []doc.Block{tagged(907, 5)}})
	}
	return append([]doc.Block{p}, out...)
}

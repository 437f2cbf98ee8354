package typeset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"bulletin/internal/fingerprint"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// keepForTest turns on what the watch keeps between books for one test,
// and lets it all go after it.
func keepForTest(t *testing.T) {
	KeepArticles()
	t.Cleanup(func() {
		kept = fingerprint.Keeper[[]vbox]{}
		lanes = fingerprint.Keeper[*lane]{}
	})
}

// combined makes the articles a combined edition's, each followed by its
// translation.
func combined(arts []doc.Article) *doc.Document {
	for i := range arts {
		tr := arts[i]
		tr.Name, tr.Lang, tr.Title = "", "az", "Tərcümə "+arts[i].Title
		tr.Blocks = []doc.Block{tagged(700+i, 30+(i*41)%70)}
		arts[i].Lang = "en"
		arts[i].Translation = &tr
	}
	d := document(arts...)
	d.Combined = true
	return d
}

// TestPagesBeforeAChange typesets a document, changes it, and typesets it
// again with what the watch keeps: the book and its report must be the
// ones a cold typesetter makes of the changed document, and the pages
// before the page where the first changed article starts must be the
// first book's own (taken over, not placed again), and no other page.
func TestPagesBeforeAChange(t *testing.T) {
	const n = 30
	longer := func(d *doc.Document, i int) {
		d.Articles[i].Blocks = append(d.Articles[i].Blocks, tagged(900, 400))
	}
	cases := []struct {
		name     string
		combined bool
		edit     func(d *doc.Document)
		input    func(in *Input)
		first    int  // the first article changed, or where the articles start
		moves    bool // the edit moves the pages after it
		contents bool // the front pages take another page, so nothing is taken over
	}{
		{name: "nothing changed", edit: func(*doc.Document) {}, first: n - 1},
		{name: "the first article", edit: func(d *doc.Document) { d.Articles[0].Blocks[0] = tagged(800, 15) }, first: 0},
		{name: "the last article", edit: func(d *doc.Document) { d.Articles[n-1].Blocks[0] = tagged(800, 40) }, first: n - 1},
		{name: "a page break moves", edit: func(d *doc.Document) { longer(d, n/2) }, first: n / 2, moves: true},
		{name: "a title in the contents", edit: func(d *doc.Document) { d.Articles[n-1].Title = "A Title Changed" }, first: n - 1},
		{name: "the articles start a page later", edit: func(d *doc.Document) {
			more := articles(3 * n)[n:]
			d.Articles = append(d.Articles, more...)
		}, first: 0, contents: true, moves: true},
		{name: "combined: a translation", combined: true, edit: func(d *doc.Document) {
			d.Articles[n/3].Translation.Blocks[0] = tagged(801, 400)
		}, first: n / 3, moves: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			make := func() *doc.Document {
				if c.combined {
					return combined(articles(n))
				}
				return document(articles(n)...)
			}
			input := func(d *doc.Document) Input {
				in := testInput(t, d)
				if c.input != nil {
					c.input(&in)
				}
				return in
			}
			if c.edit == nil {
				c.edit = func(*doc.Document) {}
			}
			changed := make()
			c.edit(changed)
			cold, coldReport, err := BookReport(t.Context(), input(changed), pageM)
			if err != nil {
				t.Fatal(err)
			}
			keepForTest(t)
			first, _, err := BookReport(t.Context(), testInput(t, make()), pageM)
			if err != nil {
				t.Fatal(err)
			}
			changed = make()
			c.edit(changed)
			warm, warmReport, err := BookReport(t.Context(), input(changed), pageM)
			if err != nil {
				t.Fatal(err)
			}
			sameBook(t, warm, cold)
			if !reflect.DeepEqual(warmReport, coldReport) {
				t.Errorf("the report differs from a cold typesetter's:\n%+v\n%+v", warmReport, coldReport)
			}
			before, after := anchorPages(t, first), anchorPages(t, warm)
			front, at := before["001-article"], before[changed.Articles[c.first].Name]
			if c.contents != (after["001-article"] != front) {
				t.Fatalf("the articles start on page index %d, were on %d: the edit was to move them: %v", after["001-article"], front, c.contents)
			}
			if c.contents {
				at = front
			}
			checkTaken(t, c.name, takenOver(first, warm), front, at)
			if c.moves == (after[changed.Articles[n-1].Name] == before[changed.Articles[n-1].Name]) {
				t.Errorf("the last article on page index %d, was %d: the edit was to move it: %v", after[changed.Articles[n-1].Name], before[changed.Articles[n-1].Name], c.moves)
			}
		})
	}
}

// checkTaken checks that the pages taken over are those before the page
// the changed article starts on, at: the pager stands at the start of the
// article still on the page before when the article opens a page (the
// page ends only when the article's heading does not fit).
func checkTaken(t *testing.T, what string, got, front, at int) {
	t.Helper()
	if want := at - front; got != want && got != max(want-1, 0) {
		t.Errorf("%s: %d pages taken over, want %d or one fewer (articles from page index %d, the change on %d)", what, got, want, front, at)
	}
}

// takenOver counts the pages of b whose items are a's own.
func takenOver(a, b *book.Book) int {
	n := 0
	for i := range min(len(a.Pages), len(b.Pages)) {
		x, y := a.Pages[i].Items, b.Pages[i].Items
		if len(x) > 0 && len(y) > 0 && &x[0] == &y[0] {
			n++
		}
	}
	return n
}

// sameBook fails unless a and b hold the same pages, outline and
// structure: as JSON, which follows the items' pointers to their
// structure elements.
func sameBook(t *testing.T, a, b *book.Book) {
	t.Helper()
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !bytes.Equal(ja, jb) {
		t.Errorf("the book differs from a cold typesetter's (%d and %d pages)", len(a.Pages), len(b.Pages))
	}
}

// TestPagesBeforeChangesInTurn typesets one document after another edit
// of it, as the watch does, each time against a cold typesetter: the
// stands a book takes over from the last are passed on to the next.
func TestPagesBeforeChangesInTurn(t *testing.T) {
	const n = 30
	changes := []int{20, 10, 25, 10, 0, 29}
	docs := []*doc.Document{document(articles(n)...)}
	for step, k := range changes {
		arts := slices.Clone(docs[step].Articles)
		arts[k].Blocks = []doc.Block{tagged(1000+step, 20+step*30)}
		docs = append(docs, document(arts...))
	}
	var cold []*book.Book
	for _, d := range docs {
		b, err := Book(t.Context(), testInput(t, d), pageM)
		if err != nil {
			t.Fatal(err)
		}
		cold = append(cold, b)
	}
	keepForTest(t)
	last, err := Book(t.Context(), testInput(t, docs[0]), pageM)
	if err != nil {
		t.Fatal(err)
	}
	for step, k := range changes {
		warm, err := Book(t.Context(), testInput(t, docs[step+1]), pageM)
		if err != nil {
			t.Fatal(err)
		}
		sameBook(t, warm, cold[step+1])
		on := anchorPages(t, last)
		checkTaken(t, fmt.Sprintf("step %d, article %d changed", step, k), takenOver(last, warm), on["001-article"], on[docs[0].Articles[k].Name])
		last = warm
	}
}

package typeset

import (
	"fmt"
	"strings"
	"testing"

	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// textPages maps each piece of text to the pages it is printed on.
func textPages(b *book.Book) map[string][]int {
	out := map[string][]int{}
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if t, ok := it.(book.Text); ok {
				s := strings.TrimSpace(t.S)
				out[s] = append(out[s], pg.Index)
			}
		}
	}
	return out
}

// A footnote is set at the foot of the page whose line refers to it,
// below all of that page's text, wherever the reference falls.
func TestFootnoteOnItsPage(t *testing.T) {
	moved := false
	for filler := 100; filler < 1400; filler += 37 {
		ref := &doc.Paragraph{Inlines: []doc.Inline{{Text: "Ferries sail from Ələt"}, {Kind: doc.FootnoteRef, Text: "port"}, {Text: " every week."}}}
		note := &doc.Footnote{ID: "port", Blocks: []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{{Text: "Notemarker port authority schedule."}}}}}
		d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, filler), ref, note, tagged(2, 200)}})
		b, err := Book(testInput(t, d), pageM)
		if err != nil {
			t.Fatal(err)
		}
		where := textPages(b)
		refPage, notePage := where["Ələt"], where["Notemarker"]
		if len(refPage) != 1 || len(notePage) != 1 || refPage[0] != notePage[0] {
			t.Fatalf("filler %d: reference on pages %v, note on %v", filler, refPage, notePage)
		}
		// The note is below every other text of its page but the footer.
		pg := b.Pages[notePage[0]]
		var noteY, lowest float64
		for _, it := range pg.Items {
			if tx, ok := it.(book.Text); ok {
				switch {
				case strings.HasPrefix(tx.S, "Notemarker"):
					noteY = tx.Y
				case tx.Size >= 10 && tx.Y > lowest:
					lowest = tx.Y
				}
			}
		}
		if noteY <= lowest {
			t.Fatalf("filler %d: note at y=%.1f above body text at y=%.1f", filler, noteY, lowest)
		}
		moved = moved || refPage[0] > 1
	}
	if !moved {
		t.Error("the reference never reached a later page; the test checks too little")
	}
}

// A table that runs over a page break repeats its header row at the head
// of the next page.
func TestTableHeaderRepeats(t *testing.T) {
	row := func(a, b string) [][]doc.Inline { return [][]doc.Inline{{{Text: a}}, {{Text: b}}} }
	tbl := &doc.Table{Rows: [][][]doc.Inline{row("Headport", "Headvolume")}}
	for i := range 80 {
		tbl.Rows = append(tbl.Rows, row(fmt.Sprintf("Port%d", i), "steady"))
	}
	d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, 120), tbl}})
	b, err := Book(testInput(t, d), pageM)
	if err != nil {
		t.Fatal(err)
	}
	where := textPages(b)
	heads, first, last := where["Headport"], where["Port0"], where["Port79"]
	if len(first) != 1 || len(last) != 1 || last[0] == first[0] {
		t.Fatalf("table rows on pages %v to %v: it does not cross a page", first, last)
	}
	want := []int{}
	for p := first[0]; p <= last[0]; p++ {
		want = append(want, p)
	}
	if fmt.Sprint(heads) != fmt.Sprint(want) {
		t.Errorf("header row on pages %v, want on every page of the table %v", heads, want)
	}
}

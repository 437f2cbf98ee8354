package typeset

import (
	"fmt"
	"strings"
	"testing"

	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// A table row taller than a page is cut between its lines: every word of
// it is printed, over several pages, each line inside the text area.
func TestTallRowSplits(t *testing.T) {
	cell := func(s string) []doc.Inline { return []doc.Inline{{Text: s}} }
	tall := &doc.Table{Rows: [][][]doc.Inline{{cell("Year"), cell("Event")}, {cell("2031"), tagged(903, 1500).Inlines}, {cell("2032"), cell("Afterrow")}}}
	d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, 100), tall}})
	in := testInput(t, d)
	b, err := Book(t.Context(), in, pageM)
	if err != nil {
		t.Fatal(err)
	}
	l := in.Layout
	pages := map[int]bool{}
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if tx, ok := it.(book.Text); ok && strings.Contains(tx.S, "#903") {
				pages[pg.Index] = true
				if tx.Y > l.Page.Height-l.Margins.Bottom || tx.Y-0.8*tx.Size < l.Margins.Top {
					t.Errorf("page %s: %q at y %.1f is outside the text area", pg.Label, tx.S, tx.Y)
				}
			}
		}
	}
	if got := strings.Count(bookText(b), "#903"); got != 1500 {
		t.Errorf("%d of the row's 1500 words printed", got)
	}
	if len(pages) < 2 {
		t.Errorf("the row is printed on %d page(s); it is taller than a page", len(pages))
	}
	if where := textPages(b)["Afterrow"]; len(where) != 1 {
		t.Errorf("the row after the tall one printed on pages %v", where)
	}
}

// Columns never get narrower than their widest character, however many
// there are, and the cells stay in their columns.
func TestManyColumnsStayInside(t *testing.T) {
	for _, cols := range []int{2, 20, 60, 150} {
		tbl := &doc.Table{}
		for r := range 3 {
			var row [][]doc.Inline
			for c := range cols {
				row = append(row, []doc.Inline{{Text: fmt.Sprintf("Ş%dx%d", r, c)}})
			}
			tbl.Rows = append(tbl.Rows, row)
		}
		d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tbl}})
		in := testInput(t, d)
		b, err := Book(t.Context(), in, pageM)
		if err != nil {
			t.Fatal(err)
		}
		l := in.Layout
		left, right := l.Margins.Left, l.Page.Width-l.Margins.Right
		cells := 0
		for _, pg := range b.Pages {
			for _, it := range pg.Items {
				tx, ok := it.(book.Text)
				if !ok || !strings.ContainsAny(tx.S, "Ş0123456789x") || tx.Y > l.Page.Height-l.Margins.Bottom {
					continue
				}
				cells++
				if tx.X < left-eps || tx.X+tx.W > right+eps {
					t.Errorf("%d columns: %q at x %.2f..%.2f is outside %.2f..%.2f", cols, tx.S, tx.X, tx.X+tx.W, left, right)
				}
			}
		}
		if cells < 3*cols {
			t.Errorf("%d columns: %d pieces of cell text printed, want at least %d", cols, cells, 3*cols)
		}
	}
}

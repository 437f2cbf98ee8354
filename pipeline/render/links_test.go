package render

import (
	"math"
	"testing"

	"bulletin/fonts"
	"bulletin/internal/pdfread"
	"bulletin/internal/tagcheck"
	"bulletin/pipeline/book"
)

// linkedBook is a tagged page with two links: one to the web whose three
// words run over two lines (a Link item per word, as the typesetter places
// them), and one to an article on page 2, one word; and a third Link item
// of the web link's element but another target, which stays apart.
func linkedBook() *book.Book {
	serif := fonts.Face{Family: fonts.Serif}
	doc := &book.Elem{Role: book.RoleDocument}
	p := doc.Add(book.RoleP)
	web, toc := p.Add(book.RoleLink), p.Add(book.RoleLink)
	h := doc.Add(book.RoleH1)
	word := func(x, y float64, s string, el *book.Elem) book.Text {
		return book.Text{X: x, Y: y, W: 40, Face: serif, Size: 10, S: s, Elem: el}
	}
	return &book.Book{
		Meta:  book.Meta{Title: "Links", Lang: "en", Date: sampleBook().Meta.Date},
		Width: a4W, Height: a4H, Structure: doc,
		Pages: []book.Page{
			{Index: 0, Label: "1", Items: []book.Item{
				word(58, 100, "See", p),
				word(100, 100, "our", web),
				book.Link{X: 100, Y: 92, W: 40, H: 10.5, URL: "https://example.org/a", Elem: web},
				word(142, 100, "map", web),
				book.Link{X: 142, Y: 92, W: 40, H: 10.5, URL: "https://example.org/a", Elem: web},
				word(58, 114, "online", web),
				book.Link{X: 58, Y: 106, W: 40, H: 10.5, URL: "https://example.org/a", Elem: web},
				book.Link{X: 58, Y: 106, W: 40, H: 10.5, URL: "https://example.org/b", Elem: web},
				word(100, 114, "and", p),
				word(142, 114, "Two", toc),
				book.Link{X: 142, Y: 106, W: 40, H: 10.5, Dest: "two", Elem: toc},
			}},
			{Index: 1, Label: "2", Items: []book.Item{
				book.Anchor{Name: "two", Y: 60},
				word(58, 80, "II. Two", h),
			}},
		},
		Outline: []book.Bookmark{{Title: "II. Two", Level: 0, Page: 1, Y: 60}},
	}
}

func TestOneAnnotationPerLink(t *testing.T) {
	for _, v := range []Variant{Screen, Archive} {
		pdf := renderBook(t, linkedBook(), v)
		if _, err := tagcheck.Check(pdf); err != nil {
			t.Errorf("%s: tagging checker: %v", v, err)
		}
		d, err := pdfread.Read(pdf)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		type want struct {
			contents string
			rect     pdfread.Box
			quads    []pdfread.Box // each quad's bounds
		}
		line1 := pdfread.Box{Left: 100, Bottom: a4H - 102.5, Right: 182, Top: a4H - 92}
		line2 := pdfread.Box{Left: 58, Bottom: a4H - 116.5, Right: 98, Top: a4H - 106}
		wants := []want{
			{"Link to https://example.org/a", pdfread.Box{Left: 58, Bottom: line2.Bottom, Right: 182, Top: line1.Top}, []pdfread.Box{line1, line2}},
			{"Link to https://example.org/b", line2, []pdfread.Box{line2}},
			{"Go to II. Two, page 2", pdfread.Box{Left: 142, Bottom: a4H - 116.5, Right: 182, Top: a4H - 106}, nil},
		}
		wants[2].quads = []pdfread.Box{wants[2].rect}
		if len(d.Annots) != len(wants) {
			t.Fatalf("%s: %d annotations, want %d: %+v", v, len(d.Annots), len(wants), d.Annots)
		}
		for i, w := range wants {
			a := d.Annots[i]
			if a.Contents != w.contents || !sameBox(a.Rect, w.rect) || len(a.Quads) != len(w.quads) {
				t.Errorf("%s: annotation %d: %q %+v, %d quads; want %q %+v, %d quads", v, i, a.Contents, a.Rect, len(a.Quads), w.contents, w.rect, len(w.quads))
				continue
			}
			for k, q := range a.Quads {
				// Counterclockwise from the bottom left.
				wq := w.quads[k]
				corners := [4]pdfread.Point{{X: wq.Left, Y: wq.Bottom}, {X: wq.Right, Y: wq.Bottom}, {X: wq.Right, Y: wq.Top}, {X: wq.Left, Y: wq.Top}}
				for c := range corners {
					if math.Abs(q[c].X-corners[c].X) > 0.01 || math.Abs(q[c].Y-corners[c].Y) > 0.01 {
						t.Errorf("%s: annotation %d quad %d: %v, want %v", v, i, k, q, corners)
						break
					}
				}
			}
		}
	}
}

func sameBox(a, b pdfread.Box) bool {
	return near(a.Left, b.Left) && near(a.Bottom, b.Bottom) && near(a.Right, b.Right) && near(a.Top, b.Top)
}

package render

import (
	"bytes"
	"strings"
	"testing"

	"bulletin/internal/tagcheck"
	"bulletin/pipeline/book"
)

// The tagging checker fails on a file broken at the tree level, each break
// the same length as what it replaces so that the file still reads: a
// heading that skips a level, an MCID no element owns, an annotation
// without its structure parent. The file as written passes.
func TestTagCheckerCatchesBrokenTrees(t *testing.T) {
	b := linkedBook()
	h2 := b.Structure.Add(book.RoleH2)
	pg := &b.Pages[1]
	pg.Items = append(pg.Items, book.Text{X: 58, Y: 100, W: 40, Face: pg.Items[1].(book.Text).Face, Size: 10, S: "Sub", Elem: h2})
	pdf := renderBook(t, b, Archive) // fpdf compresses the pages; the tree is plain
	if _, err := tagcheck.Check(pdf); err != nil {
		t.Fatalf("the file as written: %v", err)
	}
	for _, c := range []struct {
		name, from, to, problem string
	}{
		{"a heading skips a level", "/S /H2", "/S /H4", "H4"},
		{"an MCID no element owns", "/MCID 0>>", "/MCID 7>>", "MCID"},
		{"an annotation without its structure parent", "/StructParent ", "/StructParenX ", "StructParent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !bytes.Contains(pdf, []byte(c.from)) {
				t.Fatalf("no %q in the file", c.from)
			}
			broken := bytes.Replace(pdf, []byte(c.from), []byte(c.to), 1)
			_, err := tagcheck.Check(broken)
			if err == nil || !strings.Contains(err.Error(), c.problem) {
				t.Errorf("got %v, want a problem naming %s", err, c.problem)
			}
		})
	}
}

package render

import (
	"bytes"
	"strings"
	"testing"

	"bulletin/internal/tagcheck"
	"bulletin/pipeline/asset"
	"bulletin/pipeline/book"
)

// The tagging checker fails on a file broken at the tree level, each break
// the same length as what it replaces so that the file still reads: a
// heading that skips a level, an MCID no element owns, an annotation
// without its structure parent, a figure without /Alt, a TH without
// /Scope, an element with no content. The file as written passes.
func TestTagCheckerCatchesBrokenTrees(t *testing.T) {
	b := linkedBook()
	h2 := b.Structure.Add(book.RoleH2)
	pg := &b.Pages[1]
	fig := b.Structure.Add(book.RoleFigure)
	fig.Alt = "A red block"
	th := b.Structure.Add(book.RoleTable).Add(book.RoleTR).Add(book.RoleTH)
	th.Scope = "Column"
	face := pg.Items[1].(book.Text).Face
	pg.Items = append(pg.Items,
		book.Text{X: 58, Y: 100, W: 40, Face: face, Size: 10, S: "Sub", Elem: h2},
		book.Image{X: 58, Y: 200, W: 80, H: 40, Src: "red.png", Format: "png", PxW: 8, PxH: 4, Elem: fig},
		book.Text{X: 58, Y: 300, W: 40, Face: face, Size: 10, S: "Head", Elem: th})
	b.Assets = asset.Table{"red.png": {Format: "png", Width: 8, Height: 4, Data: redPNG(t)}}
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
		{"a figure without alternative text", "/Alt ", "/Alx ", "Alt"},
		{"a header cell without a scope", "/Scope /Column", "/Scopx /Column", "Scope"},
		// The H2's /K renamed: an element that owns nothing.
		{"an empty element", "/S /H2 /P", "", "(H2) is empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !bytes.Contains(pdf, []byte(c.from)) {
				t.Fatalf("no %q in the file", c.from)
			}
			broken := bytes.Replace(pdf, []byte(c.from), []byte(c.to), 1)
			if c.to == "" {
				broken = emptied(t, pdf, c.from)
			}
			_, err := tagcheck.Check(broken)
			if err == nil || !strings.Contains(err.Error(), c.problem) {
				t.Errorf("got %v, want a problem naming %s", err, c.problem)
			}
		})
	}
}

// emptied is pdf with the /K of the first element after the text at
// renamed /X: the element keeps its place in the tree with no content.
func emptied(t *testing.T, pdf []byte, at string) []byte {
	t.Helper()
	i := bytes.Index(pdf, []byte(at))
	k := bytes.Index(pdf[i:], []byte(" /K ["))
	if k < 0 || bytes.Contains(pdf[i:i+k], []byte("endobj")) {
		t.Fatalf("no /K after %q in its object", at)
	}
	out := bytes.Clone(pdf)
	out[i+k+2] = 'X'
	return out
}

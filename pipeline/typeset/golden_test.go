// The golden and benchmark tests run the real pipeline (sources, markdown,
// real font metrics). Package pipeline imports typeset, so they live in the
// external test package.
package typeset_test

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"bulletin/layouts"
	"bulletin/pipeline"
	"bulletin/pipeline/book"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// dump prints a book as text, one line per placed item, so that a change of
// layout shows up as a readable diff: page label, kind, coordinates to
// 0.01 pt, then what the kind has (face, size, colour and text for Text).
func dump(bk *book.Book) string {
	var b strings.Builder
	m := bk.Meta
	fmt.Fprintf(&b, "meta title=%q author=%q subject=%q lang=%s date=%s\n", m.Title, m.Author, m.Subject, m.Lang, m.Date.UTC().Format("2006-01-02T15:04:05Z"))
	fmt.Fprintf(&b, "size %s x %s, %d pages\n", f2(bk.Width), f2(bk.Height), len(bk.Pages))
	for _, o := range bk.Outline {
		fmt.Fprintf(&b, "outline level=%d page=%d y=%s %q\n", o.Level, o.Page, f2(o.Y), o.Title)
	}
	for _, pg := range bk.Pages {
		fmt.Fprintf(&b, "page %s index=%d\n", pg.Label, pg.Index)
		for _, it := range pg.Items {
			fmt.Fprintf(&b, "%s ", pg.Label)
			switch v := it.(type) {
			case book.Text:
				fmt.Fprintf(&b, "text %s %s w=%s %s %s %s %q\n", f2(v.X), f2(v.Y), f2(v.W), v.Face, f2(v.Size), hex(v.Color), v.S)
			case book.Rule:
				fmt.Fprintf(&b, "rule %s %s %s %s w=%s %s\n", f2(v.X1), f2(v.Y1), f2(v.X2), f2(v.Y2), f2(v.Width), hex(v.Color))
			case book.Rect:
				fmt.Fprintf(&b, "rect %s %s %s %s %s\n", f2(v.X), f2(v.Y), f2(v.W), f2(v.H), hex(v.Fill))
			case book.Link:
				target := "#" + v.Dest
				if v.URL != "" {
					target = v.URL
				}
				fmt.Fprintf(&b, "link %s %s %s %s %s\n", f2(v.X), f2(v.Y), f2(v.W), f2(v.H), target)
			case book.Image:
				fmt.Fprintf(&b, "image %s %s %s %s %s %s %dx%d\n", f2(v.X), f2(v.Y), f2(v.W), f2(v.H), v.Src, v.Format, v.PxW, v.PxH)
			case book.Anchor:
				fmt.Fprintf(&b, "anchor %s %s\n", f2(v.Y), v.Name)
			default:
				fmt.Fprintf(&b, "unknown %T\n", v)
			}
		}
	}
	return b.String()
}

// f2 rounds to 0.01 pt and never prints "-0.00", so that rounding noise
// does not show as a change.
func f2(v float64) string {
	r := math.Round(v*100) / 100
	if r == 0 {
		r = 0
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}

func hex(c layouts.RGB) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

func sampleBook(t *testing.T) *book.Book { return sampleDoc(t, 0) }

// sampleDoc lays out document i of the sample: 0 English, 1 Azerbaijani.
func sampleDoc(t *testing.T, i int) *book.Book {
	t.Helper()
	// The date comes from the edition unless SOURCE_DATE_EPOCH is set.
	t.Setenv("SOURCE_DATE_EPOCH", "")
	e, err := pipeline.Load("../../input/2025-01")
	if err != nil {
		t.Fatal(err)
	}
	bk, err := pipeline.Typeset(e, e.Docs[i])
	if err != nil {
		t.Fatal(err)
	}
	return bk
}

// TestSampleGolden lays out the sample edition with the real fonts and
// compares the dump with testdata/sample.golden. After an intended change
// of layout, run go test ./pipeline/typeset -run Golden -update and read
// the diff.
func TestSampleGolden(t *testing.T) {
	golden(t, dump(sampleBook(t)), filepath.Join("testdata", "sample.golden"))
}

// TestSampleGoldenAz is the same for the Azerbaijani edition, whose words
// are hyphenated by Azerbaijani syllables.
func TestSampleGoldenAz(t *testing.T) {
	golden(t, dump(sampleDoc(t, 1)), filepath.Join("testdata", "sample-az.golden"))
}

func golden(t *testing.T, got, path string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got == string(want) {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("layout differs from %s (%d lines, want %d); first difference at line %d:\n got: %s\nwant: %s\n(if the change is intended, rerun with -update)", path, len(g), len(w), i+1, gl, wl)
		}
	}
}

// TestSampleDeterministic: the same sources give the same layout, the
// precondition of byte-identical PDFs.
func TestSampleDeterministic(t *testing.T) {
	if a, b := dump(sampleBook(t)), dump(sampleBook(t)); a != b {
		t.Error("two layouts of the sample differ")
	}
}

// The golden and benchmark tests run the real pipeline (sources, markdown,
// real font metrics). Package pipeline imports typeset, so they live in the
// external test package.
package typeset_test

import (
	"cmp"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"bulletin/pipeline"
	"bulletin/pipeline/book"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// dump prints a book as text, one line per set line of text and one per
// other item, so that a change of layout shows up as a readable diff: the
// page label, the baseline and the line's extent to 0.01 pt, its faces,
// and its text, with " | " where a gap wider than a word space parts it
// (the columns of a table).
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
		for _, ln := range textLines(pg.Items) {
			fmt.Fprintf(&b, "%s %s\n", pg.Label, ln)
		}
		for _, it := range pg.Items {
			if _, ok := it.(book.Text); !ok {
				fmt.Fprintf(&b, "%s %s\n", pg.Label, other(it))
			}
		}
	}
	return b.String()
}

// textLines groups the text items of a page by baseline, from the top,
// each line's items from the left.
func textLines(items []book.Item) []string {
	byY := map[string][]book.Text{}
	var ys []float64
	for _, it := range items {
		if t, ok := it.(book.Text); ok {
			k := f2(t.Y)
			if byY[k] == nil {
				ys = append(ys, t.Y)
			}
			byY[k] = append(byY[k], t)
		}
	}
	slices.Sort(ys)
	ys = slices.CompactFunc(ys, func(a, b float64) bool { return f2(a) == f2(b) })
	out := make([]string, 0, len(ys))
	for _, y := range ys {
		ts := byY[f2(y)]
		slices.SortStableFunc(ts, func(a, b book.Text) int { return cmp.Compare(a.X, b.X) })
		var text strings.Builder
		var faces []string
		end := ts[0].X
		for i, t := range ts {
			if i > 0 && t.X-end > 0.6*t.Size {
				text.WriteString(" | ")
			}
			text.WriteString(t.S)
			end = t.X + t.W
			f := fmt.Sprintf("%s %s %s", t.Face, f2(t.Size), hex(t.Color))
			if !slices.Contains(faces, f) {
				faces = append(faces, f)
			}
		}
		last := ts[len(ts)-1]
		out = append(out, fmt.Sprintf("line y=%s x=%s..%s [%s] %q", f2(y), f2(ts[0].X), f2(last.X+last.W), strings.Join(faces, ", "), text.String()))
	}
	return out
}

// other is the dump of an item that is not text.
func other(it book.Item) string {
	switch v := it.(type) {
	case book.Rule:
		return fmt.Sprintf("rule %s %s %s %s w=%s %s", f2(v.X1), f2(v.Y1), f2(v.X2), f2(v.Y2), f2(v.Width), hex(v.Color))
	case book.Rect:
		return fmt.Sprintf("rect %s %s %s %s %s", f2(v.X), f2(v.Y), f2(v.W), f2(v.H), hex(v.Fill))
	case book.Link:
		target := "#" + v.Dest
		if v.URL != "" {
			target = v.URL
		}
		return fmt.Sprintf("link %s %s %s %s %s", f2(v.X), f2(v.Y), f2(v.W), f2(v.H), target)
	case book.Image:
		return fmt.Sprintf("image %s %s %s %s %s %s %dx%d", f2(v.X), f2(v.Y), f2(v.W), f2(v.H), v.Src, v.Format, v.PxW, v.PxH)
	case book.Anchor:
		return fmt.Sprintf("anchor %s %s", f2(v.Y), v.Name)
	}
	return fmt.Sprintf("unknown %T", it)
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

func hex(c book.Color) string { return fmt.Sprintf("#%02X%02X%02X", c.RGB.R, c.RGB.G, c.RGB.B) }

func sampleBook(t *testing.T) *book.Book { return layOut(t, "../../input/2025-01", 0) }

// layOut lays out document i of the edition in dir.
func layOut(t *testing.T, dir string, i int) *book.Book {
	t.Helper()
	// The date comes from the edition unless SOURCE_DATE_EPOCH is set.
	t.Setenv("SOURCE_DATE_EPOCH", "")
	e, err := pipeline.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	bk, err := pipeline.Typeset(e, e.Docs[i])
	if err != nil {
		t.Fatal(err)
	}
	return bk
}

// TestGolden lays out the test edition testdata/golden/2031-04 (its own
// text, in English and Azerbaijani, with every kind of block) with the
// real fonts, and compares each document's dump with its golden file, so
// that editing the sample never rewrites them. After an intended change of
// layout, run go test ./pipeline/typeset -run Golden -update and read the
// diff.
func TestGolden(t *testing.T) {
	for i, name := range []string{"en", "az", "en-az"} {
		t.Run(name, func(t *testing.T) {
			golden(t, dump(layOut(t, filepath.Join("testdata", "golden", "2031-04"), i)), filepath.Join("testdata", "golden", name+".golden"))
		})
	}
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

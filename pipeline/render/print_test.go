package render

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"bulletin/fonts"
	"bulletin/internal/pdfread"
	"bulletin/pipeline/asset"
	"bulletin/pipeline/book"
)

func TestInkOp(t *testing.T) {
	for _, c := range []struct {
		ink  book.CMYK
		op   string
		want string
	}{
		{book.CMYK{K: 100}, "k", "0 0 0 1 k"},
		{book.CMYK{C: 100, M: 75, Y: 20, K: 35}, "K", "1 0.75 0.2 0.35 K"},
		{book.CMYK{}, "k", "0 0 0 0 k"},
		{book.CMYK{M: 7, Y: 85, K: 3}, "k", "0 0.07 0.85 0.03 k"},
	} {
		if got := inkOp(c.ink, c.op); got != c.want {
			t.Errorf("inkOp(%+v, %s) = %q, want %q", c.ink, c.op, got, c.want)
		}
	}
}

func TestTint(t *testing.T) {
	c := book.Color{RGB: book.RGB{R: 14, G: 59, B: 102}, CMYK: book.CMYK{C: 100, M: 75, Y: 20, K: 35}, Fine: book.CMYK{K: 100}}
	for _, tt := range []struct {
		amount float64
		want   book.Color
	}{
		{0, c},
		{1, book.Color{RGB: book.RGB{R: 255, G: 255, B: 255}}},
		{0.9, book.Color{RGB: book.RGB{R: 230, G: 235, B: 239}, CMYK: book.CMYK{C: 10, M: 8, Y: 2, K: 4}, Fine: book.CMYK{K: 10}}},
	} {
		if got := c.Tint(tt.amount); got != tt.want {
			t.Errorf("Tint(%g) = %+v, want %+v", tt.amount, got, tt.want)
		}
	}
}

// pageContents is the decoded content stream of each page of pdf.
func pageContents(t *testing.T, pdf []byte) []string {
	t.Helper()
	ctx, err := api.ReadAndValidate(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for pg := 1; pg <= ctx.PageCount; pg++ {
		d, _, _, err := ctx.PageDict(pg, false)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ctx.PageContent(d, pg)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(c))
	}
	return out
}

// Print writes the book's CMYK with k and K, the fine inks for text
// under 10 pt and rules under 0.75 pt, and no RGB; screen writes RGB and
// no CMYK.
func TestColourByVariant(t *testing.T) {
	navy := book.Color{RGB: book.RGB{R: 14, G: 59, B: 102}, CMYK: book.CMYK{C: 100, M: 75, Y: 20, K: 35}, Fine: book.CMYK{K: 100}}
	serif := fonts.Face{Family: fonts.Serif}
	b := &book.Book{
		Meta:  book.Meta{Title: "Inks", Lang: "en", Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		Width: a4W, Height: a4H,
		Pages: []book.Page{{Items: []book.Item{
			book.Text{X: 60, Y: 100, Face: serif, Size: 8, Color: navy, S: "small"},
			book.Text{X: 60, Y: 200, Face: serif, Size: 12, Color: navy, S: "large"},
			book.Rule{X1: 60, Y1: 300, X2: 200, Y2: 300, Width: 0.3, Color: navy},
			book.Rule{X1: 60, Y1: 400, X2: 200, Y2: 400, Width: 1, Color: navy},
			book.Rect{X: 60, Y: 500, W: 100, H: 50, Fill: navy},
		}}},
	}
	for _, c := range []struct {
		v          Variant
		want, none []string
	}{
		{Print, []string{"0 0 0 1 k\nBT", "1 0.75 0.2 0.35 k\nBT", "0 0 0 1 K\n0.30 w", "1 0.75 0.2 0.35 K\n1.00 w", "1 0.75 0.2 0.35 k\n"}, []string{" rg\n", " RG\n"}},
		{Screen, []string{"0.055 0.231 0.400 rg", "0.055 0.231 0.400 RG"}, []string{" k\n", " K\n"}},
	} {
		page := pageContents(t, renderBook(t, b, c.v))[0]
		for _, w := range c.want {
			if !strings.Contains(page, w) {
				t.Errorf("%v: no %q in the page:\n%s", c.v, w, page)
			}
		}
		for _, n := range c.none {
			if strings.Contains(page, n) {
				t.Errorf("%v: %q in the page:\n%s", c.v, n, page)
			}
		}
	}
}

// imageSpaces is the colour space of every image XObject of pdf, as
// pdfcpu reads it, with an ICC-based one's component count.
func imageSpaces(t *testing.T, pdf []byte) []string {
	t.Helper()
	ctx, err := api.ReadAndValidate(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ctx.Table {
		if e == nil {
			continue
		}
		sd, ok := e.Object.(types.StreamDict)
		if !ok || sd.Subtype() == nil || *sd.Subtype() != "Image" {
			continue
		}
		cs := sd.Dict["ColorSpace"]
		if arr, ok := cs.(types.Array); ok && len(arr) == 2 && fmt.Sprint(arr[0]) == "ICCBased" {
			prof, _, err := ctx.DereferenceStreamDict(arr[1])
			if err != nil || prof == nil {
				t.Fatalf("ICC profile: %v", err)
			}
			out = append(out, fmt.Sprintf("ICCBased N=%d", *prof.IntEntry("N")))
			continue
		}
		out = append(out, fmt.Sprint(cs))
	}
	return out
}

// In print, an RGB picture is in the sRGB colour space and a CMYK JPEG
// stays CMYK; on screen the RGB picture stays DeviceRGB.
func TestPicturesInPrint(t *testing.T) {
	cmyk, err := os.ReadFile("testdata/cmyk.jpg") // 16×8, made with Ghostscript's jpegcmyk, its profile removed
	if err != nil {
		t.Fatal(err)
	}
	b := sampleBook()
	b.Assets = asset.Table{
		"red.png":  {Format: "png", Width: 8, Height: 4, Data: redPNG(t)},
		"gold.jpg": {Format: "jpeg", Width: 16, Height: 8, Data: cmyk},
	}
	b.Pages[1].Items = append(b.Pages[1].Items,
		book.Image{X: 100, Y: 300, W: 80, H: 40, Src: "red.png", Format: "png", PxW: 8, PxH: 4},
		book.Image{X: 100, Y: 400, W: 80, H: 40, Src: "gold.jpg", Format: "jpeg", PxW: 16, PxH: 8})
	for _, c := range []struct {
		v    Variant
		want string
	}{
		{Print, "DeviceCMYK ICCBased N=3"},
		{Screen, "DeviceCMYK DeviceRGB"},
	} {
		pdf := renderBook(t, b, c.v)
		if err := pdfread.Validate(pdf); err != nil {
			t.Errorf("%v: pdfcpu: %v", c.v, err)
		}
		got := imageSpaces(t, pdf)
		if strings.Join(sortedCopy(got), " ") != c.want {
			t.Errorf("%v: pictures in %v, want %s", c.v, got, c.want)
		}
	}
}

func sortedCopy(s []string) []string { out := slices.Clone(s); slices.Sort(out); return out }

// Tracking (Tc) applies to the text drawn after it and only to that: a
// text buffered before it is written first, and the text after a tracked
// one is drawn at 0 Tc again, also when the expansion (Tz) stays the same
// and nothing else makes the renderer write out what it holds.
func TestTrackingAppliesToItsTextOnly(t *testing.T) {
	ink := book.Color{RGB: book.RGB{R: 27, G: 27, B: 27}, CMYK: book.CMYK{K: 100}, Fine: book.CMYK{K: 100}}
	serif := fonts.Face{Family: fonts.Serif}
	b := &book.Book{
		Meta:  book.Meta{Title: "Tracking", Lang: "en", Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		Width: a4W, Height: a4H,
		Pages: []book.Page{{Items: []book.Item{
			book.Text{X: 60, Y: 100, Face: serif, Size: 10, Color: ink, S: "alpha", HScale: 1.01},
			book.Text{X: 60, Y: 114, Face: serif, Size: 10, Color: ink, S: "beta", HScale: 1.01, Tracking: 0.05},
			book.Text{X: 60, Y: 128, Face: serif, Size: 10, Color: ink, S: "gamma", HScale: 1.01},
		}}},
	}
	page := pageContents(t, renderBook(t, b, Screen))[0]
	// The fonts' codes are two bytes, the Latin letters' Unicode here.
	shown := func(s string) string { return "\x00" + strings.Join(strings.Split(s, ""), "\x00") + ") Tj" }
	order := []string{shown("alpha"), "0.0500 Tc", shown("beta"), "0.0000 Tc", shown("gamma")}
	at := 0
	for _, op := range order {
		i := strings.Index(page[at:], op)
		if i < 0 {
			t.Fatalf("%q not found after byte %d in order %q of the page:\n%q", op, at, order, page)
		}
		at += i + len(op)
	}
}

package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/fonts"
	"bulletin/internal/fontcheck"
	"bulletin/internal/pdfread"
	"bulletin/pipeline/asset"
	"bulletin/pipeline/book"
)

const a4W, a4H = 595.28, 841.89

var navy = book.Color{RGB: book.RGB{R: 14, G: 59, B: 102}, CMYK: book.CMYK{C: 100, M: 75, Y: 20, K: 35}, Fine: book.CMYK{K: 100}}

// sampleBook is a small hand-made book: a band to the page edges, a rule from
// edge to edge, text, a link to an anchor on page 2 and one to the web, a
// bookmark with a child (the combined edition's outline).
func sampleBook() *book.Book {
	serif := fonts.Face{Family: fonts.Serif}
	return &book.Book{
		Meta: book.Meta{Title: "Bulletin — Yanvar 2025 <&>", Author: "AIR Center", Subject: "Foreign policy",
			Lang: "az", Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		Width: a4W, Height: a4H,
		Pages: []book.Page{
			{Index: 0, Label: "1", Items: []book.Item{
				book.Rect{X: 0, Y: 0, W: a4W, H: 126, Fill: navy},
				book.Rule{X1: 0, Y1: 400, X2: a4W, Y2: 400, Width: 1, Color: navy},
				book.Text{X: 58, Y: 200, W: 100, Face: serif, Size: 12, S: "Gəncə and Şuşa"},
				book.Link{X: 58, Y: 190, W: 100, H: 14, Dest: "a1"},
				book.Link{X: 58, Y: 220, W: 100, H: 14, URL: "https://example.org/(a)<<b>>"},
			}},
			{Index: 1, Label: "2", Items: []book.Item{
				book.Anchor{Name: "a1", Y: 60},
				book.Text{X: 58, Y: 80, W: 100, Face: serif, Size: 12, S: "I. An article"},
			}},
		},
		Outline: []book.Bookmark{{Title: "I. An article", Level: 0, Page: 1, Y: 60}, {Title: "I. Məqalə", Level: 1, Page: 1, Y: 60}},
	}
}

func renderBook(t *testing.T, b *book.Book, v Variant) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := PDF(context.Background(), b, &buf, v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fpdf writes the page boxes of a page from a map, so two boxes come out in
// either order; finish writes them itself. Twenty renders of the print file,
// the one with two boxes, must agree byte for byte (two boxes in map order
// would agree twenty times by chance once in half a million), and so must
// two renders of the others.
func TestRenderIsDeterministic(t *testing.T) {
	for _, v := range Variants {
		n := 2
		if v == Print {
			n = 20
		}
		first := renderBook(t, sampleBook(), v)
		for range n - 1 {
			if !bytes.Equal(renderBook(t, sampleBook(), v), first) {
				t.Fatalf("%s: two renders of the same book differ", v)
			}
		}
	}
}

// Every variant is a sound PDF to two independent readers, with a correct
// cross-reference table, and its annotations are objects flagged Print.
func TestVariantsAreSoundPDF(t *testing.T) {
	for _, v := range Variants {
		pdf := renderBook(t, sampleBook(), v)
		if err := pdfread.CheckXref(pdf); err != nil {
			t.Errorf("%s: %v", v, err)
		}
		s, err := pdfread.Inspect(pdf) // pdfcpu, strict
		if err != nil {
			t.Errorf("%s: pdfcpu: %v", v, err)
			continue
		}
		if len(s.ID) != 2 || len(s.ID[0]) != 16 || !bytes.Equal(s.ID[0], s.ID[1]) {
			t.Errorf("%s: trailer /ID = %x, want two equal 16-byte strings", v, s.ID)
		}
		d, err := pdfread.Read(pdf) // PDFium
		if err != nil {
			t.Fatalf("%s: PDFium: %v", v, err)
		}
		if len(d.Pages) != 2 || !strings.Contains(d.Pages[0], "Gəncə and Şuşa") {
			t.Errorf("%s: text %q", v, d.Pages)
		}
		if n, err := fontcheck.CheckPDF(pdf); n != 1 || err != nil {
			t.Errorf("%s: %d font programs checked: %v", v, n, err)
		}
		if !bytes.Equal(d.FileID, s.ID[0]) {
			t.Errorf("%s: PDFium reads file ID %x, pdfcpu %x", v, d.FileID, s.ID[0])
		}
		if len(d.Bookmarks) != 2 || d.Bookmarks[1].Level != 1 || d.Bookmarks[1].Page != 1 {
			t.Errorf("%s: outline %+v", v, d.Bookmarks)
		}
		want := 2
		if v == Print {
			want = 0 // a press has no use for links
		}
		if len(d.Annots) != want {
			t.Errorf("%s: %d annotations, want %d", v, len(d.Annots), want)
		}
		for _, a := range d.Annots {
			if !a.Link || a.Flags&4 == 0 {
				t.Errorf("%s: annotation %+v is not a link flagged Print", v, a)
			}
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

func nearBox(b pdfread.Box, l, bo, r, t float64) bool {
	return near(b.Left, l) && near(b.Bottom, bo) && near(b.Right, r) && near(b.Top, t)
}

// The print file's sheet holds the trimmed A4 page in its middle, with the
// bleed around it and room for the marks; the screen and archive files are
// the trimmed page alone.
func TestPageBoxes(t *testing.T) {
	for _, v := range Variants {
		d, err := pdfread.Read(renderBook(t, sampleBook(), v))
		if err != nil {
			t.Fatal(err)
		}
		for i, bx := range d.Boxes {
			if v != Print {
				if !nearBox(bx.Media, 0, 0, a4W, a4H) || bx.HasTrim || bx.HasBleed {
					t.Errorf("%s page %d: boxes %+v, want A4 alone", v, i+1, bx)
				}
				continue
			}
			if !bx.HasTrim || !nearBox(bx.Trim, Slug, Slug, Slug+a4W, Slug+a4H) {
				t.Errorf("print page %d: TrimBox %+v", i+1, bx.Trim)
			}
			if !bx.HasBleed || !nearBox(bx.Bleed, Slug-Bleed, Slug-Bleed, Slug+a4W+Bleed, Slug+a4H+Bleed) {
				t.Errorf("print page %d: BleedBox %+v, want the trim + 3 mm", i+1, bx.Bleed)
			}
			if room := Bleed + MarkGap + MarkLength; bx.Media.Left > bx.Trim.Left-room || bx.Media.Right < bx.Trim.Right+room ||
				bx.Media.Bottom > bx.Trim.Bottom-room || bx.Media.Top < bx.Trim.Top+room {
				t.Errorf("print page %d: MediaBox %+v has no room for the marks", i+1, bx.Media)
			}
		}
	}
}

func TestBleedExtendsWhatTouchesTheTrim(t *testing.T) {
	h := a4H - 700.0 // runtime arithmetic, as in bleed
	for _, c := range []struct {
		in, want book.Item
	}{
		{book.Rect{X: 0, Y: 0, W: a4W, H: 126}, book.Rect{X: -Bleed, Y: -Bleed, W: a4W + 2*Bleed, H: 126 + Bleed}},
		{book.Rect{X: 10, Y: 700, W: 20, H: h}, book.Rect{X: 10, Y: 700, W: 20, H: h + Bleed}},
		{book.Rect{X: 58, Y: 10, W: 100, H: 10}, book.Rect{X: 58, Y: 10, W: 100, H: 10}},
		{book.Rule{X1: 0, Y1: 50, X2: 100, Y2: 50}, book.Rule{X1: -Bleed, Y1: 50, X2: 100, Y2: 50}},
		{book.Rule{X1: a4W, Y1: 50, X2: 0, Y2: 50}, book.Rule{X1: a4W + Bleed, Y1: 50, X2: -Bleed, Y2: 50}},
		{book.Rule{X1: 30, Y1: 0, X2: 30, Y2: a4H}, book.Rule{X1: 30, Y1: -Bleed, X2: 30, Y2: a4H + Bleed}},
		{book.Rule{X1: 58, Y1: 100, X2: 118, Y2: 100}, book.Rule{X1: 58, Y1: 100, X2: 118, Y2: 100}},
		{book.Text{X: 0, Y: 10, S: "x"}, book.Text{X: 0, Y: 10, S: "x"}},
	} {
		if got := bleed(c.in, a4W, a4H); got != c.want {
			t.Errorf("bleed(%+v) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestParseVariants(t *testing.T) {
	got, err := ParseVariants("archive, screen,archive")
	if err != nil || !slices.Equal(got, []Variant{Screen, Archive}) {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := ParseVariants("print,email"); err == nil || !strings.Contains(err.Error(), `"email"`) {
		t.Errorf("unknown variant: %v", err)
	}
	for _, v := range Variants {
		if w, err := ParseVariants(v.String()); err != nil || len(w) != 1 || w[0] != v {
			t.Errorf("%s does not round-trip", v)
		}
	}
	if Screen.Suffix() != "" || Print.Suffix() != "-print" || Archive.Suffix() != "-archive" {
		t.Error("suffixes")
	}
}

// The sRGB profile compiled in is the ICC's sRGB2014.icc, unaltered (its
// licence allows redistribution of the unaltered profile only).
func TestSRGBProfileIsTheICCs(t *testing.T) {
	sum := sha256.Sum256(sRGB)
	if got := hex.EncodeToString(sum[:]); got != "384b832de3412066743b52a75ee906b6fb9fb8d9e09e936fc2c43223815c6e0a" {
		t.Errorf("sRGB2014.icc has SHA-256 %s", got)
	}
}

// redPNG is a small picture of one colour.
func redPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 4))
	for i := range img.Pix {
		img.Pix[i] = [4]uint8{220, 20, 20, 255}[i%4]
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A picture placed against the left edge of the page runs into the bleed
// in the print file, evenly scaled, and no further; the screen file keeps
// it where the layout put it.
func TestPictureAtTheEdgeRunsIntoTheBleed(t *testing.T) {
	b := sampleBook()
	pic := book.Image{X: 0, Y: 500, W: 200, H: 100, Src: "red.png", Format: "png", PxW: 8, PxH: 4}
	b.Assets = asset.Table{"red.png": {Format: "png", Width: 8, Height: 4, Data: redPNG(t)}}
	b.Pages[1].Items = append(b.Pages[1].Items, pic)
	red := func(c color.RGBA) bool { return c.R > 180 && c.G < 80 && c.B < 80 }
	const dpi = 144
	px := func(v float64) int { return int(v * dpi / 72) }

	pdf := renderBook(t, b, Print)
	if err := pdfread.Validate(pdf); err != nil {
		t.Errorf("print with a clipped picture: pdfcpu: %v", err)
	}
	img, err := pdfread.Render(pdf, 1, dpi)
	if err != nil {
		t.Fatal(err)
	}
	y := px(Slug + 550) // the picture's middle row, from the top of the sheet
	for _, c := range []struct {
		x    float64
		want bool
	}{
		{Slug + 100, true},          // the picture
		{Slug - Bleed/2, true},      // in the bleed
		{Slug - Bleed - 1.5, false}, // beyond it
		{Slug + 201.5, false},       // its right edge stays where it was
	} {
		if got := red(img.RGBAAt(px(c.x), y)); got != c.want {
			t.Errorf("print: at x = %.1f pt the picture is there: %v, want %v", c.x, got, c.want)
		}
	}
	if top, bottom := img.RGBAAt(px(Slug+100), px(Slug+501.5)), img.RGBAAt(px(Slug+100), px(Slug+598.5)); !red(top) || !red(bottom) {
		t.Errorf("print: the picture does not fill its box from top to bottom: %v %v", top, bottom)
	}
	if c := img.RGBAAt(px(Slug+100), px(Slug+500-1.5)); red(c) {
		t.Error("print: the picture overhangs its box above")
	}

	scr, err := pdfread.Render(renderBook(t, b, Screen), 1, dpi)
	if err != nil {
		t.Fatal(err)
	}
	if !red(scr.RGBAAt(px(1), px(550))) || red(scr.RGBAAt(px(201.5), px(550))) {
		t.Error("screen: the picture is not where the layout put it")
	}
}

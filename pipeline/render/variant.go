package render

import (
	"fmt"
	"strings"

	"bulletin/pipeline/layout"
)

// Variant is what a file is for. The same book gives one file per variant.
type Variant int

const (
	// Screen is the file for reading on screen and sending by email: the
	// trimmed page, links active, as small as fpdf can make it.
	Screen Variant = iota
	// Print is the file for the print shop: the page with a bleed on every
	// side, crop marks outside the bleed, TrimBox and BleedBox.
	Print
	// Archive is the file for the archive of fixed-layout editions: PDF/A-2b
	// as far as fpdf lets us get (XMP metadata, sRGB output intent, every
	// font embedded, a document ID).
	Archive
)

// Variants is every variant, in the order of the --variant default.
var Variants = []Variant{Print, Screen, Archive}

var variantNames = [...]string{Screen: "screen", Print: "print", Archive: "archive"}

// String is the variant's name as the command line and manifest.json spell
// it: screen, print or archive.
func (v Variant) String() string {
	if v < 0 || int(v) >= len(variantNames) {
		return fmt.Sprintf("Variant(%d)", int(v))
	}
	return variantNames[v]
}

// Suffix is what the variant adds to a file name before .pdf: nothing for
// screen, -print, -archive.
func (v Variant) Suffix() string {
	if v == Screen {
		return ""
	}
	return "-" + v.String()
}

// ParseVariants reads a comma-separated list such as "print,screen". Each
// variant is kept once, in the order of Variants.
func ParseVariants(s string) ([]Variant, error) {
	want := map[Variant]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		found := false
		for v, n := range variantNames {
			if n == name {
				want[Variant(v)], found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown variant %q (want some of %s)", name, strings.Join(variantNames[:], ", "))
		}
	}
	var out []Variant
	for _, v := range Variants {
		if want[v] {
			out = append(out, v)
		}
	}
	return out, nil
}

// The print geometry, in points. The trimmed page is the book's page; the
// sheet (MediaBox) adds Slug on every side; the BleedBox adds Bleed; the
// crop marks start MarkGap beyond the bleed and run MarkLength outward,
// so they never enter the BleedBox and end MarkLength+MarkGap+Bleed from
// the trim, inside the sheet.
const (
	mm         = 72 / 25.4
	Bleed      = 3 * mm  // 8.504 pt
	Slug       = 10 * mm // 28.346 pt: room for the marks
	MarkGap    = 2.0
	MarkLength = 13.0
	MarkWidth  = 0.25
)

// maxImageDPI is the resolution above which images are downsampled, at the
// size they are placed on the page: 150 dpi for the screen file, no limit
// for print and archive. The book has no images yet; when layout.Image
// arrives, render resamples each image to at most
// placed-width-in-inches * maxImageDPI pixels wide (deterministically,
// with a fixed filter) before handing it to fpdf.
func (v Variant) maxImageDPI() float64 {
	if v == Screen {
		return 150
	}
	return 0
}

// edge is how far an item must be from a trim edge to count as touching it.
const edge = 0.01

// bleed extends an item that touches a trim edge outward by Bleed, so that
// a colour band, rule or (later) image printed to the edge still reaches it
// after the sheet is cut. The layout knows nothing of print; this is the
// renderer's rule. Items away from the edges come back unchanged.
func bleed(it layout.Item, w, h float64) layout.Item {
	switch v := it.(type) {
	case layout.Rect:
		if v.X <= edge {
			v.X -= Bleed
			v.W += Bleed
		}
		if v.Y <= edge {
			v.Y -= Bleed
			v.H += Bleed
		}
		if v.X+v.W >= w-edge {
			v.W += Bleed
		}
		if v.Y+v.H >= h-edge {
			v.H += Bleed
		}
		return v
	case layout.Rule:
		// Only axis-parallel rules are extended, along their own length;
		// the layout draws no other kind.
		if v.Y1 == v.Y2 {
			v.X1, v.X2 = stretch(v.X1, v.X2, w)
		} else if v.X1 == v.X2 {
			v.Y1, v.Y2 = stretch(v.Y1, v.Y2, h)
		}
		return v
	}
	// layout.Image, when it exists, is extended like a Rect (and clipped
	// to the BleedBox).
	return it
}

// stretch moves whichever end of the segment a..b lies on 0 or on size
// outward by Bleed.
func stretch(a, b, size float64) (float64, float64) {
	move := func(p float64) float64 {
		switch {
		case p <= edge:
			return p - Bleed
		case p >= size-edge:
			return p + Bleed
		}
		return p
	}
	return move(a), move(b)
}

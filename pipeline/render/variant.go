package render

import (
	"fmt"
	"strings"

	"bulletin/pipeline/book"
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
// crop marks start MarkGap beyond the bleed, 4 mm from the trim (print
// shops ask for at least 3 mm, clear of the bleed), and run MarkLength
// (5 mm) outward, so they never enter the BleedBox and end 9 mm from the
// trim, inside the sheet.
const (
	mm         = 72 / 25.4
	Bleed      = 3 * mm  // 8.504 pt
	Slug       = 10 * mm // 28.346 pt: room for the marks
	MarkGap    = 1 * mm  // 2.835 pt
	MarkLength = 5 * mm  // 14.173 pt
	MarkWidth  = 0.25
)

// edge is how far an item must be from a trim edge to count as touching it.
const edge = 0.01

// bleed extends an item that touches a trim edge outward by Bleed, so that
// a colour band, rule or (later) image printed to the edge still reaches it
// after the sheet is cut. The layout knows nothing of print; this is the
// renderer's rule. Items away from the edges come back unchanged.
func bleed(it book.Item, w, h float64) book.Item {
	switch v := it.(type) {
	case book.Rect:
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
	case book.Rule:
		// Only axis-parallel rules are extended, along their own length;
		// the layout draws no other kind.
		if v.Y1 == v.Y2 {
			v.X1, v.X2 = stretch(v.X1, v.X2, w)
		} else if v.X1 == v.X2 {
			v.Y1, v.Y2 = stretch(v.Y1, v.Y2, h)
		}
		return v
	}
	// A book.Image cannot grow by itself without distortion: see
	// bleedImage.
	return it
}

// bleedImage is bleed for a picture: when it touches a trim edge, clip is
// its box grown outward by Bleed on those sides, and pic the picture
// scaled evenly about the grown box's centre until it covers it; what
// overhangs the clip is cut off. ok is false for a picture clear of the
// edges.
func bleedImage(im book.Image, w, h float64) (clip book.Rect, pic book.Image, ok bool) {
	box := book.Rect{X: im.X, Y: im.Y, W: im.W, H: im.H}
	clip = bleed(box, w, h).(book.Rect)
	if clip == box || im.W <= 0 || im.H <= 0 {
		return clip, im, false
	}
	s := max(clip.W/im.W, clip.H/im.H)
	pic = im
	pic.W, pic.H = im.W*s, im.H*s
	pic.X = clip.X + (clip.W-pic.W)/2
	pic.Y = clip.Y + (clip.H-pic.H)/2
	return clip, pic, true
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

// Package book is the typeset book: pages of items placed in points, with
// the origin at the top-left corner of the page and y growing downwards.
// It knows nothing of PDF; the renderer replays it.
package book

import (
	"math"
	"time"

	"bulletin/fonts"
	"bulletin/pipeline/asset"
)

// Book is a whole typeset document.
type Book struct {
	Meta    Meta
	Width   float64 // page size in points
	Height  float64
	Pages   []Page
	Outline []Bookmark
	// Assets hold the bytes of the pictures the pages place.
	Assets asset.Table
	// Structure is the logical structure of the book (role Document),
	// whose elements the placed items point at; nil: an untagged book.
	Structure *Elem
}

// Meta is the document information a PDF reader shows.
type Meta struct {
	Title   string
	Author  string
	Subject string
	Lang    string // BCP 47, e.g. "en"
	Date    time.Time
}

// Page is one page. Index is its place in the book (0-based); Label is the
// number printed on it. They are kept apart so that a front matter with
// its own numbering never confuses a page reference.
type Page struct {
	Index int
	Label string
	Items []Item
}

// Item is one of Text, Rule, Rect, Image, Link or Anchor.
type Item interface{ item() }

// Text is a run of characters in one face, placed at its baseline.
type Text struct {
	X, Y  float64 // left end of the baseline
	W     float64 // advance width as measured, for links and tests
	Face  fonts.Face
	Size  float64
	Color Color
	S     string
	// ActualText, when HasActualText is set, is what a reader copies or
	// searches instead of S: the whole word on the first piece of a word
	// hyphenated across lines, nothing on its other pieces and the hyphen.
	ActualText    string
	HasActualText bool
	// HScale, when not 0, is the horizontal scale of the glyphs (font
	// expansion: 0.98 to 1.02), drawn with the PDF's Tz; W includes it.
	HScale float64
	// Tracking, when not 0, is the extra advance after every glyph, in
	// points before HScale (the PDF's Tc; the page shows
	// Tracking×HScale): a justified line's last resort against wide word
	// spaces, at most 0.01 em. W includes it after every glyph but the
	// last of a word; what follows a word is placed by its own X.
	Tracking float64
	// Elem is the structure element the text belongs to; nil: an
	// artifact (a footer, a page number, dot leaders).
	Elem *Elem
}

// Rule is a straight line. Rules and Rects are always artifacts:
// decoration, never content.
type Rule struct {
	X1, Y1, X2, Y2 float64
	Width          float64
	Color          Color
}

// Rect is a filled rectangle (X, Y is the top-left corner).
type Rect struct {
	X, Y, W, H float64
	Fill       Color
}

// Image is a picture placed in the box X, Y, W, H (top-left corner and
// size in points). Src names it in the book's Assets; the same Src is the
// same picture.
type Image struct {
	X, Y, W, H float64
	Src        string
	Format     string // "png" or "jpeg"
	PxW, PxH   int    // size in pixels
	Elem       *Elem  // its Figure; nil: an artifact
}

// Link is a clickable area. Exactly one of Dest (an Anchor name in this
// book) and URL is set.
type Link struct {
	X, Y, W, H float64
	Dest       string
	URL        string
	Elem       *Elem // the Link element the annotation belongs to; nil: none
}

// Anchor is a named place that links and the outline point at.
type Anchor struct {
	Name string
	Y    float64
}

// Bookmark is one entry of the PDF outline.
type Bookmark struct {
	Title string
	Level int
	Page  int // page index
	Y     float64
}

func (Text) item()   {}
func (Rule) item()   {}
func (Rect) item()   {}
func (Image) item()  {}
func (Link) item()   {}
func (Anchor) item() {}

// Color is a colour as the book carries it: RGB for the screen and
// archive files, CMYK for print. Both are chosen values (a designer's, from
// the layout), never converted one from the other. Fine is the CMYK for
// small text and hairlines (see FineText, FineRule), where a colour built
// of three or four inks would misregister; it equals CMYK when the colour
// needs no other.
type Color struct {
	RGB  RGB
	CMYK CMYK
	Fine CMYK
}

// RGB is a colour with 0-255 components.
type RGB struct{ R, G, B uint8 }

// CMYK is a colour in ink percentages, 0-100 each. The zero value is no
// ink: the paper.
type CMYK struct{ C, M, Y, K uint8 }

// Below these, text and rules are small enough to be printed in a
// colour's Fine inks: text under 10 pt, rules under 0.75 pt.
const (
	FineText = 10.0
	FineRule = 0.75
)

// Inks is the CMYK of c: Fine when fine (small text, a thin rule), CMYK
// otherwise.
func (c Color) Inks(fine bool) CMYK {
	if fine {
		return c.Fine
	}
	return c.CMYK
}

// Tint is c mixed with the paper by amount (0: c, 1: white): on screen
// each component moves towards 255, in print each ink is screened down.
func (c Color) Tint(amount float64) Color {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*amount) }
	// Ink kept, in thousandths, so that 75% at a tenth is 7.5 and rounds
	// up as a designer would, whatever 0.9 is in binary.
	keep := int(math.Round((1 - amount) * 1000))
	ink := func(k CMYK) CMYK {
		s := func(v uint8) uint8 { return uint8((int(v)*keep + 500) / 1000) }
		return CMYK{s(k.C), s(k.M), s(k.Y), s(k.K)}
	}
	return Color{
		RGB:  RGB{mix(c.RGB.R), mix(c.RGB.G), mix(c.RGB.B)},
		CMYK: ink(c.CMYK),
		Fine: ink(c.Fine),
	}
}

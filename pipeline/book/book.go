// Package book is the typeset book: pages of items placed in points, with
// the origin at the top-left corner of the page and y growing downwards.
// It knows nothing of PDF; the renderer replays it.
package book

import (
	"time"

	"bulletin/fonts"
	"bulletin/layouts"
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
	Color layouts.RGB
	S     string
	// ActualText, when HasActualText is set, is what a reader copies or
	// searches instead of S: the whole word on the first piece of a word
	// hyphenated across lines, nothing on its other pieces and the hyphen.
	ActualText    string
	HasActualText bool
	// HScale, when not 0, is the horizontal scale of the glyphs (font
	// expansion: 0.98 to 1.02), drawn with the PDF's Tz; W includes it.
	HScale float64
}

// Rule is a straight line.
type Rule struct {
	X1, Y1, X2, Y2 float64
	Width          float64
	Color          layouts.RGB
}

// Rect is a filled rectangle (X, Y is the top-left corner).
type Rect struct {
	X, Y, W, H float64
	Fill       layouts.RGB
}

// Image is a picture placed in the box X, Y, W, H (top-left corner and
// size in points). Src names it in the book's Assets; the same Src is the
// same picture.
type Image struct {
	X, Y, W, H float64
	Src        string
	Format     string // "png" or "jpeg"
	PxW, PxH   int    // size in pixels
}

// Link is a clickable area. Exactly one of Dest (an Anchor name in this
// book) and URL is set.
type Link struct {
	X, Y, W, H float64
	Dest       string
	URL        string
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

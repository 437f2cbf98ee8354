// Package asset is the table of the pictures an edition shows: each file
// read once, whatever number of articles and documents show it. The
// typesetter takes a picture's size in pixels from it and the renderer the
// bytes it embeds; the document and the book only name a picture by its
// source path.
package asset

// Picture is one picture file, read and checked by the source stage.
type Picture struct {
	Format        string // "png" or "jpeg"
	Width, Height int    // pixels
	Data          []byte // what the renderer embeds
}

// Table holds the pictures of an edition by their path as written in the
// articles (images/map.png). A picture that could not be read is absent.
type Table map[string]*Picture

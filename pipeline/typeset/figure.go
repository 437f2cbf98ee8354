package typeset

import (
	"cmp"
	"fmt"
	"path"

	"bulletin/fonts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// Print wants at least this many pixels per inch of the placed picture,
// the print shop's preflight rule for photographs (#14); fewer still look
// fine on screen.
const minPrintDPI = 300

// naturalDPI is the pixel density at which a picture is placed when it
// fits the measure: the one screens assume, a CSS pixel. (How many pixels
// the screen file keeps is render's ScreenDPI, another thing.)
const naturalDPI = 96

// figureWidth is how wide picture b would be placed with room enough: its
// natural width (0 for a picture not read).
func (s *setter) figureWidth(b *doc.Image) float64 {
	pic := s.in.Doc.Assets[b.Src]
	if pic == nil || pic.Width <= 0 {
		return 0
	}
	return float64(pic.Width) * 72 / naturalDPI
}

// figure sets an image with its caption as one box that floats: kept whole
// on one page, and moved to the next page when it does not fit while the
// text after it fills this one. The picture is at most as wide as the
// measure and at most half a page high.
//
// In the structure the picture is a Figure whose alternative text is the
// image title, else the caption, else the picture's file name (validate
// refuses a picture with neither), and the caption a Caption after it.
func (s *setter) figure(b *doc.Image, x, width float64, ac *artCtx, parent *book.Elem) []vbox {
	pic := s.in.Doc.Assets[b.Src]
	if pic == nil || pic.Width <= 0 || pic.Height <= 0 {
		return nil // not read: validation has said why
	}
	l := s.l
	w := min(width, float64(pic.Width)*72/naturalDPI)
	h := w * float64(pic.Height) / float64(pic.Width)
	if maxH := (l.Page.Height - l.Margins.Top - l.Margins.Bottom) / 2; h > maxH {
		h, w = maxH, maxH*float64(pic.Width)/float64(pic.Height)
	}
	gap := l.Sizes.Leading * 0.4
	// In a footnote the picture stays with its note's text.
	fig := parent.Add(book.RoleFigure)
	fig.Alt = cmp.Or(b.Title, b.Alt) // the image title; validate warns when the caption stands in
	if fig.Alt == "" {
		fig.Alt = path.Base(b.Src)
	}
	v := vbox{float: !ac.inNote, items: []item{otherItem(book.Image{
		X: x + (width-w)/2, Y: 0, W: w, H: h,
		Src: b.Src, Format: pic.Format, PxW: pic.Width, PxH: pic.Height, Elem: fig,
	})}}
	v.h = h
	if b.Alt != "" {
		st := style{face: fonts.Face{Family: l.Fonts.Body, Style: fonts.Italic}, size: l.Sizes.Body * 0.9, color: l.Colors.Muted, lang: ac.lang, el: parent.Add(book.RoleCaption)}
		v.h += gap
		for _, c := range s.para([]doc.Inline{{Text: b.Alt}}, st, x, width, st.size*1.3, false) {
			dx := (x + width - lineEnd(c.items)) / 2 // centred under the picture
			for _, it := range c.items {
				v.items = append(v.items, it.shifted(dx, v.h))
			}
			v.h += c.h
		}
	}
	if dpi := float64(pic.Width) / (w / 72); dpi < minPrintDPI {
		v.ext().warn = fmt.Sprintf("%s: warning: image %q prints at %.0f dpi; print wants %d or more (fine on screen)", b.Pos, b.Src, dpi, minPrintDPI)
	}
	return []vbox{v}
}

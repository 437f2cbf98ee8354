package pdfread

import (
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// Glyph is one character drawn on a page, with the box PDFium gives its
// ink, in points from the top left corner of the page's MediaBox (as the
// typesetter places things), so Top < Bottom.
type Glyph struct {
	Text                     string
	Left, Top, Right, Bottom float64
}

// Glyphs lists the drawn characters of every page of pdf. Characters that
// PDFium makes up for the text it extracts (line ends, spaces between
// words) and space glyphs, which have no ink, are left out.
func Glyphs(pdf []byte) ([][]Glyph, error) {
	return perPage(pdf, pageGlyphs)
}

func pageGlyphs(p pdfium.Pdfium, page requests.Page) ([]Glyph, error) {
	bx, err := pageBoxes(p, page)
	if err != nil {
		return nil, err
	}
	st, err := p.GetPageTextStructured(&requests.GetPageTextStructured{Page: page, Mode: requests.GetPageTextStructuredModeChars})
	if err != nil {
		return nil, err
	}
	var out []Glyph
	for _, c := range st.Chars {
		pos := c.PointPosition
		if strings.TrimSpace(c.Text) == "" || pos.Right <= pos.Left && pos.Top <= pos.Bottom {
			continue
		}
		out = append(out, Glyph{
			Text: c.Text,
			Left: pos.Left - bx.Media.Left, Right: pos.Right - bx.Media.Left,
			Top: bx.Media.Top - pos.Top, Bottom: bx.Media.Top - pos.Bottom,
		})
	}
	return out, nil
}

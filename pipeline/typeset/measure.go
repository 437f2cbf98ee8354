package typeset

import "bulletin/fonts"

// Measurer gives the advance width of a string in points. The real one reads
// the embedded fonts; tests use fixed fake widths so that line breaking can
// be checked by hand.
type Measurer interface {
	Width(face fonts.Face, size float64, s string) float64
	// Extent is how far the face's letters reach above the baseline and
	// below it, in ems, both positive: the font's own ascent and descent.
	Extent(face fonts.Face) (ascent, descent float64)
}

// baseline is where the baseline of a line of face at size sits in a box
// of height leading: the face's ascent-to-descent span centred in it.
func baseline(m Measurer, face fonts.Face, size, leading float64) float64 {
	a, d := m.Extent(face)
	return leading/2 + size*(a-d)/2
}

// FontMeasurer measures with the metrics of the fonts compiled into the
// binary, the same bytes the renderer embeds.
type FontMeasurer struct{ m map[fonts.Face]*fonts.Metrics }

// NewFontMeasurer loads the font metrics (once per process).
func NewFontMeasurer() (FontMeasurer, error) {
	m, err := fonts.Load()
	return FontMeasurer{m}, err
}

// Width implements Measurer.
func (f FontMeasurer) Width(face fonts.Face, size float64, s string) float64 {
	m := f.m[face]
	if m == nil {
		return 0
	}
	return m.Measure(s, size)
}

// Extent implements Measurer, from the font's hhea table.
func (f FontMeasurer) Extent(face fonts.Face) (ascent, descent float64) {
	m := f.m[face]
	if m == nil {
		return 0, 0
	}
	return m.Ascent, m.Descent
}

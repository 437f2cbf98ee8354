package typeset

import "bulletin/fonts"

// Measurer gives the advance width of a string in points. The real one reads
// the embedded fonts; tests use fixed fake widths so that line breaking can
// be checked by hand.
type Measurer interface {
	Width(face fonts.Face, size float64, s string) float64
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

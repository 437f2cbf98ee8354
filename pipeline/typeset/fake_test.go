package typeset

import (
	"strings"

	"bulletin/fonts"
	"bulletin/pipeline/book"
)

// fakeMeasurer gives every rune a fixed width so that line and page breaks
// can be worked out by hand (DESIGN.md: "test line breaking with fixed fake
// widths; test real fonts separately"). A rune is 1 unit, a rune in a bold
// face 1.2 units, a space 1 unit in every face; a unit is unit × size/10
// points. With unit 1 and size 10 a regular rune is exactly 1 pt, which is
// what the line-breaking tests use; the page tests use unit 5, about the
// average advance of a real book face.
type fakeMeasurer struct {
	unit float64
	// units overrides the width (in units) of single runes, for
	// pathological cases such as a digit that is far wider than the others.
	units map[rune]float64
}

func (f fakeMeasurer) Width(face fonts.Face, size float64, s string) float64 {
	var u float64
	for _, r := range s {
		switch {
		case f.units[r] != 0:
			u += f.units[r]
		case r == ' ':
			u++
		case face.Style&fonts.Bold != 0:
			u += 1.2
		default:
			u++
		}
	}
	return u * f.unit * size / 10
}

// Extent gives every face an ascent of 0.9 em and a descent of 0.2, so that
// a baseline sits 0.35 em below the middle of its line.
func (f fakeMeasurer) Extent(fonts.Face) (ascent, descent float64) { return 0.9, 0.2 }

// pt is the measurer of the line-breaking tests: 1 pt per regular rune at
// size 10.
var pt = fakeMeasurer{unit: 1}

// Styles of the line-breaking tests, all at size 10.
var (
	regular = style{face: fonts.Face{Family: fonts.Serif}, size: 10}
	boldSt  = style{face: fonts.Face{Family: fonts.Serif, Style: fonts.Bold}, size: 10}
	italSt  = style{face: fonts.Face{Family: fonts.Serif, Style: fonts.Italic}, size: 10}
)

// run is one styled piece of input for the builder, or a forced break.
type run struct {
	text string
	st   style
	brk  bool
}

func reg(s string) run  { return run{text: s, st: regular} }
func bold(s string) run { return run{text: s, st: boldSt} }
func ital(s string) run { return run{text: s, st: italSt} }
func brk() run          { return run{brk: true, st: regular} }

// build feeds runs to a builder the way setter.words feeds inlines.
func build(m Measurer, runs ...run) []word {
	b := builder{m: m}
	for _, r := range runs {
		if r.brk {
			b.hardBreak(r.st)
		} else {
			b.add(r.text, r.st)
		}
	}
	return b.finish(regular)
}

// wordText joins a word's fragments with "|", so that a test sees where a
// style changes inside a word.
func wordText(w word) string {
	var ss []string
	for _, f := range w.frags {
		ss = append(ss, f.s)
	}
	return strings.Join(ss, "|")
}

// lineText joins the text items of a set line with "|": "Trains |to |Şuşa"
// shows the trailing space glyphs and where one item ends.
func lineText(ln line) string {
	var ss []string
	for _, t := range texts(ln.items) {
		ss = append(ss, t.S)
	}
	return strings.Join(ss, "|")
}

// texts is the text items of a line in order.
func texts(items []item) []book.Text {
	var out []book.Text
	for _, it := range items {
		if it.isText() {
			out = append(out, it.text)
		}
	}
	return out
}

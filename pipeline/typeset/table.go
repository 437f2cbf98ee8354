package typeset

import (
	"strings"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// tint is colour c mixed with white, for backgrounds.
func tint(c layouts.RGB, amount float64) layouts.RGB {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*amount) }
	return layouts.RGB{R: mix(c.R), G: mix(c.G), B: mix(c.B)}
}

// code sets a code block line by line in the monospaced face, on a tinted
// band; spaces are kept, and a line wider than the measure wraps.
func (s *setter) code(b *doc.CodeBlock, x, width, body float64) []vbox {
	l := s.l
	face := fonts.Face{Family: l.Fonts.Code}
	size := body * 0.85
	leading := size * 1.4
	pad := size * 0.5
	var out []vbox
	for _, src := range b.Lines {
		line := strings.ReplaceAll(strings.TrimRight(src, " \t\r\n"), "\t", "    ")
		pieces := splitLong([]word{{frags: []frag{{s: line, face: face, size: size, w: s.m.Width(face, size, line)}}, w: s.m.Width(face, size, line)}}, width-2*pad, s.m)
		for _, p := range pieces {
			v := vbox{h: leading, keep: true, items: make([]item, 0, 1+len(p.frags))}
			v.items = append(v.items, otherItem(book.Rect{X: x, Y: 0, W: width, H: leading, Fill: tint(l.Colors.Accent, 0.93)}))
			for _, f := range p.frags {
				v.items = append(v.items, textItem(book.Text{X: x + pad, Y: leading*0.5 + size*0.35, W: f.w, Face: face, Size: size, Color: l.Colors.Text, S: f.s}))
			}
			out = append(out, v)
		}
	}
	if n := len(out); n > 0 {
		out[n-1].keep = false
		// A code block of a few lines is not worth splitting; a long one
		// may break anywhere but before its last two lines.
		if n > 6 {
			for i := 2; i < n-2; i++ {
				out[i].keep = false
			}
		}
	}
	return out
}

// table sets a GFM table: column widths from the content (each column gets
// at least its longest word and, when the table is wider than the measure,
// a share of the rest by its natural width), cells wrapped, the header row
// repeated at the head of every page the table continues on.
func (s *setter) table(t *doc.Table, x, width float64, ac *artCtx) []vbox {
	if len(t.Rows) == 0 {
		return nil
	}
	l := s.l
	body := ac.body
	body.size = ac.body.size * 0.92
	head := body
	head.face.Style = fonts.Bold
	leading := body.size * 1.3
	pad := body.size * 0.45
	cols := 0
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	styleOf := func(row int) style {
		if row == 0 {
			return head
		}
		return body
	}
	// Natural (one line) and minimum (longest word) width of each column.
	minW, natW := make([]float64, cols), make([]float64, cols)
	sc := scratches.Get().(*scratch)
	for ri, r := range t.Rows {
		for ci, cell := range r {
			ws := s.words(&sc.b, cell, styleOf(ri), ac)
			nat := 0.0
			for k, w := range ws {
				nat += w.w
				if k < len(ws)-1 {
					nat += w.space
				}
				minW[ci] = max(minW[ci], w.w)
			}
			natW[ci] = max(natW[ci], nat)
		}
	}
	scratches.Put(sc)
	avail := width - float64(cols)*2*pad
	colW := make([]float64, cols)
	sumMin, sumNat := sum(minW), sum(natW)
	switch {
	case sumNat <= avail:
		for i := range colW {
			colW[i] = natW[i] + (avail-sumNat)*natW[i]/max(sumNat, 1)
		}
	case sumMin <= avail:
		for i := range colW {
			colW[i] = minW[i] + (natW[i]-minW[i])*(avail-sumMin)/max(sumNat-sumMin, 1e-9)
		}
	default: // even the longest words do not fit: they will be split
		for i := range colW {
			colW[i] = avail * minW[i] / sumMin
		}
	}
	var rows []vbox
	for ri, r := range t.Rows {
		st := styleOf(ri)
		var items []item
		var notes []vbox // the notes referred to in the row's cells
		h := 0.0
		cx := x
		for ci := 0; ci < cols; ci++ {
			var cell []doc.Inline
			if ci < len(r) {
				cell = r[ci]
			}
			lines := s.paraIn(cell, st, cx+pad, colW[ci], leading, false, ac)
			y := pad
			for _, v := range lines {
				for _, it := range v.items {
					items = append(items, it.shifted(0, y))
				}
				notes = append(notes, v.notes...)
				y += v.h
			}
			h = max(h, y+pad)
			cx += colW[ci] + 2*pad
		}
		v := vbox{h: h, notes: notes}
		if ri == 0 {
			v.items = append([]item{otherItem(book.Rect{X: x, Y: 0, W: width, H: h, Fill: tint(l.Colors.Accent, 0.9)})}, items...)
			v.items = append(v.items, otherItem(book.Rule{X1: x, Y1: h, X2: x + width, Y2: h, Width: 0.8, Color: l.Colors.Accent}))
			v.keep = true // never alone at the foot of a page
		} else {
			v.items = append(items, otherItem(book.Rule{X1: x, Y1: h, X2: x + width, Y2: h, Width: 0.3, Color: l.Colors.Muted}))
		}
		rows = append(rows, v)
	}
	header := rows[0]
	for i := 1; i < len(rows); i++ {
		rows[i].header = &header
	}
	return rows
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

package typeset

import (
	"strings"

	"bulletin/fonts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// tint is colour c mixed with white, for backgrounds.
func tint(c book.Color, amount float64) book.Color { return c.Tint(amount) }

// code sets a code block line by line in the monospaced face, on a tinted
// band; spaces are kept, and a line wider than the measure wraps.
func (s *setter) code(b *doc.CodeBlock, x, width, body float64, el *book.Elem) []vbox {
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
				v.items = append(v.items, textItem(book.Text{X: x + pad, Y: baseline(s.m, face, size, leading), W: f.w, Face: face, Size: size, Color: l.Colors.Text, S: f.s, Elem: el}))
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
// repeated at the head of every page the table continues on. A row taller
// than a page is cut between its lines.
func (s *setter) table(t *doc.Table, x, width float64, ac *artCtx, el *book.Elem) []vbox {
	if len(t.Rows) == 0 {
		return nil
	}
	g := s.tableColumns(t, width, ac)
	full := s.l.Page.Height - s.l.Margins.Top - s.l.Margins.Bottom
	var rows []vbox
	var header *vbox
	for ri, r := range t.Rows {
		vs := s.tableRow(g, r, ri, x, width, full, ac, el.Add(book.RoleTR))
		if ri == 0 && len(vs) == 1 && vs[0].h <= full/3 {
			h := untagged(vs[0])
			header = &h
		}
		rows = append(rows, vs...)
	}
	if header != nil {
		for i := 1; i < len(rows); i++ {
			rows[i].ext().header = header
		}
	}
	return rows
}

// tableWidth is how wide table t would be with every cell on one line, in
// the type it has in a column of width.
func (s *setter) tableWidth(t *doc.Table, width float64, ac *artCtx) float64 {
	cols := 0
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return 0
	}
	g := s.tableColumns(t, width, ac)
	_, natW := s.columnWidths(t, cols, g, ac)
	return sum(natW) + float64(cols)*2*g.pad
}

// tableGeom is how a table is set: the styles of its header and body rows,
// their leading, the padding of a cell and the width of each column.
type tableGeom struct {
	head, body   style
	leading, pad float64
	colW         []float64
}

// tableColumns measures a table's columns. Every column is at least as
// wide as its widest character, so that no glyph runs out of its cell; when
// even that does not fit (dozens of columns), the table's type is made
// smaller until it does.
func (s *setter) tableColumns(t *doc.Table, width float64, ac *artCtx) tableGeom {
	cols := 0
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	size := ac.body.size * 0.92
	for range 6 {
		g := tableGeom{body: ac.body, leading: size * 1.3}
		g.body.size = size
		g.head = g.body
		g.head.face.Style = fonts.Bold
		// Many columns take their padding from the measure's share of each.
		g.pad = min(size*0.45, width/float64(cols)*0.1)
		avail := width - float64(cols)*2*g.pad
		minW, natW := s.columnWidths(t, cols, g, ac)
		sumMin, sumNat := sum(minW), sum(natW)
		g.colW = make([]float64, cols)
		switch {
		case sumNat <= avail:
			for i := range g.colW {
				g.colW[i] = natW[i] + (avail-sumNat)*natW[i]/max(sumNat, 1)
			}
			return g
		case sumMin <= avail:
			for i := range g.colW {
				g.colW[i] = minW[i] + (natW[i]-minW[i])*(avail-sumMin)/max(sumNat-sumMin, 1e-9)
			}
			return g
		}
		if size > ac.body.size*0.7 {
			// Smaller type lets every word fit whole; not below 70%.
			size = max(size*avail/sumMin*0.98, ac.body.size*0.7)
			continue
		}
		// Even the longest words do not fit: they will be cut, but never
		// narrower than a column's widest character.
		floor := s.columnFloors(t, cols, g)
		if sum(floor) <= avail || size < 1 {
			fill(g.colW, floor, minW, avail)
			return g
		}
		size *= avail / sum(floor) * 0.98
	}
	panic("unreachable: the type shrinks below 1 pt within six rounds")
}

// fill sets the widths w of columns that cannot all have their minimum
// widths hi within avail: each column gets min(hi, c), for the c that
// makes them fill avail, but never less than lo. So narrow columns keep
// their words whole and the widest ones (a long address) are cut.
func fill(w, lo, hi []float64, avail float64) {
	at := func(c float64) float64 {
		t := 0.0
		for i := range w {
			w[i] = max(lo[i], min(hi[i], c))
			t += w[i]
		}
		return t
	}
	a, b := 0.0, avail
	for range 60 {
		if c := (a + b) / 2; at(c) > avail {
			b = c
		} else {
			a = c
		}
	}
	at(a)
}

// columnWidths is the natural (one line) and minimum (longest word) width
// of each column.
func (s *setter) columnWidths(t *doc.Table, cols int, g tableGeom, ac *artCtx) (minW, natW []float64) {
	minW, natW = make([]float64, cols), make([]float64, cols)
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	for ri, r := range t.Rows {
		for ci, cell := range r {
			ws := s.words(&sc.b, cell, g.style(ri), ac)
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
	return minW, natW
}

// columnFloors is the width of the widest character of each column.
func (s *setter) columnFloors(t *doc.Table, cols int, g tableGeom) []float64 {
	floor := make([]float64, cols)
	for ri, r := range t.Rows {
		st := g.style(ri)
		for ci, cell := range r {
			for _, in := range cell {
				face := s.textStyle(st, in.Style, in.Link)
				for _, c := range in.Text {
					floor[ci] = max(floor[ci], s.m.Width(face.face, face.size, string(c)))
				}
			}
		}
	}
	return floor
}

// style is the style of row ri.
func (g tableGeom) style(ri int) style {
	if ri == 0 {
		return g.head
	}
	return g.body
}

// tableRow sets row ri: one box, or, when it is taller than a page (full),
// one box per line of its cells, so that the pager can break inside it.
func (s *setter) tableRow(g tableGeom, r [][]doc.Inline, ri int, x, width, full float64, ac *artCtx, tr *book.Elem) []vbox {
	l := s.l
	cells := make([][]vbox, len(g.colW))
	n := 0 // lines of the tallest cell
	cx := x
	for ci := range g.colW {
		var cell []doc.Inline
		if ci < len(r) {
			cell = r[ci]
		}
		st := g.style(ri)
		if ri == 0 {
			st.el = tr.Add(book.RoleTH)
			st.el.Scope = "Column"
		} else {
			st.el = tr.Add(book.RoleTD)
		}
		cells[ci] = s.paraIn(cell, st, cx+g.pad, g.colW[ci], g.leading, false, ac)
		n = max(n, len(cells[ci]))
		cx += g.colW[ci] + 2*g.pad
	}
	h := 2*g.pad + float64(n)*g.leading
	fill := tint(l.Colors.Accent, 0.9)
	if h <= full {
		v := vbox{h: h}
		if ri == 0 {
			v.items = append(v.items, otherItem(book.Rect{X: x, Y: 0, W: width, H: h, Fill: fill}))
		}
		for _, lines := range cells {
			y := g.pad
			for _, ln := range lines {
				for _, it := range ln.items {
					v.items = append(v.items, it.shifted(0, y))
				}
				if len(ln.notes()) > 0 {
					v.ext().notes = append(v.notes(), ln.notes()...)
				}
				y += ln.h
			}
		}
		v.items = append(v.items, s.rowRule(ri, x, width, h))
		v.keep = ri == 0 // a header row never alone at the foot of a page
		return []vbox{v}
	}
	// Band k holds line k of every cell; the first and last bands also
	// hold the padding above and below.
	bands := make([]vbox, n)
	for k := range bands {
		b := &bands[k]
		// As in a paragraph, the first two and the last two lines stay
		// together; elsewhere the row may break.
		b.h, b.keep = g.leading, k == 0 || k == n-2
		top := g.pad + float64(k)*g.leading // of the line in the row
		if k == 0 {
			b.h, top = g.leading+g.pad, 0
		}
		if k == n-1 {
			b.h += g.pad
		}
		if ri == 0 {
			b.items = append(b.items, otherItem(book.Rect{X: x, Y: 0, W: width, H: b.h, Fill: fill}))
		}
		for _, lines := range cells {
			if k < len(lines) {
				for _, it := range lines[k].items {
					b.items = append(b.items, it.shifted(0, g.pad+float64(k)*g.leading-top))
				}
				if ns := lines[k].notes(); len(ns) > 0 {
					b.ext().notes = append(b.notes(), ns...)
				}
			}
		}
	}
	last := &bands[n-1]
	last.items = append(last.items, s.rowRule(ri, x, width, last.h))
	return bands
}

// rowRule is the rule under a row at y: heavier under the header.
func (s *setter) rowRule(ri int, x, width, y float64) item {
	if ri == 0 {
		return otherItem(book.Rule{X1: x, Y1: y, X2: x + width, Y2: y, Width: 0.8, Color: s.l.Colors.Accent})
	}
	return otherItem(book.Rule{X1: x, Y1: y, X2: x + width, Y2: y, Width: 0.3, Color: s.l.Colors.Muted})
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

package fontcheck

// glyphs checks loca against maxp and glyf, and reads every glyph's
// description far enough to know that it fits in the bytes loca gives it.
func (r *reader) glyphs(f *Font) {
	loca, glyf := r.data("loca"), r.data("glyf")
	long := u16(r.data("head"), 50) == 1
	size := 2
	if long {
		size = 4
	}
	if want := (f.NumGlyphs + 1) * size; len(loca) != want {
		r.bad("loca: %d bytes, want %d for %d glyphs", len(loca), want, f.NumGlyphs)
		return
	}
	off := func(g int) int {
		if long {
			return int(u32(loca, 4*g))
		}
		return 2 * u16(loca, 2*g)
	}
	if end := off(f.NumGlyphs); end > len(glyf) || len(glyf)-end > 3 {
		r.bad("loca: glyphs end at %d, glyf holds %d bytes", end, len(glyf))
		return
	}
	for g := range f.NumGlyphs {
		a, b := off(g), off(g+1)
		if b < a || b > len(glyf) {
			r.bad("loca: glyph %d runs from %d to %d, glyf holds %d bytes", g, a, b, len(glyf))
			return
		}
		if b > a {
			if err := glyph(glyf[a:b], f.NumGlyphs); err != "" {
				r.bad("glyf: glyph %d: %s", g, err)
			}
		}
	}
}

// glyph checks one glyph description; the empty string when it is sound.
func glyph(b []byte, numGlyphs int) string {
	if len(b) < 10 {
		return "shorter than its header"
	}
	nc := i16(b, 0)
	if nc < -1 {
		return "numberOfContours below -1"
	}
	if nc == -1 {
		return composite(b, numGlyphs)
	}
	p := 10 + 2*nc
	if p+2 > len(b) {
		return "contour ends run past the glyph"
	}
	points := 0
	for c := range nc {
		e := u16(b, 10+2*c)
		if e+1 <= points && c > 0 {
			return "contour end points not increasing"
		}
		points = e + 1
	}
	p += 2 + u16(b, p) // instructions
	xs, ys := 0, 0
	for n := 0; n < points; {
		if p >= len(b) {
			return "flags run past the glyph"
		}
		fl := b[p]
		p++
		rep := 1
		if fl&8 != 0 {
			if p >= len(b) {
				return "flags run past the glyph"
			}
			rep += int(b[p])
			p++
		}
		if n+rep > points {
			return "flags repeat past the last point"
		}
		n += rep
		xs += rep * coordSize(fl, 2, 0x10)
		ys += rep * coordSize(fl, 4, 0x20)
	}
	if p+xs+ys > len(b) {
		return "coordinates run past the glyph"
	}
	return ""
}

// coordSize is the bytes one coordinate takes under flag fl.
func coordSize(fl byte, short, same byte) int {
	switch {
	case fl&short != 0:
		return 1
	case fl&same != 0:
		return 0
	}
	return 2
}

// composite checks a composite glyph's components.
func composite(b []byte, numGlyphs int) string {
	p := 10
	for {
		if p+4 > len(b) {
			return "component runs past the glyph"
		}
		fl, g := u16(b, p), u16(b, p+2)
		if g >= numGlyphs {
			return "component names a glyph beyond maxp.numGlyphs"
		}
		p += 4 + 2
		if fl&1 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 2
		}
		switch {
		case fl&8 != 0: // WE_HAVE_A_SCALE
			p += 2
		case fl&0x40 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case fl&0x80 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if p > len(b) {
			return "component runs past the glyph"
		}
		if fl&0x20 == 0 { // no MORE_COMPONENTS
			if fl&0x100 != 0 { // WE_HAVE_INSTRUCTIONS
				if p+2 > len(b) || p+2+u16(b, p) > len(b) {
					return "instructions run past the glyph"
				}
			}
			return ""
		}
	}
}

package fontcheck

import (
	"fmt"
	"slices"
)

// cmap checks the character map: the encoding records, and each subtable's
// length field against the table and against the arrays it holds. Unicode
// subtables (platform 0, or 3 with encoding 1 or 10) are read into f.CMap.
func (r *reader) cmap(f *Font) {
	c := r.data("cmap")
	if len(c) < 4 || u16(c, 0) != 0 {
		r.bad("cmap: no version 0 header")
		return
	}
	n := u16(c, 2)
	if 4+8*n > len(c) {
		r.bad("cmap: %d encoding records run past the table", n)
		return
	}
	f.CMap = map[rune]int{}
	type sub struct{ off, end int }
	var subs []sub
	for i := range n {
		p := 4 + 8*i
		plat, enc, off := u16(c, p), u16(c, p+2), int(u32(c, p+4))
		if i > 0 && plat<<16|enc <= u16(c, p-8)<<16|u16(c, p-6) {
			r.bad("cmap: encoding records not sorted by platform and encoding")
		}
		if off < 4+8*n || off+4 > len(c) {
			r.bad("cmap: subtable (%d, %d) at %d, outside the table of %d bytes", plat, enc, off, len(c))
			continue
		}
		if slices.ContainsFunc(subs, func(s sub) bool { return s.off == off }) {
			continue // two records may share a subtable
		}
		unicode := plat == 0 || plat == 3 && (enc == 1 || enc == 10)
		end, err := subtable(c, off, f, unicode)
		if err != nil {
			r.bad("cmap: subtable (%d, %d) at %d: %v", plat, enc, off, err)
			continue
		}
		subs = append(subs, sub{off, end})
	}
	slices.SortFunc(subs, func(a, b sub) int { return a.off - b.off })
	for i := 1; i < len(subs); i++ {
		if subs[i-1].end > subs[i].off {
			r.bad("cmap: subtables at %d and %d overlap", subs[i-1].off, subs[i].off)
		}
	}
	if len(subs) > 0 && subs[len(subs)-1].end != len(c) {
		r.bad("cmap: the last subtable ends at %d, the table at %d", subs[len(subs)-1].end, len(c))
	}
}

// subtable checks the subtable at c[off:] and returns where it ends.
func subtable(c []byte, off int, f *Font, unicode bool) (int, error) {
	format := u16(c, off)
	var length int
	switch format {
	case 0, 4, 6:
		if off+6 > len(c) {
			return 0, fmt.Errorf("format %d header runs past the table", format)
		}
		length = u16(c, off+2)
	case 12:
		if off+16 > len(c) {
			return 0, fmt.Errorf("format 12 header runs past the table")
		}
		if u16(c, off+2) != 0 {
			return 0, fmt.Errorf("format 12: reserved field %d", u16(c, off+2))
		}
		length = int(u32(c, off+4))
	default:
		return 0, fmt.Errorf("format %d, which this reader does not check", format)
	}
	if off+length > len(c) {
		return 0, fmt.Errorf("format %d: length %d runs past the table (%d bytes left)", format, length, len(c)-off)
	}
	s := c[off : off+length]
	var err error
	switch format {
	case 0:
		if length != 262 {
			err = fmt.Errorf("format 0: length %d, want 262", length)
		}
	case 4:
		err = format4(s, f, unicode)
	case 6:
		if length < 10 || length != 10+2*u16(s, 8) {
			err = fmt.Errorf("format 6: length %d for its entries", length)
		}
	case 12:
		err = format12(s, f, unicode)
	}
	return off + length, err
}

// format4 checks a segment mapping to delta values (OpenType cmap format 4).
func format4(s []byte, f *Font, unicode bool) error {
	if len(s) < 16 || len(s)%2 != 0 {
		return fmt.Errorf("format 4: length %d is odd or shorter than the header", len(s))
	}
	x2 := u16(s, 6)
	seg := x2 / 2
	if x2%2 != 0 || seg == 0 {
		return fmt.Errorf("format 4: segCountX2 %d", x2)
	}
	arrays := 16 + 8*seg
	if len(s) < arrays {
		return fmt.Errorf("format 4: length %d, but %d segments need %d bytes", len(s), seg, arrays)
	}
	pow := 1
	for pow*2 <= seg {
		pow *= 2
	}
	if sr, es, rs := u16(s, 8), u16(s, 10), u16(s, 12); sr != 2*pow || 1<<es != pow || rs != x2-2*pow {
		return fmt.Errorf("format 4: searchRange %d, entrySelector %d, rangeShift %d for %d segments", sr, es, rs, seg)
	}
	end, start, delta, ro := 14, 16+x2, 16+2*x2, 16+3*x2
	if u16(s, 14+x2) != 0 {
		return fmt.Errorf("format 4: reservedPad %d", u16(s, 14+x2))
	}
	if u16(s, end+2*(seg-1)) != 0xFFFF {
		return fmt.Errorf("format 4: the last segment does not end at 0xFFFF")
	}
	prevEnd := -1
	for i := range seg {
		e, st, d, r := u16(s, end+2*i), u16(s, start+2*i), u16(s, delta+2*i), u16(s, ro+2*i)
		if st > e || st <= prevEnd {
			return fmt.Errorf("format 4: segment %d (%#04x..%#04x) out of order", i, st, e)
		}
		prevEnd = e
		for ch := st; ch <= e; ch++ {
			g := (ch + d) & 0xFFFF
			if r != 0 {
				at := ro + 2*i + r + 2*(ch-st)
				if r%2 != 0 || at+2 > len(s) {
					if ch == 0xFFFF {
						break // the closing segment's glyph is never looked up
					}
					return fmt.Errorf("format 4: segment %d: idRangeOffset %d points past the subtable", i, r)
				}
				if g = u16(s, at); g != 0 {
					g = (g + d) & 0xFFFF
				}
			}
			if g >= f.NumGlyphs {
				return fmt.Errorf("format 4: U+%04X maps to glyph %d of %d", ch, g, f.NumGlyphs)
			}
			if unicode && ch != 0xFFFF && g != 0 {
				f.CMap[rune(ch)] = g
			}
		}
	}
	return nil
}

// format12 checks a segmented coverage subtable (OpenType cmap format 12).
func format12(s []byte, f *Font, unicode bool) error {
	n := int(u32(s, 12))
	if len(s) != 16+12*n {
		return fmt.Errorf("format 12: length %d, but %d groups take %d bytes", len(s), n, 16+12*n)
	}
	prev := int64(-1)
	for i := range n {
		p := 16 + 12*i
		st, e, g := int64(u32(s, p)), int64(u32(s, p+4)), int64(u32(s, p+8))
		if st > e || st <= prev || e > 0x10FFFF {
			return fmt.Errorf("format 12: group %d (%#x..%#x) out of order or range", i, st, e)
		}
		prev = e
		if g+e-st >= int64(f.NumGlyphs) {
			return fmt.Errorf("format 12: group %d maps to glyphs beyond %d", i, f.NumGlyphs)
		}
		for ch := st; ch <= e && unicode; ch++ {
			f.CMap[rune(ch)] = int(g + ch - st)
		}
	}
	return nil
}

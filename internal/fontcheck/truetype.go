// Package fontcheck reads TrueType font programs strictly, table by table,
// following the layouts of the OpenType specification, and checks the
// fonts a PDF embeds against their font dictionaries. It is for tests: the
// PDF readers the tests use draw text from a damaged font program without a
// word, while a strict RIP, preflight or archive validator rejects the file.
package fontcheck

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Font is what the checks read from a font program.
type Font struct {
	UnitsPerEm int
	NumGlyphs  int
	// Advance is each glyph's advance width from hmtx, in font units.
	Advance []int
	// CMap maps each character of the Unicode cmap subtables to its glyph.
	CMap map[rune]int
}

// table is one record of the table directory.
type table struct {
	tag              string
	sum, off, length uint32
}

// reader collects the problems of one font program.
type reader struct {
	b        []byte
	tables   map[string]table
	problems []error
}

func (r *reader) bad(format string, a ...any) {
	r.problems = append(r.problems, fmt.Errorf(format, a...))
}

// data is the bytes of a table, nil when it is missing.
func (r *reader) data(tag string) []byte {
	t, ok := r.tables[tag]
	if !ok {
		return nil
	}
	return r.b[t.off : t.off+t.length]
}

func u16(b []byte, i int) int { return int(binary.BigEndian.Uint16(b[i:])) }
func i16(b []byte, i int) int { return int(int16(binary.BigEndian.Uint16(b[i:]))) }
func u32(b []byte, i int) uint32 {
	return binary.BigEndian.Uint32(b[i:])
}

// Check reads a TrueType font program strictly and returns every problem
// it finds, joined; nil when there is none.
func Check(ttf []byte) error {
	_, err := Parse(ttf)
	return err
}

// Parse reads a TrueType font program strictly. It returns an error listing
// every problem found; the Font is nil when the tables the rest depend on
// cannot be read.
func Parse(ttf []byte) (*Font, error) {
	r := &reader{b: ttf, tables: map[string]table{}}
	if !r.directory() {
		return nil, errors.Join(r.problems...)
	}
	r.checksums()
	f := &Font{}
	if !r.head(f) || !r.maxp(f) {
		return nil, errors.Join(r.problems...)
	}
	r.hmtx(f)
	r.glyphs(f)
	r.cmap(f)
	r.post()
	return f, errors.Join(r.problems...)
}

// required are the tables a TrueType font program embedded in a PDF must
// have (PDF 32000 9.9, OpenType "Required tables" for TrueType outlines).
var required = []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp"}

// directory reads the offset table and the table records.
func (r *reader) directory() bool {
	b := r.b
	if len(b) < 12 {
		r.bad("%d bytes: too short for a font", len(b))
		return false
	}
	if v := u32(b, 0); v != 0x00010000 && v != 0x74727565 {
		r.bad("sfnt version %#08x is not TrueType", v)
		return false
	}
	n := u16(b, 4)
	if 12+16*n > len(b) {
		r.bad("table directory of %d tables runs past the end (%d bytes)", n, len(b))
		return false
	}
	pow := 1
	for pow*2 <= n {
		pow *= 2
	}
	if sr, es, rs := u16(b, 6), u16(b, 8), u16(b, 10); n == 0 || sr != pow*16 || 1<<es != pow || rs != n*16-pow*16 {
		r.bad("table directory: searchRange %d, entrySelector %d, rangeShift %d for %d tables", sr, es, rs, n)
	}
	var recs []table
	prev := ""
	for i := range n {
		p := 12 + 16*i
		t := table{tag: string(b[p : p+4]), sum: u32(b, p+4), off: u32(b, p+8), length: u32(b, p+12)}
		if i > 0 && t.tag <= prev {
			r.bad("table directory: %q after %q, not in ascending order", t.tag, prev)
		}
		prev = t.tag
		if t.off%4 != 0 {
			r.bad("table %q: offset %d is not a multiple of 4", t.tag, t.off)
		}
		if uint64(t.off)+uint64(t.length) > uint64(len(b)) || int(t.off) < 12+16*n {
			r.bad("table %q: %d bytes at %d, outside the file of %d bytes", t.tag, t.length, t.off, len(b))
			continue
		}
		recs = append(recs, t)
		r.tables[t.tag] = t
	}
	byOff := slices.Clone(recs)
	slices.SortFunc(byOff, func(a, c table) int { return int(a.off) - int(c.off) })
	for i := 1; i < len(byOff); i++ {
		if p := byOff[i-1]; p.off+p.length > byOff[i].off {
			r.bad("tables %q and %q overlap", p.tag, byOff[i].tag)
		}
	}
	ok := true
	for _, tag := range required {
		if _, has := r.tables[tag]; !has {
			r.bad("table %q is missing", tag)
			ok = false
		}
	}
	return ok && len(r.problems) == 0
}

// sum is the OpenType table checksum: the sum of the big-endian uint32s of
// b, padded with zeros to a multiple of 4. The renderer's repair has its
// own: a checker that shared the repair's code would share its mistakes.
func sum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

// checksums checks every table's checksum and head.checkSumAdjustment.
func (r *reader) checksums() {
	for _, t := range r.tables {
		data := r.b[t.off : t.off+t.length]
		if t.tag == "head" && len(data) >= 12 {
			data = slices.Concat(data[:8], []byte{0, 0, 0, 0}, data[12:])
		}
		if s := sum(data); s != t.sum {
			r.bad("table %q: checksum %#08x, the directory says %#08x", t.tag, s, t.sum)
		}
	}
	head := r.data("head")
	if len(head) < 12 {
		return
	}
	whole := slices.Clone(r.b)
	copy(whole[r.tables["head"].off+8:], []byte{0, 0, 0, 0})
	if want, got := 0xB1B0AFBA-sum(whole), u32(head, 8); got != want {
		r.bad("head: checkSumAdjustment %#08x, want %#08x", got, want)
	}
}

func (r *reader) head(f *Font) bool {
	h := r.data("head")
	if len(h) != 54 {
		r.bad("head: %d bytes, want 54", len(h))
		return false
	}
	if v := u32(h, 0); v != 0x00010000 {
		r.bad("head: version %#08x", v)
	}
	if m := u32(h, 12); m != 0x5F0F3CF5 {
		r.bad("head: magic number %#08x", m)
	}
	f.UnitsPerEm = u16(h, 18)
	if f.UnitsPerEm < 16 || f.UnitsPerEm > 16384 {
		r.bad("head: unitsPerEm %d outside 16..16384", f.UnitsPerEm)
		return false
	}
	if l := u16(h, 50); l > 1 {
		r.bad("head: indexToLocFormat %d", l)
		return false
	}
	if g := u16(h, 52); g != 0 {
		r.bad("head: glyphDataFormat %d", g)
	}
	return true
}

func (r *reader) maxp(f *Font) bool {
	m := r.data("maxp")
	switch {
	case len(m) >= 6 && u32(m, 0) == 0x00005000 && len(m) == 6:
	case len(m) == 32 && u32(m, 0) == 0x00010000:
	default:
		r.bad("maxp: %d bytes of a version this reader does not know", len(m))
		return false
	}
	f.NumGlyphs = u16(m, 4)
	if f.NumGlyphs == 0 {
		r.bad("maxp: no glyphs")
		return false
	}
	return true
}

// hmtx reads the advance widths, checking hhea.numberOfHMetrics and the
// size of hmtx against maxp.numGlyphs.
func (r *reader) hmtx(f *Font) {
	h := r.data("hhea")
	if len(h) != 36 || u32(h, 0) != 0x00010000 {
		r.bad("hhea: %d bytes, want version 1.0 and 36 bytes", len(h))
		return
	}
	if d := i16(h, 32); d != 0 {
		r.bad("hhea: metricDataFormat %d", d)
	}
	n := u16(h, 34)
	if n == 0 || n > f.NumGlyphs {
		r.bad("hhea: numberOfHMetrics %d for %d glyphs", n, f.NumGlyphs)
		return
	}
	m := r.data("hmtx")
	if want := 4*n + 2*(f.NumGlyphs-n); len(m) != want {
		r.bad("hmtx: %d bytes, want %d for %d metrics and %d glyphs", len(m), want, n, f.NumGlyphs)
		return
	}
	f.Advance = make([]int, f.NumGlyphs)
	for g := range f.NumGlyphs {
		f.Advance[g] = u16(m, 4*min(g, n-1))
	}
	if maxAdv := u16(h, 10); slices.Max(f.Advance) > maxAdv {
		r.bad("hhea: advanceWidthMax %d, but a glyph advances %d", maxAdv, slices.Max(f.Advance))
	}
}

func (r *reader) post() {
	p, ok := r.tables["post"]
	if !ok {
		return
	}
	b := r.data("post")
	if p.length < 32 {
		r.bad("post: %d bytes, shorter than its header", p.length)
		return
	}
	if v := u32(b, 0); v == 0x00030000 && len(b) != 32 {
		r.bad("post: version 3.0 of %d bytes, want 32", len(b))
	}
}

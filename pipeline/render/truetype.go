package render

import (
	"bulletin/fonts"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// repairTrueType mends the font programs fpdf's subsetter writes
// (codeberg.org/go-pdf/fpdf v0.12.0, utf8fontfile.go), so that a strict
// font parser accepts them (issue #18):
//
//   - generateCMAPTable sets the format 4 subtable's length to
//     16 + 8*segCount + numGlyphs + 1, counting glyph IDs as bytes, instead
//     of the bytes it writes; the length becomes the bytes from the
//     subtable's start to the next subtable or the end of the cmap table.
//   - calcInt32 adds the borrow to the high word of head.checkSumAdjustment
//     instead of subtracting it, so the adjustment is wrong by 2 in its high
//     word whenever the low word borrows; it is computed again, after the
//     cmap table's checksum in the directory.
//
// A program that already has the right values comes back unchanged, so the
// repair outlives a fixed fpdf. A program it cannot read as a TrueType
// font with a cmap and a head table is an error, never passed on.
func repairTrueType(in []byte) ([]byte, error) {
	b := slices.Clone(in)
	be := binary.BigEndian
	if len(b) < 12 || be.Uint32(b) != 0x00010000 {
		return nil, errors.New("font program: not a TrueType font")
	}
	n := int(be.Uint16(b[4:]))
	if 12+16*n > len(b) {
		return nil, errors.New("font program: table directory runs past the end")
	}
	type record struct{ at, off, length int }
	tables := map[string]record{}
	for i := range n {
		p := 12 + 16*i
		r := record{p, int(be.Uint32(b[p+8:])), int(be.Uint32(b[p+12:]))}
		if r.off+r.length > len(b) {
			return nil, fmt.Errorf("font program: table %q runs past the end", b[p:p+4])
		}
		tables[string(b[p:p+4])] = r
	}
	cmap, okC := tables["cmap"]
	head, okH := tables["head"]
	if !okC || !okH || head.length < 12 {
		return nil, errors.New("font program: no cmap or head table")
	}
	if err := fixCmapLengths(b[cmap.off : cmap.off+cmap.length]); err != nil {
		return nil, fmt.Errorf("font program: %w", err)
	}
	be.PutUint32(b[cmap.at+4:], fonts.Checksum(b[cmap.off:cmap.off+cmap.length]))
	be.PutUint32(b[head.off+8:], 0)
	be.PutUint32(b[head.off+8:], 0xB1B0AFBA-fonts.Checksum(b))
	return b, nil
}

// fixCmapLengths sets the length of each format 4 subtable of the cmap
// table c to the bytes it occupies: up to the next subtable, or the end
// of the table.
func fixCmapLengths(c []byte) error {
	be := binary.BigEndian
	if len(c) < 4 || be.Uint16(c) != 0 {
		return errors.New("cmap: not version 0")
	}
	n := int(be.Uint16(c[2:]))
	if 4+8*n > len(c) {
		return errors.New("cmap: encoding records run past the table")
	}
	offs := []int{len(c)}
	for i := range n {
		off := int(be.Uint32(c[4+8*i+4:]))
		if off < 4+8*n || off+4 > len(c) {
			return fmt.Errorf("cmap: subtable at %d outside the table", off)
		}
		offs = append(offs, off)
	}
	slices.Sort(offs)
	offs = slices.Compact(offs)
	for i, off := range offs[:len(offs)-1] {
		if be.Uint16(c[off:]) != 4 {
			continue
		}
		size := offs[i+1] - off
		if size%2 != 0 || size > 0xFFFF || size < 16 {
			return fmt.Errorf("cmap: format 4 subtable at %d of %d bytes", off, size)
		}
		be.PutUint16(c[off+2:], uint16(size))
	}
	return nil
}

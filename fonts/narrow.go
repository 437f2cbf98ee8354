package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/image/font/sfnt"
)

// Narrowed returns the face's font file with a character map (cmap) that
// lists only the given runes; every other table, the glyphs and their
// advances among them, is the same byte for byte, so the glyphs drawn and
// the widths measured are still those of TTF(f).
//
// It is what the renderer hands to fpdf. fpdf reads the whole character
// map of a font twice per document, building a Go map entry for every
// character the font has (2,600 in each Liberation face), once when the
// font is added and once when it is subset for embedding; with only the
// characters a book uses, that work shrinks to a few hundred entries. A
// rune the face lacks is left out, as is every rune above U+FFFF (the
// format-4 map fpdf reads cannot hold them, and no face here has one).
func Narrowed(f Face, runes []rune) ([]byte, error) {
	data := TTF(f)
	if data == nil {
		return nil, fmt.Errorf("no font %s", f)
	}
	font, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", f, err)
	}
	var buf sfnt.Buffer
	var pairs []glyphPair
	for _, r := range runes {
		if r < 0 || r >= 0xFFFF {
			continue
		}
		gi, err := font.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		pairs = append(pairs, glyphPair{uint16(r), uint16(gi)})
	}
	out, err := replaceTable(data, "cmap", cmap4(pairs))
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", f, err)
	}
	return out, nil
}

type glyphPair struct{ r, gid uint16 }

// cmap4 is a cmap table with one subtable, Windows Unicode BMP (3, 1) in
// format 4, mapping each pair's rune to its glyph: a segment for each run
// of consecutive runes with consecutive glyphs, each by idDelta alone.
func cmap4(pairs []glyphPair) []byte {
	slices.SortFunc(pairs, func(a, b glyphPair) int { return int(a.r) - int(b.r) })
	pairs = slices.CompactFunc(pairs, func(a, b glyphPair) bool { return a.r == b.r })
	type segment struct{ start, end, delta uint16 }
	var segs []segment
	for _, p := range pairs {
		if n := len(segs); n > 0 && p.r == segs[n-1].end+1 && p.gid-p.r == segs[n-1].delta {
			segs[n-1].end = p.r
			continue
		}
		segs = append(segs, segment{p.r, p.r, p.gid - p.r}) // modulo 65536, as the format wants
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1}) // the required last segment
	n := len(segs)
	search := 1
	for search*2 <= n {
		search *= 2
	}
	selector := 0
	for 1<<(selector+1) <= search {
		selector++
	}
	sub := make([]uint16, 0, 8+4*n)
	sub = append(sub, 4, uint16(16+8*n), 0, uint16(2*n), uint16(2*search), uint16(selector), uint16(2*n-2*search))
	for _, s := range segs {
		sub = append(sub, s.end)
	}
	sub = append(sub, 0) // reservedPad
	for _, s := range segs {
		sub = append(sub, s.start)
	}
	for _, s := range segs {
		sub = append(sub, s.delta)
	}
	for range segs {
		sub = append(sub, 0) // idRangeOffset: no glyph index array
	}
	// version 0, one encoding record: platform 3, encoding 1, at offset 12.
	b := binary.BigEndian.AppendUint16(nil, 0)
	b = binary.BigEndian.AppendUint16(b, 1)
	b = binary.BigEndian.AppendUint16(b, 3)
	b = binary.BigEndian.AppendUint16(b, 1)
	b = binary.BigEndian.AppendUint32(b, 12)
	for _, v := range sub {
		b = binary.BigEndian.AppendUint16(b, v)
	}
	return b
}

// replaceTable returns the TrueType file data with the table tag replaced
// by table: the same table directory, tables laid out afresh in its order,
// each on a 4-byte boundary, with their checksums and the head table's
// checkSumAdjustment made right (OpenType, "Font file" and "head").
func replaceTable(data []byte, tag string, table []byte) ([]byte, error) {
	if len(data) < 12 {
		return nil, errors.New("too short for a font file")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	dirEnd := 12 + 16*n
	if len(data) < dirEnd {
		return nil, errors.New("table directory runs past the end")
	}
	type record struct {
		tag  string
		body []byte
	}
	recs := make([]record, n)
	found := false
	for i := range recs {
		r := data[12+16*i:]
		off, length := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("table %q runs past the end", r[:4])
		}
		recs[i] = record{string(r[:4]), data[off : off+length]}
		if recs[i].tag == tag {
			recs[i].body, found = table, true
		}
	}
	if !found {
		return nil, fmt.Errorf("no %s table", tag)
	}
	out := make([]byte, dirEnd, len(data))
	copy(out, data[:12])
	head := -1
	for i, rec := range recs {
		off := len(out)
		out = append(out, rec.body...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		if rec.tag == "head" {
			if len(rec.body) < 12 {
				return nil, errors.New("head table too short")
			}
			head = off
			binary.BigEndian.PutUint32(out[off+8:], 0) // checkSumAdjustment, summed as 0
		}
		r := out[12+16*i:]
		copy(r, rec.tag)
		binary.BigEndian.PutUint32(r[4:], Checksum(out[off:]))
		binary.BigEndian.PutUint32(r[8:], uint32(off))
		binary.BigEndian.PutUint32(r[12:], uint32(len(rec.body)))
	}
	if head < 0 {
		return nil, errors.New("no head table")
	}
	binary.BigEndian.PutUint32(out[head+8:], 0xB1B0AFBA-Checksum(out))
	return out, nil
}

// Checksum is the OpenType table checksum: the sum of the data as
// big-endian uint32s, padded with zeros to a multiple of four bytes. (The
// strict reader in internal/fontcheck has its own on purpose: a checker
// that shared the writer's arithmetic could not catch its mistakes.)
func Checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	var last [4]byte
	copy(last[:], b)
	return sum + binary.BigEndian.Uint32(last[:])
}

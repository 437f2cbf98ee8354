package fontcheck

import (
	"encoding/binary"
	"os"
	"slices"
	"strings"
	"testing"

	"bulletin/fonts"
)

// tableAt finds a table of the font: its offset and length, and where its
// record sits in the directory.
func tableAt(t *testing.T, b []byte, tag string) (off, length, rec int) {
	t.Helper()
	for i := range int(binary.BigEndian.Uint16(b[4:])) {
		p := 12 + 16*i
		if string(b[p:p+4]) == tag {
			return int(binary.BigEndian.Uint32(b[p+8:])), int(binary.BigEndian.Uint32(b[p+12:])), p
		}
	}
	t.Fatalf("no %q table", tag)
	return
}

// format4At is the offset in the font of the cmap's (3, 1) subtable.
func format4At(t *testing.T, b []byte) int {
	c, _, _ := tableAt(t, b, "cmap")
	for i := range int(binary.BigEndian.Uint16(b[c+2:])) {
		p := c + 4 + 8*i
		if binary.BigEndian.Uint16(b[p:]) == 3 && binary.BigEndian.Uint16(b[p+2:]) == 1 {
			return c + int(binary.BigEndian.Uint32(b[p+4:]))
		}
	}
	t.Fatal("no (3, 1) cmap subtable")
	return 0
}

func add16(b []byte, at, d int) {
	binary.BigEndian.PutUint16(b[at:], uint16(int(binary.BigEndian.Uint16(b[at:]))+d))
}

// Each check fires on a font program damaged in one place: the good font
// is Liberation Serif as the fonts package embeds it, which passes.
func TestCheckFindsEachDamage(t *testing.T) {
	good := fonts.TTF(fonts.Face{Family: fonts.Serif})
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, b []byte)
		want   string // "" for no problem
	}{
		{"undamaged", func(*testing.T, []byte) {}, ""},
		{"cmap format 4 length odd", func(t *testing.T, b []byte) { add16(b, format4At(t, b)+2, 1) }, "format 4: length"},
		{"cmap format 4 length short of its arrays", func(t *testing.T, b []byte) {
			at := format4At(t, b)
			binary.BigEndian.PutUint16(b[at+2:], 20)
		}, "segments need"},
		{"cmap format 4 segments unordered", func(t *testing.T, b []byte) {
			at := format4At(t, b)
			seg := int(binary.BigEndian.Uint16(b[at+6:]))
			add16(b, at+16+seg, 0x100) // the first start code past its end code
		}, "out of order"},
		{"a table's checksum", func(t *testing.T, b []byte) {
			off, _, _ := tableAt(t, b, "glyf")
			b[off+20] ^= 0xFF
		}, `table "glyf": checksum`},
		{"head.checkSumAdjustment", func(t *testing.T, b []byte) {
			off, _, _ := tableAt(t, b, "head")
			b[off+9] ^= 2 // fpdf's error: 2 in the high word
		}, "checkSumAdjustment"},
		{"hhea.numberOfHMetrics against hmtx", func(t *testing.T, b []byte) {
			off, _, _ := tableAt(t, b, "hhea")
			add16(b, off+34, -1)
		}, "hmtx:"},
		{"maxp.numGlyphs against loca", func(t *testing.T, b []byte) {
			off, _, _ := tableAt(t, b, "maxp")
			add16(b, off+4, -1)
		}, "loca:"},
		{"loca running backwards", func(t *testing.T, b []byte) {
			off, _, _ := tableAt(t, b, "loca")
			binary.BigEndian.PutUint32(b[off+4*40:], 0x7FFFFF) // long offsets in Liberation
		}, "loca:"},
		{"directory searchRange", func(_ *testing.T, b []byte) { add16(b, 6, 16) }, "searchRange"},
		{"a table past the end", func(t *testing.T, b []byte) {
			_, _, rec := tableAt(t, b, "post")
			binary.BigEndian.PutUint32(b[rec+12:], 1<<24)
		}, `table "post"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := slices.Clone(good)
			c.damage(t, b)
			err := Check(b)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("a sound font: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want a problem with %q", err, c.want)
			}
		})
	}
}

// Every font the program embeds passes, whole, as shipped.
func TestEveryFaceAsShippedPasses(t *testing.T) {
	for _, fam := range []fonts.Family{fonts.Serif, fonts.Sans, fonts.Mono} {
		for s := range 4 {
			f := fonts.Face{Family: fam, Style: fonts.Style(s)}
			got, err := Parse(fonts.TTF(f))
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			if got.UnitsPerEm != 2048 || got.CMap['ə'] == 0 || len(got.Advance) != got.NumGlyphs {
				t.Errorf("%s: unitsPerEm %d, ə -> glyph %d, %d advances for %d glyphs", f, got.UnitsPerEm, got.CMap['ə'], len(got.Advance), got.NumGlyphs)
			}
		}
	}
}

// testdata/fpdf-0.12.0-serif-az.ttf is Liberation Serif as fpdf v0.12.0
// subset it for the Azerbaijani sample before issue #18 was fixed: its
// format 4 cmap says 323 bytes of a subtable of 404. It must stay rejected.
func TestFpdfSubsetOfBeforeTheFixIsRejected(t *testing.T) {
	b, err := os.ReadFile("testdata/fpdf-0.12.0-serif-az.ttf")
	if err != nil {
		t.Fatal(err)
	}
	err = Check(b)
	if err == nil || !strings.Contains(err.Error(), "format 4: length 323") {
		t.Errorf("got %v, want the cmap's length of 323 rejected", err)
	}
}

// format12 reads groups and checks the length against them.
func TestFormat12(t *testing.T) {
	sub := func(length int, groups ...[3]uint32) []byte {
		b := binary.BigEndian.AppendUint16(nil, 12)
		b = binary.BigEndian.AppendUint16(b, 0)
		b = binary.BigEndian.AppendUint32(b, uint32(length))
		b = binary.BigEndian.AppendUint32(b, 0)
		b = binary.BigEndian.AppendUint32(b, uint32(len(groups)))
		for _, g := range groups {
			for _, v := range g {
				b = binary.BigEndian.AppendUint32(b, v)
			}
		}
		return b
	}
	for _, c := range []struct {
		name string
		s    []byte
		want string
	}{
		{"sound", sub(40, [3]uint32{0x41, 0x43, 1}, [3]uint32{0x1F600, 0x1F600, 9}), ""},
		{"length short", sub(39, [3]uint32{0x41, 0x43, 1}, [3]uint32{0x1F600, 0x1F600, 9}), "length 39"},
		{"groups overlap", sub(40, [3]uint32{0x41, 0x43, 1}, [3]uint32{0x42, 0x50, 4}), "out of order"},
		{"glyph beyond the font", sub(28, [3]uint32{0x41, 0x43, 9}), "beyond"},
		{"past Unicode", sub(28, [3]uint32{0x41, 0x110000, 1}), "out of order or range"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &Font{NumGlyphs: 10, CMap: map[rune]int{}}
			s := c.s[:min(len(c.s), int(binary.BigEndian.Uint32(c.s[4:])))]
			err := format12(s, f, true)
			switch {
			case c.want == "" && (err != nil || f.CMap[0x1F600] != 9 || f.CMap['C'] != 3):
				t.Errorf("sound subtable: %v, map %v", err, f.CMap)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// FuzzCheck: no font program, however damaged, makes the checker panic.
func FuzzCheck(f *testing.F) {
	f.Add(fonts.TTF(fonts.Face{Family: fonts.Mono}))
	if b, err := os.ReadFile("testdata/fpdf-0.12.0-serif-az.ttf"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		font, err := Parse(b)
		if err == nil && (font == nil || len(font.Advance) != font.NumGlyphs) {
			t.Errorf("accepted with %+v", font)
		}
	})
}

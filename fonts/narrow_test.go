package fonts

import (
	"encoding/binary"
	"testing"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// checkNarrowed checks what Narrowed promises of face for runes: a font
// file that parses, whose tables and whole-file checksums are right, that
// maps exactly the runes asked for (those the face has) to the glyphs the
// full font maps them to, with the same advances, and nothing else.
func checkNarrowed(t *testing.T, face Face, runes []rune) {
	t.Helper()
	data, err := Narrowed(face, runes)
	if err != nil {
		t.Fatalf("Narrowed(%s): %v", face, err)
	}
	full, err := sfnt.Parse(TTF(face))
	if err != nil {
		t.Fatal(err)
	}
	narrow, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("the narrowed %s does not parse: %v", face, err)
	}
	if got, want := narrow.NumGlyphs(), full.NumGlyphs(); got != want {
		t.Errorf("%s: %d glyphs, want all %d", face, got, want)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		r := data[12+16*i:]
		sum, off, length := binary.BigEndian.Uint32(r[4:]), binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		body := data[off : off+(length+3)&^3]
		if string(r[:4]) == "head" {
			body = append([]byte(nil), body...)
			binary.BigEndian.PutUint32(body[8:], 0)
		}
		if got := Checksum(body); got != sum {
			t.Errorf("%s: table %s checksum %08x, directory says %08x", face, r[:4], got, sum)
		}
	}
	if got := Checksum(data); got != 0xB1B0AFBA {
		t.Errorf("%s: whole-file checksum %08x, want B1B0AFBA", face, got)
	}
	want := map[rune]bool{}
	for _, r := range runes {
		want[r] = true
	}
	var fb, nb sfnt.Buffer
	ppem := fixed.Int26_6(full.UnitsPerEm()) << 6
	for _, span := range covered {
		for r := span[0]; r <= span[1]; r++ {
			fg, _ := full.GlyphIndex(&fb, r)
			ng, err := narrow.GlyphIndex(&nb, r)
			if err != nil {
				t.Fatalf("%s: GlyphIndex(%U): %v", face, r, err)
			}
			switch {
			case want[r] && ng != fg:
				t.Errorf("%s: %U maps to glyph %d, want %d as in the full font", face, r, ng, fg)
			case !want[r] && ng != 0:
				t.Errorf("%s: %U, not asked for, maps to glyph %d", face, r, ng)
			case want[r] && fg != 0:
				fa, _ := full.GlyphAdvance(&fb, fg, ppem, font.HintingNone)
				na, _ := narrow.GlyphAdvance(&nb, ng, ppem, font.HintingNone)
				if fa != na {
					t.Errorf("%s: %U advance %v, want %v", face, r, na, fa)
				}
			}
		}
	}
}

func TestNarrowed(t *testing.T) {
	tests := []struct {
		name  string
		runes string
	}{
		{"nothing", ""},
		{"one letter", "a"},
		{"a run of consecutive runes", "abcdefghijklmnopqrstuvwxyz"},
		{"Azerbaijani with punctuation", "Beynəlxalq Münasibətlərin Təhlili Mərkəzi: Şuşa, Ağdam, Xankəndi, Gəncə — İ ı Ç ç Ö ö Ü ü “q” 2025"},
		{"repeated and unordered", "zzyyxxaa"},
		{"runes no face has", "a\u4e2d\U0001F600\uFFFF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for face := range ttf {
				checkNarrowed(t, face, []rune(tt.runes))
			}
		})
	}
}

// FuzzNarrowed: the runes come from the editor's text.
func FuzzNarrowed(f *testing.F) {
	f.Add("Şuşa Ağdam Xankəndi")
	f.Add("\x00\uFFFE\U0010FFFF")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkNarrowed(t, Face{Serif, Italic}, []rune(s))
	})
}

func BenchmarkNarrowed(b *testing.B) {
	runes := []rune("The Middle Corridor Enters a Decisive Year, Şuşa, Ağdam, Xankəndi: 0123456789 “quotes” — dashes.")
	for b.Loop() {
		if _, err := Narrowed(Face{Serif, Regular}, runes); err != nil {
			b.Fatal(err)
		}
	}
}

package render

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"bulletin/fonts"
)

// TestShowWritesWhatTextWrites draws the same texts with fpdf's Text in one
// document and with show in another, and wants the two files byte for
// byte the same: the page contents and the font subset, whose runes show
// leaves to markUsed. The cases cover what show writes itself (escaped
// bytes, coordinates that round either way) and what it leaves to Text
// (colours apart, invalid UTF-8; a rune beyond the Basic Multilingual
// Plane makes fpdf's own output panic, so plainBMP is tested alone).
func TestShowWritesWhatTextWrites(t *testing.T) {
	type shown struct {
		x, y  float64
		s     string
		apart bool // text colour other than fill colour
	}
	cases := []struct {
		name  string
		texts []shown
	}{
		{"plain", []shown{{58, 200, "Ferries and rails", false}}},
		{"Azerbaijani", []shown{{58.5, 210.25, "Gəncə, Şuşa, Ağdam, İYUN", false}}},
		{"bytes escaped", []shown{{10, 10, `a (b) c\d`, false}, {10, 30, "ĉ ̩ ĩ ĭ \r", false}}},
		{"one after another", []shown{{1, 1, "one", false}, {2, 2, "two", false}, {3, 3, "three", false}}},
		{"coordinates at a half", []shown{{0.125, 0.375, "x", false}, {1.005, 2.675, "y", false}, {0.005, 841.885, "z", false}}},
		{"coordinates below zero", []shown{{-0.001, -12.5, "w", false}, {math.Copysign(0, -1), 0, "v", false}}},
		{"colours apart", []shown{{58, 200, "grey on navy", true}, {58, 220, "after", false}}},
		{"invalid UTF-8", []shown{{58, 200, "a \xff b", false}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var texts []textAt
			for _, s := range c.texts {
				texts = append(texts, textAt{s.x, s.y, s.s, s.apart})
			}
			want, got := drawTexts(t, texts, false), drawTexts(t, texts, true)
			if !bytes.Equal(got, want) {
				t.Errorf("show wrote a file of %d bytes, Text one of %d, not the same", len(got), len(want))
			}
		})
	}
}

// FuzzShow holds show to fpdf's Text on any text of the Basic
// Multilingual Plane at any place on the page: the same file.
func FuzzShow(f *testing.F) {
	f.Add("Gəncə (İYUN) \\ \r", 58.125, 200.375)
	f.Add("", 0.0, 0.0)
	f.Add("ĉĩĭ", -3.5, 1e7)
	f.Fuzz(func(t *testing.T, s string, x, y float64) {
		if !plainBMP(s) {
			return // show leaves these to Text (fpdf panics on some); TestShowWritesWhatTextWrites covers that path
		}
		texts := []textAt{{x, y, s, false}}
		if want, got := drawTexts(t, texts, false), drawTexts(t, texts, true); !bytes.Equal(got, want) {
			t.Errorf("show(%v, %v, %q) wrote a file of %d bytes, Text one of %d, not the same", x, y, s, len(got), len(want))
		}
	})
}

// textAt is a text to draw, and whether its colour differs from the fill.
type textAt struct {
	x, y  float64
	s     string
	apart bool
}

// drawTexts draws texts on one page in the serif face, with fpdf's Text
// or with show, and returns the file, uncompressed.
func drawTexts(t *testing.T, texts []textAt, useShow bool) []byte {
	t.Helper()
	face := fonts.Face{Family: fonts.Serif}
	fixedDate := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var runes []rune
	for _, s := range texts {
		for _, r := range s.s {
			if r < 1<<16 && !slices.Contains(runes, r) {
				runes = append(runes, r)
			}
		}
	}
	slices.Sort(runes)
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: a4W, Ht: a4H}})
	f.SetCompression(false)
	f.SetCreationDate(fixedDate)
	f.SetModificationDate(fixedDate)
	f.AddUTF8FontFromBytes(face.Family.PostScriptName(), "", fonts.TTF(face))
	if useShow {
		markUsed(f, face.Family.PostScriptName(), "", runes)
	}
	f.AddPage()
	f.SetFont(face.Family.PostScriptName(), "", 12)
	r := &renderer{f: f}
	for _, s := range texts {
		r.flush() // as text does before it changes a colour
		f.SetFillColor(14, 59, 102)
		if s.apart {
			f.SetTextColor(128, 128, 128)
		} else {
			f.SetTextColor(14, 59, 102)
		}
		if useShow {
			r.show(s.x, s.y, s.s)
		} else {
			f.Text(s.x, s.y, s.s)
		}
	}
	r.flush()
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAppendFixed2 holds appendFixed2 to strconv's %.2f: on the values a
// page has (hundredths, thousandths, the ties of binary fractions), on
// random ones, and on those it must leave to strconv.
func TestAppendFixed2(t *testing.T) {
	vals := []float64{0, 0.005, 0.015, 0.125, 0.375, 1.005, 2.675, 841.885, 999999.995, 1e6, 1e7, -1, -0.004,
		math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), math.Nextafter(0.125, 1), math.Nextafter(0.125, 0)}
	for i := range 200000 {
		vals = append(vals, float64(i)/1000, float64(i)/8, float64(i)*0.01+0.005)
	}
	r := rand.New(rand.NewPCG(1, 16))
	for range 200000 {
		vals = append(vals, r.Float64()*1000, r.Float64()*1e6)
	}
	for _, v := range vals {
		want := strconv.FormatFloat(v, 'f', 2, 64)
		if got := string(appendFixed2(nil, v)); got != want {
			t.Fatalf("appendFixed2(%v) = %s, want %s", v, got, want)
		}
	}
}

func TestPlainBMP(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"", true},
		{"ferry", true},
		{"Gəncə İYUN", true},
		{"\uFFFD stands for itself", true},
		{"a 𝄞 b", false},
		{"a \xff b", false},
		{"cut \xc9", false},
	} {
		if got := plainBMP(c.s); got != c.want {
			t.Errorf("plainBMP(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestUTF16Hex(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{"", "<FEFF>"},
		{"Az", "<FEFF0041007A>"},
		{"Gəncə", "<FEFF00470259006E00630259>"},
		{"İ ı", "<FEFF013000200131>"},
		{"𝄞", "<FEFFD834DD1E>"},
	} {
		if got := utf16Hex(c.s); got != c.want {
			t.Errorf("utf16Hex(%q) = %s, want %s", c.s, got, c.want)
		}
	}
}

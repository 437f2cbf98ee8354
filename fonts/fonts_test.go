package fonts

import (
	"testing"
)

// Every Azerbaijani letter, upper and lower case, must be drawable in every
// face; the Go fonts, for one, lack Ə and ə.
func TestAzerbaijaniCoverage(t *testing.T) {
	for _, r := range "ƏəİıŞşĞğÇçÖöÜüXxQq“”‘’–—…•" {
		if !Has(r) {
			t.Errorf("fonts lack %U %q", r, r)
		}
	}
	for _, r := range []rune{0x1F600, 0x4E2D, 0x0007} {
		if Has(r) {
			t.Errorf("fonts claim to have %U", r)
		}
	}
}

// Widths are those of the TTF: Liberation is metric-compatible with Times
// and Arial, whose widths are published (space 250/278, "M" 889/833).
func TestWidthsMatchKnownMetrics(t *testing.T) {
	tests := []struct {
		face Face
		r    rune
		want int32
	}{
		{Face{Serif, Regular}, ' ', 250},
		{Face{Serif, Regular}, 'M', 889},
		{Face{Sans, Regular}, ' ', 278},
		{Face{Sans, Regular}, 'M', 833},
		{Face{Sans, Bold}, 'M', 833},
		{Face{Mono, Regular}, 'W', 600},
		{Face{Mono, Regular}, 'ə', 600},
	}
	for _, tt := range tests {
		m, err := Get(tt.face)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Width(tt.r); got != tt.want {
			t.Errorf("%s %q width = %d, want %d", tt.face, tt.r, got, tt.want)
		}
	}
	m, _ := Get(Face{Mono, Regular})
	if got := m.Measure("Gəncə", 10); got != 30 {
		t.Errorf("Measure(Gəncə, 10pt mono) = %v, want 30", got)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := parseAll(); err != nil {
			b.Fatal(err)
		}
	}
}

// Ascent and descent are the font files' own (Liberation's hhea ascender
// and descender over 2048 units per em), so baselines can be set from them.
func TestAscentDescent(t *testing.T) {
	for _, tc := range []struct {
		face            Face
		ascent, descent float64
	}{
		{Face{Serif, Regular}, 1825.0 / 2048, 443.0 / 2048},
		{Face{Serif, Italic}, 1825.0 / 2048, 443.0 / 2048},
		{Face{Sans, Bold}, 1854.0 / 2048, 434.0 / 2048},
		{Face{Mono, Regular}, 1705.0 / 2048, 615.0 / 2048},
	} {
		m, err := Get(tc.face)
		if err != nil {
			t.Fatal(err)
		}
		if m.Ascent != tc.ascent || m.Descent != tc.descent {
			t.Errorf("%s: ascent %g, descent %g; want %g, %g", tc.face, m.Ascent, m.Descent, tc.ascent, tc.descent)
		}
	}
}

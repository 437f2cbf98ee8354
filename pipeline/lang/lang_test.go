package lang

import (
	"testing"
	"time"
)

func TestUpper(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"az", "Beynəlxalq Münasibətlərin Təhlili Mərkəzi", "BEYNƏLXALQ MÜNASİBƏTLƏRİN TƏHLİLİ MƏRKƏZİ"},
		{"az", "iyun ılıq şəhər", "İYUN ILIQ ŞƏHƏR"},
		{"az", "ağdam, gəncə, xankəndi, çöl, üzüm", "AĞDAM, GƏNCƏ, XANKƏNDİ, ÇÖL, ÜZÜM"},
		{"en", "bulletin of international relations", "BULLETIN OF INTERNATIONAL RELATIONS"},
	}
	for _, tt := range tests {
		if got := Upper(tt.lang, tt.in); got != tt.want {
			t.Errorf("Upper(%q, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestMonth(t *testing.T) {
	tests := []struct {
		lang string
		m    time.Month
		want string
	}{
		{"en", time.January, "January"},
		{"en", time.December, "December"},
		{"az", time.June, "İyun"},
		{"az", time.August, "Avqust"},
		{"xx", time.March, "March"},
	}
	for _, tt := range tests {
		if got := Month(tt.lang, tt.m); got != tt.want {
			t.Errorf("Month(%q, %v) = %q, want %q", tt.lang, tt.m, got, tt.want)
		}
	}
	if got := Upper("az", Month("az", time.June)); got != "İYUN" {
		t.Errorf("upper June in az = %q, want İYUN", got)
	}
}

func TestRoman(t *testing.T) {
	tests := map[int]string{1: "I", 4: "IV", 6: "VI", 9: "IX", 14: "XIV", 40: "XL", 60: "LX", 99: "XCIX", 600: "DC", 1994: "MCMXCIV", 0: "?"}
	for n, want := range tests {
		if got := Roman(n); got != want {
			t.Errorf("Roman(%d) = %q, want %q", n, got, want)
		}
	}
}

// Every language the program prints has its own labels and month names,
// not the English fallback.
func TestCodesHaveEverything(t *testing.T) {
	for _, l := range Codes() {
		if _, ok := labels[l]; !ok {
			t.Errorf("%s has no labels", l)
		}
		if _, ok := months[l]; !ok {
			t.Errorf("%s has no month names", l)
		}
		for _, other := range Codes() {
			if _, ok := languageNames[l][other]; !ok {
				t.Errorf("%s cannot say \"in %s\"", l, other)
			}
		}
	}
}

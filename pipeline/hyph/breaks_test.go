package hyph

import (
	"slices"
	"testing"
)

// Breaks leaves capitalised words and hyphenated compounds whole and
// hyphenates the rest as Points does.
func TestBreaks(t *testing.T) {
	for _, tc := range []struct {
		lang, word string
		none       bool
	}{
		{"en", "Azerbaijan", true},
		{"en", "“Emmanuel", true},
		{"en", "(Uzbekistan", true},
		{"az", "Azərbaycanın", true},
		{"az", "İstanbulda", true},
		{"en", "racist-chauvinist", true},
		{"en", "long-standing", true},
		{"en", "cross-Caspian", true},
		{"en", "conservative—governmental", true},
		{"en", "infrastructure", false},
		{"en", "“infrastructure”", false},
		{"az", "əməkdaşlığın", false},
		{"en", "-infrastructure", false}, // a leading hyphen joins nothing
	} {
		got := Breaks(tc.lang, tc.word)
		want := Points(tc.lang, tc.word)
		if tc.none {
			want = nil
			if len(Points(tc.lang, tc.word)) == 0 && tc.word != "long-standing" && tc.word != "cross-Caspian" {
				t.Errorf("%q: Points finds no breaks either; the case tests nothing", tc.word)
			}
		} else if len(want) == 0 {
			t.Errorf("%q: Points finds no breaks; the case tests nothing", tc.word)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Breaks(%s, %q) = %v, want %v", tc.lang, tc.word, got, want)
		}
		// NameBreaks offers a capitalised word's points, and nothing else.
		wantNames := []int(nil)
		if capitalised(tc.word) && !compound(tc.word) {
			wantNames = Points(tc.lang, tc.word)
			if len(wantNames) == 0 {
				t.Errorf("%q: Points finds no breaks; the case tests nothing", tc.word)
			}
		}
		if got := NameBreaks(tc.lang, tc.word); !slices.Equal(got, wantNames) {
			t.Errorf("NameBreaks(%s, %q) = %v, want %v", tc.lang, tc.word, got, wantNames)
		}
	}
}

package hyph

import (
	"slices"
	"strings"
	"testing"
)

// marked turns "re|la|tions" into the word and the byte offsets of its
// '|' marks in the word without them, which is what Points returns.
func marked(s string) (word string, points []int) {
	var b strings.Builder
	for _, r := range s {
		if r == '|' {
			points = append(points, b.Len())
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), points
}

func TestPoints(t *testing.T) {
	tests := []struct {
		lang, marked string
	}{
		// Punctuation around the word stays out of the breaks.
		{"en", "re|la|tions"},
		{"en", "“re|la|tions,”"},
		{"en", "(in|ter|na|tional)."},
		{"en", "\"in|ter|na|tional\";"},
		{"en", "[re|la|tions]"},
		{"en", "—re|la|tions…"},
		{"en", "re|la|tions?!"},
		// Capitalised words are hyphenated like lower-case ones.
		{"en", "In|ter|na|tional"},
		{"en", "Re|la|tions"},
		// An apostrophe or hyphen ends a run; each run is hyphenated alone.
		{"en", "Azer|bai|jan’s"},
		{"en", "Azer|bai|jan's"},
		{"en", "Trans-Cas|pian"}, // from the exceptions: the patterns have none
		// The house's exceptions, where the patterns find nothing.
		{"en", "dec|ade"},
		{"en", "time|table."},
		{"en", "“Kara|bakh”"},
		// A name of Azerbaijani letters in English text gets the
		// Azerbaijani syllables; the patterns stop at ə, ı, ş, ç.
		{"en", "Xan|kəndi"},
		{"en", "Tür|kiye"},
		{"en", "Nax|çı|van"},
		{"en", "Min|gə|çe|vir"},
		{"en", "Trans-Con|ti|nen|tal"},
		{"en", "well-known"},
		{"en", "re|la|tions’"},
		// Acronyms, capitals inside, all capitals: none.
		{"en", "NATO"},
		{"en", "NATO’s"},
		{"en", "UNESCO"},
		{"en", "INTERNATIONAL"},
		{"en", "McDonald"},
		{"en", "iPhone"},
		{"en", "relaTions"},
		// Digits, e-mail addresses, paths: none.
		{"en", "COP29"},
		{"en", "2025"},
		{"en", "1990s"},
		{"en", "relations2"},
		{"en", "international/regional"},
		{"en", "press@example.org"},
		{"en", "international@"},
		{"en", "Ⅻinternational"}, // a Roman numeral character is a number
		// Addresses, abbreviations and code: none.
		{"en", "www.example.org"},
		{"en", "international.org"},
		{"en", "i.e."},
		{"en", "e.g.,"},
		{"en", "international_relations"},
		{"en", "#international"},
		{"en", "relations=international"},
		{"en", "C:\\relations"},
		{"en", "~relations"},
		// Dots that are punctuation are fine.
		{"en", "re|la|tions."},
		{"en", "...re|la|tions"},
		{"en", "re|la|tions.”"},
		{"en", "re|la|tions.)"},
		// Short words and words whose only candidate breaks are too close
		// to an end: none.
		{"en", ""},
		{"en", "a"},
		{"en", "the"},
		{"en", "ta|ble,"},
		{"en", "ta|bles"},
		{"en", "present"},
		{"en", "com|puter"},
		// Unknown languages get nothing.
		{"fr", "relations"},
		{"EN", "relations"},
		{"", "relations"},
		{"tr", "Mü-na-si-bət-lə-rin"},
		// Invalid UTF-8 counts as punctuation.
		{"en", "\xffre|la|tions"},
		{"en", "re|la|tions\xff"},

		// Azerbaijani.
		{"az", "Mü|na|si|bət|lə|rin"},
		{"az", "Bey|nəl|xalq"},
		{"az", "«Bey|nəl|xalq»"},
		{"az", "(mü|na|si|bət|lə|rin),"},
		{"az", "“Azər|bay|can”."}, // A- would leave one letter
		{"az", "İns|ti|tut"},
		{"az", "İs|tiq|lal"},
		{"az", "Il|ğım|lar"},
		{"az", "Nax|çı|van"},
		{"az", "Mər|kəzi"}, // -zi is shorter than rightMin
		{"az", "Gəncə"},
		{"az", "ailə"},
		{"az", "sa|at|lar"},
		{"az", "stra|teji"},
		{"az", "sülh"},
		{"az", "İSTİQLAL"},
		{"az", "AZƏRBAYCAN"},
		{"az", "COP29"},
		{"az", "ŞuŞa"},
		{"az", "Qa|ra|bağ-Azər|bay|can"},
		// A decomposed İ (I + combining dot above) is one letter: the dot
		// stays with it and it counts once towards leftMin.
		{"az", "I\u0307ns|ti|tut"},
		{"az", "mu\u0308|na|si|bət"}, // ü as u + combining diaeresis
	}
	for _, tt := range tests {
		word, want := marked(tt.marked)
		got := Points(tt.lang, word)
		if !slices.Equal(got, want) {
			t.Errorf("Points(%q, %q) = %v (%s), want %v (%s)", tt.lang, word,
				got, show(word, got), want, tt.marked)
		}
	}
}

// show marks points in word with '|', for readable failures.
func show(word string, points []int) string {
	var b strings.Builder
	last := 0
	for _, p := range points {
		if p < last || p > len(word) {
			return "invalid"
		}
		b.WriteString(word[last:p])
		b.WriteByte('|')
		last = p
	}
	b.WriteString(word[last:])
	return b.String()
}

// A long word takes the heap path of both languages.
func TestPointsLongWord(t *testing.T) {
	long := strings.Repeat("relations", 20)
	got := Points("en", long)
	if len(got) < 20 {
		t.Errorf("Points(en, %d letters) = %d points, want many", len(long), len(got))
	}
	az := strings.Repeat("münasibət", 20)
	if got := Points("az", az); len(got) != 4*20-1 {
		t.Errorf("Points(az, %q) = %d points, want %d", az, len(got), 4*20-1)
	}
}

package hyph

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAZSyllables checks Points against syllabifications made by hand.
// The expected points are derived here, independently of azPoints: every
// syllable boundary with at least leftMin letters before it and rightMin
// after it.
func TestAZSyllables(t *testing.T) {
	lines := readList(t, "az-syllables.txt")
	if len(lines) < 200 {
		t.Fatalf("az-syllables.txt has %d words, want at least 200", len(lines))
	}
	seen := map[string]bool{}
	for _, line := range lines {
		if seen[line] {
			t.Errorf("%s listed twice", line)
		}
		seen[line] = true
		syllables := strings.Split(line, "-")
		word := strings.Join(syllables, "")
		letters := utf8.RuneCountInString(word)
		var want []int
		before, off := 0, 0
		for _, s := range syllables[:len(syllables)-1] {
			before += utf8.RuneCountInString(s)
			off += len(s)
			if before >= leftMin && letters-before >= rightMin {
				want = append(want, off)
			}
		}
		if got := Points("az", word); !slices.Equal(got, want) {
			t.Errorf("Points(az, %q) = %s, want %s (from %s)", word, show(word, got), show(word, want), line)
		}
	}
}

func TestAZLower(t *testing.T) {
	for in, want := range map[rune]rune{
		'I': 'ı', 'İ': 'i', 'i': 'i', 'ı': 'ı', 'Ə': 'ə', 'Ö': 'ö', 'Ü': 'ü', 'Ş': 'ş', 'Ç': 'ç', 'Ğ': 'ğ',
	} {
		if got := azLower(in); got != want {
			t.Errorf("azLower(%q) = %q, want %q", in, got, want)
		}
	}
	for _, r := range "AEƏIİOÖUÜ" {
		if !isAzVowel(azLower(r)) {
			t.Errorf("%q is not taken for a vowel", r)
		}
	}
	for _, r := range "BCÇDFGĞHXJKQLMNPRSŞTVYZW" {
		if isAzVowel(azLower(r)) {
			t.Errorf("%q is taken for a vowel", r)
		}
	}
}

package hyph

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzPoints feeds arbitrary words to both languages: Points must not
// panic, and every point must be strictly increasing, inside the word, on
// a rune boundary, between two letters, with at least leftMin letters
// before it and rightMin after it.
func FuzzPoints(f *testing.F) {
	for _, s := range []string{
		"hyphenation", "“relations,”", "Azerbaijan’s", "NATO", "COP29",
		"Münasibətlərin", "İnstitut", "I\u0307nstitut", "Bey-nəl-xalq",
		"\xffrelations", "ﬁnancial", "ﬁ9ancé", "a.b", "re'la'tions", "",
		"saat", "ailə", "stra-te-ji", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		for _, lang := range []string{"en", "az"} {
			points := Points(lang, word)
			last := 0
			for _, p := range points {
				if p <= last || p >= len(word) {
					t.Fatalf("Points(%s, %q) = %v: %d out of order or outside the word", lang, word, points, p)
				}
				last = p
				if !utf8.RuneStart(word[p]) {
					t.Fatalf("Points(%s, %q) = %v: %d inside a rune", lang, word, points, p)
				}
				after, _ := utf8.DecodeRuneInString(word[p:])
				if !unicode.IsLetter(after) {
					t.Fatalf("Points(%s, %q) = %v: %d not before a letter", lang, word, points, p)
				}
				before, size := utf8.DecodeLastRuneInString(word[:p])
				if size == 1 && before == utf8.RuneError || !unicode.IsLetter(before) && !isMark(before) {
					t.Fatalf("Points(%s, %q) = %v: %d not after a letter", lang, word, points, p)
				}
				if n := letters(word[:p]); n < leftMin {
					t.Fatalf("Points(%s, %q) = %v: %d letters before %d", lang, word, points, n, p)
				}
				if n := letters(word[p:]); n < rightMin {
					t.Fatalf("Points(%s, %q) = %v: %d letters after %d", lang, word, points, n, p)
				}
			}
		}
	})
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

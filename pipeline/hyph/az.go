package hyph

import "unicode"

// Azerbaijani is hyphenated by syllables, and its syllables follow from
// where the vowels are, so rules suffice where English needs patterns.
// The rules below restate, in our own words, what the hyphenation section
// of the Azerbaijani orthography rules and ordinary school grammar teach
// (general knowledge of the language; no text is taken from them):
//
//  1. Every syllable has exactly one vowel: a, e, ə, ı, i, o, ö, u, ü. The
//     language has no diphthongs, so two vowels side by side belong to
//     different syllables: sa-at, a-i-lə, mü-əl-lim, şe-ir.
//  2. A single consonant between two vowels starts the next syllable
//     (V-CV): Şu-şa, Mər-kə-zi, Mü-na-si-bət.
//  3. Of two or more consonants between two vowels, only the last starts
//     the next syllable; the others close the syllable before (VC-CV,
//     VCC-CV): Gən-cə, Ağ-dam, türk-lər, İns-ti-tut. We apply this to
//     loanwords too (elekt-rik, kont-rol, sent-yabr) rather than keeping
//     clusters such as "tr" together, because the rule is the written one
//     and any split of such a cluster reads acceptably at a line end.
//  4. Consonants before the first vowel stay with it and consonants after
//     the last vowel stay with it: stra-te-ji, xalq, Bey-nəl-xalq.
//
// y is a consonant (bay-raq, iq-ti-sa-diy-yat). Letters outside the
// Azerbaijani alphabet (w in foreign names) are treated as consonants,
// which is what a reader pronouncing them would do. The orthography also
// forbids leaving a single letter at either end of a line; leftMin and
// rightMin are stricter than that.

// azLower lower-cases r by Azerbaijani rules: I is the capital of ı and İ
// the capital of i, which unicode.ToLower gets wrong.
func azLower(r rune) rune {
	return unicode.AzeriCase.ToLower(r)
}

// isAzVowel reports whether the lower-case letter r is an Azerbaijani vowel.
func isAzVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'ə', 'ı', 'i', 'o', 'ö', 'u', 'ü':
		return true
	}
	return false
}

// azPoints appends the syllable boundaries of one run of letters that
// leave leftMin letters before and rightMin after.
func azPoints(units []unit, out []int) []int {
	n := len(units)
	prev := -1 // index of the previous vowel
	for t, u := range units {
		if !isAzVowel(u.r) {
			continue
		}
		if prev >= 0 {
			// The syllable of this vowel starts at the last consonant
			// before it (rules 2, 3), or at the vowel itself (rule 1).
			b := t
			if t-prev > 1 {
				b = t - 1
			}
			if allowed(b, n) {
				out = addPoint(out, units[b].off)
			}
		}
		prev = t
	}
	return out
}

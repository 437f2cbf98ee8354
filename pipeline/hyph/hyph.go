// Package hyph finds the places inside a word where the line breaker may
// insert a hyphen: Liang's pattern algorithm over the US English TeX
// patterns for English, and rules from the syllable structure for
// Azerbaijani.
//
// A word arrives as typeset, so it may carry quotes, brackets and
// punctuation around it and apostrophes or hyphens inside it. Points only
// ever falls between two letters of one run of letters: a break never
// separates punctuation from its word, never lands next to an apostrophe or
// an explicit hyphen (the line breaker may already break after a hyphen; it
// must not insert a second one), and every run is hyphenated on its own, so
// "Azerbaijan’s" is treated as "Azerbaijan" followed by "’s".
package hyph

import (
	"unicode"
	"unicode/utf8"
)

// The minimum number of letters on each side of a break. Two before and
// three after is the setting of both TeX's US English and the hyphen
// file's own LEFTHYPHENMIN/RIGHTHYPHENMIN header; using the same numbers for
// Azerbaijani keeps a stranded two-letter suffix such as "-da" or "-lə"
// from starting a line on its own.
const (
	leftMin  = 2
	rightMin = 3
)

// A unit is one letter of a run: its lower-case form (what the rules look
// at) and the byte offset in the original word where it starts (what the
// caller gets back). Combining marks after a letter belong to that letter's
// unit, so a break can never separate a base letter from its accent.
type unit struct {
	r   rune
	off int
}

// stackUnits is the run length handled without a heap allocation. Real
// words are far shorter; longer ones still work, just more slowly.
const stackUnits = 48

// Points returns the byte offsets inside word at which a hyphen may be
// inserted, in increasing order, for language lang ("en" or "az"; any other
// language gets none). Words containing digits, '@' or '/' (numbers, e-mail
// addresses, URLs, dates) and words with a capital letter anywhere but at
// the start of a run (acronyms such as NATO or COP29, names such as
// McDonald) get none, because a pattern or syllable rule means nothing for
// them. So do words that look like code, addresses or handles: a '\', '_',
// '=', '#', '~' or '|' anywhere, or a '.' between two letters (example.org,
// i.e.). Every point has at least two letters before it and three after it
// within its run of letters.
func Points(lang, word string) []int {
	// A switch rather than function values: calling through a func value
	// would make the stack buffer below escape to the heap.
	var en *patterns
	switch lang {
	case "en":
		en = enPatterns()
	case "az":
	default:
		return nil
	}
	if len(word) < leftMin+rightMin {
		return nil // too short to have leftMin+rightMin letters
	}
	// Reject the whole word first so that nothing is hyphenated in a word
	// whose later part disqualifies it.
	if rejected(word) {
		return nil
	}

	var buf [stackUnits]unit
	units := buf[:0]
	var out []int
	inRun := false // a mark only extends a unit that is a letter of this run
	for i := 0; i < len(word); {
		r, size := utf8.DecodeRuneInString(word[i:])
		switch {
		case size == 1 && r == utf8.RuneError:
			// Invalid UTF-8 is treated like punctuation: it ends the run.
			inRun = false
		case unicode.IsLetter(r):
			switch {
			case r < utf8.RuneSelf && (en != nil || r != 'I'):
				r |= 0x20 // ASCII lower case; Azerbaijani I is ı, below
			case en != nil:
				r = unicode.ToLower(r)
			default:
				r = azLower(r)
			}
			units = append(units, unit{r: r, off: i})
			inRun = true
		case isMark(r) && inRun:
			// part of the previous unit
		default:
			inRun = false
		}
		if !inRun && len(units) > 0 {
			out = hyphenateRun(en, units, out)
			units = units[:0]
		}
		i += size
	}
	if len(units) > 0 {
		out = hyphenateRun(en, units, out)
	}
	return out
}

// hyphenateRun appends the points of one run of letters: by the English
// patterns en, or by the Azerbaijani syllable rules when en is nil.
func hyphenateRun(en *patterns, units []unit, out []int) []int {
	if len(units) < leftMin+rightMin {
		return out
	}
	if en == nil {
		return azPoints(units, out)
	}
	if at, ok := exception(units); ok {
		for _, t := range at {
			if allowed(t, len(units)) {
				out = addPoint(out, units[t].off)
			}
		}
		return out
	}
	if en.unknown(units) && azerbaijani(units) {
		// A name of the region in English text (Xankəndi, Türkiye,
		// Naxçıvan): the patterns know none of ə ı ş ç ğ ö ü and stop
		// at them, the Azerbaijani syllables do not.
		return azPoints(units, out)
	}
	return en.points(units, out)
}

// unknown reports whether a letter of the run is in none of the
// patterns.
func (p *patterns) unknown(units []unit) bool {
	for _, u := range units {
		if p.code(u.r) == codeNone {
			return true
		}
	}
	return false
}

// azerbaijani reports whether every letter of the run (lower case) is one
// of the Azerbaijani alphabet's.
func azerbaijani(units []unit) bool {
	for _, u := range units {
		if u.r >= 'a' && u.r <= 'z' && u.r != 'w' {
			continue
		}
		switch u.r {
		case 'ə', 'ı', 'ş', 'ç', 'ğ', 'ö', 'ü':
			continue
		}
		return false
	}
	return true
}

// asciiClass sorts ASCII characters for the checks in Points, which run
// on every word and are mostly ASCII even in Azerbaijani text.
var asciiClass = func() (c [utf8.RuneSelf]uint8) {
	for r := 'a'; r <= 'z'; r++ {
		c[r], c[r-'a'+'A'] = asciiLetter, asciiLetter
	}
	for r := '0'; r <= '9'; r++ {
		c[r] = asciiReject
	}
	for _, r := range "@/\\_=#~|" {
		c[r] = asciiReject
	}
	return c
}()

const (
	asciiOther  = iota // punctuation, spaces, controls: ends a run
	asciiLetter        // a letter
	asciiReject        // a digit, '@', '/' and the like: no points in this word
)

// addPoint appends off to out, making room for a typical word's points at
// once instead of growing the slice one point at a time.
func addPoint(out []int, off int) []int {
	if out == nil {
		out = make([]int, 0, 4)
	}
	return append(out, off)
}

// isMark reports whether r is a combining mark, which attaches to the
// letter before it (a decomposed "i̇" is one letter, not two).
func isMark(r rune) bool {
	return r >= 0x300 && unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// allowed reports whether a break before units[t] of a run of n letters
// leaves leftMin letters before it and rightMin after it.
func allowed(t, n int) bool {
	return t >= leftMin && n-t >= rightMin
}

// Breaks is Points with the house's rules for running text on top:
//
//   - a word that starts with a capital letter (after any opening quote or
//     bracket) is not hyphenated at all, as with TeX's \uchyph=0: proper
//     names read badly cut ("Azer-baijan", "Mir-zoyan"), and Azerbaijani
//     suffixes after an apostrophe-less name would be cut too;
//   - a compound that carries its own hyphen (or a dash) between two
//     letters breaks only there, which the line breaker already may: a
//     second, inserted hyphen ("racist-chau-vinist") is never offered.
func Breaks(lang, word string) []int {
	if compound(word) || capitalised(word) {
		return nil
	}
	return Points(lang, word)
}

// NameBreaks offers what Breaks withholds from a capitalised word: its
// points, for a paragraph that cannot be set well without them (the line
// breaker charges them more). A compound still breaks only at its hyphen.
func NameBreaks(lang, word string) []int {
	if compound(word) || !capitalised(word) {
		return nil
	}
	return Points(lang, word)
}

// capitalised reports whether the first letter of word is a capital.
func capitalised(word string) bool {
	for _, r := range word {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r) || unicode.IsTitle(r)
		}
	}
	return false
}

// compound reports whether word has a hyphen or dash between two letters.
func compound(word string) bool {
	prev := rune(0)
	first := true
	for _, r := range word {
		if unicode.IsLetter(r) {
			if !first && (prev == '-' || prev == '‐' || prev == '–' || prev == '—') {
				return true
			}
			first = false
		}
		prev = r
	}
	return false
}

// rejected reports whether nothing in word may be hyphenated: a capital
// inside a run of letters (a code or an acronym), a digit, a character of
// the rejected ASCII class, or a letter right after an inner '.'.
func rejected(word string) bool {
	runStart := true
	dot := false // the previous character is a '.' right after a letter
	for _, r := range word {
		switch {
		case r < utf8.RuneSelf && asciiClass[r] == asciiLetter:
			if !runStart && r <= 'Z' || dot {
				return true
			}
			runStart = false
		case r < utf8.RuneSelf && asciiClass[r] == asciiReject:
			return true
		case r == '.':
			dot = !runStart
			runStart = true
			continue
		case r < utf8.RuneSelf:
			runStart = true
		case unicode.IsNumber(r):
			return true
		case unicode.IsLetter(r):
			if !runStart && (unicode.IsUpper(r) || unicode.IsTitle(r)) || dot {
				return true
			}
			runStart = false
		case isMark(r):
			// belongs to the letter before it, if any
		default:
			runStart = true
		}
		dot = false
	}
	return false
}

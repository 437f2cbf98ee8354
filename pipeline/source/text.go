package source

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"bulletin/pipeline/diag"
)

var bom = []byte("\uFEFF")

// clean strips a byte-order mark and reports the first character that an
// editor would not show faithfully. Only the first is reported: after a bad
// byte the rest of the file is usually garbage too, and positions of later
// problems could not be trusted. It reports false if the file must not be
// parsed further.
func clean(file string, data []byte, errs *diag.List) ([]byte, bool) {
	// Windows editors offer "Unicode", which is UTF-16: every other byte
	// is a NUL, and the byte-by-byte report below would not say why.
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		errs.Add(start(file), "the file is UTF-16; save it as UTF-8")
		return data, false
	}
	data = bytes.TrimPrefix(data, bom)
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		pos := diag.Pos{File: file, Line: line, Col: col}
		switch {
		case r == utf8.RuneError && size == 1:
			errs.Add(pos, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", data[i])
			return data, false
		// A lone CR, NEL, LS or PS ends a line for the YAML parser (and a lone
		// CR for Markdown) but not for us, so line numbers would disagree.
		case r == '\r' && !bytes.HasPrefix(data[i+1:], []byte("\n")):
			errs.Add(pos, "carriage return U+000D without a line feed; use LF or CRLF line ends")
			return data, false
		case r == '\u2028' || r == '\u2029':
			errs.Add(pos, "%U is not allowed; use a plain line break", r)
			return data, false
		case unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r':
			errs.Add(pos, "control character %U is not allowed", r)
			return data, false
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return data, true
}

// suggest returns " (did you mean "x"?)" for the known word closest to got,
// or "" when none is close enough to be a plausible typo.
func suggest(got string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := distance(got, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return ` (did you mean "` + best + `"?)`
}

// distance is the optimal string alignment distance: edits, where swapping
// two neighbours counts as one, since "subtitel" is one slip, not two.
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// Three rows suffice: the transposition looks back two rows.
	prev2, prev, cur := make([]int, len(t)+1), make([]int, len(t)+1), make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}

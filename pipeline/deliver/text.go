package deliver

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"bulletin/pipeline/diag"
)

var bom = []byte("\uFEFF")

// clean strips a byte-order mark and reports the first character that an
// editor would not show faithfully, as the sources are checked: the
// subscriber file is often exported from a spreadsheet, so BOM and CRLF
// are fine, UTF-16, control characters and lone CRs are not.
func clean(file string, data []byte, errs *diag.List) ([]byte, bool) {
	start := diag.Pos{File: file, Line: 1, Col: 1}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		errs.Add(start, "the file is UTF-16; save it as UTF-8")
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
		case r == '\r' && !bytes.HasPrefix(data[i+1:], []byte("\n")):
			errs.Add(pos, "carriage return U+000D without a line feed; use LF or CRLF line ends")
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

// suggest returns ` (did you mean "x"?)` for the known word closest to got,
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

// distance is the Levenshtein distance between a and b, in characters.
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	prev, cur := make([]int, len(t)+1), make([]int, len(t)+1)
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
		}
		prev, cur = cur, prev
	}
	return prev[len(t)]
}

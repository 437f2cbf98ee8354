// Package textfile checks the bytes of a text file a user wrote (sources,
// the mail settings, subscriber lists) before anything parses them.
package textfile

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"bulletin/pipeline/diag"
)

var bom = []byte("\uFEFF")

// maxBad is how many characters Clean reports in one file before it gives
// up on it: past that the file is most likely not text at all.
const maxBad = 10

// Clean strips a byte-order mark and reports every character that an
// editor would not show faithfully, replacing it (a bad byte or a control
// character with a space, a lone CR or a line separator with a line feed,
// as an editor shows it) so that the rest of the file can still be parsed
// and its other problems reported in the same run, at the columns the
// editor shows. It reports false if the file
// must not be parsed further: UTF-16, or more than maxBad such characters.
func Clean(file string, data []byte, errs *diag.List) ([]byte, bool) {
	// Windows editors offer "Unicode", which is UTF-16: every other byte
	// is a NUL, and the byte-by-byte report below would not say why.
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "the file is UTF-16; save it as UTF-8")
		return data, false
	}
	data = bytes.TrimPrefix(data, bom)
	var out []byte // a copy, made at the first character replaced
	bad := 0
	line, lineStart := 1, 0 // lineStart: where the line starts in the text so far
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		msg, repl := badChar(r, size, data[i:])
		if msg != "" {
			done := data[:i]
			if out != nil {
				done = out
			}
			// The column counts the characters before it as they will be
			// read: replaced and composed. A few characters decompose under
			// NFC (Hebrew presentation forms, found by FuzzParseArticle);
			// a column never counts more than the line holds.
			before := done[lineStart:]
			pos := diag.Pos{File: file, Line: line, Col: min(utf8.RuneCount(nfc(before)), utf8.RuneCount(before)) + 1}
			if bad++; bad > maxBad {
				errs.Add(pos, "more than %d characters that are not allowed; is this a text file saved as UTF-8?", maxBad)
				return data, false
			}
			errs.Add(pos, "%s", msg)
			if out == nil {
				out = append(make([]byte, 0, len(data)+2*maxBad), data[:i]...)
			}
			out = utf8.AppendRune(out, repl)
		} else if out != nil {
			out = append(out, data[i:i+size]...)
		}
		i += size
		if r == '\n' || repl == '\n' {
			line, lineStart = line+1, i
			if out != nil {
				lineStart = len(out)
			}
		}
	}
	if out != nil {
		data = out
	}
	return nfc(data), true
}

// nfc returns data in Unicode normalization form C. A letter typed as a
// base and a combining mark (S and U+0327, as some keyboards and macOS
// file names produce) becomes the one composed letter (Ş) the fonts draw
// and the hyphenation patterns know; otherwise the mark would be set as a
// glyph of its own, on a neighbour. Columns then count the composed
// letters, one per letter, as an editor shows them.
func nfc(data []byte) []byte {
	if norm.NFC.IsNormal(data) {
		return data
	}
	return norm.NFC.Bytes(data)
}

// badChar says what is wrong with the character r of size bytes at the
// start of rest, and what stands in for it; "" when nothing is.
func badChar(r rune, size int, rest []byte) (string, rune) {
	switch {
	case r == utf8.RuneError && size == 1:
		return fmt.Sprintf("invalid UTF-8 (byte 0x%02X); save the file as UTF-8", rest[0]), ' '
	// A lone CR, NEL, LS or PS ends a line for the YAML parser (and a lone
	// CR for Markdown) but not for us, so line numbers would disagree.
	// It stands for a line break, as an editor shows it.
	case r == '\r' && !bytes.HasPrefix(rest[1:], []byte("\n")):
		return "carriage return U+000D without a line feed; use LF or CRLF line ends", '\n'
	case r == '\u2028' || r == '\u2029':
		return fmt.Sprintf("%U is not allowed; use a plain line break", r), '\n'
	case unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r':
		return fmt.Sprintf("control character %U is not allowed", r), ' '
	}
	return "", 0
}

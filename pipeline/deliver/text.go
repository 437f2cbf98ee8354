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

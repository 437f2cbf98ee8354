package render

import (
	"math"
	"strconv"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// show draws s at x, y as fpdf's Text does, byte for byte, without its cost:
// Text formats through fmt, converts and escapes in three passes and
// records every rune in its font's map of used runes, which together took
// most of a 600-article render (#16). The runes are recorded once per face
// instead (markUsed), and the operators of a run of text are handed to
// fpdf together (flush), as the lines Text would have written one by one.
// It falls back to Text where its output would differ: text and fill
// colours apart (Text wraps the text in q ... Q) or a rune beyond the Basic
// Multilingual Plane or invalid UTF-8 (which Text converts in its own way).
func (r *renderer) show(x, y float64, s string) {
	f := r.f
	fr, fg, fb := f.GetFillColor()
	tr, tg, tb := f.GetTextColor()
	if fr != tr || fg != tg || fb != tb || !plainBMP(s) {
		r.flush()
		f.Text(x, y, s)
		return
	}
	k := f.GetConversionRatio()
	_, h := f.GetPageSize()
	b := append(r.shown, "BT "...)
	b = appendFixed2(b, x*k)
	b = append(b, ' ')
	b = appendFixed2(b, (h-y)*k)
	b = append(b, " Td ("...)
	for _, c := range s {
		b = appendEscaped(b, byte(c>>8))
		b = appendEscaped(b, byte(c))
	}
	r.shown = append(b, ") Tj ET\n"...)
}

// raw writes the operators op into the page after the text shown so far,
// as every operator the renderer writes itself must be: written straight
// to fpdf, it would land before the text still held for one write.
func (r *renderer) raw(op string) {
	r.flush()
	r.f.RawWriteStr(op)
}

// flush hands fpdf the text operators show wrote since the last flush:
// fpdf ends what it is given with a newline, as it ends each operator.
// Anything else that writes into the page must flush first. The bytes go
// to fpdf as a reader, which it copies into the page, not as a string,
// which would be a copy more.
func (r *renderer) flush() {
	if n := len(r.shown); n > 0 {
		r.reader.Reset(r.shown[:n-1])
		r.f.RawWriteBuf(&r.reader)
		r.shown = r.shown[:0]
	}
}

// appendFixed2 appends v with two decimals, as strconv.AppendFloat(b, v,
// 'f', 2, 64) (fmt's %.2f) does, which is a third of show's time: from the
// nearest integer to v*100 when no rounding error can have moved it, that
// is, when v*100 is not within a millionth of a half (the error of the
// product is below 1e-9 for the sizes of a page).
func appendFixed2(b []byte, v float64) []byte {
	c := v * 100
	n := math.Round(c)
	if !(v >= 0 && v < 1e6) || math.Signbit(v) || math.Abs(math.Abs(c-n)-0.5) < 1e-6 {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	i := int64(n)
	b = strconv.AppendInt(b, i/100, 10)
	return append(b, '.', byte('0'+i/10%10), byte('0'+i%10))
}

// appendEscaped appends one byte of a UTF-16BE string as fpdf's escape
// writes it into a literal string.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '\\', '(', ')':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// plainBMP tells whether s is valid UTF-8 of the Basic Multilingual Plane
// only, which fpdf converts to UTF-16 as the standard does.
func plainBMP(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		c, n := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && n == 1 || c >= 1<<16 {
			return false
		}
		i += n
	}
	return true
}

// markUsed records runes as used in the face fpdf knows as family and
// style, as its Text does for each rune it draws, so that its subset holds
// them: through a template that is never placed, which shares the
// document's fonts (and so their maps of used runes) and writes nothing
// into the document.
func markUsed(f *fpdf.Fpdf, family, style string, runes []rune) {
	if len(runes) == 0 {
		return
	}
	f.CreateTemplate(func(t *fpdf.Tpl) {
		t.SetFont(family, style, 10)
		t.Text(0, 0, string(runes))
	})
}

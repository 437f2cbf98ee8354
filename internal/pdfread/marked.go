package pdfread

import (
	"math"
	"strings"
	"unicode/utf16"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// Marked is the text of a page as PDFium reads it, split by the
// marked-content sequence each text object is drawn in.
type Marked struct {
	// MCID is the text of each sequence with an MCID, its text objects in
	// content order. A line of text that ends without a space is joined
	// to the next line of its sequence by one.
	MCID map[int]string
	// Line is set for a sequence whose first text object starts a line:
	// one drawn on another baseline than the text object before it, or
	// first on the page. A reader puts a space before it.
	Line map[int]bool
	// Other is the text drawn outside every sequence with an MCID (the
	// artifacts), a line each.
	Other string
}

// MarkedText reads the text of every page of pdf with PDFium, text object
// by text object (FPDFTextObj_GetText decodes the glyphs through the
// font's ToUnicode map), keyed by the MCID of the sequence each object is
// in (FPDFPageObj_GetMarkedContentID): what a screen reader finds under
// each MCID the structure tree points at. An object inside a span with an
// /ActualText reads as that text (ISO 32000-1 14.9.4), so a hyphenated
// word reads whole. PDFium's own text page applies an /ActualText only
// when it is not empty and guesses at the rest (it reads "govern-ment"
// as "government\x02ern"), so the spans are read here from the object's
// marks, as the standard says.
func MarkedText(pdf []byte) ([]Marked, error) {
	return perPage(pdf, pageMarked)
}

// run is the text read so far of one sequence, and where its last text
// object is.
type run struct {
	b  strings.Builder
	at pos
}

// pos is the baseline of a text object, and how far from it another's
// may be on the same line.
type pos struct{ base, near float64 }

func (p pos) same(q pos) bool { return math.Abs(p.base-q.base) <= max(p.near, q.near) }

// pageMarked splits one page's text by MCID.
func pageMarked(p pdfium.Pdfium, page requests.Page) (Marked, error) {
	tp, err := p.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return Marked{}, err
	}
	defer p.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := p.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return Marked{}, err
	}
	runs := map[int]*run{}
	line := map[int]bool{}
	prev := pos{math.NaN(), 0} // of the text object before
	for i := 0; i < n.Count; i++ {
		obj, err := p.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return Marked{}, err
		}
		typ, err := p.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil || typ.Type != enums.FPDF_PAGEOBJ_TEXT {
			continue
		}
		m, err := p.FPDFPageObj_GetMarkedContentID(&requests.FPDFPageObj_GetMarkedContentID{PageObject: obj.PageObject})
		if err != nil {
			return Marked{}, err
		}
		text, err := objectText(p, tp.TextPage, obj.PageObject)
		if err != nil {
			return Marked{}, err
		}
		mx, err := p.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj.PageObject})
		if err != nil {
			return Marked{}, err
		}
		fs, err := p.FPDFTextObj_GetFontSize(&requests.FPDFTextObj_GetFontSize{PageObject: obj.PageObject})
		if err != nil {
			return Marked{}, err
		}
		key := max(m.MarkedContentID, -1) // -1: outside every sequence with an MCID
		r := runs[key]
		// A new line is a baseline more than 0.6 of the text's size away,
		// so a raised note number stays on its line.
		at := pos{float64(mx.Matrix.F), float64(fs.FontSize) * 0.6}
		if r == nil {
			r = &run{at: at}
			runs[key] = r
			line[key] = !prev.same(at)
		}
		r.add(text, at, key < 0)
		prev = at
	}
	mk := Marked{MCID: map[int]string{}, Line: map[int]bool{}}
	for m, r := range runs {
		if m < 0 {
			mk.Other = r.b.String()
			continue
		}
		mk.MCID[m], mk.Line[m] = r.b.String(), line[m]
	}
	return mk, nil
}

// add appends the text of an object drawn on baseline base: on a new line
// after a space, or a line end for artifacts, unless the line before
// ended in a space.
func (r *run) add(text string, at pos, artifact bool) {
	if !r.at.same(at) && r.b.Len() > 0 {
		s := r.b.String()
		switch {
		case artifact:
			r.b.WriteByte('\n')
		case !strings.HasSuffix(s, " ") && !strings.HasPrefix(text, " "):
			r.b.WriteByte(' ')
		}
	}
	r.at = at
	if strings.HasSuffix(r.b.String(), " ") {
		text = strings.TrimLeft(text, " ") // the end of a hyphenated word reads as its space
	}
	r.b.WriteString(text)
}

// objectText is the text of a text object: the /ActualText of the span it
// is in, when it is in one, or its glyphs' text.
func objectText(p pdfium.Pdfium, tp references.FPDF_TEXTPAGE, obj references.FPDF_PAGEOBJECT) (string, error) {
	nm, err := p.FPDFPageObj_CountMarks(&requests.FPDFPageObj_CountMarks{PageObject: obj})
	if err != nil {
		return "", err
	}
	for k := nm.Count - 1; k >= 0; k-- { // the innermost span first
		mark, err := p.FPDFPageObj_GetMark(&requests.FPDFPageObj_GetMark{PageObject: obj, Index: uint64(k)})
		if err != nil {
			return "", err
		}
		// The string's bytes: PDFium's string value widens each byte of
		// a UTF-16 text string to a character of its own.
		if v, err := p.FPDFPageObjMark_GetParamBlobValue(&requests.FPDFPageObjMark_GetParamBlobValue{PageObjectMark: mark.Mark, Key: "ActualText"}); err == nil {
			return textString(v.Value), nil
		}
	}
	t, err := p.FPDFTextObj_GetText(&requests.FPDFTextObj_GetText{PageObject: obj, TextPage: tp})
	if err != nil {
		return "", err
	}
	return t.Text, nil
}

// textString decodes a PDF text string (ISO 32000-1 7.9.2.2): UTF-16BE
// after its byte order mark, else one character a byte (PDFDocEncoding,
// which agrees with Latin-1 on the letters and digits).
func textString(b []byte) string {
	if len(b) < 2 || b[0] != 0xfe || b[1] != 0xff {
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

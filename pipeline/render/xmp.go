package render

import (
	"crypto/sha256"
	_ "embed"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"time"

	"bulletin/pipeline/book"
)

// sRGB is the ICC profile of the archive file's output intent: sRGB2014.icc
// of the International Color Consortium, as shipped by fpdf in its icc
// folder, compiled into the binary. Its licence (icc/LICENSE.color.org)
// lets it be copied, distributed and embedded without restriction as long
// as it is not altered.
//
//go:embed icc/sRGB2014.icc
var sRGB []byte

// sRGBCondition names the output condition of the sRGB profile.
const sRGBCondition = "sRGB IEC61966-2.1"

// fogra39 is the CMYK characterization profile of the print file's PDF/X
// output intent: coated offset (ISO 12647-2:2004/Amd 1), built with
// ArgyllCMS from Fogra's FOGRA39L data as Debian ships it (zlib licence);
// see icc/README.FOGRA39L.md and docs/print.md.
//
//go:embed icc/FOGRA39L-coated.icc
var fogra39 []byte

// The print file's output condition: FOGRA39 as registered in the ICC's
// characterization data registry, which RegistryName names.
const (
	fograCondition = "FOGRA39"
	fograInfo      = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1)"
	fograRegistry  = "http://www.color.org"
)

// xmpDate is a date as XMP writes it. The document information dictionary
// carries the same instant as D:YYYYMMDDHHmmSSZ (see finish), so that the
// two agree as PDF/A requires.
func xmpDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// The standards a file claims in its XMP, besides PDF/UA-1, which every
// tagged file claims.
type claim int

const (
	claimNone claim = iota // the screen file
	claimPDFA              // the archive file: PDF/A-2a
	claimPDFX              // the print file: PDF/X-4
)

// xmp is the XMP metadata packet of a file: the document information in
// the Dublin Core, XMP and PDF schemas, the languages of its text (langs:
// the document's first), the PDF/UA identification (part 1) when tagged,
// and the PDF/A identification (part 2, conformance A: tagged, Unicode)
// or the PDF/X one (PDF/X-4, with /Trapped and the document's IDs that
// PDF/X-4 asks of XMP). Every value equals its counterpart in the
// information dictionary that fpdf writes and finish completes.
func xmp(m book.Meta, langs []string, c claim, tagged bool) []byte {
	var w xmpWriter
	date := xmpDate(m.Date)
	w.line("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>")
	w.line(`<x:xmpmeta xmlns:x="adobe:ns:meta/">`)
	w.line(` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`)
	w.line(`  <rdf:Description rdf:about=""`)
	w.line(`    xmlns:dc="http://purl.org/dc/elements/1.1/"`)
	w.line(`    xmlns:xmp="http://ns.adobe.com/xap/1.0/"`)
	w.line(`    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"`)
	if tagged {
		w.line(`    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"`)
	}
	switch c {
	case claimPDFX:
		w.line(`    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"`)
		w.line(`    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"`)
	case claimPDFA:
		w.line(`    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"`)
	}
	w.line(`    >`)
	w.dublinCore(m, langs, date)
	w.line(`   <xmp:CreatorTool>`, esc(Creator), `</xmp:CreatorTool>`)
	w.line(`   <xmp:CreateDate>`, date, `</xmp:CreateDate>`)
	w.line(`   <xmp:ModifyDate>`, date, `</xmp:ModifyDate>`)
	w.line(`   <xmp:MetadataDate>`, date, `</xmp:MetadataDate>`)
	w.line(`   <pdf:Producer>`, esc(Creator), `</pdf:Producer>`)
	w.claims(m, c, tagged)
	w.line(`  </rdf:Description>`)
	w.line(` </rdf:RDF>`)
	w.line(`</x:xmpmeta>`)
	// Padding lets an editor update the packet in place, as XMP advises:
	// the archive's and the print file's. The screen file goes by email,
	// where every byte counts, and is never edited.
	if c != claimNone {
		for range 8 {
			w.line(strings.Repeat(" ", 99))
		}
	}
	w.WriteString(`<?xpacket end="w"?>`)
	return []byte(w.String())
}

// xmpWriter writes an XMP packet line by line.
type xmpWriter struct{ strings.Builder }

// line writes the parts and a line end.
func (w *xmpWriter) line(parts ...string) {
	for _, x := range parts {
		w.WriteString(x)
	}
	w.WriteByte('\n')
}

// esc escapes s for XML text.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// dublinCore writes the dc: properties.
func (w *xmpWriter) dublinCore(m book.Meta, langs []string, date string) {
	w.line(`   <dc:format>application/pdf</dc:format>`)
	w.line(`   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">`, esc(m.Title), `</rdf:li></rdf:Alt></dc:title>`)
	if m.Author != "" {
		w.line(`   <dc:creator><rdf:Seq><rdf:li>`, esc(m.Author), `</rdf:li></rdf:Seq></dc:creator>`)
	}
	if m.Subject != "" {
		w.line(`   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">`, esc(m.Subject), `</rdf:li></rdf:Alt></dc:description>`)
	}
	if len(langs) > 0 {
		w.WriteString(`   <dc:language><rdf:Bag>`)
		for _, l := range langs {
			w.WriteString(`<rdf:li>` + esc(l) + `</rdf:li>`)
		}
		w.line(`</rdf:Bag></dc:language>`)
	}
	w.line(`   <dc:date><rdf:Seq><rdf:li>`, date, `</rdf:li></rdf:Seq></dc:date>`)
}

// claims writes the identification of the standards the file claims.
func (w *xmpWriter) claims(m book.Meta, c claim, tagged bool) {
	if tagged {
		w.line(`   <pdfuaid:part>1</pdfuaid:part>`)
	}
	switch c {
	case claimPDFX:
		w.line(`   <pdf:Trapped>False</pdf:Trapped>`)
		w.line(`   <xmpMM:DocumentID>`, documentID(m), `</xmpMM:DocumentID>`)
		w.line(`   <xmpMM:VersionID>1</xmpMM:VersionID>`)
		w.line(`   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>`)
		w.line(`   <pdfxid:GTS_PDFXVersion>`, pdfXVersion, `</pdfxid:GTS_PDFXVersion>`)
	case claimPDFA:
		w.line(`   <pdfaid:part>2</pdfaid:part>`)
		conformance := "B"
		if tagged {
			conformance = "A"
		}
		w.line(`   <pdfaid:conformance>`, conformance, `</pdfaid:conformance>`)
	}
}

// pdfXVersion is the PDF/X version the print file claims, in /Info and XMP.
const pdfXVersion = "PDF/X-4"

// documentID is a UUID URN fixed by the document's title, language and
// date, so that rebuilds are byte-identical.
func documentID(m book.Meta) string {
	h := sha256.Sum256([]byte(m.Title + "\x00" + m.Lang + "\x00" + xmpDate(m.Date)))
	h[6] = h[6]&0x0f | 0x50 // version 5 (name-based, SHA)
	h[8] = h[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// languages are the languages of b's text for dc:language: the
// document's, then each other one an article (a Sect of the structure
// tree) is in, as in the combined file. A line or a span in another
// language (the masthead's organisation name) does not count: the file is
// not in that language.
func languages(b *book.Book) []string {
	var out []string
	if b.Meta.Lang != "" {
		out = append(out, b.Meta.Lang)
	}
	if b.Structure == nil {
		return out
	}
	for _, e := range b.Structure.Kids {
		if e.Role == book.RoleSect && e.Lang != "" && !slices.Contains(out, e.Lang) {
			out = append(out, e.Lang)
		}
	}
	return out
}

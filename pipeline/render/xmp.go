package render

import (
	_ "embed"
	"encoding/xml"
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

// xmpDate is a date as XMP writes it. The document information dictionary
// carries the same instant as D:YYYYMMDDHHmmSSZ (see finish), so that the
// two agree as PDF/A requires.
func xmpDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// xmp is the XMP metadata packet of the archive file: the document
// information in the Dublin Core, XMP and PDF schemas, and the PDF/A
// identification (part 2, conformance B). Every value equals its
// counterpart in the information dictionary that fpdf writes.
func xmp(m book.Meta) []byte {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	date := xmpDate(m.Date)
	var b strings.Builder
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
		b.WriteByte('\n')
	}
	w("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>")
	w(`<x:xmpmeta xmlns:x="adobe:ns:meta/">`)
	w(` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`)
	w(`  <rdf:Description rdf:about=""`)
	w(`    xmlns:dc="http://purl.org/dc/elements/1.1/"`)
	w(`    xmlns:xmp="http://ns.adobe.com/xap/1.0/"`)
	w(`    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"`)
	w(`    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">`)
	w(`   <dc:format>application/pdf</dc:format>`)
	w(`   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">`, esc(m.Title), `</rdf:li></rdf:Alt></dc:title>`)
	if m.Author != "" {
		w(`   <dc:creator><rdf:Seq><rdf:li>`, esc(m.Author), `</rdf:li></rdf:Seq></dc:creator>`)
	}
	if m.Subject != "" {
		w(`   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">`, esc(m.Subject), `</rdf:li></rdf:Alt></dc:description>`)
	}
	if m.Lang != "" {
		w(`   <dc:language><rdf:Bag><rdf:li>`, esc(m.Lang), `</rdf:li></rdf:Bag></dc:language>`)
	}
	w(`   <dc:date><rdf:Seq><rdf:li>`, date, `</rdf:li></rdf:Seq></dc:date>`)
	w(`   <xmp:CreatorTool>`, esc(Creator), `</xmp:CreatorTool>`)
	w(`   <xmp:CreateDate>`, date, `</xmp:CreateDate>`)
	w(`   <xmp:ModifyDate>`, date, `</xmp:ModifyDate>`)
	w(`   <xmp:MetadataDate>`, date, `</xmp:MetadataDate>`)
	w(`   <pdf:Producer>`, esc(Creator), `</pdf:Producer>`)
	w(`   <pdfaid:part>2</pdfaid:part>`)
	w(`   <pdfaid:conformance>B</pdfaid:conformance>`)
	w(`  </rdf:Description>`)
	w(` </rdf:RDF>`)
	w(`</x:xmpmeta>`)
	// Padding lets an editor update the packet in place, as XMP advises.
	for range 8 {
		w(strings.Repeat(" ", 99))
	}
	b.WriteString(`<?xpacket end="w"?>`)
	return []byte(b.String())
}

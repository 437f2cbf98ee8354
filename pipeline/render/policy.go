package render

import "bulletin/pipeline/book"

// policy is everything a variant decides about a file, computed once per
// render, so that the replayer asks questions of it instead of testing the
// variant here and there.
type policy struct {
	// The sheet, and where the trimmed page's top-left corner lands on
	// it: the page itself, or for print the page with room for the bleed
	// and the crop marks around it.
	sheetW, sheetH float64
	ox, oy         float64
	// bleed: items touching a trim edge grow outward by Bleed (print).
	bleed bool
	// cropMarks are drawn at the corners of the trim, in registration
	// colour, which is then the file's one spot colour (print).
	cropMarks bool
	// boxes are written into every page by finish (print); nil: none.
	boxes *pageBoxes
	// links: link annotations are written. The print file has none: a
	// press has no use for them and preflight flags them.
	links bool
	// printLinks: each link annotation gets the Print flag, as PDF/A
	// requires; harmless on screen, so every file with links has it.
	printLinks bool
	// fpdfCompresses: fpdf compresses the page contents. For the screen
	// file, finish compresses every stream once at a better level
	// (recompress) instead of fpdf at its fastest first.
	fpdfCompresses, recompress bool
	// cmyk: every colour of text, rules and fills is written as the
	// book's CMYK with k/K, never fpdf's RGB or grey (print).
	cmyk bool
	// pdfX: PDF/X-4: the CMYK output intent, XMP with the PDF/X
	// identification, /GTS_PDFXVersion and /Trapped, RGB pictures in
	// the sRGB colour space, a PDF 1.6 header (print).
	pdfX bool
	// pdfA: XMP metadata and the sRGB output intent (archive).
	pdfA bool
	// screenImages: pictures are downsampled to ScreenDPI and registered
	// under a name of their own (screen).
	screenImages bool
}

// policyFor is the policy of variant v for book b.
func policyFor(v Variant, b *book.Book) policy {
	p := policy{
		sheetW: b.Width, sheetH: b.Height,
		links: true, printLinks: true,
		fpdfCompresses: true,
	}
	switch v {
	case Screen:
		p.fpdfCompresses, p.recompress = false, true
		p.screenImages = true
	case Print:
		p.sheetW, p.sheetH = b.Width+2*Slug, b.Height+2*Slug
		p.ox, p.oy = Slug, Slug
		p.bleed, p.cropMarks = true, true
		p.links, p.printLinks = false, false
		p.cmyk, p.pdfX = true, true
		// PDF user space has its origin at the bottom left of the
		// sheet; the trim is centred on it, so the boxes read the same
		// either way.
		p.boxes = &pageBoxes{
			trim:  [4]float64{Slug, Slug, Slug + b.Width, Slug + b.Height},
			bleed: [4]float64{Slug - Bleed, Slug - Bleed, Slug + b.Width + Bleed, Slug + b.Height + Bleed},
		}
	case Archive:
		p.pdfA = true
	}
	return p
}

// claim is the standard the file claims in its XMP besides PDF/UA-1.
func (p policy) claim() claim {
	switch {
	case p.pdfX:
		return claimPDFX
	case p.pdfA:
		return claimPDFA
	}
	return claimNone
}

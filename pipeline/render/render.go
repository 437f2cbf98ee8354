// Package render replays a typeset book through fpdf, the only importer of
// fpdf in the project. It decides nothing about layout: every position comes
// from the book. What differs between the screen, print and archive files
// (bleed, crop marks, page boxes, links, PDF/A metadata) is decided here, by
// Variant.
package render

import (
	"bytes"
	"fmt"
	"io"
	"math/bits"
	"sort"
	"strings"
	"unicode/utf16"

	"codeberg.org/go-pdf/fpdf"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/book"
)

// Creator is written into the document information.
const Creator = "bulletin"

// registration is the colour of the crop marks: the Separation "All",
// which marks every plate of the press.
const registration = "All"

// PDF writes b as a PDF of the given variant to w. The same book and
// variant always give the same bytes.
func PDF(b *book.Book, w io.Writer, v Variant) error {
	// The sheet: the trimmed page, or for print the trimmed page with room
	// for the bleed and the crop marks around it. (ox, oy) is where the
	// trimmed page's top-left corner lands on the sheet.
	sheetW, sheetH, ox, oy := b.Width, b.Height, 0.0, 0.0
	if v == Print {
		sheetW, sheetH, ox, oy = b.Width+2*Slug, b.Height+2*Slug, Slug, Slug
	}
	f := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: sheetW, Ht: sheetH},
	})
	// The screen file's page contents are compressed once, at the best
	// level, by finish; fpdf would compress them at the fastest first.
	f.SetCompression(v != Screen)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	// Fixed dates and a sorted catalogue: the same book gives the same bytes.
	date := b.Meta.Date.UTC()
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetCatalogSort(true)
	f.SetTitle(b.Meta.Title, true)
	f.SetAuthor(b.Meta.Author, true)
	f.SetSubject(b.Meta.Subject, true)
	if b.Meta.Keywords != "" {
		f.SetKeywords(b.Meta.Keywords, true)
	}
	f.SetCreator(Creator, true)
	f.SetProducer(Creator, true)
	f.SetLang(b.Meta.Lang)
	f.SetDisplayMode("fullpage", "OneColumn")
	if v == Archive {
		f.SetXmpMetadata(xmp(b.Meta))
		f.AddOutputIntent(fpdf.OutputIntentType{
			SubtypeIdent:              fpdf.OutputIntent_GTS_PDFA1,
			OutputConditionIdentifier: sRGBCondition,
			Info:                      sRGBCondition,
			ICCProfile:                sRGB,
		})
	}
	if v == Print {
		// One spot colour only: fpdf writes spot colours in map order.
		f.AddSpotColor(registration, 100, 100, 100, 100)
	}

	// Each face's font file is narrowed on a core of its own while fpdf
	// reads the ones before it.
	faces, runes := usedFaces(b)
	type narrowed struct {
		ttf []byte
		err error
	}
	ready := make([]chan narrowed, len(faces))
	for i, face := range faces {
		ready[i] = make(chan narrowed, 1)
		go func() {
			ttf, err := fonts.Narrowed(face, runes[face])
			ready[i] <- narrowed{ttf, err}
		}()
	}
	for i, face := range faces {
		n := <-ready[i]
		if n.err != nil {
			return fmt.Errorf("render: %w", n.err)
		}
		f.AddUTF8FontFromBytes(face.Family.PostScriptName(), face.FpdfStyle(), n.ttf)
	}
	links := destinations(f, b, oy)

	outline := map[int][]book.Bookmark{}
	for _, m := range b.Outline {
		outline[m.Page] = append(outline[m.Page], m)
	}
	var cur struct {
		face    fonts.Face
		size    float64
		set     bool
		fill    layouts.RGB
		fillSet bool
	}
	for _, pg := range b.Pages {
		f.AddPage()
		cur.set, cur.fillSet = false, false // fpdf restates font and colours on a new page
		for _, m := range outline[pg.Index] {
			f.SetFont(fonts.Serif.PostScriptName(), "", 10) // Bookmark encodes titles by the current font
			cur.set = false
			f.Bookmark(m.Title, m.Level, m.Y+oy)
		}
		for _, it := range pg.Items {
			if v == Print {
				it = bleed(it, b.Width, b.Height)
			}
			switch t := it.(type) {
			case book.Text:
				if !cur.set || cur.face != t.Face || cur.size != t.Size {
					f.SetFont(t.Face.Family.PostScriptName(), t.Face.FpdfStyle(), t.Size)
					cur.face, cur.size, cur.set = t.Face, t.Size, true
				}
				if !cur.fillSet || cur.fill != t.Color {
					// Text is painted with the fill colour. Setting both
					// to the same value keeps fpdf from wrapping every
					// word in its own q ... Q colour change.
					setFill(f, t.Color)
					f.SetTextColor(int(t.Color.R), int(t.Color.G), int(t.Color.B))
					cur.fill, cur.fillSet = t.Color, true
				}
				if t.HasActualText {
					// Marked content with /ActualText: what readers copy
					// and search in place of the drawn glyphs (PDF 32000
					// 14.9.4), so a word hyphenated at a line end reads whole.
					f.RawWriteStr("/Span <</ActualText " + utf16Hex(t.ActualText) + ">> BDC")
					f.Text(t.X+ox, t.Y+oy, t.S)
					f.RawWriteStr("EMC")
				} else {
					f.Text(t.X+ox, t.Y+oy, t.S)
				}
			case book.Rule:
				f.SetDrawColor(int(t.Color.R), int(t.Color.G), int(t.Color.B))
				f.SetLineWidth(t.Width)
				f.Line(t.X1+ox, t.Y1+oy, t.X2+ox, t.Y2+oy)
			case book.Image:
				if clip, pic, ok := bleedImage(t, b.Width, b.Height); v == Print && ok {
					// A picture that touches the trim fills its box grown
					// into the bleed: scaled evenly, cut to the box.
					f.ClipRect(clip.X+ox, clip.Y+oy, clip.W, clip.H, false)
					drawImage(f, pic, ox, oy, v)
					f.ClipEnd()
					continue
				}
				drawImage(f, t, ox, oy, v)
			case book.Rect:
				setFill(f, t.Fill)
				cur.fill, cur.fillSet = t.Fill, true
				f.Rect(t.X+ox, t.Y+oy, t.W, t.H, "F")
			case book.Link:
				// The print file has no annotations: a press has no use
				// for them and preflight flags them.
				if v == Print {
					continue
				}
				if t.URL != "" {
					f.LinkString(t.X+ox, t.Y+oy, t.W, t.H, t.URL)
				} else if id, ok := links[t.Dest]; ok {
					f.Link(t.X+ox, t.Y+oy, t.W, t.H, id)
				}
			}
		}
		if v == Print {
			cropMarks(f, b.Width, b.Height)
		}
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	var raw bytes.Buffer
	if err := f.Output(&raw); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	fin := finishing{recompress: v == Screen, fonts: len(faces)}
	if v == Print {
		// PDF user space has its origin at the bottom left of the sheet;
		// the trim is centred on it, so the boxes read the same either way.
		fin.boxes = &pageBoxes{
			trim:  [4]float64{Slug, Slug, Slug + b.Width, Slug + b.Height},
			bleed: [4]float64{Slug - Bleed, Slug - Bleed, Slug + b.Width + Bleed, Slug + b.Height + Bleed},
		}
	}
	out, err := finish(raw.Bytes(), fin)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// utf16Hex encodes s as a PDF text string: UTF-16BE with a byte-order
// mark, in hexadecimal.
func utf16Hex(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

func setFill(f *fpdf.Fpdf, c layouts.RGB) {
	f.SetFillColor(int(c.R), int(c.G), int(c.B))
}

// usedFaces lists the faces the book draws with, in a fixed order, so that
// only those are embedded and always in the same order, and the runes it
// draws in each, for fonts.Narrowed. Runes are gathered in a bit set of
// the Basic Multilingual Plane (a map took 36 ms over the 2.3 million
// runes of 600 articles); one beyond it could not be in the narrowed map
// anyway, and no face here has one.
func usedFaces(b *book.Book) ([]fonts.Face, map[fonts.Face][]rune) {
	type bmpSet [1 << 16 / 64]uint64
	seen := map[fonts.Face]*bmpSet{{Family: fonts.Serif}: new(bmpSet)} // the outline's font
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if t, ok := it.(book.Text); ok {
				rs := seen[t.Face]
				if rs == nil {
					rs = new(bmpSet)
					seen[t.Face] = rs
				}
				for _, r := range t.S {
					if r < 1<<16 {
						rs[r/64] |= 1 << (r % 64)
					}
				}
			}
		}
	}
	faces := make([]fonts.Face, 0, len(seen))
	runes := make(map[fonts.Face][]rune, len(seen))
	for f, rs := range seen {
		faces = append(faces, f)
		for i, word := range rs {
			for ; word != 0; word &= word - 1 {
				runes[f] = append(runes[f], rune(i*64+bits.TrailingZeros64(word)))
			}
		}
	}
	sort.Slice(faces, func(i, j int) bool { return faces[i].String() < faces[j].String() })
	return faces, runes
}

// destinations registers every anchor of the book as an fpdf link target;
// oy is where the trimmed page's top lies on the sheet.
func destinations(f *fpdf.Fpdf, b *book.Book, oy float64) map[string]int {
	links := map[string]int{}
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if a, ok := it.(book.Anchor); ok {
				id := f.AddLink()
				f.SetLink(id, a.Y+oy, pg.Index+1)
				links[a.Name] = id
			}
		}
	}
	return links
}

// cropMarks draws the trim marks at the four corners of the trimmed page: in
// registration colour, MarkWidth thick, each on the line of a trim edge,
// starting MarkGap outside the bleed and running MarkLength outward. They
// never reach into the BleedBox.
func cropMarks(f *fpdf.Fpdf, w, h float64) {
	f.SetDrawSpotColor(registration, 100)
	f.SetLineWidth(MarkWidth)
	f.SetLineCapStyle("butt")
	f.SetDashPattern(nil, 0)
	near, far := Bleed+MarkGap, Bleed+MarkGap+MarkLength
	left, top, right, bottom := Slug, Slug, Slug+w, Slug+h
	for _, x := range []float64{left, right} {
		out := -1.0 // outward from the trim along x
		if x == right {
			out = 1
		}
		for _, y := range []float64{top, bottom} {
			down := -1.0
			if y == bottom {
				down = 1
			}
			f.Line(x+out*near, y, x+out*far, y)   // horizontal, on the trim line y
			f.Line(x, y+down*near, x, y+down*far) // vertical, on the trim line x
		}
	}
}

// Package render replays a typeset book through fpdf, the only importer of
// fpdf in the project: one method per kind of book item, on a renderer
// that follows the policy of its variant. It decides nothing about layout:
// every position comes from the book. What differs between the screen,
// print and archive files (bleed, crop marks, page boxes, links, PDF/A
// metadata) is decided once per render by policyFor; what fpdf cannot
// write, finish writes afterwards, and fails when fpdf's output is not
// what it expects.
package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"codeberg.org/go-pdf/fpdf"

	"bulletin/fonts"
	"bulletin/internal/work"
	"bulletin/pipeline/book"
)

// Creator is written into the document information.
const Creator = "bulletin"

// registration is the colour of the crop marks: the Separation "All",
// which marks every plate of the press.
const registration = "All"

// PDF writes b as a PDF of the given variant to w. The same book and
// variant always give the same bytes. A cancelled ctx stops the render
// between pages and in its parallel work, and PDF returns ctx's error.
func PDF(ctx context.Context, b *book.Book, w io.Writer, v Variant) error {
	r := &renderer{b: b, p: policyFor(v, b)}
	if b.Structure != nil {
		r.tags = newTagger()
	}
	if err := r.begin(ctx); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	outline := map[int][]book.Bookmark{}
	for _, m := range b.Outline {
		outline[m.Page] = append(outline[m.Page], m)
	}
	for _, pg := range b.Pages {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("render: %w", err)
		}
		r.page(pg, outline[pg.Index])
	}
	if err := r.f.Error(); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	var raw taken
	if err := r.f.Output(&raw); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	out, err := finish(ctx, raw.b, r.finishing())
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// taken keeps what is written to it. fpdf's Output hands its whole
// buffer to one Write and the Fpdf is not used after, so the bytes are
// taken as they are instead of copied: tens of megabytes for 600
// articles, whose page contents fpdf writes plain. A second Write copies.
type taken struct{ b []byte }

func (t *taken) Write(p []byte) (int, error) {
	if t.b == nil {
		t.b = p
	} else {
		t.b = append(slices.Clip(t.b), p...)
	}
	return len(p), nil
}

// renderer replays a book through fpdf, one method per item kind, as the
// policy of its variant says.
type renderer struct {
	b     *book.Book
	p     policy
	f     *fpdf.Fpdf
	faces int // fonts embedded
	// runes are the runes drawn in each font, by fpdf's font key.
	runes map[string][]rune
	links map[string]int // anchor name -> fpdf link
	drawn int            // link annotations drawn
	// dests describes each anchor as a link's target (destination).
	dests map[string]string
	// The font and fill colour fpdf has now, so that each is set only
	// when it changes.
	face    fonts.Face
	size    float64
	faceSet bool
	fill    book.Color
	fillSet bool
	// tz is the glyph scale (Tz) the page has now: 0 for 100%.
	tz float64
	// tc is the tracking (Tc) the page has now, in points.
	tc float64
	// ink is the CMYK fill operator last written (print), for the same
	// purpose.
	ink string
	// rgbPictures counts the pictures embedded in RGB (palette included),
	// which finish gives the sRGB colour space in print.
	rgbPictures int
	pictures    map[string]bool
	// tags follows the marked content of a tagged book; nil: untagged.
	tags *tagger
	// shown are the text operators show wrote since the last flush, each
	// ended by a newline, and shownElem the element of the last.
	shown     []byte
	shownElem *book.Elem
	reader    bytes.Reader // flush's
}

// begin makes the document: page size, metadata, what the variant adds to
// the catalogue, the fonts and the link targets.
func (r *renderer) begin(ctx context.Context) error {
	b, p := r.b, r.p
	f := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: p.sheetW, Ht: p.sheetH},
	})
	r.f = f
	f.SetCompression(p.fpdfCompresses)
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
	f.SetCreator(Creator, true)
	f.SetProducer(Creator, true)
	f.SetLang(b.Meta.Lang)
	f.SetDisplayMode("fullpage", "OneColumn")
	// Every tagged file has XMP, with the languages and the PDF/UA-1
	// claim; the archive's and the print file's add their own claims. An
	// untagged screen file has none: it is PDF 1.3, before XMP.
	tagged := b.Structure != nil
	if c := p.claim(); c != claimNone || tagged {
		f.SetXmpMetadata(xmp(b.Meta, languages(b), c, tagged))
	}
	if p.pdfA {
		f.AddOutputIntent(fpdf.OutputIntentType{
			SubtypeIdent:              fpdf.OutputIntent_GTS_PDFA1,
			OutputConditionIdentifier: sRGBCondition,
			Info:                      sRGBCondition,
			ICCProfile:                sRGB,
		})
	}
	if p.pdfX {
		// finish makes the profile's stream CMYK (fpdf writes every
		// output intent profile as RGB) and adds the registry.
		f.AddOutputIntent(fpdf.OutputIntentType{
			SubtypeIdent:              fpdf.OutputIntent_GTS_PDFX,
			OutputConditionIdentifier: fograCondition,
			Info:                      fograInfo,
			ICCProfile:                fogra39,
		})
	}
	if p.cropMarks {
		// One spot colour only: fpdf writes spot colours in map order.
		f.AddSpotColor(registration, 100, 100, 100, 100)
	}
	if err := r.addFonts(ctx); err != nil {
		return err
	}
	r.links = destinations(f, b, p.oy)
	return nil
}

// addFonts narrows each face the book draws with to the runes it draws in
// it, on every core, and gives them to fpdf in a fixed order.
func (r *renderer) addFonts(ctx context.Context) error {
	faces, runes := usedFaces(r.b)
	ttfs := make([][]byte, len(faces))
	err := work.Do(ctx, len(faces), func(_ context.Context, i int) (err error) {
		ttfs[i], err = fonts.Narrowed(faces[i], runes[faces[i]])
		return err
	})
	if err != nil {
		return err
	}
	r.runes = map[string][]rune{}
	for i, face := range faces {
		r.f.AddUTF8FontFromBytes(face.Family.PostScriptName(), face.FpdfStyle(), ttfs[i])
		markUsed(r.f, face.Family.PostScriptName(), face.FpdfStyle(), runes[face])
		// fpdf's font key (getFontKey), which its /BaseFont repeats.
		r.runes[strings.ToLower(face.Family.PostScriptName())+face.FpdfStyle()] = runes[face]
	}
	r.faces = len(faces)
	return nil
}

// finishing is what finish is to do with fpdf's output, and what it must
// find there.
func (r *renderer) finishing() finishing {
	parents := 0
	for i, m := range r.b.Outline {
		if i+1 < len(r.b.Outline) && r.b.Outline[i+1].Level > m.Level {
			parents++
		}
	}
	return finishing{
		boxes:      r.p.boxes,
		recompress: r.p.recompress,
		printLinks: r.p.printLinks,
		pages:      len(r.b.Pages),
		links:      r.drawn,
		parents:    parents,
		fonts:      r.faces,
		pdfX:       r.p.pdfX,
		rgbImages:  r.rgbPictures,
		structure:  r.structure(),
		runes:      r.runes,
	}
}

// structure is the structure tree finish is to write; nil: none.
func (r *renderer) structure() *structTree {
	if r.tags == nil {
		return nil
	}
	return &structTree{root: r.b.Structure, tg: r.tags}
}

// page replays one page: its bookmarks, its items, the crop marks.
func (r *renderer) page(pg book.Page, marks []book.Bookmark) {
	r.f.AddPage()
	r.faceSet, r.fillSet = false, false // fpdf restates font and colours on a new page
	r.tz, r.tc = 0, 0                   // a page starts at 100% and no Tc (neither is restated)
	if r.tags != nil {
		r.tags.newPage()
	}
	for _, m := range marks {
		r.f.SetFont(fonts.Serif.PostScriptName(), "", 10) // Bookmark encodes titles by the current font
		r.faceSet = false
		r.f.Bookmark(m.Title, m.Level, m.Y+r.p.oy)
	}
	runs := linkRuns(pg.Items)
	for i, it := range pg.Items {
		if r.p.bleed {
			it = bleed(it, r.b.Width, r.b.Height)
		}
		if t, ok := it.(book.Text); !ok || r.tags != nil && t.Elem != r.shownElem {
			// What comes next may write into the page itself (the
			// tagger opens a sequence for another element).
			r.flush()
		}
		switch t := it.(type) {
		case book.Text:
			r.mark(t.Elem)
			r.text(t)
			r.shownElem = t.Elem
		case book.Rule:
			r.mark(nil)
			r.rule(t)
		case book.Rect:
			r.mark(nil)
			r.rect(t)
		case book.Image:
			r.mark(t.Elem)
			r.image(t)
		case book.Link:
			if run, ok := runs[i]; ok {
				r.link(run)
			}
		case book.Anchor:
			// registered with fpdf before the first page (destinations)
		}
	}
	r.flush()
	if r.p.cropMarks {
		r.mark(nil)
		cropMarks(r.f, r.b.Width, r.b.Height)
	}
	r.endMark()
}

func (r *renderer) text(t book.Text) {
	f := r.f
	if !r.faceSet || r.face != t.Face || r.size != t.Size {
		r.flush()
		f.SetFont(t.Face.Family.PostScriptName(), t.Face.FpdfStyle(), t.Size)
		r.face, r.size, r.faceSet = t.Face, t.Size, true
	}
	switch {
	case r.p.cmyk:
		r.setInk(inkOp(t.Color.Inks(t.Size < book.FineText), "k"))
	case !r.fillSet || r.fill != t.Color:
		// Text is painted with the fill colour. Setting both to the
		// same value keeps fpdf from wrapping every word in its own
		// q ... Q colour change.
		r.flush()
		setFill(f, t.Color)
		f.SetTextColor(int(t.Color.RGB.R), int(t.Color.RGB.G), int(t.Color.RGB.B))
		r.fill, r.fillSet = t.Color, true
	}
	x, y := t.X+r.p.ox, t.Y+r.p.oy
	if t.HScale != r.tz {
		// Font expansion (#15): the glyphs scaled by Tz, which W already
		// counts. It stays set for the next texts of the page (fpdf
		// draws text with no q/Q around it) until another scale.
		scale := t.HScale
		if scale == 0 {
			scale = 1
		}
		r.raw(strconv.FormatFloat(scale*100, 'f', 2, 64) + " Tz")
		r.tz = t.HScale
	}
	if t.Tracking != r.tc {
		// Tracking (#15), written as Tz is: four decimals are the
		// typesetter's grid, so the page shows what W counts. The
		// next text without it (the next line) writes 0 Tc.
		r.raw(strconv.FormatFloat(t.Tracking, 'f', 4, 64) + " Tc")
		r.tc = t.Tracking
	}
	if !t.HasActualText {
		r.show(x, y, t.S)
		return
	}
	// Marked content with /ActualText: what readers copy and search in
	// place of the drawn glyphs (PDF 32000 14.9.4), so a word hyphenated
	// at a line end reads whole.
	r.raw("/Span <</ActualText " + utf16Hex(t.ActualText) + ">> BDC")
	r.show(x, y, t.S)
	r.raw("EMC")
}

// setInk writes a CMYK fill operator unless it is the one in force. fpdf
// is never told of it, so it never writes an RGB or grey colour of its
// own into the print file's pages.
func (r *renderer) setInk(op string) {
	if !r.fillSet || r.ink != op {
		r.raw(op)
		r.ink, r.fillSet = op, true
	}
}

func (r *renderer) rule(t book.Rule) {
	if r.p.cmyk {
		r.raw(inkOp(t.Color.Inks(t.Width < book.FineRule), "K"))
	} else {
		r.f.SetDrawColor(int(t.Color.RGB.R), int(t.Color.RGB.G), int(t.Color.RGB.B))
	}
	r.f.SetLineWidth(t.Width)
	r.f.Line(t.X1+r.p.ox, t.Y1+r.p.oy, t.X2+r.p.ox, t.Y2+r.p.oy)
}

func (r *renderer) rect(t book.Rect) {
	if r.p.cmyk {
		r.setInk(inkOp(t.Fill.CMYK, "k"))
		r.f.Rect(t.X+r.p.ox, t.Y+r.p.oy, t.W, t.H, "F")
		return
	}
	setFill(r.f, t.Fill)
	r.fill, r.fillSet = t.Fill, true
	r.f.Rect(t.X+r.p.ox, t.Y+r.p.oy, t.W, t.H, "F")
}

func (r *renderer) image(t book.Image) {
	if !r.pictures[t.Src] {
		if r.pictures == nil {
			r.pictures = map[string]bool{}
		}
		r.pictures[t.Src] = true
		if rgbPicture(r.b.Assets[t.Src].Data) {
			r.rgbPictures++
		}
	}
	ox, oy := r.p.ox, r.p.oy
	if clip, pic, ok := bleedImage(t, r.b.Width, r.b.Height); r.p.bleed && ok {
		// A picture that touches the trim fills its box grown into the
		// bleed: scaled evenly, cut to the box.
		r.f.ClipRect(clip.X+ox, clip.Y+oy, clip.W, clip.H, false)
		drawImage(r.f, pic, r.b.Assets[t.Src], ox, oy, r.p.screenImages)
		r.f.ClipEnd()
		return
	}
	drawImage(r.f, t, r.b.Assets[t.Src], ox, oy, r.p.screenImages)
}

// link draws one link annotation over a run of the Link items of one link
// (linkRuns): its /Rect covers them all, and finish adds one quadrilateral
// per line and a description of where it goes.
func (r *renderer) link(run []book.Link) {
	if !r.p.links {
		return
	}
	t := run[0]
	lines := linkLines(run, r.p.ox, r.p.oy)
	box := lines[0]
	for _, l := range lines[1:] {
		box = box.union(l)
	}
	var contents string
	if t.URL != "" {
		r.f.LinkString(box.x, box.y, box.w, box.h, t.URL)
		contents = "Link to " + t.URL
	} else if id, ok := r.links[t.Dest]; ok {
		r.f.Link(box.x, box.y, box.w, box.h, id)
		contents = r.destination(t.Dest)
	} else {
		return
	}
	r.drawn++
	r.tags.annotation(t.Elem, annotEntries(contents, lines, r.p.sheetH))
}

// utf16Hex encodes s as a PDF text string: UTF-16BE with a byte-order
// mark, in hexadecimal.
func utf16Hex(s string) string {
	const digits = "0123456789ABCDEF"
	b := make([]byte, 0, 6+4*len(s))
	b = append(b, "<FEFF"...)
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, digits[u>>12], digits[u>>8&15], digits[u>>4&15], digits[u&15])
	}
	return string(append(b, '>'))
}

func setFill(f *fpdf.Fpdf, c book.Color) {
	f.SetFillColor(int(c.RGB.R), int(c.RGB.G), int(c.RGB.B))
}

// inkOp is the operator that sets CMYK colour k: op "k" for fill, "K" for
// stroke, each ink as a fraction written as short as it goes (0 0 0 1 k).
func inkOp(k book.CMYK, op string) string {
	var b []byte
	for _, v := range [4]uint8{k.C, k.M, k.Y, k.K} {
		b = strconv.AppendFloat(b, float64(v)/100, 'f', -1, 64)
		b = append(b, ' ')
	}
	return string(append(b, op...))
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
	var last fonts.Face
	var rs *bmpSet // last's: most texts are in the face of the one before
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if t, ok := it.(book.Text); ok {
				if rs == nil || t.Face != last {
					if rs = seen[t.Face]; rs == nil {
						rs = new(bmpSet)
						seen[t.Face] = rs
					}
					last = t.Face
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

// Package pdfread reads a written PDF back the way a reader's software does,
// for tests: it runs PDFium (the PDF engine of Chromium) compiled to
// WebAssembly, so it needs nothing but Go and never our own parsing.
package pdfread

import (
	"fmt"
	"image"
	"sort"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
	"github.com/klippa-app/go-pdfium/webassembly"
)

// Doc is what a reader sees in a PDF.
type Doc struct {
	Pages     []string          // the text of each page as PDFium extracts it
	Meta      map[string]string // document information: Title, Author, ...
	Lang      string            // the catalogue's /Lang
	Bookmarks []Bookmark        // the outline, flattened in order
	Fonts     []Font            // every font used by text, sorted by name
	Boxes     []Boxes           // the page boxes of each page
	Annots    []Annot           // every annotation, page by page
	FileID    []byte            // the first (permanent) file identifier of the trailer's /ID
}

// Box is a page box in PDF units (points, origin at the bottom left).
type Box struct{ Left, Bottom, Right, Top float64 }

// Boxes are the page boxes a page's dictionary sets. A box the page does
// not set is zero, with its Has flag false.
type Boxes struct {
	Media, Trim, Bleed Box
	HasTrim, HasBleed  bool
}

// Annot is one annotation.
type Annot struct {
	Page     int // 0-based
	Link     bool
	Flags    int    // the /F flags; 4 is Print
	Contents string // the /Contents text
	Rect     Box
	Quads    [][4]Point // /QuadPoints: each quadrilateral's four corners, in order
}

// Point is a point in PDF units.
type Point struct{ X, Y float64 }

// Bookmark is one outline entry.
type Bookmark struct {
	Title string
	Page  int // 0-based index of the page it opens
	Level int
}

// Font is a font used by text on some page.
type Font struct {
	Name     string
	Embedded bool
}

var (
	once     sync.Once
	instance pdfium.Pdfium
	initErr  error
	mu       sync.Mutex // one PDFium instance serves every caller in turn
)

func get() (pdfium.Pdfium, error) {
	once.Do(func() {
		var pool pdfium.Pool
		pool, initErr = webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
		if initErr != nil {
			return
		}
		instance, initErr = pool.GetInstance(2 * time.Minute)
	})
	return instance, initErr
}

// open opens pdf in the shared PDFium instance, which serves one caller at
// a time: call the returned close when done, which also lets the next in.
func open(pdf []byte) (pdfium.Pdfium, *responses.OpenDocument, func(), error) {
	p, err := get()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("pdfium: %w", err)
	}
	mu.Lock()
	od, err := p.OpenDocument(&requests.OpenDocument{File: &pdf})
	if err != nil {
		mu.Unlock()
		return nil, nil, nil, fmt.Errorf("open: %w", err)
	}
	return p, od, func() {
		p.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: od.Document})
		mu.Unlock()
	}, nil
}

// perPage opens pdf and reads each of its pages in order with read.
func perPage[T any](pdf []byte, read func(pdfium.Pdfium, requests.Page) (T, error)) ([]T, error) {
	p, od, done, err := open(pdf)
	if err != nil {
		return nil, err
	}
	defer done()
	pc, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: od.Document})
	if err != nil {
		return nil, err
	}
	out := make([]T, pc.PageCount)
	for i := range out {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: od.Document, Index: i}}
		if out[i], err = read(p, page); err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
	}
	return out, nil
}

// Read parses pdf with PDFium.
func Read(pdf []byte) (*Doc, error) {
	p, od, done, err := open(pdf)
	if err != nil {
		return nil, err
	}
	defer done()
	d := &Doc{Meta: map[string]string{}}
	pc, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: od.Document})
	if err != nil {
		return nil, err
	}
	fonts := map[string]bool{}
	for i := 0; i < pc.PageCount; i++ {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: od.Document, Index: i}}
		t, err := p.GetPageText(&requests.GetPageText{Page: page})
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		d.Pages = append(d.Pages, t.Text)
		if err := pageFonts(p, page, fonts); err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		bx, err := pageBoxes(p, page)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		d.Boxes = append(d.Boxes, bx)
		if err := pageAnnots(p, page, i, &d.Annots); err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
	}
	for name, emb := range fonts {
		d.Fonts = append(d.Fonts, Font{Name: name, Embedded: emb})
	}
	sort.Slice(d.Fonts, func(i, j int) bool { return d.Fonts[i].Name < d.Fonts[j].Name })
	// A file without an information dictionary has no metadata to show.
	if md, err := p.GetMetaData(&requests.GetMetaData{Document: od.Document}); err == nil {
		for _, t := range md.Tags {
			d.Meta[t.Tag] = t.Value
		}
	}
	if l, err := p.FPDFCatalog_GetLanguage(&requests.FPDFCatalog_GetLanguage{Document: od.Document}); err == nil {
		d.Lang = l.Language
	}
	if id, err := p.FPDF_GetFileIdentifier(&requests.FPDF_GetFileIdentifier{Document: od.Document, FileIdType: enums.FPDF_FILEIDTYPE_PERMANENT}); err == nil {
		d.FileID = id.Identifier
	}
	bm, err := p.GetBookmarks(&requests.GetBookmarks{Document: od.Document})
	if err != nil {
		return nil, err
	}
	flatten(bm.Bookmarks, 0, &d.Bookmarks)
	return d, nil
}

func flatten(bs []responses.GetBookmarksBookmark, level int, out *[]Bookmark) {
	for _, b := range bs {
		page := -1
		if b.DestInfo != nil {
			page = b.DestInfo.PageIndex
		}
		*out = append(*out, Bookmark{Title: b.Title, Page: page, Level: level})
		flatten(b.Children, level+1, out)
	}
}

// pageFonts records the font of every text object on a page.
func pageFonts(p pdfium.Pdfium, page requests.Page, seen map[string]bool) error {
	n, err := p.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return err
	}
	done := map[references.FPDF_FONT]bool{}
	for i := 0; i < n.Count; i++ {
		obj, err := p.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return err
		}
		typ, err := p.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil || typ.Type != enums.FPDF_PAGEOBJ_TEXT {
			continue
		}
		f, err := p.FPDFTextObj_GetFont(&requests.FPDFTextObj_GetFont{PageObject: obj.PageObject})
		if err != nil {
			return err
		}
		if done[f.Font] {
			continue
		}
		done[f.Font] = true
		name, err := p.FPDFFont_GetBaseFontName(&requests.FPDFFont_GetBaseFontName{Font: f.Font})
		if err != nil {
			return err
		}
		emb, err := p.FPDFFont_GetIsEmbedded(&requests.FPDFFont_GetIsEmbedded{Font: f.Font})
		if err != nil {
			return err
		}
		seen[name.BaseFontName] = seen[name.BaseFontName] || emb.IsEmbedded
		if !emb.IsEmbedded {
			seen[name.BaseFontName] = false
		}
	}
	return nil
}

// pageBoxes reads the MediaBox, TrimBox and BleedBox of a page.
func pageBoxes(p pdfium.Pdfium, page requests.Page) (Boxes, error) {
	var b Boxes
	if m, err := p.FPDFPage_GetMediaBox(&requests.FPDFPage_GetMediaBox{Page: page}); err == nil {
		b.Media = Box{float64(m.Left), float64(m.Bottom), float64(m.Right), float64(m.Top)}
	} else {
		// Inherited from the page tree, which this call does not read:
		// the page's size is the MediaBox then (there is no CropBox).
		w, err := p.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: page})
		if err != nil {
			return b, fmt.Errorf("MediaBox: %w", err)
		}
		h, err := p.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: page})
		if err != nil {
			return b, fmt.Errorf("MediaBox: %w", err)
		}
		b.Media = Box{0, 0, float64(w.PageWidth), float64(h.PageHeight)}
	}
	if t, err := p.FPDFPage_GetTrimBox(&requests.FPDFPage_GetTrimBox{Page: page}); err == nil {
		b.Trim, b.HasTrim = Box{float64(t.Left), float64(t.Bottom), float64(t.Right), float64(t.Top)}, true
	}
	if t, err := p.FPDFPage_GetBleedBox(&requests.FPDFPage_GetBleedBox{Page: page}); err == nil {
		b.Bleed, b.HasBleed = Box{float64(t.Left), float64(t.Bottom), float64(t.Right), float64(t.Top)}, true
	}
	return b, nil
}

// pageAnnots lists the annotations of a page with their flags.
func pageAnnots(p pdfium.Pdfium, page requests.Page, index int, out *[]Annot) error {
	n, err := p.FPDFPage_GetAnnotCount(&requests.FPDFPage_GetAnnotCount{Page: page})
	if err != nil {
		return err
	}
	for i := 0; i < n.Count; i++ {
		a, err := p.FPDFPage_GetAnnot(&requests.FPDFPage_GetAnnot{Page: page, Index: i})
		if err != nil {
			return err
		}
		st, err := p.FPDFAnnot_GetSubtype(&requests.FPDFAnnot_GetSubtype{Annotation: a.Annotation})
		if err != nil {
			return err
		}
		fl, err := p.FPDFAnnot_GetFlags(&requests.FPDFAnnot_GetFlags{Annotation: a.Annotation})
		if err != nil {
			return err
		}
		an := Annot{Page: index, Link: st.Subtype == enums.FPDF_ANNOT_SUBTYPE_LINK, Flags: int(fl.Flags)}
		err = annotDetails(p, a.Annotation, &an)
		p.FPDFPage_CloseAnnot(&requests.FPDFPage_CloseAnnot{Annotation: a.Annotation})
		if err != nil {
			return err
		}
		*out = append(*out, an)
	}
	return nil
}

// annotDetails reads an annotation's /Contents, /Rect and /QuadPoints.
func annotDetails(p pdfium.Pdfium, a references.FPDF_ANNOTATION, an *Annot) error {
	if c, err := p.FPDFAnnot_GetStringValue(&requests.FPDFAnnot_GetStringValue{Annotation: a, Key: "Contents"}); err == nil {
		an.Contents = c.Value
	}
	r, err := p.FPDFAnnot_GetRect(&requests.FPDFAnnot_GetRect{Annotation: a})
	if err != nil {
		return fmt.Errorf("annotation rectangle: %w", err)
	}
	// Normalized: a /Rect may name any two opposite corners, and PDFium
	// returns them as written.
	rc := r.Rect
	an.Rect = Box{
		float64(min(rc.Left, rc.Right)), float64(min(rc.Bottom, rc.Top)),
		float64(max(rc.Left, rc.Right)), float64(max(rc.Bottom, rc.Top)),
	}
	n, err := p.FPDFAnnot_CountAttachmentPoints(&requests.FPDFAnnot_CountAttachmentPoints{Annotation: a})
	if err != nil {
		return nil // none: an annotation without /QuadPoints
	}
	for i := uint64(0); i < n.Count; i++ {
		q, err := p.FPDFAnnot_GetAttachmentPoints(&requests.FPDFAnnot_GetAttachmentPoints{Annotation: a, Index: i})
		if err != nil {
			return fmt.Errorf("annotation quadrilateral %d: %w", i, err)
		}
		qp := q.QuadPoints
		an.Quads = append(an.Quads, [4]Point{
			{float64(qp.X1), float64(qp.Y1)}, {float64(qp.X2), float64(qp.Y2)},
			{float64(qp.X3), float64(qp.Y3)}, {float64(qp.X4), float64(qp.Y4)},
		})
	}
	return nil
}

// Render draws page (0-based) of pdf at dpi with PDFium, the whole
// MediaBox, as a reader's screen or printer would show it.
func Render(pdf []byte, page, dpi int) (*image.RGBA, error) {
	p, od, done, err := open(pdf)
	if err != nil {
		return nil, err
	}
	defer done()
	r, err := p.RenderPageInDPI(&requests.RenderPageInDPI{
		Page: requests.Page{ByIndex: &requests.PageByIndex{Document: od.Document, Index: page}},
		DPI:  dpi,
	})
	if err != nil {
		return nil, fmt.Errorf("render page %d: %w", page+1, err)
	}
	defer r.Cleanup()
	src, ok := r.Result.RenderedImage.(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("render page %d: got %T", page+1, r.Result.RenderedImage)
	}
	img := image.NewRGBA(src.Bounds())
	copy(img.Pix, src.Pix) // the WebAssembly buffer is gone after Cleanup
	return img, nil
}

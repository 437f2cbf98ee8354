// Package render replays a typeset book through fpdf, the only importer of
// fpdf in the project. It decides nothing about layout: every position comes
// from the book.
package render

import (
	"fmt"
	"io"
	"sort"

	"codeberg.org/go-pdf/fpdf"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/layout"
)

// Creator is written into the document information.
const Creator = "bulletin"

// PDF writes b as a PDF to w.
func PDF(b *layout.Book, w io.Writer) error {
	f := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: b.Width, Ht: b.Height},
	})
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	// Fixed dates and a sorted catalogue: the same book gives the same bytes.
	f.SetCreationDate(b.Meta.Date)
	f.SetModificationDate(b.Meta.Date)
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

	for _, face := range usedFaces(b) {
		f.AddUTF8FontFromBytes(face.Family.PostScriptName(), face.FpdfStyle(), fonts.TTF(face))
	}
	links := destinations(f, b)

	outline := map[int][]layout.Bookmark{}
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
			f.Bookmark(m.Title, m.Level, m.Y)
		}
		for _, it := range pg.Items {
			switch v := it.(type) {
			case layout.Text:
				if !cur.set || cur.face != v.Face || cur.size != v.Size {
					f.SetFont(v.Face.Family.PostScriptName(), v.Face.FpdfStyle(), v.Size)
					cur.face, cur.size, cur.set = v.Face, v.Size, true
				}
				if !cur.fillSet || cur.fill != v.Color {
					// Text is painted with the fill colour. Setting both
					// to the same value keeps fpdf from wrapping every
					// word in its own q ... Q colour change.
					setFill(f, v.Color)
					f.SetTextColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
					cur.fill, cur.fillSet = v.Color, true
				}
				f.Text(v.X, v.Y, v.S)
			case layout.Rule:
				f.SetDrawColor(int(v.Color.R), int(v.Color.G), int(v.Color.B))
				f.SetLineWidth(v.Width)
				if v.Dotted {
					f.SetDashPattern([]float64{v.Width, v.Width * 2}, 0)
				}
				f.Line(v.X1, v.Y1, v.X2, v.Y2)
				if v.Dotted {
					f.SetDashPattern(nil, 0)
				}
			case layout.Rect:
				setFill(f, v.Fill)
				cur.fill, cur.fillSet = v.Fill, true
				f.Rect(v.X, v.Y, v.W, v.H, "F")
			case layout.Link:
				if v.URL != "" {
					f.LinkString(v.X, v.Y, v.W, v.H, v.URL)
				} else if id, ok := links[v.Dest]; ok {
					f.Link(v.X, v.Y, v.W, v.H, id)
				}
			}
		}
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return nil
}

func setFill(f *fpdf.Fpdf, c layouts.RGB) {
	f.SetFillColor(int(c.R), int(c.G), int(c.B))
}

// usedFaces lists the faces the book draws with, in a fixed order, so that
// only those are embedded and always in the same order.
func usedFaces(b *layout.Book) []fonts.Face {
	seen := map[fonts.Face]bool{{Family: fonts.Serif}: true} // the outline's font
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if t, ok := it.(layout.Text); ok {
				seen[t.Face] = true
			}
		}
	}
	out := make([]fonts.Face, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// destinations registers every anchor of the book as an fpdf link target.
func destinations(f *fpdf.Fpdf, b *layout.Book) map[string]int {
	links := map[string]int{}
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if a, ok := it.(layout.Anchor); ok {
				id := f.AddLink()
				f.SetLink(id, a.Y, pg.Index+1)
				links[a.Name] = id
			}
		}
	}
	return links
}

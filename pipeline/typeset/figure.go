package typeset

import (
	"cmp"
	"fmt"
	"path"
	"strconv"

	"bulletin/fonts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/lang"
)

// Print wants at least this many pixels per inch of the placed picture,
// the print shop's preflight rule for photographs (#14); fewer still look
// fine on screen.
const minPrintDPI = 300

// naturalDPI is the pixel density at which a picture is placed when it
// fits the measure: the one screens assume, a CSS pixel. (How many pixels
// the screen file keeps is render's ScreenDPI, another thing.)
const naturalDPI = 96

// figureWidth is how wide picture b would be placed with room enough: its
// natural width (0 for a picture not read).
func (s *setter) figureWidth(b *doc.Image) float64 {
	pic := s.in.Doc.Assets[b.Src]
	if pic == nil || pic.Width <= 0 {
		return 0
	}
	return float64(pic.Width) * 72 / naturalDPI
}

// figRef is how a picture is numbered and captioned: its number in the
// document, the picture of the other language whose caption it also
// prints (a combined edition, picture printed once), or skip: printed
// with the original's picture instead.
type figRef struct {
	num      int
	twin     *doc.Image
	twinLang string
	skip     bool
}

// numberFigures numbers the pictures of the document in reading order
// ("Figure 1", "Şəkil 1"). In a combined edition a picture of a
// translation that its original shows too takes the original's number;
// unless the layout repeats figures, it is not printed again and the
// original's caption is followed by the translation's.
func numberFigures(d *doc.Document, repeat bool) map[*doc.Image]figRef {
	refs := map[*doc.Image]figRef{}
	n := 0
	for i := range d.Articles {
		a := &d.Articles[i]
		bySrc := map[string]*doc.Image{}
		doc.Walk(a.Blocks, func(b doc.Block) {
			if im, ok := b.(*doc.Image); ok {
				n++
				refs[im] = figRef{num: n}
				if _, ok := bySrc[im.Src]; !ok {
					bySrc[im.Src] = im
				}
			}
		})
		if a.Translation == nil {
			continue
		}
		doc.Walk(a.Translation.Blocks, func(b doc.Block) {
			im, ok := b.(*doc.Image)
			if !ok {
				return
			}
			orig := bySrc[im.Src]
			if orig == nil {
				n++
				refs[im] = figRef{num: n}
				return
			}
			delete(bySrc, im.Src) // a second copy in the translation is a picture of its own
			num := refs[orig].num
			if repeat {
				refs[im] = figRef{num: num}
				return
			}
			refs[im] = figRef{num: num, skip: true}
			refs[orig] = figRef{num: num, twin: im, twinLang: a.Translation.Lang}
		})
	}
	return refs
}

// figure sets an image with its caption as one box that floats: kept whole
// on one page, and moved to the next page when it does not fit while the
// text after it fills this one. The picture is at most as wide as the
// measure and at most half a page high. The caption, numbered, is set
// apart from the text after it by more than the space between paragraphs.
//
// In the structure the picture is a Figure whose alternative text is the
// image title, else the caption, else the picture's file name (validate
// refuses a picture with neither), and the caption a Caption after it.
func (s *setter) figure(b *doc.Image, x, width float64, ac *artCtx, parent *book.Elem) []vbox {
	pic := s.in.Doc.Assets[b.Src]
	ref := s.figs[b]
	if pic == nil || pic.Width <= 0 || pic.Height <= 0 || ref.skip {
		return nil // not read (validation has said why), or printed with the original
	}
	l := s.l
	w := min(width, float64(pic.Width)*72/naturalDPI)
	h := w * float64(pic.Height) / float64(pic.Width)
	if maxH := (l.Page.Height - l.Margins.Top - l.Margins.Bottom) / 2; h > maxH {
		h, w = maxH, maxH*float64(pic.Width)/float64(pic.Height)
	}
	gap := l.Sizes.Leading * 0.4
	// In a footnote the picture stays with its note's text.
	fig := parent.Add(book.RoleFigure)
	fig.Alt = cmp.Or(b.Title, b.Alt) // the image title; validate warns when the caption stands in
	if fig.Alt == "" {
		fig.Alt = path.Base(b.Src)
	}
	v := vbox{float: !ac.inNote, items: []item{otherItem(book.Image{
		X: x + (width-w)/2, Y: 0, W: w, H: h,
		Src: b.Src, Format: pic.Format, PxW: pic.Width, PxH: pic.Height, Elem: fig,
	})}}
	v.h = h + gap
	s.caption(&v, ref.num, b.Alt, ac.lang, x, width, parent.Add(book.RoleCaption))
	if t := ref.twin; t != nil {
		el := parent.Add(book.RoleCaption)
		el.Lang = ref.twinLang
		v.h += gap * 0.5
		s.caption(&v, ref.num, t.Alt, ref.twinLang, x, width, el)
	}
	v.h += l.Sizes.Leading * 0.6 // apart from the text that follows
	if dpi := float64(pic.Width) / (w / 72); dpi < minPrintDPI {
		v.ext().warn = fmt.Sprintf("%s: warning: image %q prints at %.0f dpi; print wants %d or more (fine on screen)", b.Pos, b.Src, dpi, minPrintDPI)
	}
	return []vbox{v}
}

// caption sets "Figure n. text" in language in, centred under a picture
// at the foot of v: the label and number in upright bold, the text in
// italic (a bold italic would be one more font in every file).
func (s *setter) caption(v *vbox, num int, text, in string, x, width float64, el *book.Elem) {
	l := s.l
	st := style{face: fonts.Face{Family: l.Fonts.Body}, size: l.Sizes.Body * 0.9, color: l.Colors.Muted, lang: in, el: el}
	label := lang.LabelsFor(in).Figure + "\u00a0" + strconv.Itoa(num)
	ins := []doc.Inline{{Text: label, Style: doc.Bold}}
	if text != "" {
		ins = []doc.Inline{{Text: label + ".", Style: doc.Bold}, {Text: " " + text, Style: doc.Italic}}
	}
	for _, c := range s.para(ins, st, x, width, st.size*1.3, false) {
		dx := (x + width - lineEnd(c.items)) / 2 // centred under the picture
		for _, it := range c.items {
			v.items = append(v.items, it.shifted(dx, v.h))
		}
		v.h += c.h
	}
}

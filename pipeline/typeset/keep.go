package typeset

import (
	"fmt"
	"slices"

	"bulletin/internal/fingerprint"
	"bulletin/pipeline/doc"
)

// A process that typesets the same edition again and again (bulletin
// watch, after each save) keeps the boxes each article was set into and
// hands them back when the article, its numeral and its measure are the
// same: setting the articles into lines is most of the typesetter's time,
// and a save changes one article. Only the watch turns this on; a build
// sets every article once anyway. The pager only reads boxes, so books
// typeset side by side can share them.
var kept fingerprint.Keeper[[]vbox]

// KeepArticles turns on keeping articles' boxes for the rest of the process.
func KeepArticles() { kept.On() }

// Rebuilt tells the keeper that a rebuild is done.
func Rebuilt() { kept.Rebuilt() }

// article sets one article (setArticle), or hands back a copy of the boxes
// an earlier book set the same article into. An article that prints the
// page of another depends on the pages of this pass and is always set.
func (s *setter) article(a *doc.Article, num, anchor string, level int, x, width float64) []vbox {
	if !kept.IsOn() || crossRefs(a) {
		return s.setArticle(a, num, anchor, level, x, width)
	}
	k := s.articleKey(a, num, anchor, level, x, width)
	if boxes, ok := kept.Get(k); ok {
		return slices.Clone(boxes) // the caller may set the first box's space
	}
	vs := s.setArticle(a, num, anchor, level, x, width)
	kept.Put(k, slices.Clone(vs))
	return vs
}

// articleKey is everything setArticle reads: the article but not its
// translation (set on its own), the size and format of each picture it
// shows and how it is numbered, where and how it is set, the layout, the
// document's language, whether it is combined (each half then says its
// language) and the kind of measurer.
func (s *setter) articleKey(a *doc.Article, num, anchor string, level int, x, width float64) fingerprint.Sum {
	c := *a
	c.Translation = nil
	var pics []string
	doc.Walk(a.Blocks, func(b doc.Block) {
		if im, ok := b.(*doc.Image); ok {
			if p := s.in.Doc.Assets[im.Src]; p != nil {
				pics = append(pics, fmt.Sprintf("%s %s %dx%d", im.Src, p.Format, p.Width, p.Height))
			}
			// Its number, and the caption it also prints or that it is
			// printed with the original's.
			r := s.figs[im]
			pics = append(pics, fmt.Sprint(r.num, r.skip))
			if r.twin != nil {
				pics = append(pics, r.twin.Alt)
			}
		}
	})
	return fingerprint.Of(&c, pics, num, anchor, level, x, width, s.l.Name, s.lang, s.in.Doc.Combined, fmt.Sprintf("%T", s.m))
}

// Package typeset lays a document out on pages: line breaking, page
// breaking, the masthead and the table of contents with page numbers found
// by laying out again until they stop changing. It measures with a
// Measurer and knows nothing of PDF.
package typeset

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"bulletin/fonts"
	"bulletin/internal/work"
	"bulletin/layouts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/lang"
)

// Input is what the typesetter needs besides the document.
type Input struct {
	Doc    *doc.Document
	Layout *layouts.Layout
	// Names is the organisation's name by language; the masthead prints
	// the English and the Azerbaijani one.
	Names    map[string]string
	Subtitle string
	Year     int
	Month    time.Month
	// Date is the document date written into the metadata.
	Date time.Time
}

// MaxPasses bounds the re-layout that settles the page numbers.
const MaxPasses = 6

type setter struct {
	in   Input
	l    *layouts.Layout
	m    Measurer
	lang string
	// pages is the page index of each anchor from the last pass, for the
	// page numbers that cross-references print.
	pages map[string]int
	// parts caches each article's boxes; refs marks the articles that
	// must be set again on every pass because they print page numbers.
	parts [][]vbox
	refs  []bool
	// flow is the parts one after the other, as the last pass laid them
	// out; it is made again only when a part was set again.
	flow []vbox
	// front is the structure of the front page, made again with it on
	// every pass: the masthead's elements and the contents.
	front []*book.Elem
	// figs numbers the pictures and says which a combined edition
	// prints once.
	figs map[*doc.Image]figRef
	// keys are the keys the articles were set by (keep.go).
	keys partKeys
}

// name is the organisation's name in the edition's language.
func (s *setter) name() string {
	if n := s.in.Names[s.lang]; n != "" {
		return n
	}
	return s.in.Names["en"]
}

// full is the width between the margins, from the left margin: the
// masthead, the contents, article titles and what spans the wide margin.
func (s *setter) full() (x, width float64) {
	l := s.l
	return l.Margins.Left, l.Page.Width - l.Margins.Left - l.Margins.Right
}

// column is the text column of the layout's grid: running text, headings
// and footnotes are set in it.
func (s *setter) column() (x, width float64) {
	x, width = s.full()
	if m := s.l.Grid.Measure; m > 0 {
		width = min(width, m)
	}
	return x, width
}

// body is the style of running text in language lang.
func (s *setter) body(lang string) style {
	return style{face: fonts.Face{Family: s.l.Fonts.Body}, size: s.l.Sizes.Body, color: s.l.Colors.Text, lang: lang}
}

// Book lays out the whole document. Articles are set into lines once; only
// the contents and the page breaking are redone on each pass, until the
// page of every heading is the one the contents print. It stops between
// passes, and between pages, once ctx is done, and returns ctx's error.
func Book(ctx context.Context, in Input, m Measurer) (*book.Book, error) {
	bk, _, err := BookReport(ctx, in, m)
	return bk, err
}

// BookReport is Book with the typographic report of the pages it made.
func BookReport(ctx context.Context, in Input, m Measurer) (*book.Book, Report, error) {
	s := &setter{in: in, l: in.Layout, m: m, lang: in.Doc.Lang}
	s.figs = numberFigures(in.Doc, in.Layout.Combined.RepeatFigures)
	pages := map[string]int{} // anchor -> page index, as printed in the contents
	var changed string
	for pass := 1; pass <= MaxPasses; pass++ {
		s.pages = pages
		arts, err := s.articles(ctx)
		if err != nil {
			return nil, Report{}, err
		}
		_, got, _, err := s.paginate(ctx, arts, pages, false)
		if err != nil {
			return nil, Report{}, err
		}
		changed = unsettled(in.Doc.Articles, pages, got)
		if changed == "" && pass > 1 {
			bk, _, pl, err := s.paginate(ctx, arts, pages, true)
			if err == nil {
				err = ctx.Err() // done while the last pages were finished
			}
			if err != nil {
				return nil, Report{}, err
			}
			return bk, report(arts, pl), nil
		}
		pages = got
	}
	return nil, Report{}, fmt.Errorf("page numbers did not settle after %d passes: the page of %q keeps moving", MaxPasses, changed)
}

// articles sets every article into boxes: on the first pass all of them,
// then those that print page numbers. Article headings carry an anchor
// (the article's file name) and a bookmark. In a combined edition the
// translation follows its original under the same numeral.
func (s *setter) articles(ctx context.Context) ([]vbox, error) {
	arts := s.in.Doc.Articles
	if s.parts == nil {
		s.parts = make([][]vbox, len(arts))
		s.refs = make([]bool, len(arts))
		for i := range arts {
			s.refs[i] = crossRefs(&arts[i]) || arts[i].Translation != nil && crossRefs(arts[i].Translation)
		}
	}
	var todo []int
	for i := range arts {
		if s.parts[i] == nil || s.refs[i] {
			todo = append(todo, i)
		}
	}
	// Articles are set independently of each other, so they are set on
	// every core at once; the result is the same in any order.
	err := work.Do(ctx, len(todo), func(_ context.Context, k int) error {
		i := todo[k]
		s.parts[i] = s.articlePart(i)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(todo) > 0 || s.flow == nil {
		// The pager only reads the boxes, so the same flow serves every
		// pass that set no article again.
		n := 0
		for _, p := range s.parts {
			n += len(p)
		}
		s.flow = make([]vbox, 0, n)
		for _, p := range s.parts {
			s.flow = append(s.flow, p...)
		}
	}
	return s.flow, nil
}

// articlePart sets article i and, in a combined edition, its translation.
func (s *setter) articlePart(i int) []vbox {
	l := s.l
	x, width := s.full()
	a := &s.in.Doc.Articles[i]
	num := lang.Roman(i+1) + "."
	vs := s.article(a, num, a.Name, 0, x, width)
	if t := a.Translation; t != nil {
		tv := s.article(t, num, translationAnchor(a), 1, x, width)
		if len(tv) > 0 {
			tv[0].before = l.Sizes.Leading * 1.6
		}
		vs = append(vs, tv...)
	}
	return vs
}

// setArticle sets one article: its heading, with the numeral hanging before
// the title and a rule above, then its body.
func (s *setter) setArticle(a *doc.Article, num, anchor string, level int, x, width float64) []vbox {
	l := s.l
	st := style{face: fonts.Face{Family: l.Fonts.Heading, Style: fonts.Bold}, size: l.Sizes.Article, color: l.Colors.Accent}
	numW := s.m.Width(st.face, st.size, num+" ")
	sect := &book.Elem{Role: book.RoleSect}
	if a.Lang != s.lang {
		sect.Lang = a.Lang
	}
	st.el = sect.Add(book.RoleH1)
	hs := s.para([]doc.Inline{{Text: a.Title}}, st, x+numW, width-numW, st.size*1.25, false)
	if len(hs) == 0 {
		return nil
	}
	first := &hs[0]
	// The numeral is drawn before the title, so that it is read first:
	// "I. Title".
	first.items = slices.Insert(first.items, 0,
		textItem(book.Text{X: x, Y: firstBaseline(first.items), W: numW, Face: st.face, Size: st.size, Color: l.Colors.Gold, S: num + " ", Elem: st.el}),
		otherItem(book.Anchor{Name: anchor, Y: 0}))
	first.ext().anchor = anchor
	first.ext().sect = sect
	if level == 0 {
		first.items = append(first.items, otherItem(book.Rule{X1: x, Y1: -l.Sizes.Leading * 0.7, X2: x + width, Y2: -l.Sizes.Leading * 0.7, Width: 0.6, Color: l.Colors.Gold}))
	}
	first.ext().mark = &book.Bookmark{Title: num + " " + a.Title, Level: level}
	first.before = l.Sizes.Leading * 2.2
	if s.in.Doc.Combined {
		hs = append(hs, s.languageMark(a.Lang, x+numW, width-numW, sect)...)
	}
	for k := range hs {
		hs[k].keep, hs[k].heading, hs[k].line = true, true, false
	}
	cx, cw := s.column()
	body := s.blocks(a.Blocks, cx, cw, s.newArtCtx(a), sect)
	if len(body) > 0 {
		body[0].before = l.Sizes.Leading * 0.5
	}
	return append(hs, body...)
}

// languageMark is the line under an article's title in a combined
// edition that says which language the article is in, in that language
// ("IN ENGLISH", "AZƏRBAYCAN DİLİNDƏ"): both halves stand under one
// numeral, and a reader looks for theirs.
func (s *setter) languageMark(in string, x, width float64, sect *book.Elem) []vbox {
	l := s.l
	st := style{face: fonts.Face{Family: l.Fonts.Heading, Style: fonts.Bold}, size: l.Sizes.Footer, color: l.Colors.Gold, el: sect.Add(book.RoleP)}
	vs := s.para([]doc.Inline{{Text: lang.Upper(in, lang.LabelsFor(in).Language)}}, st, x, width, st.size*1.5, false)
	if len(vs) > 0 {
		vs[0].before = st.size * 0.3
	}
	return vs
}

// paginate places the front page, the contents (numbered from pages) and
// the articles, and returns the book with the page index of each anchor.
func (s *setter) paginate(ctx context.Context, arts []vbox, pages map[string]int, draw bool) (*book.Book, map[string]int, placement, error) {
	l := s.l
	p := &pager{ctx: ctx, top: l.Margins.Top, bottom: l.Page.Height - l.Margins.Bottom, anchors: map[string]int{}, draw: draw,
		softRoom: 2 * l.Sizes.Leading,
		noteRule: func(y float64) item {
			return otherItem(book.Rule{X1: l.Margins.Left, Y1: y, X2: l.Margins.Left + 90, Y2: y, Width: 0.5, Color: l.Colors.Gold})
		}}
	if draw {
		p.footer = s.footer
	}
	p.newPage()
	s.front = s.front[:0]
	p.y = s.masthead(p)
	p.flow(s.contents(pages))
	p.newPage()
	p.gaps = []float64{} // from here on, measure how full each page is
	p.flush = l.FlushBottom
	pageOf := s.flowArticles(p, arts)
	if err := ctx.Err(); err != nil {
		return nil, nil, placement{}, err
	}
	if len(p.floats) > 0 {
		p.breakPage(arts, pageOf)
	}
	for len(p.carry) > 0 {
		p.newPage() // the rest of the last notes
	}
	p.flush = false // the last page ends where its text ends
	p.finishPage()
	gaps := p.gaps
	if len(gaps) > 0 {
		gaps = gaps[:len(gaps)-1] // the last page may end where it likes
	}
	lb := lang.LabelsFor(s.lang)
	bk := &book.Book{
		Meta: book.Meta{
			Title:   fmt.Sprintf("%s — %s, %s %d", s.name(), lb.Bulletin, lang.Month(s.lang, s.in.Month), s.in.Year),
			Author:  l.Author,
			Subject: s.in.Subtitle,
			Lang:    s.lang,
			Date:    s.in.Date,
		},
		Width:   l.Page.Width,
		Height:  l.Page.Height,
		Pages:   p.pages,
		Outline: p.outline,
		Assets:  s.in.Doc.Assets,
	}
	if draw {
		bk.Structure = structure(s.lang, s.front, arts)
	}
	return bk, p.anchors, placement{pageOf: pageOf, gaps: gaps, leading: l.Sizes.Leading}, nil
}

// unsettled is the title of the first article whose page, or whose
// translation's page, moved from was to got ("" when none did).
func unsettled(arts []doc.Article, was, got map[string]int) string {
	for i := range arts {
		a := &arts[i]
		if got[a.Name] != was[a.Name] {
			return a.Title
		}
		if t := a.Translation; t != nil && got[translationAnchor(a)] != was[translationAnchor(a)] {
			return t.Title
		}
	}
	return ""
}

// placement is where the article boxes landed: the page of each box, and
// for each article page but the last the empty space left at its foot.
type placement struct {
	pageOf  []int
	gaps    []float64
	leading float64
}

// PageNumber is how a page index is printed in the contents: the physical
// page number, counting the front page as 1.
func PageNumber(index int) string { return strconv.Itoa(index + 1) }

// crossRefs reports whether an article links to another article, whose page
// it then prints.
func crossRefs(a *doc.Article) bool {
	found := false
	in := func(ins []doc.Inline) {
		for _, x := range ins {
			found = found || strings.HasPrefix(x.Link, "#")
		}
	}
	doc.Walk(a.Blocks, func(b doc.Block) {
		switch b := b.(type) {
		case *doc.Paragraph:
			in(b.Inlines)
		case *doc.Heading:
			in(b.Inlines)
		case *doc.Table:
			for _, r := range b.Rows {
				for _, c := range r {
					in(c)
				}
			}
		}
	})
	return found
}

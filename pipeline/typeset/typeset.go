// Package typeset lays a document out on pages: line breaking, page
// breaking, the masthead and the table of contents with page numbers found
// by laying out again until they stop changing. It measures with a
// Measurer and knows nothing of PDF.
package typeset

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"bulletin/fonts"
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
}

// name is the organisation's name in the edition's language.
func (s *setter) name() string {
	if n := s.in.Names[s.lang]; n != "" {
		return n
	}
	return s.in.Names["en"]
}

// body is the style of running text in language lang.
func (s *setter) body(lang string) style {
	return style{face: fonts.Face{Family: s.l.Fonts.Body}, size: s.l.Sizes.Body, color: s.l.Colors.Text, lang: lang}
}

// Book lays out the whole document. Articles are set into lines once; only
// the contents and the page breaking are redone on each pass, until the
// page of every heading is the one the contents print.
func Book(in Input, m Measurer) (*book.Book, error) {
	bk, _, err := BookReport(in, m)
	return bk, err
}

// BookReport is Book with the typographic report of the pages it made.
func BookReport(in Input, m Measurer) (*book.Book, Report, error) {
	s := &setter{in: in, l: in.Layout, m: m, lang: in.Doc.Lang}
	pages := map[string]int{} // anchor -> page index, as printed in the contents
	var changed string
	for pass := 1; pass <= MaxPasses; pass++ {
		s.pages = pages
		arts := s.articles()
		_, got, _ := s.paginate(arts, pages, false)
		changed = ""
		for _, a := range in.Doc.Articles {
			if got[a.Name] != pages[a.Name] {
				changed = a.Title
				break
			}
		}
		if changed == "" && pass > 1 {
			bk, _, pl := s.paginate(arts, pages, true)
			return bk, report(arts, pl), nil
		}
		pages = got
	}
	return nil, Report{}, fmt.Errorf("page numbers did not settle after %d passes: the page of %q keeps moving", MaxPasses, changed)
}

// articles sets every article into boxes. Article headings carry an
// anchor (the article's file name) and a bookmark. In a combined edition
// the translation follows its original under the same numeral.
func (s *setter) articles() []vbox {
	l := s.l
	x, width := l.Margins.Left, l.Page.Width-l.Margins.Left-l.Margins.Right
	arts := s.in.Doc.Articles
	if s.parts == nil {
		s.parts = make([][]vbox, len(arts))
		s.refs = make([]bool, len(arts))
		for i := range arts {
			s.refs[i] = crossRefs(&arts[i]) || arts[i].Translation != nil && crossRefs(arts[i].Translation)
		}
	}
	parts := s.parts
	// Articles are set independently of each other, so they are set on
	// every core at once; the result is the same in any order.
	next := make(chan int)
	var wg sync.WaitGroup
	var failed any // a worker's panic, raised again in the caller
	var once sync.Once
	for range min(runtime.GOMAXPROCS(0), len(arts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { failed = r })
					for range next { // let the sender finish
					}
				}
			}()
			for i := range next {
				a := &arts[i]
				num := lang.Roman(i+1) + "."
				vs := s.article(a, num, a.Name, 0, x, width)
				if t := a.Translation; t != nil {
					tv := s.article(t, num, a.Name+"."+t.Lang, 1, x, width)
					if len(tv) > 0 {
						tv[0].before = l.Sizes.Leading * 1.6
					}
					vs = append(vs, tv...)
				}
				parts[i] = vs
			}
		}()
	}
	set := false
	for i := range arts {
		if parts[i] == nil || s.refs[i] {
			next <- i
			set = true
		}
	}
	close(next)
	wg.Wait()
	if failed != nil {
		panic(failed)
	}
	if set || s.flow == nil {
		// The pager only reads the boxes, so the same flow serves every
		// pass that set no article again.
		n := 0
		for _, p := range parts {
			n += len(p)
		}
		s.flow = make([]vbox, 0, n)
		for _, p := range parts {
			s.flow = append(s.flow, p...)
		}
	}
	return s.flow
}

// setArticle sets one article: its heading, with the numeral hanging before
// the title and a rule above, then its body.
func (s *setter) setArticle(a *doc.Article, num, anchor string, level int, x, width float64) []vbox {
	l := s.l
	st := style{face: fonts.Face{Family: l.Fonts.Heading, Style: fonts.Bold}, size: l.Sizes.Article, color: l.Colors.Accent}
	numW := s.m.Width(st.face, st.size, num+" ")
	hs := s.para([]doc.Inline{{Text: a.Title}}, st, x+numW, width-numW, st.size*1.25, false)
	if len(hs) == 0 {
		return nil
	}
	first := &hs[0]
	first.items = append(first.items,
		textItem(book.Text{X: x, Y: firstBaseline(first.items), W: numW, Face: st.face, Size: st.size, Color: l.Colors.Gold, S: num + " "}),
		otherItem(book.Anchor{Name: anchor, Y: 0}))
	first.anchor = anchor
	if level == 0 {
		first.items = append(first.items, otherItem(book.Rule{X1: x, Y1: -l.Sizes.Leading * 0.7, X2: x + width, Y2: -l.Sizes.Leading * 0.7, Width: 0.6, Color: l.Colors.Gold}))
	}
	first.mark = &book.Bookmark{Title: num + " " + a.Title, Level: level}
	first.before = l.Sizes.Leading * 2.2
	for k := range hs {
		hs[k].keep, hs[k].heading, hs[k].line = true, true, false
	}
	body := s.blocks(a.Blocks, x, width, newArtCtx(a))
	if len(body) > 0 {
		body[0].before = l.Sizes.Leading * 0.5
	}
	return append(hs, body...)
}

// paginate places the front page, the contents (numbered from pages) and
// the articles, and returns the book with the page index of each anchor.
func (s *setter) paginate(arts []vbox, pages map[string]int, draw bool) (*book.Book, map[string]int, placement) {
	l := s.l
	p := &pager{top: l.Margins.Top, bottom: l.Page.Height - l.Margins.Bottom, anchors: map[string]int{}, draw: draw,
		noteRule: func(y float64) item {
			return otherItem(book.Rule{X1: l.Margins.Left, Y1: y, X2: l.Margins.Left + 90, Y2: y, Width: 0.5, Color: l.Colors.Gold})
		}}
	if draw {
		p.footer = s.footer
	}
	p.newPage()
	p.y = s.masthead(p)
	p.flow(s.contents(pages))
	p.newPage()
	p.gaps = []float64{} // from here on, measure how full each page is
	p.flush = l.FlushBottom
	pageOf := p.flow(arts)
	if len(p.floats) > 0 {
		p.breakPage(arts, pageOf)
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
	return bk, p.anchors, placement{pageOf: pageOf, gaps: gaps, leading: l.Sizes.Leading}
}

// placement is where the article boxes landed: the page of each box, and
// for each article page but the last the empty space left at its foot.
type placement struct {
	pageOf  []int
	gaps    []float64
	leading float64
}

// pager fills pages with boxes from top to bottom, and footnotes from the
// bottom up.
type pager struct {
	pages []book.Page
	// cur is what is drawn on the current page so far, in page
	// coordinates. It goes onto the page as layout items only when the
	// page is finished, after the spaces are spread, so that no item is
	// boxed twice; the buffer is reused from page to page.
	cur         []item
	y           float64
	top, bottom float64
	anchors     map[string]int
	outline     []book.Bookmark
	// draw is off while the passes only look for where headings fall;
	// placing every item is left to the one pass that is kept.
	draw bool
	// notes are the footnotes of the current page and noteH the height
	// they take at its foot, rule included.
	notes []vbox
	noteH float64
	// noteRule draws the short rule above the notes.
	noteRule func(y float64) item
	// footer, when set, draws the foot of a page (its label is the page
	// number), after its notes.
	footer func(dst []item, label string) []item
	// floats are figures waiting for the next page, by index in the flow.
	floats []int
	// gaps, when not nil, collects the room left empty at the foot of
	// each page finished.
	gaps []float64
	// flush spreads the room a page has left over its spaces between
	// blocks, so that every full page ends on the same line; spaces are
	// the stretchable spaces placed on the current page.
	flush  bool
	spaces []space
}

// space is a stretchable space placed on the page: its size, and how many
// items and bookmarks came before it.
type space struct {
	size          float64
	items, marked int
}

// maxSpread is how much a space between blocks may grow to fill a page,
// as a multiple of its size: beyond that the page is left short.
const maxSpread = 1.5

// skip advances by a space between blocks.
func (p *pager) skip(size float64) {
	if size > 0 && p.draw {
		p.spaces = append(p.spaces, space{size: size, items: len(p.cur), marked: len(p.outline)})
	}
	p.y += size
}

// spread grows the spaces of the current page to fill gap, as far as
// maxSpread allows, and returns what it used.
func (p *pager) spread(gap float64) float64 {
	total := 0.0
	for _, sp := range p.spaces {
		total += sp.size
	}
	if total == 0 || gap <= 0 {
		return 0
	}
	k := min(gap/total, maxSpread)
	extra := 0.0
	for j, sp := range p.spaces {
		extra += sp.size * k
		end, endMark := len(p.cur), len(p.outline)
		if j+1 < len(p.spaces) {
			end, endMark = p.spaces[j+1].items, p.spaces[j+1].marked
		}
		for i := sp.items; i < end; i++ {
			p.cur[i] = p.cur[i].shifted(0, extra)
		}
		for i := sp.marked; i < endMark; i++ {
			p.outline[i].Y += extra
		}
	}
	return total * k
}

// noteGap is the room the rule above the footnotes takes.
const noteGap = 10.0

func (p *pager) newPage() {
	p.finishPage()
	p.spaces = p.spaces[:0]
	n := len(p.pages)
	p.pages = append(p.pages, book.Page{Index: n, Label: PageNumber(n)})
	p.y = p.top
}

// finishPage sets the current page's footnotes and footer at its foot and
// puts what is drawn on it onto the page.
func (p *pager) finishPage() {
	if len(p.pages) == 0 {
		return
	}
	gap := p.bottom - p.noteH - p.y
	if p.flush && p.draw {
		gap -= p.spread(gap)
	}
	if p.gaps != nil {
		p.gaps = append(p.gaps, gap)
	}
	if p.draw {
		pg := &p.pages[len(p.pages)-1]
		if len(p.notes) > 0 {
			y := p.bottom - p.noteH
			if p.noteRule != nil {
				p.cur = append(p.cur, p.noteRule(y+noteGap/2))
			}
			y += noteGap
			for i, v := range p.notes {
				if i > 0 {
					y += v.before
				}
				for _, it := range v.items {
					p.cur = append(p.cur, it.shifted(0, y))
				}
				y += v.h
			}
		}
		if p.footer != nil {
			p.cur = p.footer(p.cur, pg.Label)
		}
		pg.Items = make([]book.Item, len(p.cur))
		for i, it := range p.cur {
			pg.Items[i] = it.layoutItem()
		}
	}
	p.cur = p.cur[:0]
	p.notes, p.noteH = nil, 0
}

// notesHeight is the room v's footnotes would take on the current page.
func (p *pager) notesHeight(v *vbox) float64 {
	h := 0.0
	for i, n := range v.notes {
		h += n.h
		if i > 0 || len(p.notes) > 0 {
			h += n.before
		}
	}
	if h > 0 && len(p.notes) == 0 {
		h += noteGap
	}
	return h
}

// flow places boxes, breaking pages so that a box marked keep stays with
// the box after it whenever the chain fits on a page at all, a line's
// footnotes fit on its page, and a table row that starts a page comes
// after its header row. It returns the page index of each box.
func (p *pager) flow(vs []vbox) []int {
	pageOf := make([]int, len(vs))
	for i := range vs {
		v := &vs[i]
		atTop := p.y == p.top
		before := v.before
		if atTop {
			before = 0
		}
		// Height of the chain of boxes that must stay with this one.
		chain := before + v.h
		for k := i; k < len(vs)-1 && vs[k].keep; k++ {
			chain += vs[k+1].before + vs[k+1].h
		}
		notes := p.notesHeight(v)
		room := p.bottom - p.noteH - notes - p.y
		full := p.bottom - p.top
		if v.float && !atTop && (before+v.h > room || len(p.floats) > 0) {
			// The figure waits for the next page (behind any figure
			// already waiting, to keep their order); text fills this one.
			p.floats = append(p.floats, i)
			continue
		}
		if !atTop && (chain > room && chain-before+notes <= full || before+v.h > room) {
			p.breakPage(vs, pageOf)
			if p.y > p.top && p.y+v.before+v.h > p.bottom-p.noteH {
				p.newPage() // the figures took the room it needed
			}
			atTop = p.y == p.top
			before = v.before
			if atTop {
				before = 0
			}
			notes = p.notesHeight(v)
		}
		if atTop && v.header != nil {
			p.place(v.header, true)
		}
		p.skip(before)
		p.place(v, atTop)
		if len(v.notes) > 0 {
			p.noteH += notes
			p.notes = append(p.notes, v.notes...)
		}
		pageOf[i] = len(p.pages) - 1
	}
	return pageOf
}

// breakPage starts a new page and sets the figures waiting for it at its
// head, as many as fit.
func (p *pager) breakPage(vs []vbox, pageOf []int) {
	p.newPage()
	for len(p.floats) > 0 {
		v := &vs[p.floats[0]]
		if p.y > p.top && p.y+v.before+v.h > p.bottom-p.noteH {
			p.newPage()
			continue
		}
		atTop := p.y == p.top
		if !atTop {
			p.skip(v.before)
		}
		p.place(v, atTop)
		pageOf[p.floats[0]] = len(p.pages) - 1
		p.floats = p.floats[1:]
	}
}

// place puts v on the current page at the current height. At the head of
// a page the space above a box is dropped, and so are the rules drawn in
// it (a rule above an article, a quote's bar between paragraphs).
func (p *pager) place(v *vbox, atTop bool) {
	pg := &p.pages[len(p.pages)-1]
	if v.anchor != "" {
		p.anchors[v.anchor] = pg.Index
	}
	if p.draw {
		for _, it := range v.items {
			if r, ok := it.other.(book.Rule); ok && atTop && max(r.Y1, r.Y2) <= 0 {
				continue
			}
			p.cur = append(p.cur, it.shifted(0, p.y))
		}
	}
	if v.mark != nil {
		m := *v.mark
		m.Page, m.Y = pg.Index, p.y
		p.outline = append(p.outline, m)
	}
	p.y += v.h
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

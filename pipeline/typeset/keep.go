package typeset

import (
	"fmt"
	"slices"
	"sync"

	"bulletin/internal/fingerprint"
	"bulletin/pipeline/book"
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

// KeepArticles turns on keeping articles' boxes, and the pages before a
// change (lanes), for the rest of the process.
func KeepArticles() {
	kept.On()
	lanes.On()
}

// Rebuilt tells the keepers that a rebuild is done.
func Rebuilt() {
	kept.Rebuilt()
	lanes.Rebuilt()
}

// article sets one article (setArticle), or hands back a copy of the boxes
// an earlier book set the same article into. An article that prints the
// page of another depends on the pages of this pass and is always set.
func (s *setter) article(a *doc.Article, num, anchor string, level int, x, width float64) []vbox {
	if !kept.IsOn() || crossRefs(a) {
		return s.setArticle(a, num, anchor, level, x, width)
	}
	k := s.articleKey(a, num, anchor, level, x, width)
	s.keys.put(anchor, k)
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

// The pages before a change. The pager is a function of where it stands
// and of the boxes it is given, so when the articles before article k are
// set into the same boxes as in the last book of the same document, and
// the pager stood in the same place when the articles began (the front
// page and the contents came out alike), it stands where it stood then at
// the start of article k: the watch's next book starts there, with the
// pages before taken over, instead of placing every box again. A pass of
// a book is matched with the same pass of the last book by a lane: the
// document, the kind of pass and (for the passes that only look for the
// page numbers) where the articles began.
var lanes fingerprint.Keeper[*lane]

// lane is what one pass of a book recorded: where the articles began, the
// key of each article part (zero: not kept, so never matched), and the
// pager's stand at the start of each article it could stop before.
type lane struct {
	start fingerprint.Sum
	parts []fingerprint.Sum
	// bounds is the index of each part's first box in the flow; next is
	// the part whose start is recorded next.
	bounds []int
	next   int
	stands []*stand
	// front is the index of the first article page.
	front int
}

// stand is the pager at the start of a part: everything flowFrom reads or
// writes that the boxes before it changed. The finished pages and
// bookmarks are shared with the book they were made for (the pager never
// changes them again); the current page's are copies.
type stand struct {
	box  int
	done []book.Page // the article pages finished
	page book.Page   // the current page
	// items are drawn on the current page so far.
	items []item
	// bookmarks are those before the current page's, then its own.
	bookmarks, pageMarks []book.Bookmark
	y, noteH             float64
	notes, carry         []vbox
	gaps                 []float64
	spaces               []space
	loose                int
	pageOf               []int // the book's: the pages of the boxes before box are final
}

// partKeys are the keys the articles were set by, by anchor (an article's
// and its translation's), for the lanes: s.article records them.
type partKeys struct {
	mu sync.Mutex
	m  map[string]fingerprint.Sum
}

func (k *partKeys) put(anchor string, sum fingerprint.Sum) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]fingerprint.Sum{}
	}
	k.m[anchor] = sum
}

// partKey is the key of article i's part: the article's and its
// translation's keys, or zero when either was not set from a key.
func (s *setter) partKey(i int) fingerprint.Sum {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	a := &s.in.Doc.Articles[i]
	k, ok := s.keys.m[a.Name]
	if s.refs[i] || !ok {
		return fingerprint.Sum{}
	}
	if a.Translation == nil {
		return k
	}
	t, ok := s.keys.m[translationAnchor(a)]
	if !ok {
		return fingerprint.Sum{}
	}
	return fingerprint.Of(k, t)
}

// flowArticles flows the articles' boxes arts: from the start of the
// last article the pager can take over from the last book's same pass,
// when the watch keeps articles, else from the first.
func (s *setter) flowArticles(p *pager, arts []vbox) []int {
	pageOf := make([]int, len(arts))
	if !kept.IsOn() {
		p.flowFrom(arts, 0, pageOf)
		return pageOf
	}
	ln := &lane{start: p.state(), parts: make([]fingerprint.Sum, len(s.parts)), bounds: make([]int, len(s.parts))}
	n := 0
	for i, part := range s.parts {
		ln.parts[i], ln.bounds[i] = s.partKey(i), n
		n += len(part)
	}
	ln.stands = make([]*stand, len(s.parts))
	ln.front = len(p.pages) - 1
	// One drawn pass kept per document (it holds pages); the others by
	// where the articles began too.
	var where any = ln.start
	if p.draw {
		where = nil
	}
	id := fingerprint.Of(s.lang, s.in.Doc.Combined, s.l.Name, fmt.Sprintf("%T", s.m), p.draw, where)
	from := 0
	if old, ok := lanes.Get(id); ok && old.start == ln.start {
		if m := old.resume(ln); m != nil {
			from = m.box
			p.restore(m, ln.front, arts, pageOf)
		}
	}
	carried := ln.next
	p.lane = ln
	p.flowFrom(arts, from, pageOf)
	p.lane = nil
	if p.ctx.Err() == nil {
		ln.rebase(carried, p, pageOf)
		lanes.Put(id, ln)
	}
	return pageOf
}

// rebase points the stands taken over from the last book, the first n,
// at this book's pages, bookmarks and page numbers, the same up to where
// each stands, so that no stand holds an older book.
func (ln *lane) rebase(n int, p *pager, pageOf []int) {
	for k, m := range ln.stands[:n] {
		if m == nil {
			continue
		}
		c := *m
		pages, marks, gaps := ln.front+len(m.done), len(m.bookmarks), len(m.gaps)
		c.done, c.bookmarks, c.gaps = p.pages[ln.front:pages:pages], p.outline[:marks:marks], p.gaps[:gaps:gaps]
		c.pageOf = pageOf
		ln.stands[k] = &c
	}
}

// resume is old's last stand before the first part that differs in ln,
// and takes old's stands up to it over into ln; nil: none.
func (old *lane) resume(ln *lane) *stand {
	var last *stand
	for k, m := range old.stands[:min(len(old.stands), len(ln.stands))] {
		if m != nil {
			last = m
			ln.stands[k] = m
			ln.next = k + 1
		}
		if old.parts[k] != ln.parts[k] || ln.parts[k] == (fingerprint.Sum{}) {
			break
		}
	}
	return last
}

// record notes where the pager stands when box i starts a part, when
// nothing before it reaches past it: no figure waits and the box before
// is not kept with it.
func (ln *lane) record(p *pager, vs []vbox, i int, pageOf []int) {
	for ln.next < len(ln.bounds) && ln.bounds[ln.next] < i {
		ln.next++
	}
	for ; ln.next < len(ln.bounds) && ln.bounds[ln.next] == i; ln.next++ {
		if len(p.floats) > 0 || i > 0 && vs[i-1].keep {
			continue
		}
		ln.stands[ln.next] = p.standAt(ln.front, i, pageOf)
	}
}

// state is a fingerprint of where the pager stands: all it holds that
// the next boxes' places depend on, and what it made so far but the
// pages' items (each book takes its front pages from its own pass).
func (p *pager) state() fingerprint.Sum {
	labels := make([]string, len(p.pages))
	for i, pg := range p.pages {
		labels[i] = fmt.Sprint(pg.Index, pg.Label)
	}
	return fingerprint.Of(labels, p.y, p.top, p.bottom, p.softRoom, p.noteH, p.notes, p.carry, p.floats, p.loose,
		p.cur, p.spaces, p.outline, p.anchors, p.gaps, p.flush, p.draw, p.footer != nil)
}

// standAt is where the pager stands at box, the article pages starting at
// page front.
func (p *pager) standAt(front, box int, pageOf []int) *stand {
	n := len(p.pages)
	cur := len(p.outline)
	for cur > 0 && p.outline[cur-1].Page == n-1 {
		cur--
	}
	return &stand{
		box: box, done: p.pages[front : n-1 : n-1], page: p.pages[n-1],
		items:     slices.Clone(p.cur),
		bookmarks: p.outline[:cur:cur], pageMarks: slices.Clone(p.outline[cur:]),
		y: p.y, noteH: p.noteH, notes: slices.Clone(p.notes), carry: slices.Clone(p.carry),
		gaps: slices.Clip(p.gaps), spaces: slices.Clone(p.spaces), loose: p.loose, pageOf: pageOf,
	}
}

// restore puts the pager where m says, its front pages kept: the boxes
// before m.box are placed, their anchors too.
func (p *pager) restore(m *stand, front int, arts []vbox, pageOf []int) {
	p.pages = append(append(p.pages[:front:front], m.done...), m.page)
	p.cur = append(p.cur[:0], m.items...)
	p.outline = append(m.bookmarks, m.pageMarks...)
	p.y, p.noteH, p.loose = m.y, m.noteH, m.loose
	p.notes, p.carry, p.floats = slices.Clone(m.notes), slices.Clone(m.carry), nil
	p.gaps = m.gaps
	p.spaces = append(p.spaces[:0], m.spaces...)
	copy(pageOf, m.pageOf[:m.box])
	for i := range m.box {
		if a := arts[i].anchor(); a != "" {
			p.anchors[a] = pageOf[i]
		}
	}
}

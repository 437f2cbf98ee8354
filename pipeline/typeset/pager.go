package typeset

import (
	"bulletin/pipeline/book"
	"context"
)

// pager fills pages with boxes from top to bottom, and footnotes from the
// bottom up.
type pager struct {
	// ctx stops the flow at the next page once it is done.
	ctx   context.Context
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
	// they take at its foot, rule included. carry are the lines of notes
	// that found no room on the page of their reference: they continue at
	// the foot of the next page, as TeX splits a long note.
	notes []vbox
	noteH float64
	carry []vbox
	// noteRule draws the short rule above the notes.
	noteRule func(y float64) item
	// footer, when set, draws the foot of a page (its label is the page
	// number), after its notes.
	footer func(dst []item, label string) []item
	// floats are figures waiting for the next page, by index in the flow.
	floats []int
	// softRoom is the most room a page leaves empty to keep the halves
	// of a hyphenated word together.
	softRoom float64
	// loose is the box up to which a chain is weighed without its soft
	// keeps, once the pager has chosen to break it.
	loose int
	// gaps, when not nil, collects the room left empty at the foot of
	// each page finished.
	gaps []float64
	// flush spreads the room a page has left over its spaces between
	// blocks, so that every full page ends on the same line; spaces are
	// the stretchable spaces placed on the current page.
	flush  bool
	spaces []space
	// lane, when set, records where the pager stood at the start of each
	// article, for the next book of the same document (keep.go).
	lane *lane
}

// space is a stretchable space placed on the page: its size, and how many
// items and bookmarks came before it.
type space struct {
	size          float64
	items, marked int
}

// maxSpread is how much a space between blocks may grow to fill a page,
// in points: beyond that the page is left short (a line short is better
// than gaps a reader sees differ from page to page).
const maxSpread = 2.0

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
	k := gap / total
	extra, used := 0.0, 0.0
	for j, sp := range p.spaces {
		grow := min(sp.size*k, maxSpread)
		extra += grow
		used += grow
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
	return used
}

// noteGap is the room the rule above the footnotes takes.
const noteGap = 10.0

func (p *pager) newPage() {
	p.finishPage()
	p.spaces = p.spaces[:0]
	n := len(p.pages)
	p.pages = append(p.pages, book.Page{Index: n, Label: PageNumber(n)})
	p.y = p.top
	carried := p.carry
	p.carry = nil
	p.addNotes(carried)
}

// addNotes puts note boxes at the foot of the current page while they fit
// below its text, and carries the rest to the next page. The first box of
// an empty page's notes is always taken, so that a note taller than a page
// still moves on.
func (p *pager) addNotes(ns []vbox) {
	for i := range ns {
		h := p.notesHeight(ns[i : i+1])
		empty := len(p.notes) == 0 && p.y == p.top
		if len(p.carry) > 0 || p.y+p.noteH+h > p.bottom+1e-9 && !empty {
			p.carry = append(p.carry, ns[i])
			continue
		}
		p.notes = append(p.notes, ns[i])
		p.noteH += h
	}
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

// notesHeight is the room note boxes ns would take on the current page.
func (p *pager) notesHeight(ns []vbox) float64 {
	h := 0.0
	for i, n := range ns {
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
	p.flowFrom(vs, 0, pageOf)
	return pageOf
}

// flowFrom is flow from box from on, the pager standing where the boxes
// before it left it, and pageOf holding their pages.
func (p *pager) flowFrom(vs []vbox, from int, pageOf []int) {
	for i := from; i < len(vs); i++ {
		if p.y == p.top && p.ctx.Err() != nil {
			return // the caller reports ctx's error
		}
		if p.lane != nil {
			p.lane.record(p, vs, i, pageOf)
		}
		v := &vs[i]
		atTop := p.y == p.top
		before := v.before
		if atTop {
			before = 0
		}
		// Height of the chain of boxes that must stay with this one, with
		// the notes its later boxes bring to the foot of the page (a
		// chain that fits only without them would be broken after all,
		// where it must not be: inside a word, after a first line).
		notes := p.noteRoom(v)
		room := p.bottom - p.noteH - notes - p.y
		soft := i >= p.loose
		chain, end := p.chain(vs, i, before, soft)
		if soft && chain > room && room > p.softRoom {
			// Rather than leave more than softRoom empty, the page
			// may end inside a word hyphenated there; the boxes of
			// this chain are not weighed with their soft keeps again.
			chain, _ = p.chain(vs, i, before, false)
			p.loose = end
		}
		full := p.bottom - p.top
		for atTop && p.noteH > 0 && before+v.h > room {
			// Notes carried from the page before fill this one. Each new
			// page takes at least one of them, so this ends.
			p.newPage()
			notes = p.noteRoom(v)
			room = p.bottom - p.noteH - notes - p.y
		}
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
			notes = p.noteRoom(v)
		}
		if atTop && v.header() != nil {
			p.place(v.header(), true)
		}
		p.skip(before)
		p.place(v, atTop)
		p.addNotes(v.notes())
		pageOf[i] = len(p.pages) - 1
	}
}

// chain is the height of box i (with the space before it) and the boxes
// that must stay with it, with the notes the later ones bring to the foot
// of the page (a chain that fits only without them would be broken after
// all, where it must not be: after a first line). With soft, the keeps of
// lines ending inside a word count too.
// It returns the index of the chain's last box too.
func (p *pager) chain(vs []vbox, i int, before float64, soft bool) (float64, int) {
	h := before + vs[i].h
	k := i
	for ; k < len(vs)-1 && vs[k].keep && (soft || !vs[k].soft); k++ {
		h += vs[k+1].before + vs[k+1].h + p.noteRoom(&vs[k+1])
	}
	return h, k
}

// noteRoom is the room v's footnotes need on the page of v: all of them
// when they are short (a quarter of a page at most), else their first two
// lines, the rest continuing on the next page, so that a long note never
// leaves the page of its reference half empty.
func (p *pager) noteRoom(v *vbox) float64 {
	all := p.notesHeight(v.notes())
	if all <= (p.bottom-p.top)/4 {
		return all
	}
	return p.notesHeight(v.notes()[:min(2, len(v.notes()))])
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
	if a := v.anchor(); a != "" {
		p.anchors[a] = pg.Index
	}
	if p.draw {
		for _, it := range v.items {
			if r, ok := it.other.(book.Rule); ok && atTop && max(r.Y1, r.Y2) <= 0 {
				continue
			}
			p.cur = append(p.cur, it.shifted(0, p.y))
		}
	}
	if mk := v.mark(); mk != nil {
		m := *mk
		m.Page, m.Y = pg.Index, p.y
		p.outline = append(p.outline, m)
	}
	p.y += v.h
}

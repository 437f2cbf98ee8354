package typeset

import (
	"bulletin/pipeline/book"
)

// vbox is one unbreakable piece of the vertical flow: usually one line.
// A book holds one for every line, so what few boxes need is kept apart,
// behind x.
type vbox struct {
	h      float64 // height
	before float64 // space above it, dropped at the top of a page
	items  []item  // y relative to the top of the box
	// ratio is the word-space ratio of a justified line, 0 otherwise.
	ratio float64
	keep  bool // never break the page between this box and the next
	// What the box is, for the typographic report: a line of a
	// paragraph (first and last say which), a heading line, or neither.
	line, first, last, heading, overfull bool
	// leadIn marks the last line of a paragraph that ends with a colon
	// and introduces a list: like a heading, it must not end a page.
	leadIn bool
	// soft marks a keep that is there only because the line ends inside
	// a word: the pager may break there rather than leave a page short.
	soft bool
	// float lets the box move to the head of the next page when it does
	// not fit, the text after it filling the rest of this page.
	float bool
	x     *boxExtra
}

// boxExtra is what only some boxes have.
type boxExtra struct {
	// mark, when set, is the bookmark of a heading; its page is learnt
	// when the box is placed.
	mark *book.Bookmark
	// anchor names the anchor this box holds, if any.
	anchor string
	// notes are the footnotes first referred to on this line; they go
	// to the foot of the page the line lands on.
	notes []vbox
	// header is the header row of the table this row belongs to,
	// repeated at the head of a page the table continues on.
	header *vbox
	// sect is the structure element of the article this box opens.
	sect *book.Elem
	// warn is a problem found while setting the box, reported with the
	// page it lands on.
	warn string
}

// ext is v's extra part, made on first use.
func (v *vbox) ext() *boxExtra {
	if v.x == nil {
		v.x = new(boxExtra)
	}
	return v.x
}

func (v *vbox) notes() []vbox {
	if v.x == nil {
		return nil
	}
	return v.x.notes
}

func (v *vbox) header() *vbox {
	if v.x == nil {
		return nil
	}
	return v.x.header
}

func (v *vbox) mark() *book.Bookmark {
	if v.x == nil {
		return nil
	}
	return v.x.mark
}

func (v *vbox) anchor() string {
	if v.x == nil {
		return ""
	}
	return v.x.anchor
}

func (v *vbox) warn() string {
	if v.x == nil {
		return ""
	}
	return v.x.warn
}

// item is one thing drawn in a box, placed relative to the box until the
// pager puts it on a page. Text, nearly every item, is held by value and
// becomes a book.Item only there: boxing it into the interface when its
// line is set as well would allocate every word of the book twice, and the
// articles, set once for all the passes, would hold the first copies until
// the book is done.
type item struct {
	text  book.Text
	other book.Item // the item when it is not text; nil for text
}

func textItem(t book.Text) item { return item{text: t} }

// otherItem holds any item but text (which textItem keeps unboxed).
func otherItem(it book.Item) item { return item{other: it} }

// isText reports whether the item is text.
func (it item) isText() bool { return it.other == nil }

// shifted is the item moved by dx, dy.
func (it item) shifted(dx, dy float64) item {
	switch v := it.other.(type) {
	case nil:
		it.text.X += dx
		it.text.Y += dy
	case book.Rule:
		v.X1 += dx
		v.X2 += dx
		v.Y1 += dy
		v.Y2 += dy
		it.other = v
	case book.Rect:
		v.X += dx
		v.Y += dy
		it.other = v
	case book.Image:
		v.X += dx
		v.Y += dy
		it.other = v
	case book.Link:
		v.X += dx
		v.Y += dy
		it.other = v
	case book.Anchor:
		v.Y += dy
		it.other = v
	}
	return it
}

// layoutItem is the item for a page.
func (it item) layoutItem() book.Item {
	if it.other != nil {
		return it.other
	}
	return it.text
}

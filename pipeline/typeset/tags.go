package typeset

import "bulletin/pipeline/book"

// The structure of the book (#13): the typesetter knows what each thing
// it sets is, and says so by pointing each item at an element of the
// book's structure tree, through the style its text is set in (style.el)
// or the item itself. An item with no element is an artifact: footers,
// page numbers, dot leaders, rules, fills, the masthead band and the
// repeated header rows of a continued table.

// tagged is st with its text belonging to element el.
func inElem(st style, el *book.Elem) style {
	st.el = el
	return st
}

// heading is the role of a subheading of Markdown level (2 for ##): H2 or
// H3, never more than one level below the heading before it, so that the
// structure skips no level whatever the article does.
func (c *artCtx) heading(level int) string {
	n := min(max(level, 2), 3, c.level+1)
	c.level = n
	if n == 2 {
		return book.RoleH2
	}
	return book.RoleH3
}

// untagged is a copy of v as an artifact: the header row repeated at the
// head of a page a table continues on, which a reader has read already.
// Its links are left out: a link is content.
func untagged(v vbox) vbox {
	items := make([]item, 0, len(v.items))
	for _, it := range v.items {
		if _, ok := it.other.(book.Link); ok {
			continue
		}
		it.text.Elem = nil
		items = append(items, it)
	}
	v.items = items
	return v
}

// structure is the book's structure tree: the masthead's elements, the
// contents and the articles' sections in the order of the flow.
func structure(lang string, front []*book.Elem, flow []vbox) *book.Elem {
	root := &book.Elem{Role: book.RoleDocument, Lang: lang}
	root.Kids = append(root.Kids, front...)
	for i := range flow {
		if x := flow[i].x; x != nil && x.sect != nil {
			root.Kids = append(root.Kids, x.sect)
		}
	}
	return root
}

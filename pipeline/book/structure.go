package book

// Elem is one element of the book's logical structure, the tagged-PDF
// structure tree (ISO 32000-1 14.7, 14.8): what a screen reader reads and
// in which order. The typesetter builds the tree and points each placed
// item at its element; the renderer writes it down and decides nothing.
//
// Kids are in logical (reading) order, which may differ from the order of
// the pages: a picture floated to the next page still follows the
// paragraph before it. An element with no content on any page is left
// out of the file.
type Elem struct {
	Role string // a standard structure type: Document, Sect, H1, P, LI, ...
	// Lang is the element's language (BCP 47) when it differs from its
	// parent's; "" inherits it.
	Lang string
	// Alt is the replacement text of a Figure.
	Alt string
	// Scope is a TH's /Scope: Column or Row.
	Scope string
	// ID names a Note, which PDF/UA wants identified.
	ID   string
	Kids []*Elem
}

// The structure types the books use (ISO 32000-1 14.8.4).
const (
	RoleDocument   = "Document"
	RoleSect       = "Sect"
	RoleH1         = "H1"
	RoleH2         = "H2"
	RoleH3         = "H3"
	RoleP          = "P"
	RoleL          = "L"
	RoleLI         = "LI"
	RoleLbl        = "Lbl"
	RoleLBody      = "LBody"
	RoleBlockQuote = "BlockQuote"
	RoleCode       = "Code"
	RoleTable      = "Table"
	RoleTR         = "TR"
	RoleTH         = "TH"
	RoleTD         = "TD"
	RoleFigure     = "Figure"
	RoleCaption    = "Caption"
	RoleNote       = "Note"
	RoleReference  = "Reference"
	RoleLink       = "Link"
	RoleTOC        = "TOC"
	RoleTOCI       = "TOCI"
)

// Add makes an element of role under e (when e is not nil) and returns it.
func (e *Elem) Add(role string) *Elem {
	k := &Elem{Role: role}
	if e != nil {
		e.Kids = append(e.Kids, k)
	}
	return k
}

// Walk calls fn on e and every element under it, parents first, in
// logical order.
func (e *Elem) Walk(fn func(*Elem)) {
	if e == nil {
		return
	}
	fn(e)
	for _, k := range e.Kids {
		k.Walk(fn)
	}
}

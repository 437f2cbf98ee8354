// Package doc is the output-neutral document model: what the articles say,
// with positions, and nothing about pages, fonts or PDF. The markdown stage
// builds it; validate reads it; typeset lays it out.
package doc

import (
	"strings"

	"bulletin/pipeline/asset"
	"bulletin/pipeline/diag"
)

// Document is one language of one edition, or, when Combined, the
// original with its translation set after each article.
type Document struct {
	Edition  string // "2025-01"
	Lang     string // the language of the labels and of the PDF: "en"
	Combined bool   // each article carries its Translation
	// Languages are the languages of the text: [en], or [en az] for a
	// combined document.
	Languages []string
	Masthead  Masthead
	Articles  []Article
	// Assets are the pictures the articles show; shared by the documents
	// of an edition.
	Assets asset.Table
}

// Langs names the languages of a document as its file name and
// manifest.json do: en, az, or en-az for the combined one.
func (d *Document) Langs() string {
	if len(d.Languages) == 0 {
		return d.Lang
	}
	return strings.Join(d.Languages, "-")
}

// Masthead is what the front page prints above the contents, besides the
// labels of the document's language.
type Masthead struct {
	// Names is the organisation's name in each language the masthead
	// prints, in the order printed.
	Names []Field
	// Subtitle is in the document's language; empty when there is none.
	Subtitle Field
}

// Name returns the organisation's name in language l ("" when absent).
func (m Masthead) Name(l string) string {
	for _, t := range m.Names {
		if t.Lang == l {
			return t.S
		}
	}
	return ""
}

// Field is a text written outside the articles (edition.yaml or the
// layout), with where it was written.
type Field struct {
	Lang string
	S    string
	Pos  diag.Pos
}

// Article is one article, numbered by its place in the document.
type Article struct {
	Name     string // file name without .md, e.g. 01-energy-corridor
	Title    string
	TitlePos diag.Pos
	Blocks   []Block
	Pos      diag.Pos // the file
	Lang     string   // the language the text is written in
	// Fallback is set when the original stands in for a missing
	// translation (fallback: en); the contents say so.
	Fallback bool
	// Translation is the same article in the second language, set after
	// it in a combined edition; nil otherwise.
	Translation *Article
}

// Slug is how a link names an article: its file name without the leading
// number, so [see](#energy-corridor) points at 01-energy-corridor.md.
func Slug(name string) string {
	i := 0
	for i < len(name) && name[i] >= '0' && name[i] <= '9' {
		i++
	}
	if i > 0 && i < len(name) && name[i] == '-' {
		return name[i+1:]
	}
	return name
}

// Block is one of the block types below.
type Block interface {
	BlockPos() diag.Pos
}

// Heading is a subheading inside an article (## is Level 2).
type Heading struct {
	Level   int
	Inlines []Inline
	Pos     diag.Pos
}

// Paragraph is running text.
type Paragraph struct {
	Inlines []Inline
	Pos     diag.Pos
}

// List is a bullet (Ordered false) or numbered list.
type List struct {
	Ordered bool
	Start   int // first number of an ordered list
	Items   []ListItem
	Pos     diag.Pos
}

// ListItem is one item; it holds blocks because items may hold paragraphs
// and nested lists.
type ListItem struct {
	Blocks []Block
	Pos    diag.Pos
}

// Quote is a block quote.
type Quote struct {
	Blocks []Block
	Pos    diag.Pos
}

// Image is ![Alt](Src "Title"), a figure with Alt as its caption and
// Title as its alternative text, what a screen reader says in place of
// the picture (#13). The picture itself is in the document's Assets under
// Src.
type Image struct {
	Src   string
	Alt   string
	Title string
	Pos   diag.Pos
}

// Table is a GFM table; Rows[0] is the header row.
type Table struct {
	Rows [][][]Inline
	Pos  diag.Pos
}

// Footnote is a footnote definition ([^id]: text). Its blocks may be any
// blocks, references to other notes included; the typesetter sets them at
// the foot of the page of the first reference, continued on the next page
// when they do not fit.
type Footnote struct {
	ID     string
	Blocks []Block
	Pos    diag.Pos
}

// CodeBlock is an indented or fenced code block.
type CodeBlock struct {
	Lines []string
	Pos   diag.Pos
}

// Rule is a thematic break (---).
type Rule struct {
	Pos diag.Pos
}

// HTML is a raw HTML block.
type HTML struct {
	Pos diag.Pos
}

func (b *Heading) BlockPos() diag.Pos   { return b.Pos }
func (b *Paragraph) BlockPos() diag.Pos { return b.Pos }
func (b *List) BlockPos() diag.Pos      { return b.Pos }
func (b *Quote) BlockPos() diag.Pos     { return b.Pos }
func (b *Image) BlockPos() diag.Pos     { return b.Pos }
func (b *Table) BlockPos() diag.Pos     { return b.Pos }
func (b *Footnote) BlockPos() diag.Pos  { return b.Pos }
func (b *CodeBlock) BlockPos() diag.Pos { return b.Pos }
func (b *Rule) BlockPos() diag.Pos      { return b.Pos }
func (b *HTML) BlockPos() diag.Pos      { return b.Pos }

// Style is a set of inline styles.
type Style uint8

const (
	Bold Style = 1 << iota
	Italic
	Code
)

// InlineKind tells what an Inline is.
type InlineKind uint8

const (
	Text        InlineKind = iota // a run of text in one style
	LineBreak                     // a hard line break
	RawHTML                       // inline raw HTML (rejected by validate)
	FootnoteRef                   // [^id], defined in the article or not (validate reports that); Text is id
	InlineImage                   // an image inside a paragraph (rejected by validate)
)

// Inline is a run of text with one style. Link is the target URL (or
// "#slug") when the run is part of a link. Pos is where the run starts.
type Inline struct {
	Kind  InlineKind
	Text  string
	Style Style
	Link  string
	Pos   diag.Pos
}

// Walk calls fn for every block of bs and of the blocks inside them (list
// items, quotes, footnotes), in reading order.
func Walk(bs []Block, fn func(Block)) {
	for _, b := range bs {
		fn(b)
		switch b := b.(type) {
		case *List:
			for _, it := range b.Items {
				Walk(it.Blocks, fn)
			}
		case *Quote:
			Walk(b.Blocks, fn)
		case *Footnote:
			Walk(b.Blocks, fn)
		}
	}
}

package markdown

import (
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"bulletin/pipeline/diag"
)

// Limits on the shape of an article's Markdown. goldmark takes time that
// grows with the square of a paragraph's length for some inputs (a run of
// "[a", "_a " or quotes without partners: 20 KB in one paragraph takes half
// a second, 200 KB a minute or more) and with the square of the depth of
// lists and quotes opened on one line. Real articles stay far below these
// limits (the sample's longest paragraph has 800 characters); they bound
// the time a mistaken or hostile file can take.
const (
	// MaxDepth is how deep lists and block quotes may sit inside each
	// other. A printed list is unreadable beyond three or four levels;
	// twelve leaves room for quotes of lists of lists without ever
	// getting in the way of real text.
	MaxDepth = 12
	// MaxParagraph is the length in characters of one paragraph, heading
	// or list item's text: about 650 words, more than a printed page
	// without a break. The converter's worst case is then about 40 ms a
	// paragraph, a few seconds for an article at source.MaxArticleBytes.
	MaxParagraph = 4000
	// maxMarkers is how many list and quote markers may open one line
	// before the article is refused without parsing it at all: past that
	// even finding the blocks is slow. It is well above MaxDepth, so real
	// nesting is measured on the parsed blocks and named exactly.
	maxMarkers = 50
)

// blockOnly finds the blocks without reading any inline text, which takes
// time in proportion to the article's length once lines are bounded by
// maxMarkers. Its footnote parser matches md's, so that nesting through
// footnote definitions counts too, and it finds tables as md does, since a
// table's rows are one paragraph until they are recognised: a table of 500
// short rows must be measured cell by cell, not refused as a paragraph.
var blockOnly = parser.NewParser(
	parser.WithBlockParsers(append(parser.DefaultBlockParsers(),
		util.Prioritized(extension.NewFootnoteBlockParser(), 999))...),
	parser.WithParagraphTransformers(append(parser.DefaultParagraphTransformers(),
		util.Prioritized(extension.NewTableParagraphTransformer(), 200))...),
)

// limits reports what makes the article too costly to convert: a line that
// opens too many lists and quotes, nesting deeper than MaxDepth, and
// paragraphs longer than MaxParagraph. When it reports anything, the full
// parse must not run.
func (c *conv) limits() diag.List {
	var l diag.List
	for i, start := range c.lines {
		end := len(c.src)
		if i+1 < len(c.lines) {
			end = c.lines[i+1]
		}
		if n, off := markers(c.src[start:end]); n > maxMarkers {
			// One report is enough: it says why the article was not read.
			l.Add(c.pos(start+off), "lists and quotes nest %d deep here; the limit is %d", n, MaxDepth)
			return l
		}
	}
	root := blockOnly.Parse(text.NewReader(c.src))
	var visit func(n ast.Node, depth int)
	visit = func(n ast.Node, depth int) {
		for k := n.FirstChild(); k != nil; k = k.NextSibling() {
			d := depth
			if nests(k) {
				d++
			}
			if d > MaxDepth {
				l.Add(c.pos(k.Pos()), "lists and quotes nest %d deep here; the limit is %d", depth+deepest(k), MaxDepth)
				continue
			}
			what := ""
			switch k.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				what = "paragraph"
			case *ast.Heading:
				what = "heading"
			case *east.TableCell:
				// Each cell is parsed as text of its own, so the limit
				// holds per cell, whatever the number of rows.
				what = "table cell"
			}
			if what != "" {
				if n := c.chars(k); n > MaxParagraph {
					at := k.Pos()
					if what == "table cell" {
						at = k.Lines().At(0).Start // the cell's text, not the space before it
					}
					l.Add(c.pos(at), "%s is %d characters long; the limit is %d (%s)", what, n, MaxParagraph, limitHint(what))
				}
				continue
			}
			visit(k, d)
		}
	}
	visit(root, 0)
	return l
}

// limitHint says how to shorten a block that is too long.
func limitHint(what string) string {
	if what == "table cell" {
		return "move the long text out of the table"
	}
	return "a blank line starts a new paragraph"
}

// nests reports whether n adds a level of nesting.
func nests(n ast.Node) bool {
	switch n.(type) {
	case *ast.List, *ast.Blockquote, *east.Footnote:
		return true
	}
	return false
}

// deepest is the number of nesting levels in n and below, n included.
func deepest(n ast.Node) int {
	d := 0
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		d = max(d, deepest(k))
	}
	if nests(n) {
		d++
	}
	return d
}

// chars counts the characters of a leaf block's lines.
func (c *conv) chars(n ast.Node) int {
	total := 0
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		total += utf8.RuneCount(seg.Value(c.src))
	}
	return total
}

// markers counts the list and quote markers that open a line ("> - 1. x"
// has three) and returns the offset at which the one beyond MaxDepth
// starts. It is a cheap upper bound on what the line can open, computed
// before parsing.
func markers(line []byte) (n, off int) {
	i := 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		start := i
		switch {
		case i < len(line) && line[i] == '>':
			i++
		case i < len(line) && (line[i] == '-' || line[i] == '*' || line[i] == '+') && spaceAt(line, i+1):
			i++
		default:
			j := i
			for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j == i || j >= len(line) || (line[j] != '.' && line[j] != ')') || !spaceAt(line, j+1) {
				return n, off
			}
			i = j + 1
		}
		n++
		if n == MaxDepth+1 {
			off = start
		}
	}
}

// spaceAt reports whether line has a blank or its end at i, as a list
// marker needs after it.
func spaceAt(line []byte, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r'
}

package markdown

import (
	"fmt"
	"strings"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
)

// dump prints an article as one line per block and per inline run, indented
// by nesting, with line:col positions, so golden files read like an outline.
func dump(a doc.Article) string {
	var b strings.Builder
	fmt.Fprintf(&b, "article %s %q title@%s\n", a.Name, a.Title, lc(a.TitlePos))
	dumpBlocks(&b, a.Blocks, 1)
	return b.String()
}

func lc(p diag.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func dumpBlocks(b *strings.Builder, bs []doc.Block, depth int) {
	ind := strings.Repeat("  ", depth)
	for _, bl := range bs {
		fmt.Fprintf(b, "%s%s ", ind, lc(bl.BlockPos()))
		switch bl := bl.(type) {
		case *doc.Paragraph:
			b.WriteString("paragraph\n")
			dumpInlines(b, bl.Inlines, depth+1)
		case *doc.Heading:
			fmt.Fprintf(b, "heading %d\n", bl.Level)
			dumpInlines(b, bl.Inlines, depth+1)
		case *doc.List:
			if bl.Ordered {
				fmt.Fprintf(b, "list ordered start=%d\n", bl.Start)
			} else {
				b.WriteString("list bullet\n")
			}
			for _, it := range bl.Items {
				fmt.Fprintf(b, "%s  %s item\n", ind, lc(it.Pos))
				dumpBlocks(b, it.Blocks, depth+2)
			}
		case *doc.Quote:
			b.WriteString("quote\n")
			dumpBlocks(b, bl.Blocks, depth+1)
		case *doc.Image:
			fmt.Fprintf(b, "image src=%q alt=%q", bl.Src, bl.Alt)
			if bl.Title != "" {
				fmt.Fprintf(b, " title=%q", bl.Title)
			}
			b.WriteString("\n")
		case *doc.Table:
			b.WriteString("table\n")
			for i, row := range bl.Rows {
				for j, cell := range row {
					fmt.Fprintf(b, "%s  cell %d,%d\n", ind, i, j)
					dumpInlines(b, cell, depth+2)
				}
			}
		case *doc.Footnote:
			fmt.Fprintf(b, "footnote %q\n", bl.ID)
			dumpBlocks(b, bl.Blocks, depth+1)
		case *doc.CodeBlock:
			fmt.Fprintf(b, "code %q\n", bl.Lines)
		case *doc.Rule:
			b.WriteString("rule\n")
		case *doc.HTML:
			b.WriteString("html\n")
		default:
			fmt.Fprintf(b, "unknown %T\n", bl)
		}
	}
}

var kinds = [...]string{doc.Text: "text", doc.LineBreak: "break", doc.RawHTML: "rawhtml", doc.FootnoteRef: "noteref", doc.InlineImage: "image"}

func dumpInlines(b *strings.Builder, in []doc.Inline, depth int) {
	for _, r := range in {
		fmt.Fprintf(b, "%s%s %s", strings.Repeat("  ", depth), lc(r.Pos), kinds[r.Kind])
		for _, s := range []struct {
			bit  doc.Style
			name string
		}{{doc.Bold, "bold"}, {doc.Italic, "italic"}, {doc.Code, "code"}} {
			if r.Style&s.bit != 0 {
				b.WriteString(" " + s.name)
			}
		}
		if r.Link != "" {
			fmt.Fprintf(b, " link=%q", r.Link)
		}
		if r.Kind != doc.LineBreak {
			fmt.Fprintf(b, " %q", r.Text)
		}
		b.WriteByte('\n')
	}
}

package markdown

import (
	"fmt"
	"strings"
	"testing"

	"bulletin/pipeline/source"
)

func TestLimits(t *testing.T) {
	rep := strings.Repeat
	// staircase nests n lists by indentation, one level per line.
	staircase := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(rep("  ", i) + "- level\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, body string
		want       string // "" when the article converts
	}{
		{"twelve quotes", rep("> ", 12) + "deep\n", ""},
		{"thirteen quotes", "Text.\n\n" + rep("> ", 13) + "too deep\n",
			"in/01-a.md:7:25: lists and quotes nest 13 deep here; the limit is 12"},
		{"twelve lists by indentation", staircase(12), ""},
		{"200 lists by indentation", staircase(200),
			"in/01-a.md:17:25: lists and quotes nest 200 deep here; the limit is 12"},
		{"lists in quotes", rep("> - ", 6) + "ok\n\n" + rep("- > ", 7) + "not ok\n",
			"in/01-a.md:7:25: lists and quotes nest 14 deep here; the limit is 12"},
		{"each deep block once", rep(">", 20) + " a\n\n" + rep("-  ", 30) + "b\n",
			"in/01-a.md:5:13: lists and quotes nest 20 deep here; the limit is 12\n" +
				"in/01-a.md:7:37: lists and quotes nest 30 deep here; the limit is 12"},
		// Past maxMarkers on one line the article is not parsed at all.
		{"a line of 5000 quote markers", "Fine.\n\n" + rep(">", 5000) + " x\n" + rep("> ", 60) + "\n",
			"in/01-a.md:7:13: lists and quotes nest 5000 deep here; the limit is 12"},
		{"a line of ordered markers", rep("1. ", 51) + "x\n",
			"in/01-a.md:5:37: lists and quotes nest 51 deep here; the limit is 12"},
		{"paragraph at the limit", rep("abcd ", MaxParagraph/5), ""},
		{"paragraph over the limit", "## Short\n\n" + rep("Gəncə ", MaxParagraph/6) + "and more\n",
			"in/01-a.md:7:1: paragraph is 4004 characters long; the limit is 4000 (a blank line starts a new paragraph)"},
		{"list item over the limit", "- short\n- " + rep("word ", 900) + "\n",
			"in/01-a.md:6:3: paragraph is 4499 characters long; the limit is 4000 (a blank line starts a new paragraph)"},
		{"heading over the limit", "## " + rep("x", 4001) + "\n",
			"in/01-a.md:5:1: heading is 4001 characters long; the limit is 4000 (a blank line starts a new paragraph)"},
		// A table is measured cell by cell: its rows are one paragraph
		// only until the table is recognised.
		{"table of 500 rows", "| port | tonnes |\n|---|---|\n" + rep("| Alat | 1200 |\n", 500), ""},
		{"table of 60 columns", rep("| c ", 60) + "|\n" + rep("|---", 60) + "|\n" + rep("| x ", 60) + "|\n", ""},
		{"table cell over the limit", "Before.\n\n| a | b |\n|---|---|\n| x | " + rep("y", 4001) + " |\n",
			"in/01-a.md:9:7: table cell is 4001 characters long; the limit is 4000 (move the long text out of the table)"},
		// A thematic break made of markers is neither a list nor deep.
		{"rule of dashes", rep("- ", 40) + "\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Article(source.Article{Path: "in/01-a.md", Name: "01-a", Body: []byte(tc.body), BodyLine: 5})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// BenchmarkWorstCase converts the worst input found for goldmark (quotes
// without partners: "a ' "a ' ...), filling an article at its size limit in
// paragraphs at the limit: seconds, not the hour the same bytes take as one
// paragraph. Speed is measured here, never by a timed test.
func BenchmarkWorstCase(b *testing.B) {
	for _, unit := range []string{"\"a '", rep(">", 49) + " x\n"} {
		para := strings.Repeat(unit, MaxParagraph/len([]rune(unit)))
		body := []byte(strings.Repeat(para+"\n\n", source.MaxArticleBytes/(len(para)+2)))
		b.Run(fmt.Sprintf("%.4s", unit), func(b *testing.B) {
			for b.Loop() {
				Article(source.Article{Path: "in/01-a.md", Body: body, BodyLine: 1})
			}
		})
	}
}

func rep(s string, n int) string { return strings.Repeat(s, n) }

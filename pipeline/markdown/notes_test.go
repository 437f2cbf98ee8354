package markdown

import (
	"strings"
	"testing"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/source"
)

// TestFootnoteReferences checks that every footnote reference a writer
// types reaches the model as a reference, defined or not, so that none is
// printed as "[^id]" or lost, and that the places a note cannot be set
// are refused with their position.
func TestFootnoteReferences(t *testing.T) {
	for _, tc := range []struct {
		name, title, body string
		want              string // the dump's lines that hold a reference, then the errors
	}{{
		name: "undefined reference",
		body: "Oil prices fell[^nowhere] again.\n",
		want: `1:16 noteref "nowhere"`,
	}, {
		name: "defined and undefined side by side",
		body: "Gas[^g] and grain[^x].\n\n[^g]: A note.\n",
		want: `1:4 noteref "g"|1:18 noteref "x"`,
	}, {
		name: "an escape earlier in the line",
		body: "Prices \\* rose [^later].\n",
		want: `1:16 noteref "later"`,
	}, {
		name: "escaped or in code stays text",
		body: "Write \\[^x] or `[^y]` to show the syntax.\n",
		want: `1:1 text "Write [^x] or "|1:17 text code "[^y]"`,
	}, {
		name: "reference inside a note",
		body: "Text[^a].\n\n[^a]: See also[^b].\n[^b]: Second.\n",
		want: `1:5 noteref "a"|3:15 noteref "b"`,
	}, {
		name: "reference in a table cell and a heading",
		body: "## Ports[^p]\n\n| port | tonnes[^p] |\n|---|---|\n| Alat[^q] | 5 |\n\n[^p]: Note.\n",
		want: `1:9 noteref "p"|3:16 noteref "p"|5:7 noteref "q"`,
	}, {
		name: "reference in a caption is refused",
		body: "![A map[^m]](images/m.png)\n\n[^m]: Drawn by us.\n",
		want: `err in/01-a.md:1:8: footnote [^m] is referred to from a picture's caption; refer to it from the text instead`,
	}, {
		name:  "reference in the title is refused",
		title: "Ports and rails[^t]",
		body:  "Body[^t].\n\n[^t]: Note.\n",
		want:  `1:5 noteref "t"|err in/01-a.md:2:23: footnote [^t] is referred to from the title; refer to it from the text instead`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Article(source.Article{Path: "in/01-a.md", Name: "01-a", Title: tc.title,
				TitlePos: diag.Pos{File: "in/01-a.md", Line: 2, Col: 8}, Body: []byte(tc.body), BodyLine: 1})
			var got []string
			for _, ln := range strings.Split(dump(a), "\n") {
				if strings.Contains(ln, "noteref") || strings.Contains(ln, "[^") {
					got = append(got, strings.TrimSpace(ln))
				}
			}
			if err != nil {
				for _, e := range strings.Split(err.Error(), "\n") {
					got = append(got, "err "+e)
				}
			}
			if g := strings.Join(got, "|"); g != tc.want {
				t.Errorf("got  %s\nwant %s", g, tc.want)
			}
		})
	}
}

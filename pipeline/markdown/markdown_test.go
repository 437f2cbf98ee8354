package markdown

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/source"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// article builds a source.Article from a file with "---" front matter. It
// only knows "title:", which is all the golden inputs use; the real parsing
// belongs to package source.
func article(t *testing.T, path string) source.Article {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := source.Article{Path: path, Name: strings.TrimSuffix(filepath.Base(path), ".md"), Body: b, BodyLine: 1}
	if rest, ok := bytes.CutPrefix(b, []byte("---\n")); ok {
		fm, body, ok := bytes.Cut(rest, []byte("\n---\n"))
		if !ok {
			t.Fatalf("%s: front matter not closed", path)
		}
		for i, line := range strings.Split(string(fm), "\n") {
			if v, ok := strings.CutPrefix(line, "title: "); ok {
				a.Title, a.TitlePos = strings.Trim(v, `"`), diag.Pos{File: path, Line: i + 2, Col: len("title: ") + 1}
			}
		}
		a.Body, a.BodyLine = body, bytes.Count(b[:len(b)-len(body)], []byte("\n"))+1
	}
	return a
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no testdata/*.md")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			a, err := Article(article(t, f))
			if err != nil {
				t.Fatal(err)
			}
			got := dump(a)
			golden := strings.TrimSuffix(f, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (run go test -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

func TestArticle(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		bodyLine   int
		want       string // dump of the blocks
	}{{
		name:     "positions count runes and start at BodyLine",
		body:     "Şuşa, Gəncə **Ağdam**\nXankəndi *İlham*\n",
		bodyLine: 7,
		want: `
  7:1 paragraph
    7:1 text "Şuşa, Gəncə "
    7:15 text bold "Ağdam"
    7:22 text " "
    8:1 text "Xankəndi "
    8:11 text italic "İlham"`,
	}, {
		name:     "zero BodyLine means the body starts the file",
		body:     "Gəncə",
		bodyLine: 0,
		want: `
  1:1 paragraph
    1:1 text "Gəncə"`,
	}, {
		name: "styles nest",
		body: "***bold italic*** and **bold with [link](http://x) inside**",
		want: `
  1:1 paragraph
    1:4 text bold italic "bold italic"
    1:18 text " and "
    1:25 text bold "bold with "
    1:36 text bold link="http://x" "link"
    1:51 text bold " inside"`,
	}, {
		name: "code inside emphasis and link",
		body: "*see `ls` in [the **guide**](/g)*",
		want: `
  1:1 paragraph
    1:2 text italic "see "
    1:7 text italic code "ls"
    1:10 text italic " in "
    1:15 text italic link="/g" "the "
    1:21 text bold italic link="/g" "guide"`,
	}, {
		name: "typographer gives Unicode",
		body: `"Şuşa" and 'Ağdam' -- it's 2--3 --- wait...`,
		want: `
  1:1 paragraph
    1:1 text "“Şuşa” and ‘Ağdam’ –"
    1:22 text " it’s 2–"
    1:31 text "3 —"
    1:36 text " wait…"`,
	}, {
		name: "escapes and entities give literal characters",
		body: `\*x\* &amp; &lt;b&gt; &#601; \&amp;`,
		want: `
  1:1 paragraph
    1:1 text "*x* & <b> ə &amp;"`,
	}, {
		name: "soft and hard breaks",
		body: "one\ntwo  \nthree\\\nfour",
		want: `
  1:1 paragraph
    1:1 text "one "
    2:1 text "two"
    2:4 break
    3:1 text "three"
    3:6 break
    4:1 text "four"`,
	}, {
		// The entity is shorter as text than in the source, so the column
		// is only approximate here (see add).
		name: "paragraph is trimmed",
		body: "&#32; Gəncə &#32;",
		want: `
  1:1 paragraph
    1:3 text "Gəncə"`,
	}, {
		name: "headings keep their level",
		body: "# One\n\nTwo\n---\n\n#### Four ####\n",
		want: `
  1:1 heading 1
    1:3 text "One"
  3:1 heading 2
    3:1 text "Two"
  6:1 heading 4
    6:6 text "Four"`,
	}, {
		name: "tight and loose lists hold paragraphs",
		body: "3. a\n4. b\n\n- c\n\n  d\n- > e\n",
		want: `
  1:1 list ordered start=3
    1:1 item
      1:4 paragraph
        1:4 text "a"
    2:1 item
      2:4 paragraph
        2:4 text "b"
  4:1 list bullet
    4:1 item
      4:3 paragraph
        4:3 text "c"
      6:3 paragraph
        6:3 text "d"
    7:1 item
      7:3 quote
        7:5 paragraph
          7:5 text "e"`,
	}, {
		name: "image alone is a block, inside text an inline",
		body: "![Ağdam *map*](a.png)\n\nSee ![b](b.png) and [![c](c.png)](http://c)",
		want: `
  1:1 image src="a.png" alt="Ağdam map"
  3:1 paragraph
    3:1 text "See "
    3:5 image "b.png"
    3:16 text " and "
    3:22 image link="http://c" "c.png"`,
	}, {
		name: "tables, rules, raw HTML and code are kept with positions",
		body: "| a |\n|---|\n| ə |\n\n***\n\n<div>\n</div>\n\n    code\n\n~~~\nfence\n~~~\n",
		want: `
  1:1 table
    cell 0,0
      1:3 text "a"
    cell 1,0
      3:3 text "ə"
  5:1 rule
  7:1 html
  10:5 code ["code"]
  12:1 code ["fence"]`,
	}, {
		name: "footnotes, referenced or not, stay where written",
		body: "Ağdam[^a] <b>x</b>\n\n[^a]: Note.\n\n[^b]: Unused.\n\nAfter.",
		want: `
  1:1 paragraph
    1:1 text "Ağdam"
    1:6 noteref "a"
    1:10 text " "
    1:11 rawhtml "<b>"
    1:14 text "x"
    1:15 rawhtml "</b>"
  3:1 footnote "a"
    3:7 paragraph
      3:7 text "Note."
  5:1 footnote "b"
    5:7 paragraph
      5:7 text "Unused."
  7:1 paragraph
    7:1 text "After."`,
	}, {
		name: "autolinks and references",
		body: "<https://a.az> <me@a.az> [x][r]\n\n[r]: /ref\n",
		want: `
  1:1 paragraph
    1:2 text link="https://a.az" "https://a.az"
    1:15 text " "
    1:17 text link="mailto:me@a.az" "me@a.az"
    1:25 text " "
    1:27 text link="/ref" "x"`,
	}, {
		name: "empty body",
		body: "",
		want: "",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Article(source.Article{Path: "a.md", Name: "a", Body: []byte(tc.body), BodyLine: tc.bodyLine})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			dumpBlocks(&b, a.Blocks, 1)
			if got, want := strings.TrimSuffix(b.String(), "\n"), strings.TrimPrefix(tc.want, "\n"); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestArticleFields(t *testing.T) {
	tp := diag.Pos{File: "in/01-road.md", Line: 2, Col: 8}
	a, err := Article(source.Article{Path: "in/01-road.md", Name: "01-road", Lang: "az", Title: "Yol", TitlePos: tp, Body: []byte("Mətn\n"), BodyLine: 4})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "01-road" || a.Title != "Yol" || a.TitlePos != tp || a.Pos != (diag.Pos{File: "in/01-road.md"}) {
		t.Errorf("got %+v", a)
	}
	if p := a.Blocks[0].BlockPos(); p != (diag.Pos{File: "in/01-road.md", Line: 4, Col: 1}) {
		t.Errorf("block at %v", p)
	}
}

func FuzzArticle(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, name := range files {
		b, _ := os.ReadFile(name)
		f.Add(b, 4)
	}
	f.Add([]byte("![^x]\n[^x]:\n> - `a\n> b`"), 1)
	// Around the limits: nesting by markers and by indentation, a long
	// paragraph.
	f.Add([]byte(strings.Repeat("> - ", 13)+"x\n"+strings.Repeat(">", 60)+"\n"), 3)
	f.Add([]byte("- a\n  - b\n    - c\n      1. d\n         > e\nlazy\n"), 5)
	f.Add([]byte(strings.Repeat("[a \"b' ", 600)), 2)
	f.Fuzz(func(t *testing.T, body []byte, bodyLine int) {
		bodyLine = 1 + max(bodyLine, -bodyLine)%1000 // only positive lines are meaningful
		a, err := Article(source.Article{Path: "f.md", Body: body, BodyLine: bodyLine})
		lines := bytes.Split(body, []byte("\n"))
		check := func(what string, p diag.Pos) {
			i := p.Line - bodyLine
			if p.File != "f.md" || i < 0 || i >= len(lines) || p.Col < 1 || p.Col > utf8.RuneCount(lines[i])+1 {
				t.Fatalf("%s at %s outside the body (BodyLine %d, %d lines)", what, p, bodyLine, len(lines))
			}
		}
		// The only errors are the limits, each pointing into the body.
		if err != nil {
			l, ok := err.(diag.List)
			if !ok {
				t.Fatalf("error %T is not a diag.List: %v", err, err)
			}
			for _, d := range l {
				if !strings.Contains(d.Msg, "; the limit is ") {
					t.Fatalf("unexpected error %v", d)
				}
				check("limit", d.Pos)
			}
			return
		}
		walk(a.Blocks, func(b doc.Block) { check("block", b.BlockPos()) }, func(in doc.Inline) { check("inline "+in.Text, in.Pos) })
	})
}

// walk calls fb for every block and fi for every inline, nested ones too.
func walk(bs []doc.Block, fb func(doc.Block), fi func(doc.Inline)) {
	inl := func(in []doc.Inline) {
		for _, r := range in {
			fi(r)
		}
	}
	for _, b := range bs {
		fb(b)
		switch b := b.(type) {
		case *doc.Paragraph:
			inl(b.Inlines)
		case *doc.Heading:
			inl(b.Inlines)
		case *doc.List:
			for _, it := range b.Items {
				fb(&doc.Rule{Pos: it.Pos}) // check the item's own position too
				walk(it.Blocks, fb, fi)
			}
		case *doc.Quote:
			walk(b.Blocks, fb, fi)
		case *doc.Footnote:
			walk(b.Blocks, fb, fi)
		case *doc.Table:
			for _, row := range b.Rows {
				for _, cell := range row {
					inl(cell)
				}
			}
		}
	}
}

// TestConcurrent backs the claim that the shared parser may be used from
// several goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, f := range files {
		a := article(t, f)
		for range 4 {
			t.Run(filepath.Base(f), func(t *testing.T) {
				t.Parallel()
				if _, err := Article(a); err != nil {
					t.Error(err)
				}
			})
		}
	}
}

func TestTitleTypography(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Azerbaijan's Offer -- Gas and Power", "Azerbaijan’s Offer – Gas and Power"},
		{`"Rebuilding" Şuşa`, "“Rebuilding” Şuşa"},
		{"# Not a heading", "# Not a heading"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Title(tt.in); got != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

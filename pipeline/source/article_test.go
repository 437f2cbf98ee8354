package source_test

import (
	"fmt"
	"strings"
	"testing"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/source"
)

func TestParseArticle(t *testing.T) {
	const p = "input/2025-01/01-runway-lights.az.md"
	for _, tc := range []struct {
		name, src           string
		title, author, summ string
		titlePos            diag.Pos
		body                string
		bodyLine            int
	}{
		{
			name: "all keys",
			src: "---\ntitle: Uçuş zolağının işıqları\nauthor: Leyla Məmmədova\nsummary: >\n  New lamps along\n  the runway.\n---\n" +
				"# Lamps\n\nThe old bulbs are gone.\n",
			title: "Uçuş zolağının işıqları", author: "Leyla Məmmədova", summ: "New lamps along the runway.",
			titlePos: diag.Pos{File: p, Line: 2, Col: 8},
			body:     "# Lamps\n\nThe old bulbs are gone.\n", bodyLine: 8,
		},
		// Decomposed letters (S + U+0327, e + U+0301 ...) are composed (NFC).
		{
			name:  "decomposed letters",
			src:   "---\ntitle: \"S\u0327\u0259ki\"\n---\nGe\u0301nce\u0308 and G\u0259nc\u0259.\n",
			title: "Şəki", titlePos: diag.Pos{File: p, Line: 2, Col: 8},
			body: "Géncë and Gəncə.\n", bodyLine: 4,
		},
		{
			name:  "BOM and CRLF",
			src:   "\uFEFF---\r\n# a comment\r\ntitle: 'Ice drill'\r\n---\r\nLine one.\r\nLine two.\r\n",
			title: "Ice drill", titlePos: diag.Pos{File: p, Line: 3, Col: 8},
			body: "Line one.\nLine two.\n", bodyLine: 5,
		},
		{
			name:  "fences with trailing blanks, no final newline",
			src:   "--- \ntitle: Short\n---\t",
			title: "Short", titlePos: diag.Pos{File: p, Line: 2, Col: 8},
			body: "", bodyLine: 4,
		},
		{
			name:  "empty author left from a template",
			src:   "---\ntitle: Gate B\nauthor:\nsummary: \"\"\n---\ntext\n",
			title: "Gate B", titlePos: diag.Pos{File: p, Line: 2, Col: 8},
			body: "text\n", bodyLine: 6,
		},
		{
			name:  "a thematic break in the body is not a fence",
			src:   "---\ntitle: Two parts\n---\none\n---\ntwo\n",
			title: "Two parts", titlePos: diag.Pos{File: p, Line: 2, Col: 8},
			body: "one\n---\ntwo\n", bodyLine: 4,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := source.ParseArticle(p, []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if a.Path != p || a.Name != "01-runway-lights" || a.Lang != "az" {
				t.Errorf("path %q name %q lang %q", a.Path, a.Name, a.Lang)
			}
			if a.Title != tc.title || a.Author != tc.author || a.Summary != tc.summ || a.TitlePos != tc.titlePos {
				t.Errorf("front matter %q %q %q at %v", a.Title, a.Author, a.Summary, a.TitlePos)
			}
			if string(a.Body) != tc.body || a.BodyLine != tc.bodyLine {
				t.Errorf("body %q at line %d; want %q at line %d", a.Body, a.BodyLine, tc.body, tc.bodyLine)
			}
		})
	}
}

func TestArticleNames(t *testing.T) {
	for _, tc := range []struct{ path, name, lang string }{
		{"in/01-cargo.md", "01-cargo", ""},
		{"in/01-cargo.az.md", "01-cargo", "az"},
		{"in/01-cargo.en.md", "01-cargo", "en"},
		{"in/01-cargo.AZ.md", "01-cargo.AZ", ""},   // not lowercase
		{"in/01-cargo.aze.md", "01-cargo.aze", ""}, // not two letters
		{"in/v1.2.md", "v1.2", ""},
		{"in/.az.md", ".az", ""}, // no name before the code
	} {
		a, _ := source.ParseArticle(tc.path, []byte("---\ntitle: x\n---\n"))
		if a.Name != tc.name || a.Lang != tc.lang {
			t.Errorf("%s: name %q lang %q; want %q %q", tc.path, a.Name, a.Lang, tc.name, tc.lang)
		}
	}
}

func TestParseArticleErrors(t *testing.T) {
	const p = "input/2025-01/02-deicing.md"
	for _, tc := range []struct{ name, src, want string }{
		{"empty file", "", p + `:1:1: missing front matter: the file must start with a "---" line`},
		{"no front matter", "# De-icing\n", p + `:1:1: missing front matter: the file must start with a "---" line`},
		{"blank line first", "\n---\ntitle: x\n---\n", p + `:1:1: missing front matter: the file must start with a "---" line`},
		{"unclosed", "---\ntitle: De-icing\n\nBody text.\n",
			p + `:1:1: front matter is not closed: no "---" line after this one`},
		{"empty front matter", "---\n---\nbody\n", p + ":1:1: front matter has no title"},
		{"no title", "---\nauthor: Rauf\n---\n", p + ":1:1: front matter has no title"},
		{"empty title", "---\ntitle:\n---\n", p + ":2:7: title must be non-empty text"},
		{"blank title", "---\ntitle: '   '\n---\n", p + ":2:8: title must be non-empty text"},
		{"title list", "---\ntitle: [a, b]\n---\n", p + ":2:8: title must be non-empty text"},
		{"author list", "---\ntitle: x\nauthor: [Rauf, Aysel]\n---\n", p + ":3:9: author must be text"},
		{"summary map", "---\ntitle: x\nsummary: {a: b}\n---\n", p + ":3:10: summary must be text"},
		{"unknown key close", "---\ntitle: x\nsummery: Short.\n---\n",
			p + `:3:1: unknown key "summery" (did you mean "summary"?)`},
		{"unknown key case", "---\nTitle: x\n---\n",
			p + `:2:1: unknown key "Title" (did you mean "title"?)`},
		{"unknown key far", "---\ntitle: x\ndate: 2025-01-04\n---\n", p + `:3:1: unknown key "date"`},
		{"duplicate key", "---\ntitle: x\ntitle: y\n---\n", p + `:3:1: duplicate key "title" (first at line 2)`},
		{"not a map", "---\n- title: x\n---\n", p + `:2:1: front matter must be a map of keys, like "title: ..."`},
		{"unclosed quote", "---\ntitle: x\nauthor: \"Rauf\n---\n", p + `:3:9: the quote " that starts here is never closed`},
		{"unclosed single quote after a closed one", "---\ntitle: 'Şəki''s ''silk'''\nauthor: 'Rauf\n---\n",
			p + ":3:9: the quote ' that starts here is never closed"},
		{"unclosed quote after an apostrophe in plain text", "---\ntitle: Baku's port # it's\nsummary: [\"a\", \"b]\n---\n",
			p + `:3:16: the quote " that starts here is never closed`},
		{"syntax error first line", "---\ntitle: a: b\n---\n", p + ":2:1: mapping values are not allowed in this context"},
		{"tab", "---\ntitle:\n\tx\n---\n", p + ":3:1: tab in indentation; indent YAML with spaces"},
		{"unquoted star", "---\ntitle: *Frost* warning\n---\n",
			p + `:2:1: did not find expected alphabetic or numeric character; text that starts with "*" or "&" must be in quotes`},
		{"invalid UTF-8 in body", "---\ntitle: x\n---\nŞəhər \xff\n",
			p + ":4:7: invalid UTF-8 (byte 0xFF); save the file as UTF-8"},
		{"invalid UTF-8 after BOM", "\uFEFF\xc3(", p + ":1:1: invalid UTF-8 (byte 0xC3); save the file as UTF-8\n" +
			p + ":1:1: missing front matter: the file must start with a \"---\" line"},
		// The file's other problems are found too (#11 class 8).
		{"every bad character and the rest", "---\ntitle: Gate\x1b 4\nautor: x\n---\ncaf\xe9 \x00 and \xe9\n",
			p + ":2:12: control character U+001B is not allowed\n" +
				p + ":3:1: unknown key \"autor\" (did you mean \"author\"?)\n" +
				p + ":5:4: invalid UTF-8 (byte 0xE9); save the file as UTF-8\n" +
				p + ":5:6: control character U+0000 is not allowed\n" +
				p + ":5:12: invalid UTF-8 (byte 0xE9); save the file as UTF-8"},
		// Columns count letters as composed, as an editor shows them.
		{"a bad character after decomposed letters", "---\ntitle: x\n---\nS\u0327\u0259ki S\u0327\x1b\n",
			p + ":4:7: control character U+001B is not allowed"},
		{"a binary file", "---\n" + strings.Repeat("\x00\xff", 40), func() string {
			var b strings.Builder
			for i := range 5 {
				fmt.Fprintf(&b, "%s:2:%d: control character U+0000 is not allowed\n", p, 2*i+1)
				fmt.Fprintf(&b, "%s:2:%d: invalid UTF-8 (byte 0xFF); save the file as UTF-8\n", p, 2*i+2)
			}
			return b.String() + p + ":2:11: more than 10 characters that are not allowed; is this a text file saved as UTF-8?"
		}()},
		{"UTF-16", "\xff\xfe-\x00", p + ":1:1: the file is UTF-16; save it as UTF-8"},
		{"UTF-16 big-endian", "\xfe\xff\x00-", p + ":1:1: the file is UTF-16; save it as UTF-8"},
		{"title at the limit", "---\ntitle: " + strings.Repeat("ə", 300) + "\n---\n", ""},
		{"title too long", "---\ntitle: " + strings.Repeat("ə", 301) + "\n---\n",
			p + ":2:8: title is 301 characters long; the limit is 300"},
		{"NUL", "---\ntitle: x\n---\nab\x00\n", p + ":4:3: control character U+0000 is not allowed"},
		{"bell after Azerbaijani", "---\ntitle: x\n---\nçəkic \a\n", p + ":4:7: control character U+0007 is not allowed"},
		{"DEL", "---\ntitle: x\x7f\n---\n", p + ":2:9: control character U+007F is not allowed"},
		{"lone CR", "---\r\ntitle: x\r---\r\n",
			p + ":2:9: carriage return U+000D without a line feed; use LF or CRLF line ends"},
		{"paragraph separator", "---\ntitle: x\n---\nend\u2029",
			p + ":4:4: U+2029 is not allowed; use a plain line break"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := source.ParseArticle(p, []byte(tc.src))
			if got := errText(err); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

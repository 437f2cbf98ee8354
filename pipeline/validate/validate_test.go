package validate

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/markdown"
	"bulletin/pipeline/source"
)

const file = "in/01-road.md"

func at(line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }

func text(s string, line, col int) doc.Inline {
	return doc.Inline{Text: s, Pos: at(line, col)}
}

func para(in ...doc.Inline) *doc.Paragraph { return &doc.Paragraph{Inlines: in, Pos: in[0].Pos} }

// noEmoji stands in for the fonts: everything but the emoji block and the
// private use area.
func noEmoji(r rune) bool { return !(r >= 0x1F300 && r <= 0x1FAFF) && !(r >= 0xE000 && r <= 0xF8FF) }

func TestDocument(t *testing.T) {
	for _, tc := range []struct {
		name   string
		title  string
		blocks []doc.Block
		want   []string
	}{{
		name:   "fine",
		title:  "Gəncə–Şuşa",
		blocks: []doc.Block{&doc.Heading{Level: 2, Inlines: []doc.Inline{text("İlham", 4, 4)}, Pos: at(4, 1)}, para(text("Xankəndi\u00a0və Ağdam", 6, 1))},
	}, {
		name:  "no title",
		title: " ",
		want:  []string{"in/01-road.md:2:8: article has no title"},
	}, {
		name:  "heading levels",
		title: "T",
		blocks: []doc.Block{
			&doc.Heading{Level: 1, Pos: at(4, 1)},
			&doc.Heading{Level: 3, Pos: at(6, 1)},
			&doc.Heading{Level: 4, Pos: at(8, 1)},
		},
		want: []string{
			"in/01-road.md:4:1: use ## for subheadings; the article title comes from the front matter",
			"in/01-road.md:8:1: headings deeper than ### are not supported",
		},
	}, {
		name:  "unsupported blocks, nested ones too",
		title: "T",
		blocks: []doc.Block{
			&doc.Rule{Pos: at(20, 1)},
			&doc.Image{Src: "a.png", Alt: "A road", Title: "A road between hills", Pos: at(4, 1)},
			&doc.Table{Pos: at(6, 1)},
			&doc.Footnote{ID: "n", Pos: at(8, 1)},
			&doc.CodeBlock{Pos: at(10, 5)},
			&doc.HTML{Pos: at(12, 1)},
			&doc.Quote{Pos: at(14, 1), Blocks: []doc.Block{
				&doc.List{Pos: at(14, 3), Items: []doc.ListItem{{Pos: at(14, 3), Blocks: []doc.Block{&doc.Image{Src: "b.png", Title: "A bridge", Pos: at(14, 5)}}}}},
			}},
		},
		// Rules, tables, footnotes and code blocks are printed; a
		// footnote nobody refers to is still a mistake.
		want: []string{
			"in/01-road.md:8:1: footnote [^n] is never referred to",
			"in/01-road.md:12:1: raw HTML is not allowed; write Markdown instead",
		},
	}, {
		name:  "unsupported inlines",
		title: "T",
		blocks: []doc.Block{para(
			text("Şuşa ", 4, 1),
			doc.Inline{Kind: doc.RawHTML, Text: "<b>", Pos: at(4, 6)},
			doc.Inline{Kind: doc.FootnoteRef, Text: "n", Pos: at(4, 9)},
			doc.Inline{Kind: doc.InlineImage, Text: "😀.png", Pos: at(4, 13)},
			doc.Inline{Kind: doc.LineBreak, Pos: at(4, 30)},
		)},
		want: []string{
			"in/01-road.md:4:6: raw HTML is not allowed; write Markdown instead",
			"in/01-road.md:4:9: footnote [^n] has no definition in this article",
			"in/01-road.md:4:13: an image must stand in a paragraph of its own; its text becomes the caption",
		},
	}, {
		name:  "missing characters at their column",
		title: "Yol 😀",
		blocks: []doc.Block{
			para(text("Gəncə 🚌 and \ue000", 4, 3), text("Ağdam🚆", 5, 1)),
			&doc.Table{Pos: at(7, 1), Rows: [][][]doc.Inline{{{text("🚲", 7, 3)}}}},
		},
		want: []string{
			"in/01-road.md:2:12: character U+1F600 '😀' is not in the fonts",
			"in/01-road.md:4:9: character U+1F68C '🚌' is not in the fonts",
			"in/01-road.md:4:15: character U+E000 '\\ue000' is not in the fonts",
			"in/01-road.md:5:6: character U+1F686 '🚆' is not in the fonts",
			"in/01-road.md:7:3: character U+1F6B2 '🚲' is not in the fonts",
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			d := &doc.Document{Edition: "2025-01", Lang: "en", Articles: []doc.Article{{
				Name: "01-road", Title: tc.title, TitlePos: at(2, 8), Blocks: tc.blocks, Pos: diag.Pos{File: file},
			}}}
			check(t, Document(d, noEmoji), tc.want)
		})
	}
}

func check(t *testing.T, err error, want []string) {
	t.Helper()
	var got []string
	if err != nil {
		var l diag.List
		if !errors.As(err, &l) {
			t.Fatalf("error %T is not a diag.List: %v", err, err)
		}
		got = strings.Split(err.Error(), "\n")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDocumentFiles checks several articles at once, one without a title
// key at all, and sorts the problems by file.
func TestDocumentFiles(t *testing.T) {
	d := &doc.Document{Articles: []doc.Article{
		{Name: "02-b", Title: "B", TitlePos: diag.Pos{File: "b.md", Line: 2, Col: 8}, Pos: diag.Pos{File: "b.md"},
			Blocks: []doc.Block{&doc.Rule{Pos: diag.Pos{File: "b.md", Line: 4, Col: 1}}}},
		{Name: "01-a", Pos: diag.Pos{File: "a.md"}},
	}}
	check(t, Document(d, noEmoji), []string{
		"a.md:1:1: article has no title",
	})
	// Content leaves the title to the source stage, which has reported it.
	check(t, Content(d, noEmoji), nil)
}

func TestFootnotesAndCrossReferences(t *testing.T) {
	ref := func(id string, line int) doc.Inline {
		return doc.Inline{Kind: doc.FootnoteRef, Text: id, Pos: at(line, 10)}
	}
	link := func(target string, line int) doc.Inline {
		return doc.Inline{Text: "see", Link: target, Pos: at(line, 2)}
	}
	d := &doc.Document{Articles: []doc.Article{{
		Name: "01-road", Title: "T", Pos: diag.Pos{File: file},
		Blocks: []doc.Block{
			para(text("Ferries", 4, 1), ref("a", 4), ref("b", 4)),
			para(link("#rail-link", 6), link("#01-road", 7), link("#road", 8), link("#nowhere", 9)),
			&doc.Footnote{ID: "a", Pos: at(11, 1)},
			&doc.Footnote{ID: "a", Pos: at(12, 1)},
			&doc.Footnote{ID: "c", Pos: at(13, 1)},
		},
	}, {Name: "02-rail-link", Title: "R", Pos: diag.Pos{File: "in/02-rail-link.md"}}}}
	check(t, Document(d, noEmoji), []string{
		"in/01-road.md:4:10: footnote [^b] has no definition in this article",
		"in/01-road.md:9:2: link to #nowhere names no article of this edition (use the file name without its number, like #energy-corridor)",
		"in/01-road.md:12:1: footnote [^a] is defined twice (first at line 11)",
		"in/01-road.md:13:1: footnote [^c] is never referred to",
	})
}

// TestThroughMarkdown checks that the columns validate computes from the
// markdown stage's runs land on the character in the file.
func TestThroughMarkdown(t *testing.T) {
	body := "Şuşa *və* Gəncə 🚌 --- **Ağdam 🚆**\n" +
		"> - [Xankəndi 😀](http://x)\n" +
		"\n" +
		"![İlham](i.png)\n" +
		"\n" +
		"##### Dərin\n"
	a, err := markdown.Article(source.Article{Path: file, Name: "01-road", Title: "Yol", TitlePos: at(2, 8), Body: []byte(body), BodyLine: 4})
	if err != nil {
		t.Fatal(err)
	}
	check(t, Document(&doc.Document{Articles: []doc.Article{a}}, noEmoji), []string{
		"in/01-road.md:4:17: character U+1F68C '🚌' is not in the fonts",
		"in/01-road.md:4:31: character U+1F686 '🚆' is not in the fonts",
		"in/01-road.md:5:15: character U+1F600 '😀' is not in the fonts",
		"in/01-road.md:9:1: headings deeper than ### are not supported",
	})
}

func TestTranslation(t *testing.T) {
	h := func(level, line int) doc.Block {
		return &doc.Heading{Level: level, Pos: diag.Pos{File: "t.az.md", Line: line, Col: 1}}
	}
	orig := func(bs ...doc.Block) *doc.Article {
		for _, b := range bs {
			b.(*doc.Heading).Pos.File = "t.md"
		}
		return &doc.Article{Blocks: bs, Pos: diag.Pos{File: "t.md"}}
	}
	tr := func(bs ...doc.Block) *doc.Article { return &doc.Article{Blocks: bs, Pos: diag.Pos{File: "t.az.md"}} }
	tests := []struct {
		name     string
		orig, tr *doc.Article
		want     string
	}{
		{"same", orig(h(2, 5), h(3, 9)), tr(h(2, 6), h(3, 10)), ""},
		{"extra", orig(h(2, 5)), tr(h(2, 6), h(2, 12)), "t.az.md:12:1: subheading 2 has no counterpart in the original t.md"},
		{"missing", orig(h(2, 5), h(2, 9)), tr(h(2, 6)), "t.az.md:1:1: has 1 subheadings; the original t.md has 2 (missing from line 9 there)"},
		{"level", orig(h(2, 5)), tr(h(3, 6)), "t.az.md:6:1: subheading 1 is level 3; in the original t.md it is level 2 (line 5)"},
		// Every mismatch, not only the first (#11 class 8).
		{"every level", orig(h(2, 5), h(2, 7), h(3, 9)), tr(h(3, 6), h(2, 8), h(2, 10)),
			"t.az.md:6:1: subheading 1 is level 3; in the original t.md it is level 2 (line 5)\n" +
				"t.az.md:10:1: subheading 3 is level 2; in the original t.md it is level 3 (line 9)"},
		{"levels and extra", orig(h(2, 5)), tr(h(3, 6), h(2, 8), h(2, 10)),
			"t.az.md:6:1: subheading 1 is level 3; in the original t.md it is level 2 (line 5)\n" +
				"t.az.md:8:1: subheading 2 has no counterpart in the original t.md\n" +
				"t.az.md:10:1: subheading 3 has no counterpart in the original t.md"},
		{"levels and missing", orig(h(2, 5), h(2, 7), h(2, 9)), tr(h(3, 6)),
			"t.az.md:1:1: has 1 subheadings; the original t.md has 3 (missing from line 7 there)\n" +
				"t.az.md:6:1: subheading 1 is level 3; in the original t.md it is level 2 (line 5)"},
	}
	for _, tt := range tests {
		err := Translation(tt.orig, tt.tr)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A character the fonts lack is reported once, with what modifies it: a
// variation selector, a skin tone, a joiner. A selector after a character
// the fonts have is checked like any other.
func TestJoinedCharacters(t *testing.T) {
	has := func(r rune) bool { return r < 0x2000 } // no emoji, no selectors
	d := &doc.Document{Articles: []doc.Article{{
		Name: "01-road", Title: "T", TitlePos: at(2, 8), Pos: diag.Pos{File: file},
		Blocks: []doc.Block{para(text("Fly ✈️ now, wave 👋🏽, family 👨‍👩‍👧 and e\u0301 a\uFE0F, 🌟x🌟🌟.", 4, 1))},
	}}}
	check(t, Document(d, has), []string{
		"in/01-road.md:4:5: character U+2708 '✈' is not in the fonts",
		"in/01-road.md:4:18: character U+1F44B '👋' is not in the fonts",
		"in/01-road.md:4:29: character U+1F468 '👨' is not in the fonts",
		"in/01-road.md:4:43: character U+FE0F '\ufe0f' is not in the fonts",
		"in/01-road.md:4:46: character U+1F31F '🌟' is not in the fonts",
		"in/01-road.md:4:48: character U+1F31F '🌟' is not in the fonts",
		"in/01-road.md:4:49: character U+1F31F '🌟' is not in the fonts",
	})
}

// The masthead texts are checked as printed (upper case by their
// language's rules) and at the place they were written.
func TestMasthead(t *testing.T) {
	yaml := diag.Pos{File: "in/edition.yaml", Line: 3, Col: 7}
	lay := diag.Pos{File: "layouts/x/layout.yaml", Line: 9, Col: 7}
	for _, tc := range []struct {
		name  string
		mh    doc.Masthead
		noBig bool // the fonts lack İ
		want  []string
	}{
		{"fine", doc.Masthead{Names: []doc.Field{{Lang: "en", S: "Port Office", Pos: lay}, {Lang: "az", S: "Liman idarəsi", Pos: yaml}},
			Subtitle: doc.Field{Lang: "az", S: "Gəmilər və yüklər", Pos: lay}}, false, nil},
		{"emoji in the subtitle", doc.Masthead{Subtitle: doc.Field{Lang: "en", S: "Ships ⚓ and 🚢 cargo", Pos: yaml}}, false,
			[]string{`in/edition.yaml:3:19: character U+1F6A2 '🚢' is not in the fonts`}},
		{"tab in a name", doc.Masthead{Names: []doc.Field{{Lang: "en", S: "Port\tOffice", Pos: yaml}}}, false,
			[]string{`in/edition.yaml:3:11: the title holds a line break or a tab; write it on one line with spaces`}},
		{"newline in the subtitle", doc.Masthead{Subtitle: doc.Field{Lang: "en", S: "Ships\n", Pos: lay}}, false,
			[]string{`layouts/x/layout.yaml:9:12: the subtitle holds a line break or a tab; write it on one line with spaces`}},
		// Checked as printed: the dotless ı upper-cases to I in Azerbaijani;
		// a font without İ would be reported for the i.
		{"upper case as printed", doc.Masthead{Names: []doc.Field{{Lang: "az", S: "bir", Pos: yaml}}}, true,
			[]string{`in/edition.yaml:3:8: character U+0130 'İ' is not in the fonts`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			has := func(r rune) bool { return noEmoji(r) && !(tc.noBig && r == 'İ') }
			err := Document(&doc.Document{Masthead: tc.mh}, has)
			var got []string
			var l diag.List
			if errors.As(err, &l) {
				for _, d := range l {
					got = append(got, d.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// Text in a right-to-left script is refused once per stretch, whatever the
// fonts have (they have Hebrew); direction controls are refused; the
// characters of layout (soft hyphen, joiners, no-break spaces) pass even
// when the fonts lack a glyph for them (#11 class 5).
func TestScriptsAndLayoutCharacters(t *testing.T) {
	latinOnly := func(r rune) bool { return r < 0x0250 && r != 0xAD && r != 0xA0 }
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"layout characters", "co\u00ADoperate, Baku\u00A0Port, 10\u202F%, a\u200Db, a\u200Cb, x\u2060y", nil},
		{"Hebrew, one stretch", "Say שלום עולם, twice: שלום.", []string{
			"in/01-road.md:4:5: right-to-left text (Hebrew, U+05E9 'ש') cannot be set: the layout sets lines left to right only",
			"in/01-road.md:4:23: right-to-left text (Hebrew, U+05E9 'ש') cannot be set: the layout sets lines left to right only"}},
		{"Arabic", "Bakı (باكو)", []string{
			"in/01-road.md:4:7: right-to-left text (Arabic, U+0628 'ب') cannot be set: the layout sets lines left to right only"}},
		{"direction override", "file\u202Egpj.exe", []string{
			"in/01-road.md:4:5: direction control U+202E is not allowed: it would make the text read in another order than it is printed"}},
		{"a mark after an emoji is part of it", "x 🌟\u200D🌟", []string{
			"in/01-road.md:4:3: character U+1F31F '🌟' is not in the fonts"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &doc.Document{Articles: []doc.Article{{
				Name: "01-road", Title: "T", TitlePos: at(2, 8), Pos: diag.Pos{File: file},
				Blocks: []doc.Block{para(text(tc.text, 4, 1))},
			}}}
			has := func(r rune) bool { return latinOnly(r) || unicode.Is(unicode.Hebrew, r) }
			check(t, Document(d, has), tc.want)
		})
	}
}

// A link goes to a web page, an email address or an article; every other
// target is refused at the link's text, once per link (#11 class 13).
func TestLinks(t *testing.T) {
	body := "[a](https://example.org/x?y=1) [b](HTTP://example.org) [c](mailto:desk@example.org) <desk@example.org> <https://example.org>\n" +
		"[d](#road) [e](javascript:alert(1)) [*f* g](file:///etc/passwd)\n" +
		"[h](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n" +
		"[i](other.md) [j](../notes/x.pdf) [k](//example.org/x) [l](https://) [m](mailto:) [n](#nowhere) [o](vbscript:x)\n"
	a, err := markdown.Article(source.Article{Path: file, Name: "01-road", Title: "Yol", TitlePos: at(2, 8), Body: []byte(body), BodyLine: 4})
	if err != nil {
		t.Fatal(err)
	}
	const rule = "is not allowed: a link goes to a web page (https://...), an email address (mailto:...) or an article (#slug)"
	check(t, Document(&doc.Document{Articles: []doc.Article{a}}, noEmoji), []string{
		`in/01-road.md:5:13: link to "javascript:alert(1)" ` + rule,
		`in/01-road.md:5:39: link to "file:///etc/passwd" ` + rule,
		`in/01-road.md:6:2: link to "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=..." ` + rule,
		`in/01-road.md:7:2: link to "other.md" ` + rule,
		`in/01-road.md:7:16: link to "../notes/x.pdf" ` + rule,
		`in/01-road.md:7:36: link to "//example.org/x" ` + rule,
		`in/01-road.md:7:57: link to "https://" ` + rule,
		`in/01-road.md:7:71: link to "mailto:" ` + rule,
		"in/01-road.md:7:84: link to #nowhere names no article of this edition (use the file name without its number, like #energy-corridor)",
		`in/01-road.md:7:98: link to "vbscript:x" ` + rule,
	})
}

// A picture's alternative text is its Markdown image title: without one
// the caption stands in, with a warning; with neither it is an error.
// Pictures in lists, quotes and footnotes count too.
func TestPictureAlternativeText(t *testing.T) {
	for _, tc := range []struct {
		name, body  string
		errs, warns []string
	}{
		{"title and caption", "![The quay at dawn](q.png \"Two cranes over an empty quay\")\n", nil, nil},
		{"title only", "![](q.png \"Two cranes over an empty quay\")\n", nil, nil},
		{"caption only", "![The quay at dawn](q.png)\n", nil,
			[]string{`in/01-road.md:4:1: warning: picture q.png has no alternative text, so its caption stands in; write ![Caption](q.png "what the picture shows")`}},
		{"blank title", "![The quay at dawn](q.png \"  \")\n", nil,
			[]string{`in/01-road.md:4:1: warning: picture q.png has no alternative text, so its caption stands in; write ![Caption](q.png "what the picture shows")`}},
		{"neither", "Text first.\n\n![](q.png)\n",
			[]string{`in/01-road.md:6:1: picture q.png has neither a caption nor alternative text; write ![Caption](q.png "what the picture shows")`}, nil},
		{"in a list and a quote", "- item\n\n  ![Left](l.png)\n\n> ![](r.png)\n",
			[]string{`in/01-road.md:8:3: picture r.png has neither a caption nor alternative text; write ![Caption](r.png "what the picture shows")`},
			[]string{`in/01-road.md:6:3: warning: picture l.png has no alternative text, so its caption stands in; write ![Caption](l.png "what the picture shows")`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := markdown.Article(source.Article{Path: file, Name: "01-road", Title: "Yol", TitlePos: at(2, 8), Body: []byte(tc.body), BodyLine: 4})
			if err != nil {
				t.Fatal(err)
			}
			d := &doc.Document{Articles: []doc.Article{a}}
			check(t, Document(d, noEmoji), tc.errs)
			var got []string
			for _, w := range Warnings(d) {
				got = append(got, w.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.warns, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.warns, "\n"))
			}
		})
	}
}

// Package validate checks a document before anything is laid out or
// written. It only reads the document and reports every problem at once, so
// that an editor can fix a whole edition in one pass.
package validate

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"bulletin/internal/work"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/lang"
)

// Document checks d and returns a diag.List error (nil when fine). has
// reports whether the fonts can draw a rune.
func Document(d *doc.Document, has func(rune) bool) error {
	return checkDoc(d, has, true)
}

// Content checks d like Document except that an article may lack its
// title: it is for the articles of an edition whose sources have problems
// already reported (a title missing from the front matter among them), so
// that one run still lists the problems of every article's text.
func Content(d *doc.Document, has func(rune) bool) error {
	return checkDoc(d, has, false)
}

// checkDoc checks what belongs to the document as a whole every time
// (the masthead, the links from one article to another) and each article
// on its own, or takes an article's problems from an earlier check of the
// same article (keep.go).
func checkDoc(d *doc.Document, has func(rune) bool, titles bool) error {
	c := checker{has: has}
	c.masthead(d)
	slugs := map[string]bool{}
	for _, a := range d.Articles {
		slugs[doc.Slug(a.Name)], slugs[a.Name] = true, true
	}
	// The articles side by side: has must be safe to call from several
	// goroutines (fonts.Has is).
	found := make([]*checked, len(d.Articles))
	if err := work.Do(context.Background(), len(d.Articles), func(_ context.Context, i int) error {
		found[i] = keptArticle(&d.Articles[i], has, titles)
		return nil
	}); err != nil {
		panic(err) // a bug in a check, raised again on the caller's goroutine
	}
	for _, r := range found {
		r.into(&c.l, slugs)
	}
	return c.l.Err()
}

// checked is what checking one article found: its own problems, and its
// links to other articles, which only the document can check.
type checked struct {
	l     diag.List
	links []slugLink
}

// slugLink is a link to #slug, found after the first at problems of the
// article.
type slugLink struct {
	at     int
	target string // #slug
	pos    diag.Pos
}

// into adds r's problems to l and those of its links to articles that
// slugs does not name, in the order the text has them.
func (r *checked) into(l *diag.List, slugs map[string]bool) {
	at := 0
	for _, s := range r.links {
		*l = append(*l, r.l[at:s.at]...)
		at = s.at
		if !slugs[strings.TrimPrefix(s.target, "#")] {
			l.Add(s.pos, "link to %s names no article of this edition (use the file name without its number, like #energy-corridor)", s.target)
		}
	}
	*l = append(*l, r.l[at:]...)
}

// article checks one article of a document: everything but where its
// links to other articles lead.
func article(a *doc.Article, has func(rune) bool, titles bool) *checked {
	c := checker{has: has, notes: map[string]diag.Pos{}, refs: map[string]diag.Pos{}}
	tp := a.TitlePos
	if tp.File == "" {
		tp = fileStart(a.Pos) // no title key at all: blame the file
	}
	if titles && strings.TrimSpace(a.Title) == "" {
		c.l.Add(tp, "article has no title")
	}
	c.line(a.Title, tp, "the title")
	c.blocks(a.Blocks)
	// Footnotes are numbered through each article, so a reference and
	// its definition must be in the same file.
	for id, p := range c.refs {
		if _, ok := c.notes[id]; !ok {
			c.l.Add(p, "footnote [^%s] has no definition in this article", id)
		}
	}
	for id, p := range c.notes {
		if _, ok := c.refs[id]; !ok {
			c.l.Add(p, "footnote [^%s] is never referred to", id)
		}
	}
	return &checked{l: c.l, links: c.links}
}

type checker struct {
	has   func(rune) bool
	l     diag.List
	links []slugLink          // the links to #slug of the current article
	notes map[string]diag.Pos // footnote definitions of the current article
	refs  map[string]diag.Pos // first reference to each footnote
}

func (c *checker) blocks(bs []doc.Block) {
	for _, b := range bs {
		switch b := b.(type) {
		case *doc.Heading:
			switch {
			case b.Level <= 1:
				c.l.Add(b.Pos, "use ## for subheadings; the article title comes from the front matter")
			case b.Level > 3:
				c.l.Add(b.Pos, "headings deeper than ### are not supported")
			}
			c.inlines(b.Inlines)
		case *doc.Paragraph:
			c.inlines(b.Inlines)
		case *doc.List:
			for _, it := range b.Items {
				c.blocks(it.Blocks)
			}
		case *doc.Quote:
			c.blocks(b.Blocks)
		case *doc.Image:
			c.text(b.Alt, b.Pos)
			if b.Alt == "" && b.Title == "" {
				c.l.Add(b.Pos, "picture %s has neither a caption nor alternative text; write ![Caption](%s \"what the picture shows\")", b.Src, b.Src)
			}
		case *doc.Table:
			// The cells' characters are still checked: the text will have
			// to be printed somehow once the table is rewritten.
			for _, row := range b.Rows {
				for _, cell := range row {
					c.inlines(cell)
				}
			}
		case *doc.Footnote:
			if prev, ok := c.notes[b.ID]; ok {
				c.l.Add(b.Pos, "footnote [^%s] is defined twice (first at line %d)", b.ID, prev.Line)
			} else {
				c.notes[b.ID] = b.Pos
			}
			c.blocks(b.Blocks)
		case *doc.CodeBlock:
			for i, line := range b.Lines {
				c.text(line, diag.Pos{File: b.Pos.File, Line: b.Pos.Line + i, Col: b.Pos.Col})
			}
		case *doc.HTML:
			c.l.Add(b.Pos, "raw HTML is not allowed; write Markdown instead")
		}
	}
}

func (c *checker) inlines(in []doc.Inline) {
	for i, r := range in {
		// A link's runs (a word in italics inside it) share its target:
		// it is checked at the first.
		if r.Link != "" && (i == 0 || in[i-1].Link != r.Link) {
			c.link(r.Link, r.Pos)
		}
		switch r.Kind {
		case doc.Text:
			c.text(r.Text, r.Pos)
		case doc.RawHTML:
			c.l.Add(r.Pos, "raw HTML is not allowed; write Markdown instead")
		case doc.FootnoteRef:
			if _, ok := c.refs[r.Text]; !ok {
				c.refs[r.Text] = r.Pos
			}
		case doc.InlineImage:
			c.l.Add(r.Pos, "an image must stand in a paragraph of its own; its text becomes the caption")
		}
	}
}

// link checks a link's target: a web page (http, https), an email address
// (mailto) or another article (#slug). Anything else is refused: a
// javascript: or data: link runs code or hides content in a reader, a
// file: link or a relative path points at the editor's own disk, which
// the reader of the PDF does not have.
func (c *checker) link(target string, p diag.Pos) {
	if strings.HasPrefix(target, "#") {
		c.links = append(c.links, slugLink{at: len(c.l), target: target, pos: p})
		return
	}
	u, err := url.Parse(target)
	switch {
	case err != nil:
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
		return
	case u.Scheme == "mailto" && u.Opaque != "":
		return
	}
	shown := []rune(target)
	if len(shown) > 60 {
		shown = append(shown[:57], []rune("...")...)
	}
	c.l.Add(p, "link to %q is not allowed: a link goes to a web page (https://...), an email address (mailto:...) or an article (#slug)", string(shown))
}

// text reports each character of s that the fonts cannot draw, and text in
// a right-to-left script. The column is p's plus the character's offset in
// s. That is exact because the markdown stage never lets a run cross a
// source line and only merges runs that continue each other character for
// character; it is off only after a backslash escape or an entity earlier
// in the same run, or in a quoted YAML title, which is good enough to find
// the character.
func (c *checker) text(s string, p diag.Pos) {
	i := 0
	missing := false // the previous character was reported
	joined := false  // and a joiner followed it
	rtl := false     // the previous character was right-to-left text, reported
	at := func() diag.Pos {
		q := p
		if q.Col > 0 {
			q.Col += i
		}
		return q
	}
	for _, r := range s {
		switch {
		// A variation selector, skin tone, accent or joiner after a
		// missing character is part of it ("✈️" is U+2708 U+FE0F), and so
		// is the character after a joiner (👨‍👩‍👧): one report names them.
		case missing && (joined || unicode.Is(unicode.Variation_Selector, r) || unicode.Is(unicode.Mn, r) ||
			r == '\u200D' || (r >= 0x1F3FB && r <= 0x1F3FF)):
			joined = r == '\u200D'
		case isRTL(r):
			if !rtl {
				c.l.Add(at(), "right-to-left text (%s, %U %q) cannot be set: the layout sets lines left to right only", rtlScript(r), r, r)
			}
			missing, joined, rtl = false, false, true
		case bidiControl(r):
			c.l.Add(at(), "direction control %U is not allowed: it would make the text read in another order than it is printed", r)
			missing, joined, rtl = false, false, false
		// ASCII white space becomes glue between words, not a glyph; the
		// characters of layout are passed on for the typesetter to treat
		// as their names say, never drawn as glyphs.
		case strings.ContainsRune(" \t\n\r", r) || layoutChar(r) || c.has(r):
			missing, joined = false, false
			rtl = rtl && (unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
		default:
			c.l.Add(at(), "character %U %q is not in the fonts", r, r)
			missing, joined, rtl = true, false, false
		}
		i++
	}
}

// masthead checks the texts the front page prints above the contents,
// as printed: in upper case by the rules of their language.
func (c *checker) masthead(d *doc.Document) {
	for _, t := range d.Masthead.Names {
		c.line(lang.Upper(t.Lang, t.S), t.Pos, "the title")
	}
	if t := d.Masthead.Subtitle; t.S != "" {
		c.line(lang.Upper(t.Lang, t.S), t.Pos, "the subtitle")
	}
}

// line checks a text set on one line and written into the outline or the
// metadata, like a title: every character is in the fonts, and it holds
// no line break or tab, which would reach a reader's bookmarks as they
// are.
func (c *checker) line(s string, p diag.Pos, what string) {
	c.text(s, p)
	if i := strings.IndexAny(s, "\n\r\t"); i >= 0 {
		q := p
		if q.Col > 0 {
			q.Col += utf8.RuneCountInString(s[:i])
		}
		c.l.Add(q, "%s holds a line break or a tab; write it on one line with spaces", what)
	}
}

// layoutChar reports the characters that shape the layout instead of
// being drawn: the soft hyphen (a hyphenation point), the zero-width
// joiner and non-joiner, the word joiner and the no-break spaces. The
// typesetter treats them as their names say.
func layoutChar(r rune) bool {
	switch r {
	case '\u00AD', '\u200C', '\u200D', '\u2060', '\u00A0', '\u202F':
		return true
	}
	return false
}

// rtlScripts are the scripts written right to left: the layout sets every
// line left to right, so their words would print in reverse order (the
// fonts have Hebrew letters, which is why this is checked apart).
var rtlScripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Hebrew", unicode.Hebrew}, {"Arabic", unicode.Arabic}, {"Syriac", unicode.Syriac},
	{"Thaana", unicode.Thaana}, {"N'Ko", unicode.Nko}, {"Samaritan", unicode.Samaritan},
	{"Mandaic", unicode.Mandaic}, {"Adlam", unicode.Adlam}, {"Hanifi Rohingya", unicode.Hanifi_Rohingya},
}

func isRTL(r rune) bool { return r >= 0x0590 && rtlScript(r) != "" }

func rtlScript(r rune) string {
	for _, s := range rtlScripts {
		// Arabic's table includes a few common marks; letters decide.
		if unicode.Is(s.table, r) && !unicode.Is(unicode.Common, r) {
			return s.name
		}
	}
	return ""
}

// bidiControl reports the explicit direction marks, embeddings, overrides
// and isolates: with text left to right only, they could only make the
// source read differently from the page.
func bidiControl(r rune) bool {
	return r == '\u200E' || r == '\u200F' || r == '\u061C' || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// Translation checks that a translation has the same subheadings, level by
// level, as its original: readers of a combined edition and editors
// comparing the two expect section II.2 to be the same section in both.
// Every mismatch is listed, so one run shows all that must be fixed.
func Translation(orig, tr *doc.Article) error {
	var l diag.List
	a, b := headings(orig.Blocks), headings(tr.Blocks)
	for i := range max(len(a), len(b)) {
		switch {
		case i >= len(a):
			l.Add(b[i].Pos, "subheading %d has no counterpart in the original %s", i+1, orig.Pos.File)
		case i >= len(b):
			l.Add(fileStart(tr.Pos), "has %d subheadings; the original %s has %d (missing from line %d there)", len(b), orig.Pos.File, len(a), a[i].Pos.Line)
			return l.Err()
		case a[i].Level != b[i].Level:
			l.Add(b[i].Pos, "subheading %d is level %d; in the original %s it is level %d (line %d)", i+1, b[i].Level, orig.Pos.File, a[i].Level, a[i].Pos.Line)
		}
	}
	return l.Err()
}

// fileStart is the first character of the file p names: a problem with an
// article as a whole is reported there, so that it reads path:line:col
// like every other.
func fileStart(p diag.Pos) diag.Pos {
	return diag.Pos{File: p.File, Line: 1, Col: 1}
}

// headings lists the subheadings of an article in order.
func headings(bs []doc.Block) []*doc.Heading {
	var out []*doc.Heading
	for _, b := range bs {
		if h, ok := b.(*doc.Heading); ok {
			out = append(out, h)
		}
	}
	return out
}

// Warnings lists what is worth telling the editor about d but does not
// stop a build, each a Diagnostic whose message starts "warning: " (so
// that it reads "path:line:col: warning: ..."): a picture whose
// caption stands in for its alternative text (#13), which a screen reader
// then reads twice and which seldom says what the picture shows.
func Warnings(d *doc.Document) []diag.Diagnostic {
	var out []diag.Diagnostic
	for i := range d.Articles {
		pictures(d.Articles[i].Blocks, func(b *doc.Image) {
			if b.Title == "" && b.Alt != "" {
				out = append(out, diag.Diagnostic{Pos: b.Pos, Msg: fmt.Sprintf("%s%s has no alternative text, so its caption stands in; write ![Caption](%s \"what the picture shows\")", WarningPrefix+"picture ", b.Src, b.Src)})
			}
		})
	}
	return out
}

// pictures calls f on every picture of bs, in lists, quotes and footnotes
// too, in the order of the text.
func pictures(bs []doc.Block, f func(*doc.Image)) {
	for _, b := range bs {
		switch b := b.(type) {
		case *doc.Image:
			f(b)
		case *doc.List:
			for _, it := range b.Items {
				pictures(it.Blocks, f)
			}
		case *doc.Quote:
			pictures(b.Blocks, f)
		case *doc.Footnote:
			pictures(b.Blocks, f)
		}
	}
}

// WarningPrefix starts the message of every warning.
const WarningPrefix = "warning: "

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"bulletin/internal/testedition"
	"bulletin/pipeline"
	"bulletin/pipeline/book"
)

// catCase is one edition of the catalogue: a broken one, which must be
// refused with exactly the lines of want (every problem at once, sorted by
// file and line) and nothing written, or a tricky valid one (ok), which
// must build.
type catCase struct {
	name string
	// gen writes the edition into dir, for what git cannot hold: a 20 MB
	// file, thousands of files, symlinks and pipes. Without gen the edition
	// is testdata/catalogue/<name>.
	gen func(t *testing.T, dir string)
	// want are the lines on stderr; "$E" stands for the edition folder.
	want []string
	ok   bool
	// runs, when set, replace validate and build: a case of the output
	// side (see catalogue_output_test.go), whose prep makes the output
	// folder hostile before the commands run.
	prep func(t *testing.T, out string)
	runs []catRun
}

var catCases = []catCase{
	// edition.yaml
	{name: "manifest-missing", want: []string{
		`$E/edition.yaml:1:1: missing: an edition folder needs an edition.yaml with at least "edition: YYYY-MM"`}},
	{name: "manifest-empty", want: []string{
		`$E/edition.yaml:1:1: file is empty; it needs at least "edition: YYYY-MM"`}},
	{name: "manifest-only-comments", want: []string{
		`$E/edition.yaml:1:1: file is empty; it needs at least "edition: YYYY-MM"`}},
	{name: "manifest-tabs", want: []string{
		`$E/edition.yaml:3:1: tab in indentation; indent YAML with spaces`}},
	{name: "manifest-unclosed-quote", want: []string{
		`$E/edition.yaml:3:7: the quote " that starts here is never closed`}},
	{name: "manifest-title-list", want: []string{
		`$E/edition.yaml:2:8: title must be a map from language to text`}},
	{name: "manifest-languages-text", want: []string{
		`$E/edition.yaml:2:12: languages must be a list of language codes, like [en, az]`}},
	{name: "manifest-combined-yes", want: []string{
		`$E/edition.yaml:2:11: combined must be true or false`}},
	{name: "manifest-unknown-key", want: []string{
		`$E/edition.yaml:2:1: unknown key "subtitel" (did you mean "subtitle"?)`}},
	{name: "manifest-unknown-key-far", want: []string{
		`$E/edition.yaml:2:1: unknown key "colour"`}},
	{name: "manifest-duplicate-key", want: []string{
		`$E/edition.yaml:3:1: duplicate key "layout" (first at line 2)`}},
	{name: "manifest-edition-13", want: []string{
		`$E/edition.yaml:1:10: edition 2025-13: month must be 01 to 12`}},
	{name: "manifest-edition-short-year", want: []string{
		`$E/edition.yaml:1:10: edition "25-01" must be a month written YYYY-MM: did you mean 2025-01?`}},
	{name: "manifest-edition-words", want: []string{
		`$E/edition.yaml:1:10: edition "January 2025" must be a month written YYYY-MM: did you mean 2025-01?`}},
	{name: "manifest-edition-missing", want: []string{
		`$E/edition.yaml:1:1: missing required key "edition"`}},
	{name: "manifest-unknown-layout", want: []string{
		`$E/edition.yaml:2:9: unknown layout "skyline" (known: aircenter)`}},
	{name: "manifest-unknown-language", want: []string{
		`$E/edition.yaml:2:17: unknown language "fr" (known: az, en)`}},
	{name: "manifest-alias", want: []string{
		`$E/edition.yaml:3:7: YAML aliases (*month) are not supported; write the value out`}},
	{name: "manifest-not-utf8", want: []string{
		`$E/edition.yaml:3:10: invalid UTF-8 (byte 0xE9); save the file as UTF-8`}},
	{name: "manifest-bom-crlf-ok", ok: true},

	// Articles.
	{name: "articles-none", want: []string{
		`$E/edition.yaml:1:1: no articles: the folder has no NN-slug.md files`}},
	{name: "folder-empty", gen: func(t *testing.T, dir string) { catMkdir(t, dir) }, want: []string{
		`$E/edition.yaml:1:1: missing: an edition folder needs an edition.yaml with at least "edition: YYYY-MM"`,
		`$E/edition.yaml:1:1: no articles: the folder has no NN-slug.md files`}},
	{name: "articles-listed-missing", want: []string{
		`$E/edition.yaml:4:5: article "02-de-icing.md" not found in $E`}},
	{name: "articles-listed-twice", want: []string{
		`$E/edition.yaml:5:5: "01-apron.md" is listed twice`}},
	{name: "articles-not-listed", want: []string{
		`$E/edition.yaml:2:11: 01-apron.md is in the folder but not listed in articles`}},
	{name: "article-front-matter-unclosed", want: []string{
		`$E/01-apron.md:1:1: front matter is not closed: no "---" line after this one`}},
	{name: "article-front-matter-missing", want: []string{
		`$E/01-apron.md:1:1: missing front matter: the file must start with a "---" line`}},
	{name: "article-title-empty", want: []string{
		`$E/01-apron.md:2:7: title must be non-empty text`}},
	{name: "article-title-missing", want: []string{
		`$E/01-apron.md:1:1: front matter has no title`}},
	{name: "article-title-unknown-key", want: []string{
		`$E/01-apron.md:2:1: unknown key "titel" (did you mean "title"?)`}},
	{name: "article-title-too-long", want: []string{
		`$E/01-apron.md:2:8: title is 312 characters long; the limit is 300`}},
	{name: "article-latin1", want: []string{
		`$E/01-apron.md:5:8: invalid UTF-8 (byte 0xE9); save the file as UTF-8`}},
	{name: "article-utf16", want: []string{
		`$E/01-apron.md:1:1: the file is UTF-16; save it as UTF-8`}},
	{name: "article-bom-ok", ok: true},
	{name: "article-crlf-ok", ok: true},
	{name: "article-lone-cr", want: []string{
		`$E/01-apron.md:5:10: carriage return U+000D without a line feed; use LF or CRLF line ends`}},
	{name: "article-nul", want: []string{
		`$E/01-apron.md:5:11: control character U+0000 is not allowed`}},
	{name: "article-control-char", want: []string{
		`$E/01-apron.md:5:7: control character U+001B is not allowed`,
		`$E/01-apron.md:5:16: control character U+001B is not allowed`}},
	{name: "article-emoji", want: []string{
		`$E/01-apron.md:5:19: character U+2708 '✈' is not in the fonts`,
		`$E/01-apron.md:5:33: character U+1F31F '🌟' is not in the fonts`}},
	{name: "article-emoji-title", want: []string{
		`$E/01-apron.md:2:21: character U+1F4A1 '💡' is not in the fonts`}},
	{name: "article-cjk", want: []string{
		`$E/01-apron.md:5:19: character U+5317 '北' is not in the fonts`,
		`$E/01-apron.md:5:20: character U+4EAC '京' is not in the fonts`}},
	{name: "article-html-block", want: []string{
		`$E/01-apron.md:7:1: raw HTML is not allowed; write Markdown instead`}},
	{name: "article-html-inline", want: []string{
		`$E/01-apron.md:5:16: raw HTML is not allowed; write Markdown instead`,
		`$E/01-apron.md:5:25: raw HTML is not allowed; write Markdown instead`}},
	{name: "article-heading-one", want: []string{
		`$E/01-apron.md:5:1: use ## for subheadings; the article title comes from the front matter`}},
	{name: "article-link-nowhere", want: []string{
		`$E/01-apron.md:5:6: link to #cargo-volumes names no article of this edition (use the file name without its number, like #energy-corridor)`}},
	{name: "translation-without-original", want: []string{
		`$E/02-cargo.az.md:1:1: translation without an original: no 02-cargo.md`}},
	{name: "translation-missing", want: []string{
		`$E/edition.yaml:2:12: missing translation 01-apron.az.md of 01-apron.md; write it or set fallback: en`}},
	{name: "symlink-outside", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		secret := filepath.Join(filepath.Dir(dir), "private.md")
		catWrite(t, filepath.Dir(dir), "private.md", "---\ntitle: Not for print\n---\n")
		catSymlink(t, secret, filepath.Join(dir, "02-private.md"))
		catSymlink(t, "../private.md", filepath.Join(dir, "03-secret.md"))
	}, want: []string{
		`$E/02-private.md:1:1: symlink points outside the edition folder; copy the file in instead`,
		`$E/03-secret.md:1:1: symlink points outside the edition folder; copy the file in instead`}},
	{name: "symlink-dangling", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		catSymlink(t, "02-moved-away.md", filepath.Join(dir, "02-cargo.md"))
	}, want: []string{
		`$E/02-cargo.md:1:1: symlink to a file that does not exist`}},
	{name: "named-pipe", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		if err := exec.Command("mkfifo", filepath.Join(dir, "02-pipe.md")).Run(); err != nil {
			t.Fatal("cannot make a named pipe:", err)
		}
	}, want: []string{
		`$E/02-pipe.md:1:1: not a regular file (a named pipe)`}},

	// Size.
	{name: "article-20mb", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		para := strings.Repeat("The apron lights were replaced in one night. ", 20) + "\n\n"
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\n"+strings.Repeat(para, 20<<20/len(para)+1))
	}, want: []string{
		`$E/01-apron.md:1:1: article is 20.0 MB; the limit is 512 KB`}},
	{name: "articles-add-up", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		para := strings.Repeat("Cargo volumes rose again in the spring. ", 20) + "\n\n"
		for i := 1; i <= 21; i++ {
			catWrite(t, dir, fmt.Sprintf("%02d-cargo.md", i), "---\ntitle: Cargo\n---\n\n"+strings.Repeat(para, 400<<10/len(para)))
		}
	}, want: []string{
		`$E/edition.yaml:1:1: the articles of the edition add up to 8.2 MB; the limit is 8 MB`}},
	{name: "articles-5000", gen: func(t *testing.T, dir string) {
		if err := testedition.Write(dir, 5000, 20); err != nil {
			t.Fatal(err)
		}
	}, want: []string{
		`$E/edition.yaml:1:1: the edition has 5000 articles; the limit is 1000`}},
	// At the limit, the contents of a thousand articles settle and build.
	{name: "articles-1000", gen: func(t *testing.T, dir string) {
		if err := testedition.Write(dir, 1000, 10); err != nil {
			t.Fatal(err)
		}
	}, ok: true},
	{name: "paragraph-too-long", want: []string{
		`$E/01-apron.md:7:1: paragraph is 4319 characters long; the limit is 4000 (a blank line starts a new paragraph)`}},
	{name: "quotes-deep-on-one-line", want: []string{
		`$E/01-apron.md:7:25: lists and quotes nest 200 deep here; the limit is 12`}},
	{name: "lists-nested-200", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		var b strings.Builder
		b.WriteString("---\ntitle: Apron lights\n---\n\nThe plan, point by point:\n\n")
		for i := range 200 {
			fmt.Fprintf(&b, "%s- point %d\n", strings.Repeat("  ", i), i+1)
		}
		catWrite(t, dir, "01-apron.md", b.String())
	}, want: []string{
		`$E/01-apron.md:19:25: lists and quotes nest 200 deep here; the limit is 12`}},
	{name: "long-word-ok", ok: true},
	{name: "long-url-ok", ok: true},
	{name: "footnote-undefined", want: []string{
		`$E/01-apron.md:6:46: footnote [^power] has no definition in this article`}},
	{name: "footnote-in-caption-and-title", want: []string{
		`$E/01-apron.md:2:20: footnote [^when] is referred to from the title; refer to it from the text instead`,
		`$E/01-apron.md:7:21: footnote [^when] is referred to from a picture's caption; refer to it from the text instead`}},
	{name: "table-500-rows-ok", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		var b strings.Builder
		b.WriteString("---\ntitle: Apron lights\n---\n\n| stand | lamps |\n|---|---|\n")
		for i := range 500 {
			fmt.Fprintf(&b, "| %d | %d |\n", i+1, 4+i%3)
		}
		catWrite(t, dir, "01-apron.md", b.String())
	}, ok: true},

	// Every problem of an edition in one run, sorted by file and line.
	{name: "many-problems", want: []string{
		`$E/01-apron.md:3:1: unknown key "authr" (did you mean "author"?)`,
		`$E/01-apron.md:6:8: character U+1F4A1 '💡' is not in the fonts`,
		`$E/01-apron.md:8:1: raw HTML is not allowed; write Markdown instead`,
		`$E/02-cargo.md:1:1: missing front matter: the file must start with a "---" line`,
		`$E/03-tower.md:5:11: character U+5317 '北' is not in the fonts`,
		`$E/03-tower.md:5:12: character U+4EAC '京' is not in the fonts`,
		`$E/03-tower.md:7:1: use ## for subheadings; the article title comes from the front matter`,
		`$E/edition.yaml:1:10: edition "2025-1" must be a month written YYYY-MM: did you mean 2025-01?`,
		`$E/edition.yaml:2:1: unknown key "subtitel" (did you mean "subtitle"?)`}},

	// The masthead texts and titles are checked as article text is
	// (#11 class 10): an emoji in the subtitle once reached fpdf.
	{name: "manifest-subtitle-emoji", want: []string{
		`$E/edition.yaml:3:27: character U+1F6A2 '🚢' is not in the fonts`}},
	{name: "manifest-title-cjk", want: []string{
		`$E/edition.yaml:5:14: character U+5317 '北' is not in the fonts`,
		`$E/edition.yaml:5:15: character U+4EAC '京' is not in the fonts`}},
	{name: "manifest-title-tab", want: []string{
		`$E/edition.yaml:3:12: the title holds a line break or a tab; write it on one line with spaces`}},
	{name: "article-title-tab", want: []string{
		`$E/01-apron.md:2:13: the title holds a line break or a tab; write it on one line with spaces`}},
	{name: "article-title-paragraphs", want: []string{
		`$E/01-apron.md:2:13: the title holds a line break or a tab; write it on one line with spaces`}},

	// Issue 11, source side: special files and unbounded reads (class 1).
	{name: "images-named-pipe", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\n![The apron at night](images/apron.png)\n")
		catMkfifo(t, filepath.Join(dir, "images", "apron.png"))
		catMkfifo(t, filepath.Join(dir, "images", "unused.png"))
	}, want: []string{
		`$E/images/apron.png:1:1: not a regular file (a named pipe)`,
		`$E/images/unused.png:1:1: not a regular file (a named pipe)`}},
	{name: "unused-file-over-1gb", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		catSparse(t, filepath.Join(dir, "raw", "interview.mov"), 1100<<20)
	}, want: []string{
		`$E/raw/interview.mov:1:1: the edition folder holds 1.1 GB of files; the limit is 1 GB (this file is 1.1 GB): move what the edition does not use out of the folder`}},
	// Within the limit, an unused big file is hashed in constant memory.
	{name: "unused-file-200mb-ok", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		catSparse(t, filepath.Join(dir, "raw", "interview.mov"), 200<<20)
	}, ok: true},

	// Article files are never silently ignored (class 9).
	{name: "articles-same-slug", want: []string{
		`$E/02-cargo.md:1:1: 02-cargo.md and 01-cargo.md have the same name after the number, so a link #cargo could mean either; rename one`}},
	{name: "articles-misnamed", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		for _, name := range []string{"01-apron.md", "02-cargo.MD", "03-tower.markdown", "5-fuel.md"} {
			catWrite(t, dir, name, "---\ntitle: Apron lights\n---\n\nText.\n")
		}
		catMkdir(t, filepath.Join(dir, "04-gates.md"))
		catWrite(t, filepath.Join(dir, "04-gates.md"), "draft.txt", "gates")
	}, want: []string{
		`$E/02-cargo.MD:1:1: a Markdown file not named like an article: articles are NN-slug.md (a number of two digits or more, a dash, then lower-case letters, digits and dashes) and translations NN-slug.LANG.md (did you mean 02-cargo.md?); rename it, or move it out of the edition folder`,
		`$E/03-tower.markdown:1:1: a Markdown file not named like an article: articles are NN-slug.md (a number of two digits or more, a dash, then lower-case letters, digits and dashes) and translations NN-slug.LANG.md (did you mean 03-tower.md?); rename it, or move it out of the edition folder`,
		`$E/04-gates.md:1:1: a folder named like an article; an article is a Markdown file`,
		`$E/5-fuel.md:1:1: a Markdown file not named like an article: articles are NN-slug.md (a number of two digits or more, a dash, then lower-case letters, digits and dashes) and translations NN-slug.LANG.md (did you mean 05-fuel.md?); rename it, or move it out of the edition folder`}},

	// Edition months are real months (class 15).
	{name: "manifest-edition-year-0", want: []string{
		`$E/edition.yaml:1:10: edition 0000-01: the year must be 1900 to 2999`}},
	{name: "manifest-edition-year-3000", want: []string{
		`$E/edition.yaml:1:10: edition 3025-01: the year must be 1900 to 2999`}},

	// A bad character does not hide the file's other problems, nor do
	// they hide the translation's subheadings (class 8).
	{name: "every-problem-of-a-file", want: []string{
		`$E/01-apron.az.md:5:20: control character U+0007 is not allowed`,
		`$E/01-apron.az.md:7:1: subheading 1 is level 3; in the original $E/01-apron.md it is level 2 (line 7)`,
		`$E/01-apron.az.md:9:20: invalid UTF-8 (byte 0xE9); save the file as UTF-8`,
		`$E/01-apron.az.md:9:30: character U+1F4A1 '💡' is not in the fonts`,
		`$E/01-apron.az.md:13:1: subheading 3 is level 2; in the original $E/01-apron.md it is level 3 (line 13)`}},

	// Unicode as a typesetter treats it (class 5, source side).
	{name: "article-decomposed-ok", ok: true},
	{name: "article-layout-chars-ok", ok: true},
	{name: "article-hebrew", want: []string{
		`$E/01-apron.md:5:25: right-to-left text (Hebrew, U+05E9 'ש') cannot be set: the layout sets lines left to right only`}},
	{name: "article-direction-override", want: []string{
		`$E/01-apron.md:5:21: direction control U+202E is not allowed: it would make the text read in another order than it is printed`}},

	// Links the reader can trust (class 13).
	{name: "article-link-schemes", want: []string{
		`$E/01-apron.md:7:9: link to "javascript:alert(1)" is not allowed: a link goes to a web page (https://...), an email address (mailto:...) or an article (#slug)`,
		`$E/01-apron.md:7:53: link to "file:///C:/plans/apron.pdf" is not allowed: a link goes to a web page (https://...), an email address (mailto:...) or an article (#slug)`,
		`$E/01-apron.md:8:2: link to "notes/apron.md" is not allowed: a link goes to a web page (https://...), an email address (mailto:...) or an article (#slug)`,
		`$E/01-apron.md:8:33: link to "data:text/html,hi" is not allowed: a link goes to a web page (https://...), an email address (mailto:...) or an article (#slug)`}},

	// A phone photo stored on its side, with EXIF orientation 6, builds
	// (turned upright by source; TestReadImageOrientation checks how).
	{name: "image-exif-turned-ok", ok: true},
}

// TestCatalogue runs build and validate over every edition of the
// catalogue. A broken edition exits 1 with exactly its problems and leaves
// both its own folder and a previously built out/ byte for byte as they
// were; a valid one builds. No case may reach the "internal error" path:
// that would be a bug, not a message for an editor.
func TestCatalogue(t *testing.T) {
	if len(catCases) < 40 {
		t.Errorf("the catalogue has %d cases; the issue asks for at least 40", len(catCases))
	}
	stored, err := os.ReadDir("testdata/catalogue")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range stored {
		if e.IsDir() && !slices.ContainsFunc(catCases, func(c catCase) bool { return c.name == e.Name() }) {
			t.Errorf("testdata/catalogue/%s is in no case", e.Name())
		}
	}
	for _, tc := range catCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "catalogue", tc.name)
			if tc.gen != nil {
				dir = filepath.Join(t.TempDir(), tc.name)
				tc.gen(t, dir)
			}
			if tc.runs != nil {
				catRunOutput(t, tc, dir)
				return
			}
			out := catOldOutput(t)
			before, src := catSnapshot(t, out), catSnapshot(t, dir)

			for _, cmd := range []string{"validate", "build"} {
				args := []string{cmd, dir}
				if cmd == "build" {
					args = []string{cmd, "--out", out, dir}
				}
				code, stdout, stderr := bulletin(t, args...)
				if strings.Contains(stderr, "internal error") || strings.Contains(stderr, "panic") {
					t.Fatalf("%s reached a bug:\n%s", cmd, stderr)
				}
				if tc.ok {
					if code != 0 {
						t.Fatalf("%s: exit %d, want 0\n%s", cmd, code, stderr)
					}
					continue
				}
				want := strings.ReplaceAll(strings.Join(tc.want, "\n"), "$E", dir) + "\n"
				if code != 1 || stderr != want || stdout != "" {
					t.Errorf("%s: exit %d, want 1\nstderr:\n%s\nwant:\n%s\nstdout:\n%s", cmd, code, stderr, want, stdout)
				}
			}
			if !tc.ok {
				catSame(t, "out", catSnapshot(t, out), before)
			}
			catSame(t, "the edition folder", catSnapshot(t, dir), src)
		})
	}
}

// Long words and URLs break inside the text area instead of running into
// the margin: every piece of text on every page ends at the right margin at
// the latest.
func TestCatalogueLongWordsStayInside(t *testing.T) {
	for _, name := range []string{"long-word-ok", "long-url-ok"} {
		e, err := pipeline.Load(filepath.Join("testdata", "catalogue", name))
		if err != nil {
			t.Fatal(err)
		}
		bk, err := pipeline.Typeset(e, e.Docs[0])
		if err != nil {
			t.Fatal(err)
		}
		right := bk.Width - e.Layout.Margins.Right
		longest := 0.0
		for _, p := range bk.Pages {
			for _, it := range p.Items {
				if tx, ok := it.(book.Text); ok {
					longest = max(longest, tx.W)
					if tx.X+tx.W > right+0.01 {
						t.Errorf("%s: page %d: %q ends at %.1f pt, past the margin at %.1f pt", name, p.Index+1, tx.S, tx.X+tx.W, right)
					}
				}
			}
		}
		t.Logf("%s: longest piece %.1f pt, right margin %.1f", name, longest, right)
		// The word itself must be there, broken: a piece of it is long.
		if longest < (right-e.Layout.Margins.Left)/2 {
			t.Errorf("%s: no long piece of text was set (longest %.1f pt)", name, longest)
		}
	}
}

// Letters typed decomposed (S and a combining cedilla) are set as the
// composed letters the fonts draw, in the title and the text, never as a
// mark of their own on a neighbour.
func TestCatalogueComposedLetters(t *testing.T) {
	e, err := pipeline.Load(filepath.Join("testdata", "catalogue", "article-decomposed-ok"))
	if err != nil {
		t.Fatal(err)
	}
	bk, err := pipeline.Typeset(e, e.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, p := range bk.Pages {
		for _, it := range p.Items {
			if tx, ok := it.(book.Text); ok {
				all.WriteString(tx.S + " ")
			}
		}
	}
	text := all.String()
	for _, want := range []string{"Şəki", "çay", "Gündə"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q is not set composed", want)
		}
	}
	if strings.ContainsAny(text, "\u0327\u0308") {
		t.Errorf("a combining mark is set as a glyph of its own:\n%s", text)
	}
}

// A phone photo stored on its side (EXIF orientation 6) is set upright:
// taller than wide on the page, as photographed.
func TestCataloguePhotoUpright(t *testing.T) {
	e, err := pipeline.Load(filepath.Join("testdata", "catalogue", "image-exif-turned-ok"))
	if err != nil {
		t.Fatal(err)
	}
	bk, err := pipeline.Typeset(e, e.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, p := range bk.Pages {
		for _, it := range p.Items {
			if im, ok := it.(book.Image); ok {
				found++
				if im.H <= im.W || im.PxH <= im.PxW {
					t.Errorf("the photo is set %.0f×%.0f pt (%d×%d px): on its side", im.W, im.H, im.PxW, im.PxH)
				}
			}
		}
	}
	if found != 1 {
		t.Errorf("%d pictures set, want 1", found)
	}
}

// catOldOutput is an output folder as an earlier build left it, so that a
// refused build can be shown to have touched none of it.
func catOldOutput(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	catWrite(t, filepath.Join(out, "2025-01"), "bulletin-2025-01-en.pdf", "%PDF-1.7 the December build, kept\n")
	catWrite(t, filepath.Join(out, "2025-01"), "manifest.json", `{"edition": "2025-01"}`+"\n")
	catWrite(t, out, "notes.txt", "not ours\n")
	return out
}

// catSnapshot reads every file under dir (symlinks as their target name,
// pipes by name only) and keeps its SHA-256, streamed, so that a case with
// a huge sparse file costs no memory.
func catSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			files[path] = "-> " + target
			return err
		case d.Type().IsRegular():
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			h := sha256.New()
			_, err = io.Copy(h, f)
			files[path] = string(h.Sum(nil))
			return err
		case !d.IsDir():
			files[path] = d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func catSame(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for path, data := range want {
		if g, ok := got[path]; !ok {
			t.Errorf("%s: %s was removed", what, path)
		} else if g != data {
			t.Errorf("%s: %s changed", what, path)
		}
	}
	for path := range got {
		if _, ok := want[path]; !ok {
			t.Errorf("%s: %s was written", what, path)
		}
	}
}

func catWrite(t *testing.T, dir, name, text string) {
	t.Helper()
	catMkdir(t, dir)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// catMkfifo makes a named pipe, making its folder first.
func catMkfifo(t *testing.T, path string) {
	t.Helper()
	catMkdir(t, filepath.Dir(path))
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal("cannot make a named pipe:", err)
	}
}

// catSparse makes a file of n bytes that takes no disk.
func catSparse(t *testing.T, path string, n int64) {
	t.Helper()
	catMkdir(t, filepath.Dir(path))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(n); err != nil {
		t.Fatal(err)
	}
}

func catMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func catSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal("cannot make a symlink:", err)
	}
}

// A build stopped by SIGINT or SIGTERM in the middle says so, exits with
// 128 plus the signal's number, leaves no temporary file and keeps the
// previous output as it was. The real binary is run, since the signal
// handling is in its main path.
func TestSignalStopsBuildCleanly(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bulletin")
	if msg, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	// Big enough to take most of a second, within the limits.
	src := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(src, 300, 400); err != nil {
		t.Fatal(err)
	}
	// The signals are timed as fractions of a whole build on this machine,
	// so that the test holds as the program gets faster.
	start := time.Now()
	if msg, err := exec.Command(bin, "build", "--out", t.TempDir(), src).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, msg)
	}
	whole := time.Since(start)
	for _, tc := range []struct {
		sig   syscall.Signal
		name  string
		code  int
		delay time.Duration // early in the build; halfway through
	}{
		{syscall.SIGTERM, "SIGTERM", 143, whole / 10},
		{syscall.SIGINT, "SIGINT", 130, whole / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			catWrite(t, filepath.Join(out, "2030-06"), "bulletin-2030-06-en.pdf", "%PDF-1.7 the May build\n")
			catWrite(t, filepath.Join(out, "2030-06"), "manifest.json", `{"edition": "2030-06"}`+"\n")
			before := catSnapshot(t, out)
			// Later if the machine is so busy that the process had not yet
			// installed its handler.
			for delay := tc.delay; ; delay *= 2 {
				cmd := exec.Command(bin, "build", "--out", out, src)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(delay)
				cmd.Process.Signal(tc.sig)
				err := cmd.Wait()
				ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
				if ws.Signaled() && delay < whole {
					continue // killed before the handler was in place
				}
				if err == nil {
					t.Fatalf("the build finished within %v; make the edition bigger", delay)
				}
				if code := cmd.ProcessState.ExitCode(); code != tc.code {
					t.Fatalf("exit %d (%v), want %d\n%s", code, err, tc.code, stderr.String())
				}
				want := "bulletin: interrupted by " + tc.name + ": stopped before writing " +
					filepath.Join(out, "2030-06") + ", which keeps the files of the previous build\n"
				if stderr.String() != want {
					t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
				}
				break
			}
			catSame(t, "out", catSnapshot(t, out), before)
		})
	}
}

// A panic is a bug, never the editor's fault: the command says "internal
// error", keeps the stack for the report and exits 2. Here the panic comes
// from the writer the command prints to.
func TestPanicIsAnInternalError(t *testing.T) {
	var stderr bytes.Buffer
	code := run([]string{"bulletin", "validate", "testdata/catalogue/article-bom-ok"}, catPanicWriter{}, &stderr)
	if code != 2 || !strings.HasPrefix(stderr.String(), "bulletin: internal error: the terminal is gone\n") ||
		!strings.Contains(stderr.String(), "catalogue_test.go") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
}

type catPanicWriter struct{}

func (catPanicWriter) Write([]byte) (int, error) { panic("the terminal is gone") }

// A build whose context is done before it starts writes nothing and says
// which folder it did not write.
func TestStoppedBuildWritesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := catOldOutput(t)
	before := catSnapshot(t, out)
	res, err := pipeline.Build([]string{"testdata/catalogue/article-bom-ok"}, pipeline.Options{Out: out, Context: ctx})
	if !errors.Is(err, pipeline.ErrStopped) || len(res) != 0 {
		t.Fatalf("got %v, %v; want ErrStopped and nothing built", res, err)
	}
	if want := "stopped before writing " + filepath.Join(out, "2025-01"); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	catSame(t, "out", catSnapshot(t, out), before)
}

package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"bulletin/pipeline/lang"
)

// blanks are runs of white space, the no-break space included (RE2's \s
// is ASCII only).
var blanks = regexp.MustCompile(`[\s\x{00a0}]+`)

// headingPage is the page (from 1) on which heading is printed after the
// contents, or 0 when it is printed on none or on several.
func headingPage(flat []string, heading string) int {
	page := 0
	for p := 1; p < len(flat); p++ {
		if strings.Contains(flat[p], heading) {
			if page != 0 {
				return 0
			}
			page = p + 1
		}
	}
	return page
}

// The combined edition, read back with PDFium as a reader sees it: the
// contents give each language's article its own page, every number right;
// a cross-reference in an Azerbaijani paragraph reads "bax I, səh. N" with
// N the page of the Azerbaijani article, and in English "see I, p. N" with
// the English one's; each half says its language under the title; the
// route map, shown by both halves, is printed once with both captions
// (issue #15).
func TestCombinedEditionPages(t *testing.T) {
	out := t.TempDir()
	if code, stdout, stderr := bulletin(t, "build", "--out", out, "../../input/2025-01"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	titles := articleTitles(t, "../../input/2025-01")
	both := readPDF(t, filepath.Join(out, "2025-01", "bulletin-2025-01-en-az.pdf"))
	flat := make([]string, len(both.Pages))
	for i, p := range both.Pages {
		flat[i] = blanks.ReplaceAllString(p, " ")
	}
	checkContents(t, both, titles["en"])

	// Each translation's line of the contents ends with its own page.
	var lines []string
	for _, ln := range strings.Split(strings.ReplaceAll(both.Pages[0], "\r\n", "\n"), "\n") {
		lines = append(lines, strings.TrimSpace(blanks.ReplaceAllString(ln, " ")))
	}
	trailing := regexp.MustCompile(`[ .]*\s(\d+)$`)
	for i, tr := range titles["az"] {
		want := headingPage(flat, lang.Roman(i+1)+". "+tr)
		if want == 0 {
			t.Errorf("%q is not printed once after the contents", tr)
			continue
		}
		got := -1
		for _, ln := range lines {
			if rest, ok := strings.CutPrefix(ln, tr); ok {
				if m := trailing.FindStringSubmatch(rest); m != nil {
					got, _ = strconv.Atoi(m[1])
				}
			}
		}
		if got != want {
			t.Errorf("contents give %q page %d; it is printed on page %d", tr, got, want)
		}
	}

	// The sample's article VI points to article I in both languages.
	for _, c := range []struct{ text, title string }{
		{"(see I, p. ", titles["en"][0]},
		{"(bax I, səh. ", titles["az"][0]},
	} {
		want := headingPage(flat, "I. "+c.title)
		ref := regexp.MustCompile(regexp.QuoteMeta(c.text) + `(\d+)\)`)
		var found []string
		for _, p := range flat {
			for _, m := range ref.FindAllStringSubmatch(p, -1) {
				found = append(found, m[1])
			}
		}
		if len(found) != 1 || found[0] != strconv.Itoa(want) {
			t.Errorf("%q is followed by pages %q; the article is printed on page %d", c.text, found, want)
		}
	}

	// One mark a half, under each title.
	for _, m := range []struct {
		mark   string
		titles []string
	}{{"I. %s IN ENGLISH", titles["en"]}, {"I. %s AZƏRBAYCAN DİLİNDƏ", titles["az"]}} {
		for i, title := range m.titles {
			heading := strings.Replace(m.mark, "I. %s", lang.Roman(i+1)+". "+title, 1)
			if headingPage(flat, heading) == 0 {
				t.Errorf("%q is not printed once", heading)
			}
		}
	}

	// The map: one caption in each language, on one page, the English first.
	var pages []int
	for p, text := range flat {
		en, az := strings.Count(text, "Figure 1. "), strings.Count(text, "Şəkil 1. ")
		if en+az == 0 {
			continue
		}
		if en != 1 || az != 1 || strings.Index(text, "Figure 1. ") > strings.Index(text, "Şəkil 1. ") {
			t.Errorf("page %d has %d English and %d Azerbaijani captions of figure 1", p+1, en, az)
		}
		pages = append(pages, p+1)
	}
	if len(pages) != 1 {
		t.Errorf("figure 1 is captioned on pages %v, want one page", pages)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"bulletin/internal/pdfread"
	"bulletin/internal/testedition"
	"bulletin/pipeline"
	"bulletin/pipeline/book"
	"bulletin/pipeline/lang"
	"bulletin/pipeline/render"
)

// bulletin runs the command as a user would and returns its exit status and
// output.
func bulletin(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	checkFonts := fontsOfBuild(t, args) // fonts_test.go
	code := run(append([]string{"bulletin"}, args...), &out, &errb)
	checkFonts(code)
	return code, out.String(), errb.String()
}

// readPDF reads a written file back with PDFium.
func readPDF(t *testing.T, path string) *pdfread.Doc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := pdfread.Read(data)
	if err != nil {
		t.Fatalf("PDFium cannot read %s: %v", path, err)
	}
	return d
}

// entry is one line of the contents as a reader sees it.
type entry struct {
	numeral, title string
	page           int
}

var (
	entryStart = regexp.MustCompile(`^([IVXLCDM]+)\.\s+(.*)$`)
	entryEnd   = regexp.MustCompile(`^(.*?)[\s.]*\s\.\s*(\d+)$`)
	spaces     = regexp.MustCompile(`\s+`)
)

// contents parses the table of contents from the extracted text of the
// first pages: an entry starts with its numeral and ends with dot leaders
// and a page number, possibly several lines later. The contents end with
// the first page on which no entry ends.
func contents(t *testing.T, d *pdfread.Doc) (entries []entry, pages int) {
	t.Helper()
	var cur *entry
	for p, text := range d.Pages {
		found := false
		for _, ln := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
			ln = strings.TrimSpace(ln)
			if m := entryStart.FindStringSubmatch(ln); m != nil && cur == nil {
				cur = &entry{numeral: m[1]}
				ln = m[2]
			}
			if cur == nil {
				continue
			}
			if m := entryEnd.FindStringSubmatch(ln); m != nil {
				cur.title = strings.TrimSpace(cur.title + " " + m[1])
				cur.page, _ = strconv.Atoi(m[2])
				entries = append(entries, *cur)
				cur = nil
				found = true
				continue
			}
			cur.title = strings.TrimSpace(cur.title + " " + ln)
		}
		if !found {
			break
		}
		pages = p + 1
	}
	return entries, pages
}

// checkContents asserts what a reader checks by hand: the contents lists
// every article in order with its numeral and title, and each number is the
// page on which that article's heading is printed, and no other.
func checkContents(t *testing.T, d *pdfread.Doc, titles []string) {
	t.Helper()
	entries, tocPages := contents(t, d)
	if len(entries) != len(titles) {
		t.Fatalf("contents has %d entries, want %d: %+v", len(entries), len(titles), entries)
	}
	flat := make([]string, len(d.Pages))
	for i, p := range d.Pages {
		flat[i] = spaces.ReplaceAllString(p, " ")
	}
	top := topBookmarks(d)
	for i, e := range entries {
		numeral := lang.Roman(i + 1)
		if e.numeral != numeral || e.title != titles[i] {
			t.Errorf("entry %d = %s. %q, want %s. %q", i+1, e.numeral, e.title, numeral, titles[i])
		}
		heading := numeral + ". " + titles[i]
		var on []int
		for p := tocPages; p < len(flat); p++ {
			if strings.Contains(flat[p], heading) {
				on = append(on, p+1)
			}
		}
		if len(on) != 1 || on[0] != e.page {
			t.Errorf("contents says %q is on page %d; the heading is printed on pages %v", heading, e.page, on)
		}
		if i < len(top) && (top[i].Page+1 != e.page || top[i].Title != heading) {
			t.Errorf("bookmark %q opens page %d; contents: %q on page %d", top[i].Title, top[i].Page+1, heading, e.page)
		}
	}
	if len(top) != len(titles) {
		t.Errorf("outline has %d top entries, want one per article (%d)", len(top), len(titles))
	}
}

// topBookmarks are the outline entries of the articles themselves.
func topBookmarks(d *pdfread.Doc) []pdfread.Bookmark {
	var top []pdfread.Bookmark
	for _, b := range d.Bookmarks {
		if b.Level == 0 {
			top = append(top, b)
		}
	}
	return top
}

// articleTitles returns the titles of each document of an edition, by
// language ("en", "az", "en-az").
func articleTitles(t *testing.T, dir string) map[string][]string {
	t.Helper()
	e, err := pipeline.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, d := range e.Docs {
		key := d.Lang
		if d.Combined {
			key = "en-az"
		}
		for _, a := range d.Articles {
			out[key] = append(out[key], a.Title)
		}
	}
	return out
}

func TestBuildSample(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := bulletin(t, "build", "--out", out, "../../input/2025-01")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	d := readPDF(t, filepath.Join(out, "2025-01", "bulletin-2025-01-en.pdf"))

	frontPage(t, d, "JANUARY-2025", "BULLETIN", "HIGHLIGHT OF THE FOREIGN POLICY OF REPUBLIC OF AZERBAIJAN", "Table of contents")
	titles := articleTitles(t, "../../input/2025-01")
	checkContents(t, d, titles["en"])

	// One column of about 66 characters (issue #15): about twelve pages.
	if n := len(d.Pages); n < 9 || n > 15 {
		t.Errorf("sample runs to %d pages, want about twelve", n)
	}
	for i, p := range d.Pages {
		if !strings.Contains(p, "AIR Center · Bulletin · January 2025") || !strings.HasSuffix(strings.TrimSpace(p), strconv.Itoa(i+1)) {
			t.Errorf("page %d has no footer with its number", i+1)
		}
	}
	if len(d.Fonts) == 0 {
		t.Fatal("no fonts found")
	}
	for _, f := range d.Fonts {
		if !f.Embedded {
			t.Errorf("font %s is not embedded", f.Name)
		}
	}
	for k, want := range map[string]string{
		"Title":   "Center of Analysis of International Relations — Bulletin, January 2025",
		"Author":  "Center of Analysis of International Relations",
		"Subject": "Highlight of the foreign policy of Republic of Azerbaijan",
	} {
		if d.Meta[k] != want {
			t.Errorf("metadata %s = %q, want %q", k, d.Meta[k], want)
		}
	}
	if d.Lang != "en" {
		t.Errorf("document language = %q, want en", d.Lang)
	}
	// Azerbaijani letters in the body extract as themselves.
	all := strings.Join(d.Pages, "\n")
	for _, w := range []string{"Şuşa", "Gəncə", "Ağdam", "Xankəndi"} {
		if !strings.Contains(all, w) {
			t.Errorf("the text never extracts %q", w)
		}
	}
}

// frontPage checks that page 1 holds, each on a line of its own, the
// bilingual masthead (the same in every edition) and the given lines.
func frontPage(t *testing.T, d *pdfread.Doc, lines ...string) {
	t.Helper()
	first := strings.Split(strings.ReplaceAll(d.Pages[0], "\r\n", "\n"), "\n")
	masthead := []string{"CENTER OF ANALYSIS OF INTERNATIONAL RELATIONS", "BEYNƏLXALQ MÜNASİBƏTLƏRİN TƏHLİLİ MƏRKƏZİ"}
	for _, want := range append(masthead, lines...) {
		if !containsLine(first, want) {
			t.Errorf("page 1 has no line %q; it reads:\n%s", want, d.Pages[0])
		}
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) == want {
			return true
		}
	}
	return false
}

// Sixty articles fill more than one page of contents; the numbers must
// still be the pages the headings land on.
func TestBuildSixtyArticles(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(src, 60, 120); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if code, _, stderr := bulletin(t, "build", "--out", out, src); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	d := readPDF(t, filepath.Join(out, "2030-06", "bulletin-2030-06-en.pdf"))
	if _, pages := contents(t, d); pages < 2 {
		t.Errorf("contents of 60 articles fills %d page, want more than one", pages)
	}
	var titles []string
	for i := 1; i <= 60; i++ {
		titles = append(titles, testedition.Title(i))
	}
	checkContents(t, d, titles)
}

func TestInvalidEditionWritesNothing(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"edition.yaml":   "edition: 2025-13\nsubtitel: x\n",
		"01-one.md":      "---\ntitle: One\n---\n\nText with a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"02-two.md":      "---\ntitle: Two\n---\n\nAn emoji 😀 here.\n",
		"03-no-title.md": "no front matter\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := bulletin(t, "build", "--out", out, src)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	pos := regexp.MustCompile(`^` + regexp.QuoteMeta(src) + `/[^:]+:\d+(:\d+)?: \S`)
	for _, l := range lines {
		if !pos.MatchString(l) {
			t.Errorf("diagnostic %q is not path:line:col: message", l)
		}
	}
	if len(lines) < 2 {
		t.Errorf("want every problem listed at once, got:\n%s", stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an invalid edition wrote %s", out)
	}
}

func TestValidateAndUsage(t *testing.T) {
	if code, stdout, stderr := bulletin(t, "validate", "../../input/2025-01"); code != 0 || !strings.Contains(stdout, "ok (6 articles)") {
		t.Errorf("validate sample: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, _ := bulletin(t, "build", "--no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, _, _ := bulletin(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

// Two builds of the same sources give the same bytes, and so do two
// releases (with a fixed release time).
func TestBuildIsDeterministic(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1735689600")
	for _, tc := range []struct {
		cmd   string
		files int // the sample's PDFs and manifest.json
	}{{"build", 7}, {"release", 10}} {
		var got [2]map[string][]byte
		for i := range got {
			out := t.TempDir()
			if code, _, stderr := bulletin(t, tc.cmd, "--out", out, "../../input/2025-01"); code != 0 {
				t.Fatal(stderr)
			}
			got[i] = readOutput(t, filepath.Join(out, "2025-01"), tc.files)
		}
		sameOutput(t, "first "+tc.cmd, got[0], "second "+tc.cmd, got[1])
	}
}

// readOutput reads every file of an edition's output folder, which must
// hold want files. A file that cannot be read fails the test, so that two
// missing files never compare equal.
func readOutput(t *testing.T, dir string, want int) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	if len(files) != want {
		t.Fatalf("%s holds %d files, want %d: the PDFs of the sample and manifest.json", dir, len(files), want)
	}
	return files
}

// sameOutput fails the test for each file that is not byte for byte the
// same in a and b, or is in one of them only.
func sameOutput(t *testing.T, aName string, a map[string][]byte, bName string, b map[string][]byte) {
	t.Helper()
	for name, data := range a {
		other, ok := b[name]
		switch {
		case !ok:
			t.Errorf("%s is in the %s only", name, aName)
		case !bytes.Equal(data, other):
			t.Errorf("%s differs: %d bytes in the %s, %d in the %s", name, len(data), aName, len(other), bName)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s is in the %s only", name, bName)
		}
	}
}

// The Azerbaijani edition prints every label in Azerbaijani with
// Azerbaijani upper case, keeps the bilingual masthead, and its contents
// numbers are right too; the combined edition lists both titles.
func TestBuildSampleBilingual(t *testing.T) {
	out := t.TempDir()
	if code, stdout, stderr := bulletin(t, "build", "--out", out, "../../input/2025-01"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	titles := articleTitles(t, "../../input/2025-01")

	az := readPDF(t, filepath.Join(out, "2025-01", "bulletin-2025-01-az.pdf"))
	frontPage(t, az, "YANVAR-2025", "BÜLLETEN", "AZƏRBAYCAN RESPUBLİKASININ XARİCİ SİYASƏTİNİN ƏSAS MƏQAMLARI", "Mündəricat")
	if strings.Contains(az.Pages[0], "RESPUBLIKASININ") {
		t.Error("az upper case used I for i")
	}
	if !strings.Contains(az.Pages[1], "AIR Center · Bülleten · Yanvar 2025") {
		t.Errorf("az footer is not in Azerbaijani:\n%s", az.Pages[1])
	}
	if az.Lang != "az" {
		t.Errorf("az document language = %q", az.Lang)
	}
	checkContents(t, az, titles["az"])

	both := readPDF(t, filepath.Join(out, "2025-01", "bulletin-2025-01-en-az.pdf"))
	checkContents(t, both, titles["en"])
	front := spaces.ReplaceAllString(both.Pages[0], " ")
	for i, tr := range titles["az"] {
		if !strings.Contains(front, tr) {
			t.Errorf("combined contents lack the Azerbaijani title %q", tr)
		}
		// The translation follows its original under the same numeral.
		heading := lang.Roman(i+1) + ". " + tr
		found := false
		for _, p := range both.Pages[1:] {
			found = found || strings.Contains(spaces.ReplaceAllString(p, " "), heading)
		}
		if !found {
			t.Errorf("combined edition never prints %q", heading)
		}
	}
	var subs int
	for _, b := range both.Bookmarks {
		if b.Level == 1 {
			subs++
		}
	}
	if subs != len(titles["az"]) {
		t.Errorf("combined outline has %d Azerbaijani titles, want %d", subs, len(titles["az"]))
	}
}

// A word hyphenated at a line end must still read as one word to a reader
// that searches or copies: PDFium joins the two halves (marking the break
// with U+0002, its soft-hyphen sign), and readers that honour /ActualText,
// such as poppler and Acrobat, get the whole word from it.
func TestHyphenatedWordsExtractWhole(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := bulletin(t, "build", "--out", out, "../../input/2025-01"); code != 0 {
		t.Fatal(stderr)
	}
	e, err := pipeline.Load("../../input/2025-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range e.Docs {
		bk, err := pipeline.Typeset(e, d)
		if err != nil {
			t.Fatal(err)
		}
		pdf := readPDF(t, filepath.Join(out, "2025-01", pipeline.FileName(d, render.Screen)))
		broken := 0
		for _, pg := range bk.Pages {
			text := strings.ReplaceAll(pdf.Pages[pg.Index], "\x02", "")
			for _, it := range pg.Items {
				tx, ok := it.(book.Text)
				if !ok || tx.ActualText == "" || tx.ActualText == " " {
					continue
				}
				broken++
				word := strings.Trim(tx.ActualText, ".,;:“”‘’()")
				if !strings.Contains(text, word) {
					t.Errorf("%s page %d: hyphenated %q does not extract whole", pipeline.FileName(d, render.Screen), pg.Index+1, word)
				}
			}
		}
		if broken == 0 {
			t.Errorf("%s: no word is hyphenated; the test checks nothing", pipeline.FileName(d, render.Screen))
		}
	}
}

package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"bulletin/internal/pdfread"
	"bulletin/internal/tagcheck"
	"bulletin/internal/testedition"
	"bulletin/pipeline/render"
)

// The sample's structure tree, as pdfcpu reads it back from the screen file
// of each document, with the text of each element as PDFium reads its
// marked content, matches its golden dump (role, language, alt text, TH
// scope, text cut at 100 characters): the screen reader's view. The whole
// text is compared with poppler's (treeReadsEveryWord). Every written
// file passes tagcheck, which bulletin() runs on it (fonts_test.go).
func TestTaggedStructureGolden(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := bulletin(t, "build", "--out", out, "--variant", "screen", "../../input/2025-01"); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr)
	}
	for _, doc := range []string{"en", "az", "en-az"} {
		path := filepath.Join(out, "2025-01", "bulletin-2025-01-"+doc+".pdf")
		root, other := readTree(t, path)
		treeReadsEveryWord(t, path, root, other)
		golden := filepath.Join("testdata", "tagged", doc+".golden")
		got := root.Dump(100)
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s: the structure tree differs from %s (go test -run TestTaggedStructureGolden -update)\n%s", doc, golden, got)
		}
	}
}

// readTree checks the tagging of the PDF at path and returns its tree,
// each element's Text read by PDFium, and the text drawn outside every
// element (the artifacts).
func readTree(t *testing.T, path string) (*tagcheck.Node, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	root, err := tagcheck.Check(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	marked, err := pdfread.MarkedText(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	root.ReadText(func(pg, mcid int) (string, bool) {
		return marked[pg].MCID[mcid], marked[pg].Line[mcid]
	})
	var other strings.Builder
	for _, m := range marked {
		other.WriteString(m.Other + "\n")
	}
	return root, other.String()
}

// treeReadsEveryWord compares the whole text of the tree, with the
// artifacts' text, with what poppler (pdftotext -raw, a reader of its own)
// extracts from the file: the same words as often, so that no word is lost
// to the tree or read twice. The order is not compared here: a footnote
// is drawn at the page's foot and read after its paragraph; the golden
// dump shows the order.
func treeReadsEveryWord(t *testing.T, path string, root *tagcheck.Node, other string) {
	t.Helper()
	raw, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils, make test-tools installs it): %v", err)
	}
	count := map[string]int{}
	for _, w := range strings.Fields(string(raw)) {
		count[w]++
	}
	for _, w := range strings.Fields(root.Text + " " + other) {
		count[w]--
	}
	var diff []string
	for w, n := range count {
		if n != 0 {
			diff = append(diff, fmt.Sprintf("%q %+d", w, n))
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("%s: words poppler reads more (+) or fewer (-) times than the tree and the artifacts hold:\n%s", filepath.Base(path), strings.Join(diff, "\n"))
	}
}

// Read in content order (pdftotext -raw, poppler), each article heading
// reads numeral first, "I. Title", in the contents and on its page.
func TestHeadingsReadNumeralFirst(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := bulletin(t, "build", "--out", out, "--variant", "screen", "../../input/2025-01"); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr)
	}
	text, err := exec.Command("pdftotext", "-raw", filepath.Join(out, "2025-01", "bulletin-2025-01-en.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils, make test-tools installs it): %v", err)
	}
	for _, title := range []string{"The Middle Corridor Enters a Decisive Year", "Assessing the Peace Process with Armenia as a New Year Begins"} {
		// A page starts with a form feed; a long title wraps.
		words := strings.Fields(regexp.QuoteMeta(title))
		re := regexp.MustCompile(`(?m)^\f?[IVX]+\. ` + strings.Join(words, `\s+`))
		if n := len(re.FindAll(text, -1)); n != 2 {
			t.Errorf("%q read numeral first %d times, want 2 (contents and heading)", title, n)
		}
		if strings.Contains(string(text), title+" I.") || strings.Contains(string(text), title+"\nI.") {
			t.Errorf("%q is read before its numeral", title)
		}
	}
}

var structObject = regexp.MustCompile(`(?sm)^\d+ 0 obj\n<</(?:Type /StructElem|Type /StructTreeRoot|Nums) .*?endobj\n`)

// structureBytes is the size of the structure tree's objects in pdf, as
// finish writes them (plain, one object each).
func structureBytes(pdf []byte) int {
	n := 0
	for _, m := range structObject.FindAll(pdf, -1) {
		n += len(m) + 20 // and its cross-reference entry
	}
	return n
}

// Each link of the sample is one annotation that says where it goes, as
// PDFium reads it: the English file's six web links are six annotations
// (each word of a link was one before: 30), and each of the six contents
// entries one "Go to" with its title and page. Every written file passes
// tagcheck (bulletin()), so each annotation keeps its structure parent.
func TestOneAnnotationPerLinkInSample(t *testing.T) {
	dir := buildSample(t, sample, "--variant", "screen")
	d := readPDF(t, filepath.Join(dir, "bulletin-2025-01-en.pdf"))
	web, toc := 0, 0
	for _, a := range d.Annots {
		switch {
		case !a.Link || len(a.Quads) == 0:
			t.Errorf("page %d: annotation %+v is not a link with /QuadPoints", a.Page+1, a)
		case strings.HasPrefix(a.Contents, "Link to https://example.org/cair/"):
			web++
		case regexp.MustCompile(`^Go to [IVX]+\. .+, page \d+$`).MatchString(a.Contents):
			toc++
		default:
			t.Errorf("page %d: link annotation says %q", a.Page+1, a.Contents)
		}
	}
	if web != 6 || toc != 6 {
		t.Errorf("%d web link annotations and %d contents links, want 6 and 6", web, toc)
	}
	if want := "Go to I. The Middle Corridor Enters a Decisive Year, page 2"; len(d.Annots) == 0 || d.Annots[0].Contents != want {
		t.Errorf("the first link annotation of %d does not say %q", len(d.Annots), want)
	}
}

// Every file of every variant claims PDF/UA-1 in its XMP, as pdfcpu reads
// it back, and lists the languages of its articles: the combined file
// both, the others their own (the other language of the masthead's line
// does not count).
func TestEveryFileClaimsPDFUA(t *testing.T) {
	dir := releaseSample(t, sample)
	for _, lang := range docs {
		for _, v := range render.Variants {
			name := variantName(lang, v)
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			s, err := pdfread.Inspect(data)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var x xmpMeta
			if err := xml.Unmarshal(s.XMP, &x); err != nil {
				t.Fatalf("%s: XMP does not parse: %v\n%s", name, err, s.XMP)
			}
			langs, want := strings.Join(x.Desc.Language, " "), strings.ReplaceAll(lang, "-", " ")
			if x.Desc.UAPart != "1" || langs != want {
				t.Errorf("%s: pdfuaid:part %q, dc:language %q; want 1 and %q", name, x.Desc.UAPart, langs, want)
			}
		}
	}
}

// A footnote is read after the block that calls it (#13): the paragraph,
// with the Reference at the call inside it and the words after the call,
// then the Note; a note called from a list item follows that item's
// paragraph. Not the note at the call, mid-paragraph, nor at the page's
// end after later paragraphs.
func TestFootnoteReadAfterItsParagraph(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2031-03")
	files := map[string]string{
		"edition.yaml": "edition: 2031-03\nlanguages: [en]\n",
		"01-notes.md": "---\ntitle: Harbour Notes\n---\n\n" +
			"The ferry left the quay at dawn[^early] and the crossing took most of the day.\n\n" +
			"A second paragraph follows the first one.\n\n" +
			"- cranes were idle\n- a berth stood empty[^berth] all week\n\n" +
			"The last paragraph ends here.\n\n" +
			"[^early]: Earlier than the timetable said.\n" +
			"[^berth]: The harbour master gave no reason.\n",
	}
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := buildSample(t, src, "--variant", "screen")
	root, _ := readTree(t, filepath.Join(dir, "bulletin-2031-03-en.pdf"))
	var sect *tagcheck.Node
	root.Walk(func(n *tagcheck.Node) {
		if n.Role == "Sect" {
			sect = n
		}
	})
	if sect == nil {
		t.Fatalf("no Sect in\n%s", root.Dump(0))
	}
	want := `Sect
  H1: I. Harbour Notes
  P: The ferry left the quay at dawn1 and the crossing took most of the day.
    Reference: 1
  Note
    Lbl: 1
    P: Earlier than the timetable said.
  P: A second paragraph follows the first one.
  L
    LI
      Lbl: •
      LBody
        P: cranes were idle
    LI
      Lbl: •
      LBody
        P: a berth stood empty2 all week
          Reference: 2
        Note
          Lbl: 2
          P: The harbour master gave no reason.
  P: The last paragraph ends here.
`
	if got := sect.Dump(0); got != want {
		t.Errorf("the article reads\n%s\nwant\n%s", got, want)
	}
}

// Every file of a 60-article edition, all three variants (release writes
// the archive), is tagged and passes the checker; bulletin() runs it on
// each file too, and this test says so itself.
func TestSixtyArticlesAreTagged(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(src, 60, 120); err != nil {
		t.Fatal(err)
	}
	dir := releaseSample(t, src)
	pdfs, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(pdfs) != 3 {
		t.Fatalf("%d files written, want 3: %v", len(pdfs), pdfs)
	}
	for _, path := range pdfs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		root, err := tagcheck.Check(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		sects := 0
		root.Walk(func(n *tagcheck.Node) {
			if n.Role == "Sect" {
				sects++
			}
		})
		if sects != 60 {
			t.Errorf("%s: %d articles in the structure tree, want 60", filepath.Base(path), sects)
		}
	}
}

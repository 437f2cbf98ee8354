package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/internal/pdfread"
	"bulletin/pipeline"
	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
	"bulletin/pipeline/source"
)

const sample = "../../input/2025-01"

// docs are the documents of the sample, by the language part of the name.
var docs = []string{"en", "az", "en-az"}

// variantName is a file of the sample: bulletin-2025-01-en-print.pdf.
func variantName(lang string, v render.Variant) string {
	return "bulletin-2025-01-" + lang + v.Suffix() + ".pdf"
}

// buildSample builds the sample (or another edition folder) into a fresh
// folder and returns the edition's output folder.
func buildSample(t *testing.T, src string, args ...string) string {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := bulletin(t, append(append([]string{"build", "--out", out}, args...), src)...)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	return filepath.Join(out, filepath.Base(src))
}

// releaseSample releases the sample (or another edition folder) into a
// fresh folder: every variant, the archive file included, as an editor
// gets them from "bulletin release".
func releaseSample(t *testing.T, src string) string {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := bulletin(t, "release", "--out", out, src)
	if code != 0 {
		t.Fatalf("release: exit %d\n%s%s", code, stdout, stderr)
	}
	return filepath.Join(out, filepath.Base(src))
}

// snapshot is every file of a folder, by name.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

func sameFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s is gone", what, name)
		} else if !bytes.Equal(g, w) {
			t.Errorf("%s: %s changed (%d bytes, was %d)", what, name, len(g), len(w))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s appeared", what, name)
		}
	}
}

// copyDir copies an edition folder, so a test can change its sources.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// Every file of every document opens in two independent readers, strictly
// validated, with a sound cross-reference table, the same text in every
// variant, every font embedded, and the page count manifest.json records.
func TestEveryVariantOpensCleanly(t *testing.T) {
	dir := releaseSample(t, sample)
	m, err := publish.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != len(docs)*len(render.Variants) {
		t.Errorf("manifest lists %d files, want %d", len(m.Files), len(docs)*len(render.Variants))
	}
	qpdf, _ := exec.LookPath("qpdf")
	for _, lang := range docs {
		var screenText []string
		for _, v := range []render.Variant{render.Screen, render.Print, render.Archive} {
			name := variantName(lang, v)
			path := filepath.Join(dir, name)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := pdfread.CheckXref(data); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if err := pdfread.Validate(data); err != nil {
				t.Errorf("%s: pdfcpu (strict): %v", name, err)
			}
			if qpdf != "" { // an extra, independent check where qpdf is installed
				if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
					t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
				}
			}
			d := readPDF(t, path)
			for _, f := range d.Fonts {
				if !f.Embedded {
					t.Errorf("%s: font %s is not embedded", name, f.Name)
				}
			}
			e, ok := manifestEntry(m, name)
			if !ok || e.Pages != len(d.Pages) || e.Lang != lang || e.Variant != v.String() || e.Bytes != int64(len(data)) || e.SHA256 != sha(data) {
				t.Errorf("%s: manifest entry %+v; the file has %d pages, %d bytes", name, e, len(d.Pages), len(data))
			}
			if v == render.Screen {
				screenText = d.Pages
			} else if !slices.Equal(d.Pages, screenText) {
				t.Errorf("%s: the text differs from the screen file's", name)
			}
		}
	}
}

func manifestEntry(m *publish.Manifest, name string) (publish.Entry, bool) {
	for _, e := range m.Files {
		if e.Name == name {
			return e, true
		}
	}
	return publish.Entry{}, false
}

func sha(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// ink is a pixel of the crop marks' registration colour: neutral and dark
// (anti-aliased greys included), unlike white paper and the navy band.
func ink(img *image.RGBA, x, y int) bool {
	c := img.RGBAAt(x, y)
	hi := max(c.R, c.G, c.B)
	lo := min(c.R, c.G, c.B)
	return hi < 230 && hi-lo < 16
}

// The print file: TrimBox is the A4 page, BleedBox 3 mm around it, the
// MediaBox holds the marks. Rendered, the marks sit at the four corners on
// the lines of the trim, outside the BleedBox; nothing of them is inside
// the trim or the bleed; and the masthead band runs into the bleed.
func TestPrintFileBoxesAndMarks(t *testing.T) {
	dir := buildSample(t, sample, "--variant", "print")
	path := filepath.Join(dir, "bulletin-2025-01-en-print.pdf")
	d := readPDF(t, path)
	const w, h = 595.28, 841.89 // A4, the layout's page
	for i, b := range d.Boxes {
		tr, bl, me := b.Trim, b.Bleed, b.Media
		if !b.HasTrim || !b.HasBleed {
			t.Fatalf("page %d has no TrimBox or BleedBox: %+v", i+1, b)
		}
		if !near(tr.Right-tr.Left, w) || !near(tr.Top-tr.Bottom, h) {
			t.Errorf("page %d: TrimBox %+v is not A4", i+1, tr)
		}
		if !near(tr.Left-bl.Left, render.Bleed) || !near(bl.Right-tr.Right, render.Bleed) ||
			!near(tr.Bottom-bl.Bottom, render.Bleed) || !near(bl.Top-tr.Top, render.Bleed) || !near(render.Bleed, 8.504) {
			t.Errorf("page %d: BleedBox %+v is not the trim %+v + 3 mm", i+1, bl, tr)
		}
		room := render.Bleed + render.MarkGap + render.MarkLength
		if me.Left > tr.Left-room || me.Bottom > tr.Bottom-room || me.Right < tr.Right+room || me.Top < tr.Top+room {
			t.Errorf("page %d: MediaBox %+v has no room for the marks", i+1, me)
		}
	}
	data, _ := os.ReadFile(path)
	const dpi = 144
	img, err := pdfread.Render(data, 0, dpi)
	if err != nil {
		t.Fatal(err)
	}
	b := d.Boxes[0]
	sheetH := b.Media.Top - b.Media.Bottom
	// px converts a point of PDF space (origin bottom left) to a pixel.
	px := func(x, y float64) (int, int) {
		return int(x * dpi / 72), int((sheetH - y) * dpi / 72)
	}
	inBox := func(x, y float64, bx pdfread.Box) bool {
		return x >= bx.Left && x <= bx.Right && y >= bx.Bottom && y <= bx.Top
	}
	// No mark anywhere inside the BleedBox, except the page's own content
	// inside the trim away from the corners (text is dark and neutral too).
	const corner = 40.0 // points: the trim's corners, free of content
	bounds := img.Bounds()
	for yy := bounds.Min.Y; yy < bounds.Max.Y; yy++ {
		for xx := bounds.Min.X; xx < bounds.Max.X; xx++ {
			x, y := float64(xx)*72/dpi, sheetH-float64(yy)*72/dpi
			if !inBox(x, y, b.Bleed) || !ink(img, xx, yy) {
				continue
			}
			nearCorner := (x < b.Trim.Left+corner || x > b.Trim.Right-corner) && (y < b.Trim.Bottom+corner || y > b.Trim.Top-corner)
			if !inBox(x, y, b.Trim) || nearCorner {
				t.Fatalf("mark ink at (%.1f, %.1f) pt, inside the BleedBox %+v", x, y, b.Bleed)
			}
		}
	}
	// Each corner has its two marks on the trim lines, outside the bleed.
	mid := render.Bleed + render.MarkGap + render.MarkLength/2
	for _, c := range []struct{ x, y, dx, dy float64 }{
		{b.Trim.Left, b.Trim.Top, -1, 1}, {b.Trim.Right, b.Trim.Top, 1, 1},
		{b.Trim.Left, b.Trim.Bottom, -1, -1}, {b.Trim.Right, b.Trim.Bottom, 1, -1},
	} {
		hx, hy := px(c.x+c.dx*mid, c.y) // the horizontal mark
		vx, vy := px(c.x, c.y+c.dy*mid) // the vertical mark
		if !inkNear(img, hx, hy) || !inkNear(img, vx, vy) {
			t.Errorf("the corner at (%.1f, %.1f) lacks a crop mark", c.x, c.y)
		}
	}
	// The band at the top runs into the bleed: navy above the trim's top
	// edge, white above the bleed.
	bx, by := px((b.Trim.Left+b.Trim.Right)/2, b.Trim.Top+render.Bleed/2)
	if c := img.RGBAAt(bx, by); c.B < 80 || c.B-c.R < 50 {
		t.Errorf("the masthead band does not run into the bleed: %v", c)
	}
	wx, wy := px((b.Trim.Left+b.Trim.Right)/2, b.Trim.Top+render.Bleed+2)
	if c := img.RGBAAt(wx, wy); c.R < 250 || c.G < 250 || c.B < 250 {
		t.Errorf("the band runs beyond the bleed: %v", c)
	}
	if len(d.Annots) != 0 {
		t.Errorf("the print file has %d annotations, want none", len(d.Annots))
	}
}

func near(a, b float64) bool { return a-b < 0.01 && b-a < 0.01 }

// inkNear finds ink within a pixel of (x, y): a 0.25 pt line is half a
// pixel wide at 144 dpi.
func inkNear(img *image.RGBA, x, y int) bool {
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			if ink(img, x+dx, y+dy) {
				return true
			}
		}
	}
	return false
}

// xmpMeta is the part of the XMP packet the archive must carry.
type xmpMeta struct {
	Desc struct {
		Title       []string `xml:"title>Alt>li"`
		Creator     []string `xml:"creator>Seq>li"`
		Description []string `xml:"description>Alt>li"`
		Language    []string `xml:"language>Bag>li"`
		Date        []string `xml:"date>Seq>li"`
		CreateDate  string   `xml:"CreateDate"`
		ModifyDate  string   `xml:"ModifyDate"`
		CreatorTool string   `xml:"CreatorTool"`
		Producer    string   `xml:"Producer"`
		Part        string   `xml:"http://www.aiim.org/pdfa/ns/id/ part"`
		Conformance string   `xml:"http://www.aiim.org/pdfa/ns/id/ conformance"`
		UAPart      string   `xml:"http://www.aiim.org/pdfua/ns/id/ part"`
	} `xml:"RDF>Description"`
}

// The archive file: XMP metadata in the catalogue saying PDF/A-2a and
// PDF/UA-1 (#13), listing the languages of the articles, and
// repeating the document information exactly; an sRGB output intent with
// the ICC profile embedded; a document ID; no encryption, no scripts;
// every font embedded; every link flagged for printing.
func TestArchiveFileMetadata(t *testing.T) {
	dir := releaseSample(t, sample)
	for _, lang := range docs {
		name := variantName(lang, render.Archive)
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		s, err := pdfread.Inspect(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d := readPDF(t, filepath.Join(dir, name))
		if s.XMP == nil {
			t.Fatalf("%s: the catalogue has no /Metadata", name)
		}
		var x xmpMeta
		if err := xml.Unmarshal(s.XMP, &x); err != nil {
			t.Fatalf("%s: XMP does not parse: %v\n%s", name, err, s.XMP)
		}
		m := x.Desc
		wantLang := strings.Split(lang, "-")[0]
		for _, c := range []struct{ what, got, want string }{
			{"pdfaid:part", m.Part, "2"},
			{"pdfaid:conformance", m.Conformance, "A"},
			{"pdfuaid:part", m.UAPart, "1"},
			{"dc:language (every one)", strings.Join(m.Language, " "), strings.ReplaceAll(lang, "-", " ")},
			{"dc:title", first(m.Title), d.Meta["Title"]},
			{"dc:creator", first(m.Creator), d.Meta["Author"]},
			{"dc:description", first(m.Description), d.Meta["Subject"]},
			{"dc:language", first(m.Language), d.Lang},
			{"dc:language", d.Lang, wantLang},
			{"xmp:CreatorTool", m.CreatorTool, d.Meta["Creator"]},
			{"pdf:Producer", m.Producer, d.Meta["Producer"]},
			{"xmp:CreateDate", m.CreateDate, "2025-01-01T00:00:00Z"},
			{"xmp:ModifyDate", m.ModifyDate, "2025-01-01T00:00:00Z"},
			{"dc:date", first(m.Date), "2025-01-01T00:00:00Z"},
			{"CreationDate", d.Meta["CreationDate"], "D:20250101000000Z00'00"},
			{"ModDate", d.Meta["ModDate"], "D:20250101000000Z00'00"},
		} {
			if c.got != c.want || c.want == "" {
				t.Errorf("%s: %s = %q, want %q", name, c.what, c.got, c.want)
			}
		}
		if len(s.OutputIntents) != 1 {
			t.Fatalf("%s: %d output intents, want 1", name, len(s.OutputIntents))
		}
		oi := s.OutputIntents[0]
		p := oi.Profile
		if oi.S != "GTS_PDFA1" || oi.N != 3 || len(p) < 128 || string(p[36:40]) != "acsp" || string(p[16:20]) != "RGB " ||
			sha(p) != "384b832de3412066743b52a75ee906b6fb9fb8d9e09e936fc2c43223815c6e0a" {
			t.Errorf("%s: output intent %s %q N=%d, profile of %d bytes, SHA-256 %s; want GTS_PDFA1 with the ICC's sRGB2014.icc",
				name, oi.S, oi.Condition, oi.N, len(p), sha(p))
		}
		if s.Encrypted || s.JavaScript {
			t.Errorf("%s: encrypted %v, JavaScript %v", name, s.Encrypted, s.JavaScript)
		}
		if len(s.ID) != 2 || len(s.ID[0]) != 16 || !bytes.Equal(d.FileID, s.ID[0]) {
			t.Errorf("%s: trailer /ID %x (PDFium reads %x)", name, s.ID, d.FileID)
		}
		for _, f := range d.Fonts {
			if !f.Embedded {
				t.Errorf("%s: font %s is not embedded", name, f.Name)
			}
		}
		links := 0
		for _, a := range d.Annots {
			if a.Link {
				links++
			}
			if a.Flags&4 == 0 {
				t.Errorf("%s: page %d has an annotation without the Print flag", name, a.Page+1)
			}
		}
		if links == 0 {
			t.Errorf("%s: the contents' links are gone", name)
		}
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// The screen file is the small one: links active, under 150 KB for the
// English sample without its images and its structure tree, the tree
// under 40 KB.
func TestScreenFileIsSmallWithLinks(t *testing.T) {
	dir := buildSample(t, sample, "--variant", "screen")
	path := filepath.Join(dir, "bulletin-2025-01-en.pdf")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := pdfread.Inspect(data)
	if err != nil {
		t.Fatal(err)
	}
	// The structure tree (#13) has a budget of its own: its objects
	// cannot be compressed without object streams, which the classic
	// cross-reference table of the finished file does not allow.
	tree := int64(structureBytes(data))
	if n := int64(len(data)) - s.ImageBytes - tree; n >= 150_000 {
		t.Errorf("the English screen file is %d bytes (%d without images and structure tree), want under 150 KB without them", len(data), n)
	}
	if tree == 0 || tree >= 40_000 {
		t.Errorf("the English screen file's structure tree takes %d bytes, want some, under 40 KB", tree)
	}
	d := readPDF(t, path)
	if len(d.Boxes) == 0 || d.Boxes[0].HasTrim || !near(d.Boxes[0].Media.Right, 595.28) {
		t.Errorf("screen page 1: %+v, want A4 and no print boxes", d.Boxes[0])
	}
	if len(d.Annots) == 0 {
		t.Error("the screen file has no links")
	}
	if names := onlyNames(t, dir); !slices.Equal(names, []string{"bulletin-2025-01-az.pdf", "bulletin-2025-01-en-az.pdf", "bulletin-2025-01-en.pdf", "manifest.json"}) {
		t.Errorf("--variant screen wrote %v", names)
	}
}

func onlyNames(t *testing.T, dir string) []string {
	var names []string
	for n := range snapshot(t, dir) {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// dirNames lists a folder's names, sorted, folders included.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// The same sources give the same bytes, every file and the manifest, from
// another folder, into another output folder, run after run; and a
// release writes the same print and screen files as a build.
func TestRebuildsAreByteIdentical(t *testing.T) {
	a := snapshot(t, buildSample(t, sample))
	moved := filepath.Join(t.TempDir(), "elsewhere", "2025-01")
	copyDir(t, sample, moved)
	b := snapshot(t, buildSample(t, moved))
	if len(a) != len(docs)*len(pipeline.DraftVariants)+1 {
		t.Errorf("a build wrote %d files", len(a))
	}
	sameFiles(t, "second build", b, a)
	r := snapshot(t, releaseSample(t, sample))
	for name, data := range a {
		if name != publish.ManifestName && !bytes.Equal(r[name], data) {
			t.Errorf("the released %s differs from the built one", name)
		}
	}
}

// SOURCE_DATE_EPOCH sets the dates written, and still gives the same bytes
// twice.
func TestSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1736935200") // 2025-01-15 10:00 UTC
	a := snapshot(t, releaseSample(t, sample))
	b := snapshot(t, releaseSample(t, sample))
	sameFiles(t, "second release", b, a)
	s, err := pdfread.Inspect(a["bulletin-2025-01-en-archive.pdf"])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(s.XMP, []byte("<xmp:CreateDate>2025-01-15T10:00:00Z</xmp:CreateDate>")) {
		t.Errorf("XMP does not carry SOURCE_DATE_EPOCH:\n%s", s.XMP)
	}
}

// manifest.json: every file with its language, variant, pages, size and
// SHA-256; the edition digest of the sources; the tool's version.
func TestManifest(t *testing.T) {
	dir := buildSample(t, sample)
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Edition string `json:"edition"`
		Tool    string `json:"tool"`
		Sources string `json:"sources_sha256"`
		Files   []map[string]any
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	src, err := source.Load(sample)
	if err != nil {
		t.Fatal(err)
	}
	digest := src.Digest
	if m.Edition != "2025-01" || m.Tool != "bulletin "+version || m.Sources != digest || len(digest) != 64 {
		t.Errorf("manifest head: %q %q %q (digest %s)", m.Edition, m.Tool, m.Sources, digest)
	}
	files := snapshot(t, dir)
	for _, f := range m.Files {
		name, _ := f["name"].(string)
		data, ok := files[name]
		if !ok {
			t.Errorf("manifest lists %s, which is not there", name)
			continue
		}
		for _, k := range []string{"language", "variant", "pages", "bytes", "sha256"} {
			if _, ok := f[k]; !ok {
				t.Errorf("%s: no %q in the manifest", name, k)
			}
		}
		if f["sha256"] != sha(data) || f["bytes"] != float64(len(data)) {
			t.Errorf("%s: manifest says %v bytes %v, the file has %d bytes %s", name, f["bytes"], f["sha256"], len(data), sha(data))
		}
	}
	if len(m.Files) != len(files)-1 {
		t.Errorf("manifest lists %d files; the folder holds %d besides it", len(m.Files), len(files)-1)
	}
}

// changeArticle appends a sentence to an article of a copied edition and
// to its translation, so a rebuild changes every file.
func changeArticle(t *testing.T, dir, sentence string) {
	t.Helper()
	for _, name := range []string{"06-ganja-logistics-hub.md", "06-ganja-logistics-hub.az.md"} {
		art := filepath.Join(dir, name)
		data, err := os.ReadFile(art)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(art, append(data, []byte("\n"+sentence+"\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// While an edition is a draft, build after build succeeds whatever the
// editor changes, and writes print and screen files only: no archive file
// exists before the release.
func TestEditAfterBuild(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2025-01")
	copyDir(t, sample, src)
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	if code, _, stderr := bulletin(t, "build", "--out", out, src); code != 0 {
		t.Fatal(stderr)
	}
	first := snapshot(t, dir)
	changeArticle(t, src, "A sentence the editor added after the first draft.")
	code, stdout, stderr := bulletin(t, "build", "--out", out, src)
	if code != 0 || !onlyPrintWarnings(stderr) || !strings.Contains(stdout, "wrote "+filepath.Join(dir, "bulletin-2025-01-en.pdf")) {
		t.Fatalf("build after an edit: exit %d\n%s%s", code, stdout, stderr)
	}
	second := snapshot(t, dir)
	if bytes.Equal(first["bulletin-2025-01-en.pdf"], second["bulletin-2025-01-en.pdf"]) {
		t.Error("the edit did not reach the screen file")
	}
	want := []string{"bulletin-2025-01-az-print.pdf", "bulletin-2025-01-az.pdf", "bulletin-2025-01-en-az-print.pdf",
		"bulletin-2025-01-en-az.pdf", "bulletin-2025-01-en-print.pdf", "bulletin-2025-01-en.pdf", "manifest.json"}
	if names := onlyNames(t, dir); !slices.Equal(names, want) {
		t.Errorf("the drafts' folder holds %v, want %v", names, want)
	}
	m, err := publish.ReadManifest(dir)
	if err != nil || m.Released() {
		t.Errorf("a draft's manifest: %+v, %v", m, err)
	}
	if code, _, stderr := bulletin(t, "build", "--variant", "archive", "--out", out, src); code != 2 || !strings.Contains(stderr, "bulletin release") {
		t.Errorf("build --variant archive: exit %d\n%s", code, stderr)
	}
	sameFiles(t, "build --variant archive", snapshot(t, dir), second)
	if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 || !strings.Contains(stdout, "ok (6 files match manifest.json; a draft, not released)") {
		t.Errorf("verify of drafts: exit %d\n%s%s", code, stdout, stderr)
	}
}

// The editor's month: release, then a late edit. build leaves the released
// files byte for byte, says the edition is released and how to correct
// it, and exits 0 so that make stays green; release without --force
// refuses with 2; release --force is a correction that keeps the old files
// as NAME.1 and lists both releases, and verify holds every file.
func TestReleaseThenEdit(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2025-01")
	copyDir(t, sample, src)
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	if code, _, stderr := bulletin(t, "build", "--out", out, src); code != 0 {
		t.Fatal(stderr)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1738000000") // 2025-01-27 17:46:40 UTC
	code, stdout, stderr := bulletin(t, "release", "--out", out, src)
	if code != 0 || !strings.Contains(stdout, dir+": release 1\n") {
		t.Fatalf("release: exit %d\n%s%s", code, stdout, stderr)
	}
	released := snapshot(t, dir)
	if len(released) != len(docs)*len(render.Variants)+1 {
		t.Errorf("the release holds %d files", len(released))
	}
	for name := range released {
		fi, _ := os.Stat(filepath.Join(dir, name))
		if name != publish.ManifestName && fi.Mode().Perm() != 0o444 {
			t.Errorf("released %s has mode %v", name, fi.Mode())
		}
	}
	if code, stdout, _ := bulletin(t, "verify", dir); code != 0 || !strings.Contains(stdout, "ok (9 files match manifest.json; release 1 of 2025-01-27T17:46:40Z)") {
		t.Errorf("verify after release: exit %d\n%s", code, stdout)
	}
	// The same sources: build and release again change nothing.
	if code, stdout, stderr := bulletin(t, "build", "--out", out, src); code != 0 || !onlyPrintWarnings(stderr) || strings.Contains(stdout, "wrote") {
		t.Errorf("build of the released sources: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, _ := bulletin(t, "release", "--out", out, src); code != 0 || !strings.Contains(stdout, "release 1 stands") {
		t.Errorf("release again: exit %d\n%s", code, stdout)
	}
	sameFiles(t, "the same sources again", snapshot(t, dir), released)

	changeArticle(t, src, "A correction that came after the release.")
	code, stdout, stderr = bulletin(t, "build", "--out", out, src)
	if code != 0 || strings.Contains(stdout, "wrote") {
		t.Errorf("build after release: exit %d, want 0 and nothing written\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{dir + " holds release 1 of the edition (2025-01-27T17:46:40Z)", "bulletin-2025-01-en.pdf",
		"nothing was written there", "The edition is released", "bulletin release --force " + src} {
		if !strings.Contains(stderr, want) {
			t.Errorf("build after release does not say %q:\n%s", want, stderr)
		}
	}
	code, _, stderr = bulletin(t, "release", "--out", out, src)
	if code != 2 || !strings.Contains(stderr, "bulletin: refused: ") || !strings.Contains(stderr, "release --force") {
		t.Errorf("release of changed sources: exit %d, want 2\n%s", code, stderr)
	}
	sameFiles(t, "after the refusals", snapshot(t, dir), released)

	t.Setenv("SOURCE_DATE_EPOCH", "1738100000")
	code, stdout, stderr = bulletin(t, "release", "--force", "--out", out, src)
	if code != 0 || !strings.Contains(stdout, "kept the released "+filepath.Join(dir, "bulletin-2025-01-en-archive.pdf")+" as bulletin-2025-01-en-archive.pdf.1") ||
		!strings.Contains(stdout, dir+": release 2\n") {
		t.Fatalf("release --force: exit %d\n%s%s", code, stdout, stderr)
	}
	after := snapshot(t, dir)
	for name, data := range released {
		if name == publish.ManifestName {
			continue
		}
		if !bytes.Equal(after[name+".1"], data) {
			t.Errorf("%s.1 is not the file of release 1", name)
		}
	}
	if bytes.Equal(after["bulletin-2025-01-en-archive.pdf"], released["bulletin-2025-01-en-archive.pdf"]) {
		t.Error("the correction did not change the English archive file")
	}
	m, err := publish.ReadManifest(dir)
	if err != nil || len(m.Releases) != 2 || m.Releases[0].Time != "2025-01-27T17:46:40Z" || m.Releases[1].Time != "2025-01-28T21:33:20Z" ||
		m.Releases[1].Sources != m.Sources || m.Releases[0].Sources == m.Sources {
		t.Fatalf("releases: %+v, %v", m.Releases, err)
	}
	screens := 0
	for _, e := range m.Files {
		if e.Variant == "screen" && !e.Superseded && e.Release == 2 {
			screens++ // what delivery mails
		}
		if strings.HasSuffix(e.Name, ".1") && (!e.Superseded || e.Release != 1) {
			t.Errorf("kept %s: %+v", e.Name, e)
		}
	}
	if screens != len(docs) {
		t.Errorf("%d screen files of release 2, want %d", screens, len(docs))
	}
	if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 || !strings.Contains(stdout, "ok (18 files match manifest.json; release 2 of 2025-01-28T21:33:20Z)") {
		t.Errorf("verify after the correction: exit %d\n%s%s", code, stdout, stderr)
	}
}

// release names its editions: it is a decision about one edition, never a
// sweep over input/.
func TestReleaseNeedsAnEdition(t *testing.T) {
	if code, _, stderr := bulletin(t, "release", "--out", t.TempDir()); code != 2 || !strings.Contains(stderr, "name the edition folder") {
		t.Errorf("release without an edition: exit %d\n%s", code, stderr)
	}
}

// verify re-hashes the files against manifest.json: a flipped byte, a
// missing file and an extra one are each reported, with exit status 1.
func TestVerify(t *testing.T) {
	dir := buildSample(t, sample)
	if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 || !strings.Contains(stdout, "ok (6 files") {
		t.Fatalf("fresh build: exit %d\n%s%s", code, stdout, stderr)
	}
	printFile := filepath.Join(dir, "bulletin-2025-01-en-print.pdf")
	data, _ := os.ReadFile(printFile)
	data[len(data)/2] ^= 1
	os.WriteFile(printFile, data, 0o644)
	code, _, stderr := bulletin(t, "verify", dir)
	if code != 1 || !strings.Contains(stderr, printFile+": changed") {
		t.Errorf("flipped byte: exit %d\n%s", code, stderr)
	}
	os.Remove(filepath.Join(dir, "bulletin-2025-01-az.pdf"))
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	code, _, stderr = bulletin(t, "verify", dir)
	for _, want := range []string{"en-print.pdf: changed", "bulletin-2025-01-az.pdf: missing", "notes.txt: not in the manifest"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("verify does not report %q:\n%s", want, stderr)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if code, _, _ := bulletin(t, "verify", filepath.Join(dir, "no-such-folder")); code != 2 {
		t.Errorf("verify of a missing folder: exit %d, want 2", code)
	}
}

func TestVariantFlag(t *testing.T) {
	if code, _, stderr := bulletin(t, "build", "--variant", "print,email", "--out", t.TempDir(), sample); code != 2 || !strings.Contains(stderr, `"email"`) {
		t.Errorf("unknown variant: exit %d: %s", code, stderr)
	}
}

// failHalfway passes half of a file through and then fails.
type failHalfway struct {
	w    io.Writer
	left int
}

func (f *failHalfway) Write(p []byte) (int, error) {
	n := min(len(p), f.left)
	f.w.Write(p[:n])
	f.left -= n
	return n, errors.New("the disk is full")
}

// A build whose writes fail, on a PDF or on the manifest written last,
// leaves the edition's output folder byte for byte as it was and nothing
// else in the output folder: all or nothing (before staging, a failure on
// the manifest left the new PDFs beside the old manifest, and verify
// failed).
func TestFailedBuildKeepsOldFiles(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2025-01")
	copyDir(t, sample, src)
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	if code, _, stderr := bulletin(t, "build", "--out", out, src); code != 0 {
		t.Fatal(stderr)
	}
	before := catSnapshot(t, out)
	changeArticle(t, src, "A late correction.")
	for _, failOn := range []string{"bulletin-2025-01-en-print.pdf", "manifest.json"} {
		wrap := func(name string, w io.Writer) io.Writer {
			if name == failOn {
				return &failHalfway{w: w, left: 1000}
			}
			return w
		}
		_, err := pipeline.Build([]string{src}, pipeline.Options{Out: out, Wrap: wrap})
		if err == nil || !strings.Contains(err.Error(), "the disk is full") {
			t.Fatalf("%s: err = %v, want the write's failure", failOn, err)
		}
		catSame(t, "out after a failure on "+failOn, catSnapshot(t, out), before)
		if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 {
			t.Errorf("verify after a failure on %s: exit %d\n%s%s", failOn, code, stdout, stderr)
		}
	}
}

// The build process is killed (SIGKILL) while it writes: the edition
// folder is byte for byte the old one, the torn file is in the hidden
// staging folder beside it, and the next build sweeps that away.
func TestKilledBuildKeepsOldFiles(t *testing.T) {
	if os.Getenv("BULLETIN_KILL_ME") != "" {
		killedBuild()
		return
	}
	src := filepath.Join(t.TempDir(), "2025-01")
	copyDir(t, sample, src)
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	if code, _, stderr := bulletin(t, "build", "--out", out, "--variant", "screen", src); code != 0 {
		t.Fatal(stderr)
	}
	before := snapshot(t, dir)
	changeArticle(t, src, "A late correction.")
	ready := filepath.Join(t.TempDir(), "halfway")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildKeepsOldFiles$")
	cmd.Env = append(os.Environ(), "BULLETIN_KILL_ME=1", "KILL_SRC="+src, "KILL_OUT="+out, "KILL_READY="+ready)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the build never got halfway")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill() // SIGKILL: no deferred clean-up runs
	cmd.Wait()
	sameFiles(t, "the edition folder under a killed build", snapshot(t, dir), before)
	var staging []string
	for _, n := range dirNames(t, out) {
		if strings.HasPrefix(n, ".2025-01.new-") {
			staging = append(staging, n)
		}
	}
	if len(staging) != 1 {
		t.Fatalf("want the one staging folder of the killed build beside the edition folder, got %v", dirNames(t, out))
	}
	if torn := dirNames(t, filepath.Join(out, staging[0])); !slices.Contains(torn, "bulletin-2025-01-en.pdf") {
		t.Errorf("the staging folder holds %v, not the torn file", torn)
	}
	if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 {
		t.Errorf("verify of the untouched folder: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := bulletin(t, "build", "--out", out, "--variant", "screen", src); code != 0 {
		t.Fatal(stderr)
	}
	if names := dirNames(t, out); !slices.Equal(names, []string{"2025-01"}) {
		t.Errorf("after the next build the output folder holds %v", names)
	}
	if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 {
		t.Errorf("verify after the rebuild: exit %d\n%s%s", code, stdout, stderr)
	}
}

// killedBuild runs in the child process: it builds, and in the middle of
// writing the English screen file it says so and waits to be killed.
func killedBuild() {
	wrap := func(name string, w io.Writer) io.Writer {
		if name != "bulletin-2025-01-en.pdf" {
			return w
		}
		return writerFunc(func(p []byte) (int, error) {
			w.Write(p[:len(p)/2])
			if f, ok := w.(interface{ Sync() error }); ok {
				f.Sync()
			}
			os.WriteFile(os.Getenv("KILL_READY"), nil, 0o644)
			time.Sleep(time.Hour) // until killed
			return 0, errors.New("not killed")
		})
	}
	pipeline.Build([]string{os.Getenv("KILL_SRC")}, pipeline.Options{Out: os.Getenv("KILL_OUT"), Variants: []render.Variant{render.Screen}, Wrap: wrap})
	os.Exit(3) // never reached
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

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
	dir := buildSample(t, sample)
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
		Part        string   `xml:"part"`
		Conformance string   `xml:"conformance"`
	} `xml:"RDF>Description"`
}

// The archive file: XMP metadata in the catalogue saying PDF/A-2b and
// repeating the document information exactly; an sRGB output intent with
// the ICC profile embedded; a document ID; no encryption, no scripts;
// every font embedded; every link flagged for printing.
func TestArchiveFileMetadata(t *testing.T) {
	dir := buildSample(t, sample, "--variant", "archive")
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
			{"pdfaid:conformance", m.Conformance, "B"},
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
// English sample without its images.
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
	if n := int64(len(data)) - s.ImageBytes; n >= 150_000 {
		t.Errorf("the English screen file is %d bytes (%d without images), want under 150 KB without images", len(data), n)
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

// The same sources give the same bytes, every file and the manifest, from
// another folder, into another output folder, run after run.
func TestRebuildsAreByteIdentical(t *testing.T) {
	a := snapshot(t, buildSample(t, sample))
	moved := filepath.Join(t.TempDir(), "elsewhere", "2025-01")
	copyDir(t, sample, moved)
	b := snapshot(t, buildSample(t, moved))
	if len(a) != len(docs)*len(render.Variants)+1 {
		t.Errorf("a build wrote %d files", len(a))
	}
	sameFiles(t, "second build", b, a)
}

// SOURCE_DATE_EPOCH sets the dates written, and still gives the same bytes
// twice.
func TestSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1736935200") // 2025-01-15 10:00 UTC
	a := snapshot(t, buildSample(t, sample, "--variant", "archive"))
	b := snapshot(t, buildSample(t, sample, "--variant", "archive"))
	sameFiles(t, "second build", b, a)
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

// An archived file is never replaced by accident: a rebuild that would
// change it is refused before anything of the edition is written; --force
// keeps the old one as .1, then .2.
func TestArchiveIsNeverOverwritten(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2025-01")
	copyDir(t, sample, src)
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	if code, _, stderr := bulletin(t, "build", "--out", out, src); code != 0 {
		t.Fatal(stderr)
	}
	before := snapshot(t, dir)
	// The same sources again: nothing changes, no complaint.
	if code, stdout, stderr := bulletin(t, "build", "--out", out, src); code != 0 || !strings.Contains(stdout, "unchanged") {
		t.Fatalf("identical rebuild: exit %d\n%s%s", code, stdout, stderr)
	}
	sameFiles(t, "identical rebuild", snapshot(t, dir), before)

	changeArticle(t, src, "A sentence added after the edition was archived.")
	code, stdout, stderr := bulletin(t, "build", "--out", out, src)
	if code != 2 {
		t.Fatalf("changed archive: exit %d, want 2\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"refused", "bulletin-2025-01-en-archive.pdf", "archived", "--force", "nothing was written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, stderr)
		}
	}
	sameFiles(t, "refused build", snapshot(t, dir), before)

	// --force: the old archives are kept as .1, and everything verifies.
	if code, stdout, stderr := bulletin(t, "build", "--force", "--out", out, src); code != 0 || !strings.Contains(stdout, "kept the old") {
		t.Fatalf("--force: exit %d\n%s%s", code, stdout, stderr)
	}
	after := snapshot(t, dir)
	for _, lang := range docs {
		name := variantName(lang, render.Archive)
		if !bytes.Equal(after[name+".1"], before[name]) {
			t.Errorf("%s.1 is not the old archive", name)
		}
		if bytes.Equal(after[name], before[name]) {
			t.Errorf("%s was not rebuilt", name)
		}
	}
	if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 {
		t.Errorf("verify after --force: exit %d\n%s%s", code, stdout, stderr)
	}
	changeArticle(t, src, "And a second one.")
	if code, _, stderr := bulletin(t, "build", "--force", "--out", out, src); code != 0 {
		t.Fatal(stderr)
	}
	again := snapshot(t, dir)
	name := variantName("en", render.Archive)
	if !bytes.Equal(again[name+".2"], after[name]) || !bytes.Equal(again[name+".1"], before[name]) {
		t.Error("the second forced build did not keep the previous archive as .2")
	}
}

// verify re-hashes the files against manifest.json: a flipped byte, a
// missing file and an extra one are each reported, with exit status 1.
func TestVerify(t *testing.T) {
	dir := buildSample(t, sample)
	if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 || !strings.Contains(stdout, "ok (9 files") {
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

// A build whose writes fail halfway leaves every old file whole and no
// temporary file behind.
func TestFailedBuildKeepsOldFiles(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2025-01")
	copyDir(t, sample, src)
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	if code, _, stderr := bulletin(t, "build", "--out", out, "--variant", "screen,print", src); code != 0 {
		t.Fatal(stderr)
	}
	before := snapshot(t, dir)
	changeArticle(t, src, "A late correction.")
	wrap := func(name string, w io.Writer) io.Writer {
		if name == "bulletin-2025-01-en-print.pdf" {
			return &failHalfway{w: w, left: 1000}
		}
		return w
	}
	_, err := pipeline.Build([]string{src}, pipeline.Options{Out: out, Variants: []render.Variant{render.Print}, Wrap: wrap})
	if err == nil || !strings.Contains(err.Error(), "the disk is full") {
		t.Fatalf("err = %v, want the write's failure", err)
	}
	after := snapshot(t, dir)
	if !bytes.Equal(after["bulletin-2025-01-en-print.pdf"], before["bulletin-2025-01-en-print.pdf"]) {
		t.Error("the failed file is not the old one")
	}
	readPDF(t, filepath.Join(dir, "bulletin-2025-01-en-print.pdf"))
	for name := range after {
		if strings.HasPrefix(name, ".") {
			t.Errorf("temporary file %s left behind", name)
		}
	}
}

// The build process is killed (SIGKILL) while it writes: the old files are
// all there and whole, and the next build sweeps up the torn temporary.
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
	after := snapshot(t, dir)
	var torn []string
	for name, data := range after {
		if strings.HasPrefix(name, ".") {
			torn = append(torn, name)
			continue
		}
		if !bytes.Equal(data, before[name]) {
			t.Errorf("%s changed under a killed build", name)
		}
	}
	if len(torn) != 1 {
		t.Errorf("want the one torn temporary file of the killed build, got %v", torn)
	}
	if code, _, stderr := bulletin(t, "verify", dir); code != 1 || !strings.Contains(stderr, "not in the manifest") {
		t.Errorf("verify should point at the leftover: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := bulletin(t, "build", "--out", out, "--variant", "screen", src); code != 0 {
		t.Fatal(stderr)
	}
	for name := range snapshot(t, dir) {
		if strings.HasPrefix(name, ".") {
			t.Errorf("the next build left %s", name)
		}
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

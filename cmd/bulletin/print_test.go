package main

// The print file as a print shop's preflight sees it (issue #14): PDF/X-4
// with a CMYK output intent, the brand in the layout's CMYK, body text in
// black ink alone, tagged subset fonts, and Ghostscript reading every
// file without a word of complaint.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"bulletin/internal/pdfread"
	"bulletin/layouts"
	"bulletin/pipeline"
	"bulletin/pipeline/book"
	"bulletin/pipeline/render"
)

// xmpX is what the print file's XMP packet says.
type xmpX struct {
	Desc struct {
		Title       []string `xml:"title>Alt>li"`
		CreateDate  string   `xml:"CreateDate"`
		ModifyDate  string   `xml:"ModifyDate"`
		Producer    string   `xml:"Producer"`
		Trapped     string   `xml:"Trapped"`
		DocumentID  string   `xml:"DocumentID"`
		PDFXVersion string   `xml:"GTS_PDFXVersion"`
	} `xml:"RDF>Description"`
}

// readContext reads a file with pdfcpu, which shows what PDFium's API
// keeps to itself: the information dictionary's other keys, page
// resources, colour spaces.
func readContext(t *testing.T, data []byte) *model.XRefTable {
	t.Helper()
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatal(err)
	}
	return ctx.XRefTable
}

// The print file is PDF/X-4 as far as its structure says: header 1.6; one
// GTS_PDFX output intent whose embedded profile is a CMYK printer
// characterization (its header says prtr and CMYK) named FOGRA39 in the
// ICC's registry; /GTS_PDFXVersion and /Trapped in /Info; an XMP packet
// that parses and agrees with /Info; TrimBox and BleedBox on every page;
// no picture in DeviceRGB.
func TestPrintFileIsPDFX4(t *testing.T) {
	dir := releaseSample(t, sample)
	for _, lang := range docs {
		name := variantName(lang, render.Print)
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("%PDF-1.6\n")) {
			t.Errorf("%s: header %q, want %%PDF-1.6", name, data[:8])
		}
		s, err := pdfread.Inspect(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(s.OutputIntents) != 1 {
			t.Fatalf("%s: %d output intents, want 1", name, len(s.OutputIntents))
		}
		oi := s.OutputIntents[0]
		p := oi.Profile
		if oi.S != "GTS_PDFX" || oi.N != 4 || oi.Condition != "FOGRA39" || len(p) < 128 ||
			string(p[12:16]) != "prtr" || string(p[16:20]) != "CMYK" || string(p[36:40]) != "acsp" {
			t.Errorf("%s: output intent %s %q N=%d, profile of %d bytes; want GTS_PDFX FOGRA39, a CMYK printer profile", name, oi.S, oi.Condition, oi.N, len(p))
		}
		x := readContext(t, data)
		checkRegistry(t, name, x)
		d := readPDF(t, filepath.Join(dir, name))
		checkPDFXInfo(t, name, x, s.XMP, d)
		checkPrintBoxes(t, name, d)
		checkPictureSpaces(t, name, x)
	}
}

func checkRegistry(t *testing.T, name string, x *model.XRefTable) {
	t.Helper()
	cat, err := x.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	arr, err := x.DereferenceArray(cat["OutputIntents"])
	if err != nil || len(arr) != 1 {
		t.Fatalf("%s: /OutputIntents %v (%v)", name, arr, err)
	}
	oi, err := x.DereferenceDict(arr[0])
	if err != nil {
		t.Fatal(err)
	}
	reg, err := x.DereferenceStringOrHexLiteral(oi["RegistryName"], model.V10, nil)
	if err != nil || reg != "http://www.color.org" {
		t.Errorf("%s: /RegistryName %q (%v), want http://www.color.org", name, reg, err)
	}
	if _, ok := cat.Find("Names"); ok {
		t.Errorf("%s: the catalogue still has a /Names tree", name)
	}
}

func checkPDFXInfo(t *testing.T, name string, x *model.XRefTable, packet []byte, d *pdfread.Doc) {
	t.Helper()
	info, err := x.DereferenceDict(*x.Info)
	if err != nil {
		t.Fatal(err)
	}
	version, _ := x.DereferenceStringOrHexLiteral(info["GTS_PDFXVersion"], model.V10, nil)
	trapped := ""
	if n := info.NameEntry("Trapped"); n != nil {
		trapped = *n
	}
	var m xmpX
	if err := xml.Unmarshal(packet, &m); err != nil {
		t.Fatalf("%s: XMP does not parse: %v\n%s", name, err, packet)
	}
	xd := m.Desc
	for _, c := range []struct{ what, got, want string }{
		{"/GTS_PDFXVersion", version, "PDF/X-4"},
		{"pdfxid:GTS_PDFXVersion", xd.PDFXVersion, version},
		{"/Trapped", trapped, "False"},
		{"pdf:Trapped", xd.Trapped, trapped},
		{"dc:title", first(xd.Title), d.Meta["Title"]},
		{"pdf:Producer", xd.Producer, d.Meta["Producer"]},
		{"CreationDate", d.Meta["CreationDate"], "D:20250101000000Z00'00"},
		{"ModDate", d.Meta["ModDate"], "D:20250101000000Z00'00"},
		{"xmp:CreateDate", xd.CreateDate, "2025-01-01T00:00:00Z"},
		{"xmp:ModifyDate", xd.ModifyDate, "2025-01-01T00:00:00Z"},
		{"xmpMM:DocumentID", xd.DocumentID[:min(5, len(xd.DocumentID))], "uuid:"},
	} {
		if c.got != c.want || c.want == "" {
			t.Errorf("%s: %s = %q, want %q", name, c.what, c.got, c.want)
		}
	}
}

func checkPrintBoxes(t *testing.T, name string, d *pdfread.Doc) {
	t.Helper()
	const w, h = 595.28, 841.89
	trim := pdfread.Box{Left: render.Slug, Bottom: render.Slug, Right: render.Slug + w, Top: render.Slug + h}
	for i, bx := range d.Boxes {
		grown := pdfread.Box{Left: trim.Left - render.Bleed, Bottom: trim.Bottom - render.Bleed, Right: trim.Right + render.Bleed, Top: trim.Top + render.Bleed}
		if !boxNear(bx.Trim, trim) || !boxNear(bx.Bleed, grown) || !boxNear(bx.Media, pdfread.Box{Right: w + 2*render.Slug, Top: h + 2*render.Slug}) {
			t.Errorf("%s: page %d: boxes %+v, want trim %+v and bleed %+v", name, i+1, bx, trim, grown)
		}
	}
}

func boxNear(a, b pdfread.Box) bool {
	return math.Abs(a.Left-b.Left) < 0.01 && math.Abs(a.Bottom-b.Bottom) < 0.01 && math.Abs(a.Right-b.Right) < 0.01 && math.Abs(a.Top-b.Top) < 0.01
}

// checkPictureSpaces: no image XObject is in DeviceRGB, directly or as
// the base of a palette; the sample's RGB picture is ICC-based.
func checkPictureSpaces(t *testing.T, name string, x *model.XRefTable) {
	t.Helper()
	icc := 0
	for nr, e := range x.Table {
		if e == nil {
			continue
		}
		sd, ok := e.Object.(types.StreamDict)
		if !ok || sd.Subtype() == nil || *sd.Subtype() != "Image" {
			continue
		}
		cs := fmt.Sprint(sd.Dict["ColorSpace"])
		if strings.Contains(cs, "DeviceRGB") {
			t.Errorf("%s: picture %d in %s", name, nr, cs)
		}
		if arr, err := x.DereferenceArray(sd.Dict["ColorSpace"]); err == nil && len(arr) == 2 && fmt.Sprint(arr[0]) == "ICCBased" {
			prof, _, err := x.DereferenceStreamDict(arr[1])
			if err != nil || prof == nil || prof.IntEntry("N") == nil || *prof.IntEntry("N") != 3 {
				t.Errorf("%s: picture %d: ICC profile %v (%v), want 3 components", name, nr, prof, err)
			}
			icc++
		}
	}
	if icc == 0 {
		t.Errorf("%s: no picture in an ICC-based colour space; the sample has an RGB one", name)
	}
}

// A content stream's tokens: operands and operators, strings kept whole.
func tokens(b []byte) []string {
	var out []string
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			i++
		case c == '(':
			j, depth := i, 0
			for ; j < len(b); j++ {
				if b[j] == '\\' {
					j++
				} else if b[j] == '(' {
					depth++
				} else if b[j] == ')' {
					if depth--; depth == 0 {
						break
					}
				}
			}
			out = append(out, "(string)")
			i = j + 1
		case c == '<' && i+1 < len(b) && b[i+1] != '<':
			j := bytes.IndexByte(b[i:], '>')
			out = append(out, "<hex>")
			i += j + 1
		case c == '[' || c == ']':
			out = append(out, string(c))
			i++
		default:
			j := i + 1
			for j < len(b) && !strings.ContainsRune(" \n\r\t()[]<", rune(b[j])) && !(b[j] == '/' && j > i) {
				j++
			}
			out = append(out, string(b[i:j]))
			i = j
		}
	}
	return out
}

// paint is one thing a page paints, with the colour it paints in.
type paint struct {
	op, colour, font string
	size             float64
}

// census replays a page's content stream for its colour operators and
// what each painting operator paints with. fonts maps the page's font
// resource names to their /BaseFont, without the subset tag.
func census(stream []byte, fonts map[string]string) (ops map[string]int, paints []paint) {
	ops = map[string]int{}
	// A colour set with cs/CS and then scn/SCN is a separation here: the
	// only colour space the renderer names is the registration colour's.
	type gstate struct {
		fill, stroke       string
		fillSep, strokeSep bool
	}
	var stack []gstate
	g := gstate{fill: "default", stroke: "default"}
	font, size := "", 0.0
	var args []string
	for _, tok := range tokens(stream) {
		if tok == "[" || tok == "]" || tok[0] == '/' || tok[0] == '(' || tok[0] == '<' || strings.ContainsAny(tok[:1], "0123456789.-") {
			args = append(args, tok)
			continue
		}
		colour := strings.Join(args, " ") + " " + tok
		switch tok {
		case "q":
			stack = append(stack, g)
		case "Q":
			g, stack = stack[len(stack)-1], stack[:len(stack)-1]
		case "k", "g", "rg", "sc", "scn", "cs":
			ops[tok]++
			g.fillSep = tok == "cs" || (g.fillSep && (tok == "sc" || tok == "scn"))
			if g.fillSep {
				colour = "separation " + colour
			}
			g.fill = colour
		case "K", "G", "RG", "SC", "SCN", "CS":
			ops[tok]++
			g.strokeSep = tok == "CS" || (g.strokeSep && (tok == "SC" || tok == "SCN"))
			if g.strokeSep {
				colour = "separation " + colour
			}
			g.stroke = colour
		case "Tf":
			font = fonts[strings.TrimPrefix(args[0], "/")]
			size, _ = strconv.ParseFloat(args[1], 64)
		case "Tj", "TJ", "'", "\"":
			paints = append(paints, paint{"text", g.fill, font, size})
		case "f", "F", "f*", "b", "b*", "B", "B*":
			paints = append(paints, paint{"fill", g.fill, "", 0})
		case "S", "s":
			paints = append(paints, paint{"stroke", g.stroke, "", 0})
		}
		args = args[:0]
	}
	return ops, paints
}

// pageFonts maps page i's font resource names to their /BaseFont without
// the subset tag.
func pageFonts(t *testing.T, x *model.XRefTable, page types.Dict) map[string]string {
	t.Helper()
	res, err := x.DereferenceDict(page["Resources"])
	if err != nil {
		t.Fatal(err)
	}
	fd, err := x.DereferenceDict(res["Font"])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range fd {
		f, err := x.DereferenceDict(v)
		if err != nil {
			t.Fatal(err)
		}
		if n := f.NameEntry("BaseFont"); n != nil {
			_, base, _ := strings.Cut(*n, "+")
			out[k] = base
		}
	}
	return out
}

// inkOf is the operator that sets CMYK colour c (op k or K), as the
// layout's percentages say: 0 0 0 1 k for 100% black.
func inkOf(c book.CMYK, op string) string {
	f := func(v uint8) string { return strconv.FormatFloat(float64(v)/100, 'f', -1, 64) }
	return f(c.C) + " " + f(c.M) + " " + f(c.Y) + " " + f(c.K) + " " + op
}

// A census of the colour operators of every page of the print file: no
// RGB anywhere, grey only in fpdf's page prelude and never painting
// anything; every text, fill and rule in the layout's CMYK (a tint of it
// for table and code backgrounds, no ink for the masthead's white); body
// text in 0 0 0 1 k (links and list markers in it navy); the crop marks in the registration separation.
func TestPrintColourCensus(t *testing.T) {
	l, err := layouts.Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{inkOf(book.CMYK{}, "k"): true}
	for _, c := range []book.Color{l.Colors.Accent, l.Colors.Gold, l.Colors.Text, l.Colors.Muted, l.Colors.Accent.Tint(0.93), l.Colors.Accent.Tint(0.9)} {
		for _, op := range []string{"k", "K"} {
			allowed[inkOf(c.CMYK, op)], allowed[inkOf(c.Fine, op)] = true, true
		}
	}
	dir := releaseSample(t, sample)
	for _, lang := range docs {
		name := variantName(lang, render.Print)
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		x := readContext(t, data)
		seen, body := map[string]int{}, map[string]int{}
		for pg := 1; pg <= x.PageCount; pg++ {
			page, _, _, err := x.PageDict(pg, false)
			if err != nil {
				t.Fatal(err)
			}
			content, err := x.PageContent(page, pg)
			if err != nil {
				t.Fatal(err)
			}
			ops, paints := census(content, pageFonts(t, x, page))
			if ops["rg"]+ops["RG"] > 0 {
				t.Errorf("%s: page %d: %d DeviceRGB colour operators", name, pg, ops["rg"]+ops["RG"])
			}
			for _, p := range paints {
				seen[p.colour]++
				switch {
				case strings.HasPrefix(p.colour, "separation "):
					if p.op != "stroke" {
						t.Errorf("%s: page %d: %s in the registration colour", name, pg, p.op)
					}
				case !allowed[p.colour]:
					t.Errorf("%s: page %d: %s painted with %q, not a colour of the layout", name, pg, p.op, p.colour)
				case p.op == "text" && pg > 1 && p.font == "utf8liberationserif" && p.size == l.Sizes.Body:
					// Body text, or a link or list marker in it (navy);
					// the front page has none (its subtitle is slate in
					// what may be the body's size).
					body[p.colour]++
				}
			}
		}
		navy := inkOf(l.Colors.Accent.CMYK, "k")
		if len(body) != 2 || body["0 0 0 1 k"] < 10*body[navy] {
			t.Errorf("%s: text in the body face and size painted with %v; want 0 0 0 1 k, and %s for links and list markers", name, body, navy)
		}
		for _, want := range []string{"0 0 0 1 k", inkOf(l.Colors.Accent.CMYK, "k"), inkOf(l.Colors.Gold.CMYK, "K"), inkOf(l.Colors.Muted.CMYK, "k")} {
			if seen[want] == 0 {
				t.Errorf("%s: nothing painted with %q", name, want)
			}
		}
	}
}

var tagged = regexp.MustCompile(`^[A-Z]{6}\+`)

// Every font of every file is named with a subset tag, the same in the
// descriptor and in both font dictionaries; across the nine files of the
// sample, a name always means the same font program.
func TestSubsetFontNames(t *testing.T) {
	dir := releaseSample(t, sample)
	programs := map[string][32]byte{} // font name -> SHA-256 of its program
	distinct := map[[32]byte]bool{}
	for _, lang := range docs {
		for _, v := range render.Variants {
			name := variantName(lang, v)
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			x := readContext(t, data)
			for _, e := range x.Table {
				if e == nil {
					continue
				}
				d, ok := e.Object.(types.Dict)
				if !ok || d.Subtype() == nil || *d.Subtype() != "Type0" {
					continue
				}
				font, sum := fontChain(t, x, d)
				if !tagged.MatchString(font) {
					t.Errorf("%s: font %q has no subset tag", name, font)
				}
				if old, ok := programs[font]; ok && old != sum {
					t.Errorf("%s: the name %s covers two different font programs", name, font)
				}
				programs[font], distinct[sum] = sum, true
			}
		}
	}
	if len(programs) != len(distinct) || len(programs) < 6 {
		t.Errorf("%d font names for %d distinct programs", len(programs), len(distinct))
	}
}

// fontChain follows a Type0 font to its CIDFont, descriptor and program;
// the three names must agree.
func fontChain(t *testing.T, x *model.XRefTable, type0 types.Dict) (string, [32]byte) {
	t.Helper()
	desc, err := x.DereferenceArray(type0["DescendantFonts"])
	if err != nil || len(desc) != 1 {
		t.Fatalf("/DescendantFonts %v (%v)", desc, err)
	}
	cid, err := x.DereferenceDict(desc[0])
	if err != nil {
		t.Fatal(err)
	}
	fd, err := x.DereferenceDict(cid["FontDescriptor"])
	if err != nil {
		t.Fatal(err)
	}
	names := []string{*type0.NameEntry("BaseFont"), *cid.NameEntry("BaseFont"), *fd.NameEntry("FontName")}
	if names[0] != names[1] || names[1] != names[2] {
		t.Errorf("font names disagree: Type0 %s, CIDFont %s, descriptor %s", names[0], names[1], names[2])
	}
	sd, _, err := x.DereferenceStreamDict(fd["FontFile2"])
	if err != nil || sd == nil {
		t.Fatalf("%s: font program %v", names[0], err)
	}
	if err := sd.Decode(); err != nil {
		t.Fatal(err)
	}
	return names[0], sha256.Sum256(sd.Content)
}

// ghostscript is the gs of Debian's package, which make test installs.
func ghostscript(t *testing.T) string {
	t.Helper()
	gs, err := exec.LookPath("gs")
	if err != nil {
		t.Fatalf("Ghostscript (gs) is not installed: make test installs it from Debian's package ghostscript: %v", err)
	}
	return gs
}

// Ghostscript renders every file of the sample without an error, a
// warning or a repair.
func TestGhostscriptReadsEveryFile(t *testing.T) {
	gs := ghostscript(t)
	dir := releaseSample(t, sample)
	for _, lang := range docs {
		for _, v := range render.Variants {
			name := variantName(lang, v)
			out, err := exec.Command(gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=nullpage", filepath.Join(dir, name)).CombinedOutput()
			if err != nil || len(bytes.TrimSpace(out)) > 0 {
				t.Errorf("%s: gs: %v\n%s", name, err, out)
			}
		}
	}
}

// inkCoverage is Ghostscript's inkcov for the trimmed page of a one-page
// file: the share of the page each plate covers.
func inkCoverage(t *testing.T, pdf []byte) [4]float64 {
	t.Helper()
	gs := ghostscript(t)
	path := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(gs, "-q", "-dSAFER", "-dUseTrimBox", "-r150", "-o", "-", "-sDEVICE=inkcov", path).CombinedOutput()
	if err != nil {
		t.Fatalf("gs inkcov: %v\n%s", err, out)
	}
	var c [4]float64
	if _, err := fmt.Sscanf(string(out), "%f %f %f %f CMYK OK", &c[0], &c[1], &c[2], &c[3]); err != nil {
		t.Fatalf("gs inkcov said %q: %v", out, err)
	}
	return c
}

// A page of the sample with its body text only prints on the black plate
// alone; the same page as typeset (rules, headings, footer) uses the
// others too, so the measure can tell.
func TestBodyTextPrintsOnTheBlackPlateOnly(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	e, err := pipeline.Load(sample)
	if err != nil {
		t.Fatal(err)
	}
	bk, err := pipeline.Typeset(e, e.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	l, err := layouts.Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	full := *bk
	page := bk.Pages[2] // a page of articles
	page.Index = 0
	full.Pages = []book.Page{page}
	body := full
	body.Pages = []book.Page{{Index: 0, Label: full.Pages[0].Label}}
	for _, it := range full.Pages[0].Items {
		if tx, ok := it.(book.Text); ok && tx.Color == l.Colors.Text && tx.Size == l.Sizes.Body {
			body.Pages[0].Items = append(body.Pages[0].Items, tx)
		}
	}
	if len(body.Pages[0].Items) < 20 {
		t.Fatalf("only %d body text items on the page", len(body.Pages[0].Items))
	}
	body.Outline, full.Outline = nil, nil
	for _, c := range []struct {
		name      string
		b         *book.Book
		blackOnly bool
	}{{"body text only", &body, true}, {"the whole page", &full, false}} {
		var buf bytes.Buffer
		if err := render.PDF(context.Background(), c.b, &buf, render.Print); err != nil {
			t.Fatal(err)
		}
		cov := inkCoverage(t, buf.Bytes())
		colour := cov[0] + cov[1] + cov[2]
		if cov[3] <= 0 || (colour == 0) != c.blackOnly {
			t.Errorf("%s: ink coverage C %.5f M %.5f Y %.5f K %.5f; black plate only: %v", c.name, cov[0], cov[1], cov[2], cov[3], c.blackOnly)
		}
	}
}

// onlyPrintWarnings: stderr holds nothing but warnings about pictures too
// coarse for print, as a build of the sample has (its map prints at 180
// ppi, under the print shop's 300), or nothing at all.
func onlyPrintWarnings(stderr string) bool {
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if line != "" && !strings.Contains(line, ": warning: image ") {
			return false
		}
	}
	return true
}

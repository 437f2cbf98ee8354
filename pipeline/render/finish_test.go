package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/klauspost/compress/zlib"

	"bulletin/internal/fontcheck"
	"bulletin/internal/pdfread"
)

// handPDF writes objects 1..n in fpdf's way (one classic cross-reference
// table, every object "N 0 obj\n...\nendobj\n") with /Root 9 and /Info 8,
// as a stand-in for fpdf's output that each test can break in one place.
func handPDF(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<<\n/Size %d\n/Root 9 0 R\n/Info 8 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// handObjects is a one-page file as fpdf writes it: a page with a link
// annotation, an outline item with a child, the information dictionary, a
// font program fpdf's subsetter wrote (the fixture of issue #18).
func handObjects(t *testing.T) []string {
	t.Helper()
	ttf, err := os.ReadFile("../../internal/fontcheck/testdata/fpdf-0.12.0-serif-az.ttf")
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(ttf)
	zw.Close()
	return []string{
		"<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595.28 841.89]\n/Resources 2 0 R\n" +
			"/Annots [<</Type /Annot /Subtype /Link /Rect [10 10 50 20] /Border [0 0 0] /A <</S /URI /URI (https://example.org/\\(a\\)])>>>>]\n" +
			"/Contents 4 0 R>>",
		"<</ProcSet [/PDF /Text]>>",
		"<</Type /Pages\n/Kids [1 0 R]\n/Count 1>>",
		"<</Length 8>>\nstream\n0 0 m S\n\nendstream",
		"<</Title (Part)\n/Parent 7 0 R\n/First 6 0 R\n/Last 6 0 R\n/Dest [1 0 R /XYZ 0 800.00 null]\n/Count 0>>",
		"<</Title (Chapter)\n/Parent 5 0 R\n/Dest [1 0 R /XYZ 0 700.00 null]\n/Count 0>>",
		"<</Type /Outlines /First 5 0 R\n/Last 5 0 R>>",
		"<<\n/Producer (hand)\n/CreationDate (D:20250101000000)\n/ModDate (D:20250101000000)>>",
		"<</Type /Catalog\n/Pages 3 0 R\n/Outlines 7 0 R\n" + emptyNames + ">>",
		fmt.Sprintf("<</Length %d\n/Filter /FlateDecode\n/Length1 %d\n>>\nstream\n%s\nendstream", z.Len(), len(ttf), z.Bytes()),
		"<</Type /FontDescriptor /FontName /utf8hand /Flags 4 /FontFile2 10 0 R>>",
		"<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /utf8hand\n/FontDescriptor 11 0 R>>",
		"<</Type /Font\n/Subtype /Type0\n/BaseFont /utf8hand\n/Encoding /Identity-H\n/DescendantFonts [12 0 R]\n/ToUnicode 14 0 R>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(fpdfToUnicode), fpdfToUnicode),
	}
}

var handWants = finishing{printLinks: true, pages: 1, links: 1, parents: 1, fonts: 1,
	runes: map[string][]rune{"hand": []rune("ABCaə")}}

// The hand-made file comes out with every patch applied, its font program
// mended, and a cross-reference table that points at every object.
func TestFinishPatchesAHandMadeFile(t *testing.T) {
	out, err := finish(context.Background(), handPDF(handObjects(t)), handWants)
	if err != nil {
		t.Fatal(err)
	}
	if err := pdfread.CheckXref(out); err != nil {
		t.Error(err)
	}
	for _, want := range []string{
		"/Annots [15 0 R]",
		"15 0 obj\n<</Type /Annot /F 4 /Subtype /Link ",
		"<</Type /Catalog\n/Pages 3 0 R\n/Outlines 7 0 R\n>>",
		"/First 6 0 R\n/Last 6 0 R\n/Dest [1 0 R /XYZ 0 800.00 null]\n/Count -1>>",
		"/CreationDate (D:20250101000000Z00'00)\n/ModDate (D:20250101000000Z00'00)",
		"/Root 9 0 R\n/Info 8 0 R\n/ID [<",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("no %q in the finished file", want)
		}
	}
	tagged := regexp.MustCompile(`/(FontName|BaseFont) /[A-Z]{6}\+utf8hand\b`).FindAll(out, -1)
	if len(tagged) != 3 || !bytes.Equal(tagged[0][len(tagged[0])-12:], tagged[2][len(tagged[2])-12:]) {
		t.Errorf("subset font names %q, want one tag in the descriptor and both font dictionaries", tagged)
	}
	if bytes.Contains(out, []byte("/Names")) {
		t.Error("the empty name tree is still there")
	}
	if !bytes.Contains(out, toUnicodeCMap([]rune("ABCaə"))) || bytes.Contains(out, []byte("<0000> <FFFF> <0000>")) {
		t.Error("the font's ToUnicode map is still fpdf's")
	}
	progs, err := fontcheck.Programs(out)
	if err != nil || len(progs) != 1 {
		t.Fatalf("font programs %d, %v", len(progs), err)
	}
	if err := fontcheck.Check(progs[0].Program); err != nil {
		t.Errorf("font program not mended: %v", err)
	}
}

// Each patch that does not find what it patches, as many times as the
// renderer drew it, fails the render and names itself.
func TestFinishFailsLoudlyOnASurprise(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(objs []string, opt *finishing)
		patch  string
	}{
		{"a second page the renderer did not draw", func(_ []string, o *finishing) { o.pages = 2 }, patchPages},
		{"annotations written another way", func(objs []string, _ *finishing) {
			objs[0] = strings.Replace(objs[0], "/Annots [<<", "/Annots [ <<", 1)
			objs[0] = strings.Replace(objs[0], "<</Type /Annot /Subtype /Link ", "<</Subtype /Link /Type /Annot ", 1)
		}, patchPrint},
		{"no annotations", func(objs []string, _ *finishing) {
			objs[0] = objs[0][:strings.Index(objs[0], "/Annots")] + "/Contents 4 0 R>>"
		}, patchAnnots},
		{"a link more than fpdf wrote", func(_ []string, o *finishing) { o.links = 2 }, patchAnnots},
		{"outline item with children counted already", func(objs []string, _ *finishing) {
			objs[4] = strings.Replace(objs[4], "/Count 0>>", "/Count 1>>", 1)
		}, patchOutline},
		{"no outline item with children", func(_ []string, o *finishing) { o.parents = 2 }, patchOutline},
		{"information dictionary without /ModDate", func(objs []string, _ *finishing) {
			objs[7] = strings.Replace(objs[7], "\n/ModDate (D:20250101000000)", "", 1)
		}, patchDates},
		{"dates with a time zone already", func(objs []string, _ *finishing) {
			objs[7] = strings.ReplaceAll(objs[7], "000000)", "000000Z00'00)")
		}, patchDates},
		{"no information dictionary", func(objs []string, _ *finishing) {
			objs[7] = "<<\n/Producer (hand)>>"
		}, patchInfo},
		{"two information dictionaries", func(objs []string, _ *finishing) {
			objs[1] = "<<\n/CreationDate (D:20250101000000)>>"
		}, patchInfo},
		{"a font program fewer", func(_ []string, o *finishing) { o.fonts = 2 }, patchFonts},
		{"no empty name tree", func(objs []string, _ *finishing) {
			objs[8] = strings.Replace(objs[8], emptyNames, "", 1)
		}, patchNames},
		{"a font program no font uses", func(objs []string, _ *finishing) {
			objs[12] = strings.Replace(objs[12], "/DescendantFonts [12 0 R]", "/DescendantFonts [11 0 R]", 1)
		}, patchTags},
		{"a PDF/X file without its output intent", func(_ []string, o *finishing) { o.pdfX = true }, patchReg},
		{"a ToUnicode map other than fpdf's", func(objs []string, _ *finishing) {
			objs[13] = strings.Replace(objs[13], "<0000> <FFFF> <0000>", "<0000> <00FF> <0000>", 1)
		}, patchCMaps},
		{"a Type0 font without a ToUnicode map", func(objs []string, _ *finishing) {
			objs[12] = strings.Replace(objs[12], "\n/ToUnicode 14 0 R", "", 1)
		}, patchCMaps},
		{"a ToUnicode map no font names", func(objs []string, _ *finishing) {
			objs[12] = strings.Replace(objs[12], "/ToUnicode 14 0 R", "/ToUnicode 4 0 R", 1)
		}, patchCMaps},
	} {
		t.Run(c.name, func(t *testing.T) {
			objs, opt := handObjects(t), handWants
			c.change(objs, &opt)
			_, err := finish(context.Background(), handPDF(objs), opt)
			var pe *PatchError
			if !errors.As(err, &pe) || pe.Patch != c.patch {
				t.Errorf("got %v, want the patch %q to fail", err, c.patch)
			}
		})
	}
}

// A font program the repair cannot read fails the render.
func TestFinishRefusesAFontItCannotMend(t *testing.T) {
	objs := handObjects(t)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("OTTO not a TrueType font"))
	zw.Close()
	objs[9] = fmt.Sprintf("<</Length %d\n/Filter /FlateDecode\n/Length1 24\n>>\nstream\n%s\nendstream", z.Len(), z.Bytes())
	if _, err := finish(context.Background(), handPDF(objs), handWants); err == nil || !strings.Contains(err.Error(), "not a TrueType font") {
		t.Errorf("got %v", err)
	}
}

// A cancelled render stops and says so.
func TestRenderStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if err := PDF(ctx, sampleBook(), &buf, Screen); !errors.Is(err, context.Canceled) || buf.Len() != 0 {
		t.Errorf("got %v and %d bytes, want context.Canceled and nothing written", err, buf.Len())
	}
}

// errAfter is a context that turns cancelled after its Err has said nil
// n times, so a test can stop a render between two pages.
type errAfter struct {
	context.Context
	n int
}

func (c *errAfter) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

// A render cancelled after its first page stops there, with nothing
// written: the pages are where a long render spends its time.
func TestRenderStopsBetweenPages(t *testing.T) {
	var buf bytes.Buffer
	ctx := &errAfter{Context: context.Background(), n: 1}
	if err := PDF(ctx, sampleBook(), &buf, Print); !errors.Is(err, context.Canceled) || buf.Len() != 0 || ctx.n != 0 {
		t.Errorf("got %v and %d bytes, %d checks left; want context.Canceled at the second page", err, buf.Len(), ctx.n)
	}
}

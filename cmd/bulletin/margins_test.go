package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/pdfread"
	"bulletin/internal/testedition"
	"bulletin/layouts"
)

// inkSlack is how far a glyph's ink may reach past its advance box by the
// font's design: the tail of a "y" at the start of a line overhangs to the
// left by 0.08 em, 1.0 pt at the 12.5 pt of a subheading (issue #15's
// sizes).
const inkSlack = 1.2

// masthead is the foot of the front page's band, which the organisation's
// names straddle the top margin on, by design.
const masthead = 126.0

// checkInk reads a written PDF with PDFium and checks that the box of
// every glyph lies inside the text area: between the side margins on every
// page, and between the top and bottom margins except for the masthead
// above the text of the front page and the footer under its rule.
func checkInk(t *testing.T, path string) (glyphs int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdfread.Glyphs(data)
	if err != nil {
		t.Fatalf("PDFium cannot read %s: %v", path, err)
	}
	l, err := layouts.Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	left, right := l.Margins.Left-inkSlack, l.Page.Width-l.Margins.Right+inkSlack
	top, bottom := l.Margins.Top-inkSlack, l.Page.Height-l.Margins.Bottom+inkSlack
	footer := l.Page.Height - l.Margins.Bottom + 12 // the footer's rule
	bad := 0
	for i, gs := range pages {
		for _, g := range gs {
			glyphs++
			// An opening quote that starts a line hangs into the
			// margin by design, by up to 70% of its width (protrusion,
			// docs/typesetting.md): 3 pt at the body size.
			edge := left
			if strings.ContainsAny(g.Text, "“‘„\"'") {
				edge -= 3
			}
			inside := g.Left >= edge && g.Right <= right &&
				(g.Top >= top && g.Bottom <= bottom || g.Top >= footer && g.Bottom <= l.Page.Height || i == 0 && g.Bottom <= masthead)
			if !inside {
				if bad++; bad <= 10 {
					t.Errorf("%s page %d: glyph %q at x %.1f..%.1f, y %.1f..%.1f crosses the text area (x %.1f..%.1f, y %.1f..%.1f)",
						filepath.Base(path), i+1, g.Text, g.Left, g.Right, g.Top, g.Bottom, left, right, top, bottom)
				}
			}
		}
	}
	if bad > 10 {
		t.Errorf("%s: %d glyphs outside the text area in all", filepath.Base(path), bad)
	}
	return glyphs
}

// checkEditionInk checks every screen file of a built edition folder.
func checkEditionInk(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "bulletin-*.pdf"))
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "-print.pdf") || strings.HasSuffix(f, "-archive.pdf") {
			continue // the same pages, placed on a larger sheet
		}
		if checkInk(t, f) == 0 {
			t.Errorf("%s: no glyph found; the check sees nothing", f)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no screen file in %s", dir)
	}
}

// TestNoGlyphPastTheMargins builds the sample, a generated edition and an
// edition of hostile cases, and reads every page back with PDFium: no
// glyph's box may cross the edge of the text area.
func TestNoGlyphPastTheMargins(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(gen, 24, 300); err != nil {
		t.Fatal(err)
	}
	hostile := filepath.Join(t.TempDir(), "2031-05")
	writeHostile(t, hostile)
	srcs := map[string]string{"sample": filepath.Join("..", "..", "input", "2025-01"), "generated": gen, "hostile": hostile}
	// The catalogue's editions that build, copied so that their folder
	// name is a month.
	ok, _ := filepath.Glob(filepath.Join("testdata", "catalogue", "*-ok"))
	if len(ok) < 3 {
		t.Fatalf("found %d catalogue editions that build; the test checks too little", len(ok))
	}
	for _, c := range ok {
		dst := filepath.Join(t.TempDir(), "2025-01")
		copyDir(t, c, dst)
		srcs[filepath.Base(c)] = dst
	}
	for name, src := range srcs {
		t.Run(name, func(t *testing.T) {
			checkEditionInk(t, buildSample(t, src, "--variant", "screen"))
		})
	}
}

// words is n words of running text about a harbour, in our own words.
func words(n int, tag string) string {
	ws := strings.Fields("the new quay at Ələt takes longer ships than the old one and the cranes unload grain cotton and timber for Gəncə Şəki and Ağdam every morning")
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ws[i%len(ws)])
		if tag != "" && i%10 == 0 {
			b.WriteString(tag)
		}
	}
	return b.String()
}

// writeHostile writes an edition whose articles push text outward: wide and
// long tables, a row taller than a page, nine-digit list numbers, deep
// nesting, a note longer than a page and notes with every kind of block.
func writeHostile(t *testing.T, dir string) {
	t.Helper()
	files := map[string]string{
		"edition.yaml":   "edition: 2031-05\nlanguages: [en]\n",
		"01-tables.md":   "---\ntitle: Tables that push outward\n---\n\n" + hostileTables(),
		"02-lists.md":    "---\ntitle: Lists and quotes\n---\n\n" + hostileLists(),
		"03-notes.md":    "---\ntitle: Notes of every kind\n---\n\n" + hostileNotes(),
		"04-manynote.md": "---\ntitle: A hundred and fifty notes\n---\n\n" + manyRefs(150),
	}
	writeEdition(t, dir, files)
}

func hostileTables() string {
	var b strings.Builder
	b.WriteString(words(60, "") + "\n\n")
	// Sixty columns.
	for r := range 4 {
		for c := range 60 {
			fmt.Fprintf(&b, "| Ş%d%d ", r, c)
		}
		b.WriteString("|\n")
		if r == 0 {
			b.WriteString(strings.Repeat("|---", 60) + "|\n")
		}
	}
	// An address of 2,000 characters in a cell.
	url := "https://example.org/" + strings.Repeat("ganja-port/", 180)
	fmt.Fprintf(&b, "\n| source | note |\n|---|---|\n| <%s> | the long address |\n\n", url)
	// Five hundred rows.
	b.WriteString("| row | cargo | tonnes |\n|---|---|---|\n")
	for r := range 500 {
		fmt.Fprintf(&b, "| %d | grain for Gəncə | %d |\n", r, 1000+r)
	}
	// A row taller than a page: four cells near the cell limit.
	b.WriteString("\n| a | b | c | d |\n|---|---|---|---|\n|")
	for range 4 {
		b.WriteString(" " + words(600, "") + " |")
	}
	b.WriteString("\n\nThe end of the tables.\n")
	return b.String()
}

func hostileLists() string {
	var b strings.Builder
	b.WriteString("“" + words(40, "") + "” " + words(60, "") + "\n\n") // a quote hangs out
	b.WriteString("999999990. first with a nine-digit number\n999999991. " + words(60, "") + "\n\n")
	// Twelve levels of lists and quotes inside each other.
	prefix := ""
	for i := range 12 {
		if i%2 == 0 {
			prefix += "> "
		} else {
			prefix += "1. "
		}
		fmt.Fprintf(&b, "%s%s\n", prefix, words(30, ""))
		prefix = strings.Repeat(" ", len(prefix))
	}
	return b.String()
}

func hostileNotes() string {
	long := words(500, "") + "\n\n    " + words(500, "") + "\n\n    " + words(500, "")
	return words(200, "") + " A long note.[^long] " + words(100, "") + "\n\n" +
		"## A heading with a note[^head]\n\n" +
		"| port | note |\n|---|---|\n| Ələt[^cell] | quay |\n\n" +
		words(300, "") + " A rich note.[^rich]\n\n" +
		"[^long]: " + long + "\n\n" +
		"[^head]: The heading's note.\n\n" +
		"[^cell]: The cell's note.\n\n" +
		"[^rich]: It holds a list, a quote, code and a table, and a further note.[^inner]\n\n" +
		"    - one point\n    - 999999990 another\n\n    > a quoted line\n\n        code in a note\n\n" +
		"    | a | b |\n    |---|---|\n    | c | d |\n\n" +
		"[^inner]: The note of a note.\n"
}

func manyRefs(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Ships call at Ələt.[^n%d] ", i)
	}
	b.WriteString("\n\n")
	for i := range n {
		fmt.Fprintf(&b, "[^n%d]: Call number %d, in the morning.\n\n", i, i)
	}
	return b.String()
}

// TestSoftHyphens builds an article whose words carry soft hyphens, and
// reads the pages back: where a line does not break at one, nothing is
// drawn for it, so the word reads whole.
func TestSoftHyphens(t *testing.T) {
	src := filepath.Join(t.TempDir(), "2031-05")
	shy := "Rail trans\u00adport through Gən\u00adcə grows every year."
	writeEdition(t, src, map[string]string{
		"edition.yaml": "edition: 2031-05\n",
		"01-rail.md":   "---\ntitle: Rail\n---\n\n" + shy + "\n",
	})
	d := readPDF(t, filepath.Join(buildSample(t, src, "--variant", "screen"), "bulletin-2031-05-en.pdf"))
	text := strings.Join(d.Pages, "\n")
	for _, w := range []string{"transport", "Gəncə"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q not found whole in the text PDFium extracts:\n%s", w, text)
		}
	}
	if strings.ContainsAny(text, "\u00ad") {
		t.Errorf("a soft hyphen reached the page:\n%s", text)
	}
}

// writeEdition writes files (name to text) into dir.
func writeEdition(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The numerals of the contents are aligned on their periods (issue #15):
// read back from the file, the period after I, II, III ... ends at the
// same x on every entry.
func TestContentsNumeralsAlignOnThePeriod(t *testing.T) {
	dir := buildSample(t, sample, "--variant", "screen")
	data, err := os.ReadFile(filepath.Join(dir, "bulletin-2025-01-en.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdfread.Glyphs(data)
	if err != nil {
		t.Fatal(err)
	}
	// The glyphs of a line are in drawing order; an entry's numeral is
	// drawn first, so a period right after a run of I, V and X that
	// starts the line is the numeral's.
	var periods []float64
	var numerals []string
	var base float64 // the ink's foot: the baseline for I, V, X and "."
	run := ""
	for _, g := range pages[0] {
		if g.Bottom-base > 2 || base-g.Bottom > 2 {
			base, run = g.Bottom, ""
		}
		switch {
		case run != "-" && strings.Contains("IVX", g.Text):
			run += g.Text
		case run != "" && run != "-" && g.Text == ".":
			periods = append(periods, g.Right)
			numerals = append(numerals, run)
			run = "-"
		default:
			run = "-"
		}
	}
	if len(periods) != 6 {
		t.Fatalf("found the numerals %v on the front page, want the six of the sample's contents", numerals)
	}
	for i, p := range periods {
		if p-periods[0] > 0.05 || periods[0]-p > 0.05 {
			t.Errorf("the period after %s ends at x %.2f, after %s at %.2f: not aligned", numerals[i], p, numerals[0], periods[0])
		}
	}
}

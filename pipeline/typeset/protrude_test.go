package typeset_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bulletin/fonts"
	"bulletin/internal/pdfread"
	"bulletin/layouts"
	"bulletin/pipeline"
	"bulletin/pipeline/render"
	"bulletin/pipeline/typeset"
)

// An opening quote at the start of a line hangs into the left margin by
// half its width (issue #15: "and opening quotes at its start"), so that
// the edge the letters make stays straight. Read back from the written
// PDF with PDFium: every line of the article that starts with “ has the
// quote's ink left of the margin, by less than the quote is wide, and
// every line that starts with a letter has its ink at the margin.
func TestOpeningQuoteProtrudes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2030-07")
	quote := "“Ports are built for ships that do not exist yet,” the harbour master likes to say, and the new quay proves him right. "
	text := "---\ntitle: Quotes at the edge\n---\n\n" +
		quote + "Cranes were ordered before the grain trade grew, and the rail siding was laid before the first train came.\n\n" +
		"The second paragraph starts with a letter. Its lines show where the margin is, so that the quotes of the first can be measured against it. It goes on for a while, about the quay and its cranes, to fill a few lines.\n\n" +
		"“A quay is a promise,” a planner said; “the ships keep it.” The town waited and the ships came.\n"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"edition.yaml": "edition: 2030-07\n", "01-quotes.md": text} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, err := pipeline.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := pipeline.Render(context.Background(), e, []render.Variant{render.Screen}, time.Date(2030, 7, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdfread.Glyphs(files[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	l, err := layouts.Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	m, err := typeset.NewFontMeasurer()
	if err != nil {
		t.Fatal(err)
	}
	quoteW := m.Width(fonts.Face{Family: l.Fonts.Body}, l.Sizes.Body, "“")
	margin := l.Margins.Left
	quotes, letters := 0, 0
	body := false // from the first line of the article's text on
	for _, first := range lineStarts(pages[len(pages)-1]) {
		body = body || first.Text == "“"
		switch {
		case !body || first.Top > l.Page.Height-l.Margins.Bottom:
			// the title above, the footer below
		case first.Text == "“":
			quotes++
			if first.Left > margin-0.3*quoteW || first.Left < margin-quoteW {
				t.Errorf("a line starts with a quote whose ink is at x %.2f: want it to hang %.2f to %.2f pt into the margin at %.1f",
					first.Left, 0.3*quoteW, quoteW, margin)
			}
		default:
			letters++
			if first.Left < margin-0.3 || first.Left > margin+1 {
				t.Errorf("a line starts with %q at x %.2f, want the margin %.1f", first.Text, first.Left, margin)
			}
		}
	}
	t.Logf("%d quote starts, %d letter starts", quotes, letters)
	if quotes < 2 || letters < 3 {
		t.Errorf("found %d lines starting with a quote and %d with a letter; the test sees too little", quotes, letters)
	}
}

// lineStarts is the first glyph of each line of a page: the glyphs come
// in the order they are drawn, and a line starts where the next glyph is
// far left of the one before it.
func lineStarts(gs []pdfread.Glyph) []pdfread.Glyph {
	var out []pdfread.Glyph
	for i, g := range gs {
		if i == 0 || g.Left < gs[i-1].Left-20 {
			out = append(out, g)
		}
	}
	return out
}

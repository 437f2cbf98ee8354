package typeset_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"bulletin/internal/pdfread"
	"bulletin/pipeline"
	"bulletin/pipeline/render"
)

// The sample's tracked line (issue #15: "…offered to returning /
// families;", whose spaces reach 1.8× only with tracking) read back from
// the written PDF with PDFium: its last glyph's ink ends where that of
// every other justified line ending in the same letter does, at the right
// edge of the column. Each word is placed at its own x, so what the Tc
// the renderer writes moves is the glyphs of the line's last word: without
// it, or with Tc that the typesetter measured otherwise, the line would end
// short or long by their tracking, 0.2 pt (four times what is allowed).
func TestTrackedLineEndsAtTheEdge(t *testing.T) {
	e, err := pipeline.Load("../../input/2025-01")
	if err != nil {
		t.Fatal(err)
	}
	d := e.Docs[0] // en
	r, err := pipeline.Report(e, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.TrackedLines) != 1 {
		t.Fatalf("%d tracked lines in the sample's en document, want the one: %v", len(r.TrackedLines), r.TrackedLines)
	}
	m := regexp.MustCompile(`^page \S+: tracked (0\.\d+) pt, spaces [\d.]+×: (".*")$`).FindStringSubmatch(r.TrackedLines[0])
	if m == nil {
		t.Fatalf("tracked line named as %q", r.TrackedLines[0])
	}
	tc, _ := strconv.ParseFloat(m[1], 64)
	text, err := strconv.Unquote(m[2])
	if err != nil {
		t.Fatal(err)
	}
	want := strings.ReplaceAll(text, " ", "") // PDFium's glyphs have no spaces

	files, _, err := pipeline.Render(context.Background(), e, []render.Variant{render.Screen}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdfread.Glyphs(files[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	var tracked []pdfread.Glyph
	var ends []float64 // the ink's right end of the other lines ending in the same letter
	for _, pg := range pages {
		for _, ln := range glyphLines(pg) {
			var s strings.Builder
			for _, g := range ln {
				s.WriteString(g.Text)
			}
			if s.String() == want {
				tracked = ln
			}
		}
	}
	if tracked == nil {
		t.Fatalf("no line of the PDF reads %q", want)
	}
	last := tracked[len(tracked)-1]
	for _, pg := range pages {
		for _, ln := range glyphLines(pg) {
			if g := ln[len(ln)-1]; g.Text == last.Text && &ln[0] != &tracked[0] && g.Right > last.Right-2 && g.Right < last.Right+2 {
				ends = append(ends, g.Right)
			}
		}
	}
	if len(ends) < 3 {
		t.Fatalf("%d other lines end in %q at the edge; the test sees too little", len(ends), last.Text)
	}
	slices.Sort(ends)
	edge := ends[len(ends)/2]
	// The tracking inside the last word: every glyph but its last, at
	// +2% (past 1.8× the glyphs are at their widest).
	lastWord := text[strings.LastIndex(text, " ")+1:]
	shift := float64(utf8.RuneCountInString(lastWord)-1) * tc * 1.02
	const tol = 0.03
	t.Logf("tracked line %q: %.4f pt a glyph, %.3f pt inside %q; its last glyph ends at %.3f, the edge (median of %d lines) %.3f",
		text, tc, shift, lastWord, last.Right, len(ends), edge)
	if shift < 4*tol {
		t.Errorf("the line's tracking adds %.2f pt; too little for the test to see", shift)
	}
	if d := last.Right - edge; d < -tol || d > tol {
		t.Errorf("the tracked line's last glyph %q ends at %.3f, %.3f pt from the column's edge %.3f", last.Text, last.Right, d, edge)
	}
}

// glyphLines cuts a page's glyphs, in the order they are drawn, into
// lines: a line starts where a glyph is far left of the one before it.
func glyphLines(gs []pdfread.Glyph) [][]pdfread.Glyph {
	var out [][]pdfread.Glyph
	for i := range gs {
		if i == 0 || gs[i].Left < gs[i-1].Left-20 {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], gs[i])
	}
	return out
}

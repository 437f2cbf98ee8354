package typeset_test

import (
	"path/filepath"
	"testing"

	"bulletin/internal/testedition"
	"bulletin/pipeline"
	"bulletin/pipeline/render"
	"bulletin/pipeline/typeset"
)

// The typographic targets of issue #15, on the sample (every document) and
// on a generated 600-article edition, at the grid's measure: a median of
// 60 to 75 characters a justified line; no overfull line, widow, orphan,
// stranded heading (or lead-in) or hyphenated fragment alone on a last
// line; word spaces within 1.4 times the natural space on 95% of justified
// lines, and none above 1.8 (MaxRatio). Two lines reach 1.8 only with
// tracking, the last resort (the sample's list item "…offered to
// returning / families;", 1.85 without it, where only "fami-/lies;" would
// be tighter, and one paragraph of the generated edition, 1.84 without
// it): tracking is for such lines alone, at most one in a hundred
// justified lines; at most one full page in a hundred more
// than three lines short (pages before an article's first page are not
// counted: the title and its first lines move on together; the generated
// edition has 2 of about 760, the sample none).
func TestTypographicTargets(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(gen, 600, 550); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../../input/2025-01", gen} {
		e, err := pipeline.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range e.Docs {
			r, err := pipeline.Report(e, d)
			if err != nil {
				t.Fatal(err)
			}
			name := pipeline.FileName(d, render.Screen)
			t.Logf("%s: %s", name, r)
			check(t, name, r)
		}
	}
}

func check(t *testing.T, name string, r typeset.Report) {
	t.Helper()
	if len(r.Ratios) < 100 {
		t.Errorf("%s: only %d justified lines; the test measures too little", name, len(r.Ratios))
	}
	if c := r.MedianChars(); c < 60 || c > 75 {
		t.Errorf("%s: median %d characters a line, want 60 to 75", name, c)
	}
	if r.Overfull+r.Widows+r.Orphans+r.Stranded+r.Fragments > 0 {
		t.Errorf("%s: %s\n%v", name, r, r.Problems)
	}
	if pages := len(r.Gaps) + 1; r.ShortPages*100 > pages {
		t.Errorf("%s: %d of %d pages more than three lines short\n%v", name, r.ShortPages, pages, r.Problems)
	}
	if w := r.Within(1.4); w < 0.95 {
		t.Errorf("%s: %.1f%% of justified lines within 1.4× the natural space, want 95%%", name, 100*w)
	}
	if r.Max() > typeset.MaxRatio {
		t.Errorf("%s: word spaces up to %.4f× the natural space, want %.1f× at most\n%v", name, r.Max(), typeset.MaxRatio, r.Problems)
	}
	if r.Tracked*100 > len(r.Ratios) {
		t.Errorf("%s: %d of %d justified lines tracked, want one in a hundred at most", name, r.Tracked, len(r.Ratios))
	}
}

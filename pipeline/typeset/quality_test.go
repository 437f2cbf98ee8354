package typeset_test

import (
	"path/filepath"
	"testing"

	"bulletin/internal/testedition"
	"bulletin/pipeline"
	"bulletin/pipeline/render"
	"bulletin/pipeline/typeset"
)

// The typographic targets, on the sample (every document) and on a
// generated 600-article edition: no overfull line, widow, orphan or
// stranded heading; 95% of justified lines with word spaces within 1.4
// times the natural space and none above 2; no full page more than three
// lines short.
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
	if r.Overfull+r.Widows+r.Orphans+r.Stranded+r.ShortPages > 0 {
		t.Errorf("%s: %s\n%v", name, r, r.Problems)
	}
	if w := r.Within(1.4); w < 0.95 {
		t.Errorf("%s: %.1f%% of justified lines within 1.4× the natural space, want 95%%", name, 100*w)
	}
	if m := r.Max(); m > 2 {
		t.Errorf("%s: widest word space %.2f× the natural space, want at most 2", name, m)
	}
}

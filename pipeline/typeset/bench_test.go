package typeset_test

import (
	"path/filepath"
	"testing"

	"bulletin/internal/testedition"
	"bulletin/pipeline"
)

// BenchmarkBook600 typesets a 600-article edition with the real fonts: the
// size at which the repeated layout for page numbers (and the contents
// running over many pages) would show up as a cost. Writing and loading
// the sources is outside the timed loop.
func BenchmarkBook600(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "2030-06")
	if err := testedition.Write(dir, 600, 150); err != nil {
		b.Fatal(err)
	}
	e, err := pipeline.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	pages := 0
	for b.Loop() {
		bk, err := pipeline.Typeset(e, e.Docs[0])
		if err != nil {
			b.Fatal(err)
		}
		pages = len(bk.Pages)
	}
	b.ReportMetric(float64(pages), "pages")
}

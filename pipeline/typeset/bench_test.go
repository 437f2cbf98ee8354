package typeset_test

import (
	"path/filepath"
	"testing"

	"bulletin/internal/testedition"
	"bulletin/pipeline"
	"bulletin/pipeline/source"
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
	benchTypeset(b, dir)
}

// BenchmarkTinyParagraphs typesets the edition that issue 11 (class 12)
// found slow within the documented limits: 16 articles, each a file at the
// size limit made of paragraphs of one short word.
func BenchmarkTinyParagraphs(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "2030-06")
	if err := testedition.WriteTiny(dir, source.MaxArticleBytes); err != nil {
		b.Fatal(err)
	}
	benchTypeset(b, dir)
}

// benchTypeset typesets the first document of the edition in dir, loaded
// outside the timed loop, and reports its pages.
func benchTypeset(b *testing.B, dir string) {
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

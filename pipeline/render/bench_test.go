package render_test

import (
	"context"
	"io"
	"testing"

	"bulletin/pipeline"
	"bulletin/pipeline/render"
)

// BenchmarkSampleScreen renders the sample's English book as the screen
// file: the render stage alone, most of it fpdf's (fonts added, drawn,
// subset and compressed), then finish. Typesetting is outside the loop.
func BenchmarkSampleScreen(b *testing.B) { benchSample(b, render.Screen) }

// BenchmarkSampleArchive is BenchmarkSampleScreen for the archive file,
// whose font programs finish inflates, mends and compresses again.
func BenchmarkSampleArchive(b *testing.B) { benchSample(b, render.Archive) }

func benchSample(b *testing.B, v render.Variant) {
	e, err := pipeline.Load("../../input/2025-01")
	if err != nil {
		b.Fatal(err)
	}
	bk, err := pipeline.Typeset(e, e.Docs[0])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := render.PDF(context.Background(), bk, io.Discard, v); err != nil {
			b.Fatal(err)
		}
	}
}

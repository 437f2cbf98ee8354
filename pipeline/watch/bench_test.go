package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/testedition"
)

// The time from a saved change to the written screen PDF in a warm
// process: a Builder that has built the edition once, then one paragraph
// of one English article changed per iteration (the watch's quiet wait of
// Quiet is not included).

// BenchmarkWarmSampleEnglish is the English sample alone, as
// cmd/bulletin's BenchmarkProcessSampleEnglishScreen builds it cold.
func BenchmarkWarmSampleEnglish(b *testing.B) {
	dir := sampleCopy(b, false)
	benchWarm(b, dir, filepath.Join(dir, "01-middle-corridor-momentum.md"))
}

// BenchmarkWarmSample is the whole sample (en, az, en-az): an English
// change renders en and en-az again.
func BenchmarkWarmSample(b *testing.B) {
	dir := sampleCopy(b, true)
	benchWarm(b, dir, filepath.Join(dir, "01-middle-corridor-momentum.md"))
}

// BenchmarkWarm600Articles is 600 generated articles of 550 words, as
// cmd/bulletin's BenchmarkProcess600ArticlesScreen builds them cold.
func BenchmarkWarm600Articles(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "2030-06")
	if err := testedition.Write(dir, 600, 550); err != nil {
		b.Fatal(err)
	}
	benchWarm(b, dir, filepath.Join(dir, testedition.Name(300)+".md"))
}

func benchWarm(b *testing.B, dir, article string) {
	ctx := context.Background()
	bl := NewBuilder(Options{Out: b.TempDir(), Version: "bench"})
	if _, err := bl.Rebuild(ctx, dir); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(article)
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	cpu0, cpuOK := cpuTime()
	b.ResetTimer()
	for i := range b.N {
		// A different word each time, so each iteration has work to do.
		edited := strings.Replace(text, "\n\n", fmt.Sprintf("\n\nRevision %d. ", i), 2)
		if err := os.WriteFile(article, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		o, err := bl.Rebuild(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(o.Rendered) == 0 {
			b.Fatal("the edit rendered nothing again")
		}
	}
	b.StopTimer()
	if cpu1, ok := cpuTime(); ok && cpuOK {
		// The CPU a rebuild takes on both cores, the collector's included
		// (the file writes of the loop are a small part of it).
		b.ReportMetric(float64((cpu1-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

// sampleCopy copies input/2025-01, or only its English articles with an
// edition.yaml of English alone.
func sampleCopy(b *testing.B, bilingual bool) string {
	dir := filepath.Join(b.TempDir(), "2025-01")
	if err := testedition.CopySample("../../input/2025-01", dir, bilingual); err != nil {
		b.Fatal(err)
	}
	return dir
}

package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"bulletin/internal/testedition"
	"bulletin/pipeline/source"
)

// The benchmarks run the real binary, so that what they measure is what an
// editor waits for: from process start to the PDF written, font parsing
// included. They report wall time per build (ns/op) and the peak resident
// memory of the process (peak-MB).

func buildBinary(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "bulletin")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("go build: %v", err)
	}
	return bin
}

// benchBuild runs the binary's command (build, or release for every
// variant) on edition, again and again into one output folder.
func benchBuild(b *testing.B, edition string, flags ...string) {
	benchRun(b, "build", edition, flags...)
}

func benchRun(b *testing.B, command, edition string, flags ...string) {
	bin := buildBinary(b)
	out := b.TempDir()
	var peak int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, append(append([]string{command, "--out", out}, flags...), edition)...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, msg)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // kilobytes on Linux
		}
	}
	b.ReportMetric(float64(peak)/1024, "peak-MB")
}

// Every variant, as release makes them: nine PDFs for the sample.
func BenchmarkProcessSample(b *testing.B) {
	benchRun(b, "release", "../../input/2025-01")
}

func BenchmarkProcess600Articles(b *testing.B) {
	benchRun(b, "release", generated(b, 600))
}

// The budget of the first issue was set for one PDF: the English sample
// alone, and 600 articles, as the screen file only.

func BenchmarkProcessSampleEnglishScreen(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "2025-01")
	if err := testedition.CopySample("../../input/2025-01", dir, false); err != nil {
		b.Fatal(err)
	}
	benchBuild(b, dir, "--variant", "screen")
}

func BenchmarkProcess600ArticlesScreen(b *testing.B) {
	benchBuild(b, generated(b, 600), "--variant", "screen")
}

func generated(b *testing.B, n int) string {
	dir := filepath.Join(b.TempDir(), "2030-06")
	if err := testedition.Write(dir, n, 550); err != nil {
		b.Fatal(err)
	}
	return dir
}

// Limits bound time and memory (#11 class 12): the worst editions within
// the limits, through the real binary. GOMEMLIMIT, when set, replaces the
// binary's soft memory limit, so that the limit can be chosen by running
// these with several values.

// Sixteen articles at the size limit, each a run of one-word paragraphs:
// the most paragraphs (and so boxes, lines and pages) the limits let in.
func BenchmarkProcessTinyParagraphs(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "2030-06")
	if err := testedition.WriteTiny(dir, source.MaxArticleBytes); err != nil {
		b.Fatal(err)
	}
	benchBuild(b, dir, "--variant", "screen")
}

// Pictures at the limits: as many as the edition's pixel limit admits,
// each at the limit of one picture.
func BenchmarkProcessBigPictures(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "2030-06")
	n := source.MaxEditionPixels / source.MaxImagePixels
	side := int(math.Sqrt(source.MaxImagePixels))
	files := map[string]string{"edition.yaml": "edition: 2030-06\n"}
	article := "---\ntitle: Pictures\n---\n\n"
	for i := range n {
		name := fmt.Sprintf("images/p%d.png", i)
		files[name] = string(photoPNG(side, side, int64(i)))
		article += fmt.Sprintf("![Picture %d](%s)\n\n", i+1, name)
	}
	files["01-pictures.md"] = article
	writeFiles(b, dir, files)
	benchBuild(b, dir)
}

// photoPNG is a w×h RGB picture that compresses about as badly as a
// photograph may within the file size limit: smooth colour, and noise in
// the lowest bit of red.
func photoPNG(w, h int, seed int64) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewSource(seed))
	noise := make([]byte, len(m.Pix))
	r.Read(noise)
	for y := range h {
		for x := range w {
			i := m.PixOffset(x, y)
			m.Pix[i] = byte(x/8) ^ noise[i]&1
			m.Pix[i+1] = byte(y / 8)
			m.Pix[i+2] = byte((x + y) / 16)
			m.Pix[i+3] = 0xFF
		}
	}
	var buf bytes.Buffer
	(&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, m)
	return buf.Bytes()
}

func writeFiles(b *testing.B, dir string, files map[string]string) {
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

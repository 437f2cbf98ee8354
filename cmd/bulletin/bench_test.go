package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"bulletin/internal/testedition"
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
	if err := os.MkdirAll(filepath.Join(dir, "images"), 0o755); err != nil {
		b.Fatal(err)
	}
	src := "../../input/2025-01"
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, ".az.md") {
			copyFile(b, filepath.Join(src, name), filepath.Join(dir, name))
		}
	}
	copyFile(b, filepath.Join(src, "images", "route.png"), filepath.Join(dir, "images", "route.png"))
	os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte("edition: 2025-01\n"), 0o644)
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

func copyFile(b *testing.B, from, to string) {
	data, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		b.Fatal(err)
	}
}

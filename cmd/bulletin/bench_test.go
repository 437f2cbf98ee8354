package main

import (
	"os"
	"os/exec"
	"path/filepath"
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

func benchBuild(b *testing.B, edition string) {
	bin := buildBinary(b)
	out := b.TempDir()
	var peak int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "build", "--out", out, edition)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, msg)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // kilobytes on Linux
		}
	}
	b.ReportMetric(float64(peak)/1024, "peak-MB")
}

func BenchmarkProcessSample(b *testing.B) {
	benchBuild(b, "../../input/2025-01")
}

func BenchmarkProcess600Articles(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "2030-06")
	if err := testedition.Write(dir, 600, 550); err != nil {
		b.Fatal(err)
	}
	benchBuild(b, dir)
}

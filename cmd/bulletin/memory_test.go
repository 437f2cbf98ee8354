package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/pipeline/source"
)

func TestMemoryLimitFor(t *testing.T) {
	for _, tc := range []struct {
		markdown int64
		want     int64
	}{
		{0, 176 << 20},
		{30 << 10, 176 << 20},                    // the sample
		{2 << 20, 180 << 20},                     // 600 generated articles
		{source.MaxEditionBytes, 720 << 20},      // an edition at the limit
		{3 * source.MaxEditionBytes, 2160 << 20}, // three of them at once
	} {
		if got := memoryLimitFor(tc.markdown); got != tc.want {
			t.Errorf("memoryLimitFor(%d) = %d MiB, want %d MiB", tc.markdown, got>>20, tc.want>>20)
		}
	}
}

// Only the article files at the top of each folder count, each folder up
// to the edition limit; a folder that is not there counts nothing.
func TestMarkdownBytes(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, n int) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Repeat("a", n)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/01-x.md", 1000)
	write("a/01-x.az.md", 500)
	write("a/edition.yaml", 7000)
	write("a/notes/02-y.md", 9000)
	write("b/01-z.md", source.MaxEditionBytes+1)
	for _, tc := range []struct {
		dirs []string
		want int64
	}{
		{[]string{"a"}, 1500},
		{[]string{"a", "b"}, 1500 + source.MaxEditionBytes},
		{[]string{"missing"}, 0},
	} {
		var dirs []string
		for _, d := range tc.dirs {
			dirs = append(dirs, filepath.Join(dir, d))
		}
		if got := markdownBytes(dirs); got != tc.want {
			t.Errorf("markdownBytes(%v) = %d, want %d", tc.dirs, got, tc.want)
		}
	}
}

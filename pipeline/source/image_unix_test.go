//go:build unix

package source

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"bulletin/pipeline/diag"
)

// A named pipe named like a picture is refused without being opened:
// opening it for reading would wait for a writer for ever. So is a symlink
// to one inside the folder.
func TestReadImageNamedPipe(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "images"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "images", "map.png"), 0o644); err != nil {
		t.Fatal("cannot make a named pipe:", err)
	}
	if err := os.Symlink("map.png", filepath.Join(dir, "images", "alias.png")); err != nil {
		t.Fatal(err)
	}
	pos := diag.Pos{File: "e/01-a.md", Line: 3, Col: 1}
	for _, src := range []string{"images/map.png", "images/alias.png"} {
		_, err := ReadImage(dir, src, pos)
		want := "e/01-a.md:3:1: image \"" + src + "\" is not a regular file (a named pipe)"
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	}
}

// A named pipe is refused without blocking (plainfile opens without
// waiting for a writer: TestOpenNeverBlocks there).
func TestOpenRegularNeverBlocks(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if _, _, err := readRegular(root, "pipe", 100); err == nil || err.Error() != "not a regular file (a named pipe)" {
		t.Errorf("got %v", err)
	}
}

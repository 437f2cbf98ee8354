package plainfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("text"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.txt", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, tc := range []struct {
		name   string
		follow bool
		want   string // the text read, or the error
	}{
		{"a.txt", false, "text"},
		{"link", true, "text"},
		{"link", false, "not a regular file (a symlink)"},
		{"pipe", true, "not a regular file (a named pipe)"},
		{"sub", true, "not a regular file (a folder)"},
	} {
		f, _, err := Open(root, tc.name, tc.follow)
		got := ""
		if err != nil {
			got = err.Error()
			if !errors.As(err, new(*NotRegularError)) {
				t.Errorf("%s: %v is not a *NotRegularError", tc.name, err)
			}
		} else {
			data, _ := io.ReadAll(f)
			f.Close()
			got = string(data)
		}
		if got != tc.want {
			t.Errorf("Open(%s, follow %v) = %q, want %q", tc.name, tc.follow, got, tc.want)
		}
	}
}

// A file swapped for a named pipe between the check and the open is
// opened without blocking, so the check on the open file can refuse it.
func TestOpenNeverBlocks(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	f, err := root.OpenFile("pipe", openFlags|noFollow, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
}

//go:build unix

package source_test

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"bulletin/pipeline/source"
)

// A named pipe would block the build for ever if it were opened.
func TestLoadNotARegularFile(t *testing.T) {
	edition(t, map[string]string{"edition.yaml": "edition: 2025-01\n", "01-apron.md": article("Apron")})
	if err := syscall.Mkfifo(filepath.Join(dir, "02-pipe.md"), 0o644); err != nil {
		t.Fatal("cannot make a named pipe:", err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "03-folder.md")); err != nil {
		t.Fatal("cannot make a symlink:", err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	_, err := source.Load(dir)
	want := dir + "/02-pipe.md:1:1: not a regular file (a named pipe)\n" +
		dir + "/03-folder.md:1:1: not a regular file (a folder)"
	if got := errText(err); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// Special files anywhere in the folder are refused with their path, from
// the listing: nothing is opened, so nothing hangs. Those under a dot
// folder are litter and not looked at.
func TestLoadSpecialFilesAnywhere(t *testing.T) {
	edition(t, map[string]string{"edition.yaml": "edition: 2025-01\n", "01-apron.md": article("Apron"),
		"images/map.png": "x", ".cache/x": "y"})
	for _, p := range []string{"images/feed.png", "pipe", ".cache/pipe"} {
		if err := syscall.Mkfifo(filepath.Join(dir, p), 0o644); err != nil {
			t.Fatal("cannot make a named pipe:", err)
		}
	}
	// A socket's path must be short; a relative one is.
	l, err := net.Listen("unix", filepath.Join(dir, "images", "s"))
	if err != nil {
		t.Fatal("cannot make a socket:", err)
	}
	defer l.Close()
	ed, err := source.Load(dir)
	want := dir + "/images/feed.png:1:1: not a regular file (a named pipe)\n" +
		dir + "/images/s:1:1: not a regular file (a socket)\n" +
		dir + "/pipe:1:1: not a regular file (a named pipe)"
	if got := errText(err); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if ed.Digest != "" {
		t.Errorf("a folder with problems has the digest %s", ed.Digest)
	}
}

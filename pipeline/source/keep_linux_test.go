package source_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bulletin/pipeline/source"
)

// With KeepReads (the watch), a file whose stat has not changed since it
// was read, long enough before that load, is not read again: its article
// is the one parsed then (the same bytes in memory). Every change shows,
// and the digest is always the one the shell computes.
func TestLoadKeepsReads(t *testing.T) {
	edition(t, map[string]string{
		"edition.yaml":   "edition: 2025-01\nlanguages: [en, az]\nfallback: en\n",
		"01-apron.md":    article("Apron"),
		"01-apron.az.md": article("Önlük"),
		"02-bridge.md":   article("Bridge"),
		"images/map.png": "not a picture, only hashed",
	})
	source.KeepReads()
	t.Cleanup(source.KeepReadsOff)
	// Modified a minute from now, as far as the loads can tell: changed
	// too recently to be trusted however slowly this test runs.
	soon := time.Now().Add(time.Minute)
	var all []string
	for _, name := range []string{"edition.yaml", "01-apron.md", "01-apron.az.md", "02-bridge.md", "images/map.png"} {
		all = append(all, filepath.Join(dir, name))
		if err := os.Chtimes(all[len(all)-1], soon, soon); err != nil {
			t.Fatal(err)
		}
	}
	load := func() *source.Edition {
		t.Helper()
		ed, err := source.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if want := shellDigest(t, dir); ed.Digest != want {
			t.Fatalf("digest %s, the shell's %s", ed.Digest, want)
		}
		return ed
	}
	first := load()
	// Changed after the load began: each might change again within the
	// same tick of the file system's clock, with the same stat, so each
	// is read again.
	again := load()
	if sameBody(first.Articles[1], again.Articles[1]) {
		t.Error("a file changed just before the load was not read again")
	}
	source.AgeKept(all...)
	kept := load()
	for i := range kept.Articles {
		if !sameBody(again.Articles[i], kept.Articles[i]) {
			t.Errorf("%s was read again", kept.Articles[i].Path)
		}
	}
	if !sameBody(again.Translations[0], kept.Translations[0]) {
		t.Error("the translation was read again")
	}

	write(t, "02-bridge.md", article("Bridges"))
	write(t, "images/map.png", "not a picture, only hashed, changed")
	edited := load()
	if got := edited.Articles[1].Title; got != "Bridges" {
		t.Errorf("after the edit the title is %q", got)
	}
	if !sameBody(kept.Articles[0], edited.Articles[0]) {
		t.Error("the article not edited was read again")
	}

	// The same size and times, another file renamed over it: another inode.
	fi, err := os.Stat(all[1])
	if err != nil {
		t.Fatal(err)
	}
	write(t, "new.tmp", article("Apr0n"))
	if err := os.Chtimes(filepath.Join(dir, "new.tmp"), fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "new.tmp"), all[1]); err != nil {
		t.Fatal(err)
	}
	if got := load().Articles[0].Title; got != "Apr0n" {
		t.Errorf("after the rename the title is %q", got)
	}

	// A file's problems come back with it, and a file swapped for a named
	// pipe is refused as in any load: the stat says what it is.
	write(t, "02-bridge.md", "---\ntitel: Bridge\n---\nSome text.\n")
	source.AgeKept(all...)
	for range 2 {
		_, err := source.Load(dir)
		if err == nil || !strings.Contains(err.Error(), `02-bridge.md:2:1: unknown key "titel"`) {
			t.Errorf("got %v", err)
		}
		source.AgeKept(all...)
	}
	if err := os.Remove(all[3]); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(all[3], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := source.Load(dir); err == nil || !strings.Contains(err.Error(), "02-bridge.md:1:1: not a regular file (a named pipe)") {
		t.Errorf("got %v", err)
	}
}

// sameBody reports whether two articles hold the same bytes in memory:
// the second was not read and parsed again.
func sameBody(a, b source.Article) bool {
	return len(a.Body) > 0 && len(b.Body) > 0 && &a.Body[0] == &b.Body[0]
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

package source_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"bulletin/pipeline/source"
)

const sample = "../../input/2025-01"

// copyDir copies the folder from into to, files and subfolders.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func digest(t *testing.T, dir string) string {
	t.Helper()
	ed, err := source.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ed.Digest) != 64 {
		t.Fatalf("digest %q", ed.Digest)
	}
	return ed.Digest
}

// shellDigest is the README's shell line for the digest.
func shellDigest(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", `find . -type f ! -path '*/.*' | cut -c3- | LC_ALL=C sort | xargs sha256sum | sha256sum`)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(out))[0]
}

// The edition digest is the one the README's shell line computes, does not
// depend on where the folder is, and changes with any byte or name of any
// file, used or not; dot files and symlinks are left out as find leaves
// them out.
func TestDigest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	copyDir(t, sample, dir)
	want := digest(t, sample)
	if got := digest(t, dir); got != want {
		t.Errorf("a copy has digest %s, the original %s", got, want)
	}
	if got := shellDigest(t, dir); got != want {
		t.Errorf("the shell line gives %s, Load %s", got, want)
	}
	write := func(name, text string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		what    string
		do      func()
		changes bool
	}{
		{"a dot file", func() { write(".DS_Store", "litter") }, false},
		{"a file in a dot folder", func() { write(".git/HEAD", "ref") }, false},
		{"a symlink", func() { os.Symlink("edition.yaml", filepath.Join(dir, "link.yaml")) }, false},
		{"a changed byte of an article", func() {
			data, _ := os.ReadFile(filepath.Join(dir, "06-ganja-logistics-hub.md"))
			write("06-ganja-logistics-hub.md", string(data)+" ")
		}, true},
		{"an unused file", func() { write("notes.txt", "call the printer") }, true},
		{"an unused file in a subfolder", func() { write("drafts/old/plan.txt", "v1") }, true},
		{"a renamed picture", func() {
			os.Rename(filepath.Join(dir, "drafts/old/plan.txt"), filepath.Join(dir, "drafts/old/plan2.txt"))
		}, true},
		// "a-b" sorts before "a/b" in byte order, as in LC_ALL=C sort.
		{"names that sort differently by path and by folder", func() {
			write("drafts-x.txt", "1")
			write("drafts.txt", "2")
		}, true},
	} {
		step.do()
		got := digest(t, dir)
		if (got != want) != step.changes {
			t.Errorf("%s: digest changed %v, want %v", step.what, got != want, step.changes)
		}
		if sh := shellDigest(t, dir); sh != got {
			t.Errorf("%s: the shell line gives %s, Load %s", step.what, sh, got)
		}
		want = got
	}
}

// An unused big file is streamed through the hash, not read into memory.
// The file is sparse, so the test costs no disk.
func TestDigestBigFileBoundedMemory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	copyDir(t, sample, dir)
	const n = 256 << 20
	f, err := os.Create(filepath.Join(dir, "video.mov"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(n); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := digest(t, dir)
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("hashing a %d MB file allocated %d MB", n>>20, alloc>>20)
	}
	if sh := shellDigest(t, dir); sh != got {
		t.Errorf("the shell line gives %s, Load %s", sh, got)
	}
}

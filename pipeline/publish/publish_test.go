package publish

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeFilesAndLeavesNoTemporaries(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	if err := Write(dir, []File{{Name: "a.pdf", Data: []byte("old")}}); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, []File{{Name: "a.pdf", Data: []byte("new content")}, {Name: "b.pdf", Data: []byte("b")}}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "a.pdf"))
	if string(got) != "new content" {
		t.Errorf("a.pdf = %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only a.pdf and b.pdf", names)
	}
}

func TestWriteIntoUnwritableFolderFailsAndKeepsOldFile(t *testing.T) {
	if os.Geteuid() == 0 {
		// root ignores permission bits; make the folder a file instead.
		base := t.TempDir()
		bad := filepath.Join(base, "x")
		os.WriteFile(bad, []byte("I am a file"), 0o644)
		if err := Write(filepath.Join(bad, "2025-01"), []File{{Name: "a.pdf", Data: []byte("x")}}); err == nil {
			t.Fatal("write under a file succeeded")
		}
		return
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("old"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if err := Write(dir, []File{{Name: "a.pdf", Data: []byte("new")}}); err == nil {
		t.Fatal("write into read-only folder succeeded")
	}
	got, _ := os.ReadFile(filepath.Join(dir, "a.pdf"))
	if string(got) != "old" {
		t.Errorf("a.pdf = %q, want the old file", got)
	}
}

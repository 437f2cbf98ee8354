package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"bulletin/internal/pdfread"
)

// Two builds of the same edition into the same folder at the same time
// leave whole files only: every file matches manifest.json, no temporary
// file is left, and every PDF opens. Each file is renamed into place
// whole, and the same sources give the same bytes, so whichever build
// renames last, the folder is one consistent edition.
func TestTwoBuildsAtOnce(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bulletin")
	if msg, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	out := filepath.Join(t.TempDir(), "out")
	var wg sync.WaitGroup
	errs := make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			var stderr bytes.Buffer
			cmd := exec.Command(bin, "build", "--out", out, "../../input/2025-01")
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				errs[i] = err.Error() + ": " + stderr.String()
			}
		})
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Errorf("a build failed: %s", e)
		}
	}
	dir := filepath.Join(out, "2025-01")
	if code, stdout, stderr := bulletin(t, "verify", dir); code != 0 {
		t.Fatalf("verify after two builds at once: exit %d\n%s%s", code, stdout, stderr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
		if strings.HasSuffix(e.Name(), ".pdf") {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := pdfread.Read(data); err != nil {
				t.Errorf("%s does not open: %v", e.Name(), err)
			}
		}
	}
}

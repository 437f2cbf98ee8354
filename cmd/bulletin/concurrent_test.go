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

// Builds of the same edition into the same folder at the same time
// all succeed and leave whole files only: every file matches
// manifest.json, no temporary file is left, and every PDF opens. Each build
// holds a lock on the folder while it writes (without it, one build took
// the other's temporary files for leftovers and removed them).
func TestBuildsAtOnce(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bulletin")
	if msg, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	out := filepath.Join(t.TempDir(), "out")
	var wg sync.WaitGroup
	errs := make([]string, 3)
	for i := range errs {
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
		t.Fatalf("verify after builds at once: exit %d\n%s%s", code, stdout, stderr)
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

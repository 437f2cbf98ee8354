package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"bulletin/internal/fontcheck"
	"bulletin/internal/tagcheck"
)

// Every PDF a test writes through bulletin(t, "build" or "release", ...) has its font
// programs checked strictly (issue #18): fontsOfBuild notes the PDFs under
// the build's --out folder before it runs, and after a successful build
// checks each that is new or changed. Bytes already checked are not read
// again.
var fontsChecked sync.Map // SHA-256 of a checked file -> true

// fontsOfBuild returns what to call with the exit status of the command
// line args.
func fontsOfBuild(t *testing.T, args []string) func(code int) {
	t.Helper()
	if len(args) == 0 || (args[0] != "build" && args[0] != "release") {
		return func(int) {}
	}
	out := "out"
	for i, a := range args {
		if a == "--out" && i+1 < len(args) {
			out = args[i+1]
		}
	}
	before := pdfsUnder(t, out)
	return func(code int) {
		t.Helper()
		if code != 0 {
			return
		}
		for path, sum := range pdfsUnder(t, out) {
			if before[path] != sum {
				checkWrittenFonts(t, path, sum)
			}
		}
	}
}

// pdfsUnder is the SHA-256 of every PDF under dir, by path: regular files
// only, since the catalogue puts named pipes and links where PDFs belong.
func pdfsUnder(t *testing.T, dir string) map[string][sha256.Size]byte {
	t.Helper()
	sums := map[string][sha256.Size]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == dir {
			return fs.SkipAll
		}
		if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(path, ".pdf") {
			return err
		}
		data, err := os.ReadFile(path)
		sums[path] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Errorf("reading the PDFs of %s: %v", dir, err)
	}
	return sums
}

// checkWrittenFonts checks every font program of the PDF at path.
func checkWrittenFonts(t *testing.T, path string, sum [sha256.Size]byte) {
	t.Helper()
	if _, seen := fontsChecked.LoadOrStore(sum, true); seen {
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
		return
	}
	// And its tagging (#13, tagged_test.go).
	if _, err := tagcheck.Check(data); err != nil {
		t.Errorf("%s: tagging: %v", path, err)
	}
	n, err := fontcheck.CheckPDF(data)
	if err != nil {
		t.Errorf("%s: %v", path, err)
	}
	if n == 0 {
		t.Errorf("%s: no embedded font program found", path)
	}
}

// The nine files of a release of the sample each embed six subset fonts, and each font
// program reads cleanly under the strict reading of fontcheck, with /W
// widths that agree with its hmtx. The build goes through bulletin(), so
// this also proves that the check of every build runs.
func TestEmbeddedFontProgramsAreValid(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := bulletin(t, "release", "--out", out, "../../input/2025-01"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pdfs, _ := filepath.Glob(filepath.Join(out, "2025-01", "*.pdf"))
	if len(pdfs) != 9 {
		t.Fatalf("%d files written, want 9", len(pdfs))
	}
	for _, p := range pdfs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, checked := fontsChecked.Load(sha256.Sum256(data)); !checked {
			t.Errorf("%s: the build's font check did not read it", filepath.Base(p))
		}
		progs, err := fontcheck.Programs(data)
		if err != nil {
			t.Fatal(err)
		}
		if len(progs) != 6 {
			t.Errorf("%s: %d font programs, want 6", filepath.Base(p), len(progs))
		}
		for _, e := range progs {
			if err := fontcheck.Check(e.Program); err != nil {
				t.Errorf("%s: %s: %v", filepath.Base(p), e.Name, err)
			}
		}
	}
}

var firstWidth = regexp.MustCompile(`/W \[ \d+ (?:\d+ |\[ )(\d)`)

// A /W width that disagrees with the font program's hmtx is found: the
// first width of the screen file's first font, its leading digit changed
// (same length, so the cross-reference table stays right).
func TestWidthsDisagreeingWithTheProgramAreFound(t *testing.T) {
	dir := buildSample(t, "../../input/2025-01", "--variant", "screen")
	data, err := os.ReadFile(filepath.Join(dir, "bulletin-2025-01-en.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	// The screen file's fonts are compressed streams, but the CID font
	// dictionaries are plain objects.
	m := firstWidth.FindSubmatchIndex(data)
	if m == nil {
		t.Fatal("no /W array in the screen file")
	}
	bad := bytes.Clone(data)
	bad[m[2]] = map[byte]byte{'9': '1'}[data[m[2]]]
	if bad[m[2]] == 0 {
		bad[m[2]] = '9'
	}
	if _, err := fontcheck.CheckPDF(data); err != nil {
		t.Fatalf("the file as written: %v", err)
	}
	_, err = fontcheck.CheckPDF(bad)
	if err == nil || !strings.Contains(err.Error(), "/W says") {
		t.Errorf("a changed width: %v, want a /W disagreement", err)
	}
}

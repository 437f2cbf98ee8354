package main

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"bulletin/internal/fontcheck"
)

// Every PDF a test writes through bulletin(t, "build", ...) has its font
// programs checked strictly (issue #18): checkWrittenFonts runs after each
// successful build. A file already checked (same bytes) is not read again.
var (
	fontsChecked  sync.Map     // SHA-256 of a checked file -> true
	filesChecked  atomic.Int64 // files read by checkWrittenFonts
	fontsInChecks atomic.Int64 // font programs checked in them
)

// checkWrittenFonts checks every font program of every PDF under the
// --out folder of a build command line.
func checkWrittenFonts(t *testing.T, args []string) {
	t.Helper()
	if len(args) == 0 || args[0] != "build" {
		return
	}
	out := "out"
	for i, a := range args {
		if a == "--out" && i+1 < len(args) {
			out = args[i+1]
		}
	}
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".pdf") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, seen := fontsChecked.LoadOrStore(sha256.Sum256(data), true); seen {
			return nil
		}
		n, err := fontcheck.CheckPDF(data)
		filesChecked.Add(1)
		fontsInChecks.Add(int64(n))
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
		if n == 0 {
			t.Errorf("%s: no embedded font program found", path)
		}
		return nil
	})
	if err != nil {
		t.Errorf("checking the fonts of %s: %v", out, err)
	}
}

// The nine files of the sample each embed six subset fonts, and each font
// program reads cleanly under the strict reading of fontcheck, with /W
// widths that agree with its hmtx. The build goes through bulletin(), so
// this also proves that the check of every build runs.
func TestEmbeddedFontProgramsAreValid(t *testing.T) {
	out := t.TempDir()
	files0, fonts0 := filesChecked.Load(), fontsInChecks.Load()
	if code, _, stderr := bulletin(t, "build", "--out", out, "../../input/2025-01"); code != 0 {
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
	// Another test may have checked the same bytes first; then these
	// counters stay and that test did the work.
	if files, fonts := filesChecked.Load()-files0, fontsInChecks.Load()-fonts0; files > 0 && fonts != 6*files {
		t.Errorf("the build check read %d files and %d fonts, want 6 fonts a file", files, fonts)
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

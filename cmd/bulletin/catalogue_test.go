package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bulletin/internal/testedition"
	"bulletin/pipeline"
	"bulletin/pipeline/book"
)

// catCase is one edition of the catalogue: a broken one, which must be
// refused with exactly the lines of want (every problem at once, sorted by
// file and line) and nothing written, or a tricky valid one (ok), which
// must build.
type catCase struct {
	name string
	// gen writes the edition into dir, for what git cannot hold: a 20 MB
	// file, thousands of files, symlinks and pipes. Without gen the edition
	// is testdata/catalogue/<name>.
	gen func(t *testing.T, dir string)
	// want are the lines on stderr; "$E" stands for the edition folder.
	want []string
	ok   bool
	// stored: the edition is testdata/catalogue/<name>, and want comes
	// from its want.txt.
	stored bool
	// runs, when set, replace validate and build: a case of the output
	// side (see catalogue_output_test.go), whose prep makes the output
	// folder hostile before the commands run.
	prep func(t *testing.T, out string)
	runs []catRun
}

// TestCatalogue runs build and validate over every edition of the
// catalogue: each folder of testdata/catalogue, whose want.txt holds the
// exact lines it must get on stderr ("$E" for the edition folder; empty
// for a tricky edition that must build), and the generated cases of
// catCases. A broken edition exits 1 with exactly its problems and leaves
// both its own folder and a previously built out/ byte for byte as they
// were; a valid one builds. No case may reach the "internal error" path:
// that would be a bug, not a message for an editor. With -update, each
// stored case's want.txt is rewritten with what the program says.
func TestCatalogue(t *testing.T) {
	cases := append(catStored(t), catCases...)
	if len(cases) < 40 {
		t.Errorf("the catalogue has %d cases; the issue asks for at least 40", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "catalogue", tc.name)
			if tc.gen != nil {
				dir = filepath.Join(t.TempDir(), tc.name)
				tc.gen(t, dir)
			}
			if tc.runs != nil {
				catRunOutput(t, tc, dir)
				return
			}
			catRunSource(t, tc, dir)
		})
	}
}

// catStored reads the stored cases: every folder of testdata/catalogue,
// with its want.txt.
func catStored(t *testing.T) []catCase {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", "catalogue"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []catCase
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			t.Errorf("testdata/catalogue/%s: a case is a folder", e.Name())
		}
		if !e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join("testdata", "catalogue", e.Name(), catWantFile))
		if err != nil && !*update {
			t.Errorf("testdata/catalogue/%s has no %s (go test -run TestCatalogue -update writes it): %v", e.Name(), catWantFile, err)
			continue
		}
		c := catCase{name: e.Name(), stored: true, ok: len(data) == 0}
		if !c.ok {
			c.want = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			c.ok = onlyWarnings(c.want)
		}
		cases = append(cases, c)
	}
	return cases
}

// onlyWarnings reports whether every line is a warning: a case that must
// build, saying exactly those lines.
func onlyWarnings(lines []string) bool {
	for _, l := range lines {
		if !strings.Contains(l, ": warning: ") {
			return false
		}
	}
	return true
}

// catWantFile holds a stored case's expected lines, beside its edition.
const catWantFile = "want.txt"

// catRunSource runs validate, then build, over a source-side case.
func catRunSource(t *testing.T, tc catCase, dir string) {
	out := catOldOutput(t)
	before, src := catSnapshot(t, out), catSnapshot(t, dir)
	for _, cmd := range []string{"validate", "build"} {
		args := []string{cmd, dir}
		if cmd == "build" {
			args = []string{cmd, "--out", out, dir}
		}
		code, stdout, stderr := bulletin(t, args...)
		if strings.Contains(stderr, "internal error") || strings.Contains(stderr, "panic") {
			t.Fatalf("%s reached a bug:\n%s", cmd, stderr)
		}
		if tc.stored && *update && cmd == "validate" {
			catUpdate(t, tc.name, dir, code, stderr)
			continue
		}
		want := strings.ReplaceAll(strings.Join(tc.want, "\n"), "$E", dir) + "\n"
		if tc.ok {
			// Warnings (a coarse picture) may come; the build must not
			// fail. A case of warnings gets exactly those from validate;
			// build may add the typesetter's.
			if code != 0 {
				t.Fatalf("%s: exit %d, want 0\n%s", cmd, code, stderr)
			}
			if tc.want != nil && (cmd == "validate" && stderr != want || !strings.Contains(stderr, want)) {
				t.Errorf("%s: stderr:\n%s\nwant:\n%s", cmd, stderr, want)
			}
			continue
		}
		if code != 1 || stderr != want || stdout != "" {
			t.Errorf("%s: exit %d, want 1\nstderr:\n%s\nwant:\n%s\nstdout:\n%s", cmd, code, stderr, want, stdout)
		}
	}
	if !tc.ok {
		catSame(t, "out", catSnapshot(t, out), before)
	}
	catSame(t, "the edition folder", catSnapshot(t, dir), src)
}

// catUpdate rewrites a stored case's want.txt from what validate said.
func catUpdate(t *testing.T, name, dir string, code int, stderr string) {
	t.Helper()
	if code == 0 && !onlyWarnings(strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")) {
		stderr = ""
	}
	path := filepath.Join("testdata", "catalogue", name, catWantFile)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(stderr, dir, "$E")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Long words and URLs break inside the text area instead of running into
// the margin: every piece of text on every page ends at the right margin at
// the latest.
func TestCatalogueLongWordsStayInside(t *testing.T) {
	for _, name := range []string{"long-word-ok", "long-url-ok"} {
		e, bk := catTypeset(t, name)
		right := bk.Width - e.Layout.Margins.Right
		longest := 0.0
		for _, p := range bk.Pages {
			for _, it := range p.Items {
				if tx, ok := it.(book.Text); ok {
					longest = max(longest, tx.W)
					if tx.X+tx.W > right+0.01 {
						t.Errorf("%s: page %d: %q ends at %.1f pt, past the margin at %.1f pt", name, p.Index+1, tx.S, tx.X+tx.W, right)
					}
				}
			}
		}
		t.Logf("%s: longest piece %.1f pt, right margin %.1f", name, longest, right)
		// The word itself must be there, broken: a piece of it is long.
		if longest < (right-e.Layout.Margins.Left)/2 {
			t.Errorf("%s: no long piece of text was set (longest %.1f pt)", name, longest)
		}
	}
}

// Letters typed decomposed (S and a combining cedilla) are set as the
// composed letters the fonts draw, in the title and the text, never as a
// mark of their own on a neighbour.
func TestCatalogueComposedLetters(t *testing.T) {
	_, bk := catTypeset(t, "article-decomposed-ok")
	var all strings.Builder
	for _, p := range bk.Pages {
		for _, it := range p.Items {
			if tx, ok := it.(book.Text); ok {
				all.WriteString(tx.S + " ")
			}
		}
	}
	text := all.String()
	for _, want := range []string{"Şəki", "çay", "Gündə"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q is not set composed", want)
		}
	}
	if strings.ContainsAny(text, "\u0327\u0308") {
		t.Errorf("a combining mark is set as a glyph of its own:\n%s", text)
	}
}

// A phone photo stored on its side (EXIF orientation 6) is set upright:
// taller than wide on the page, as photographed.
func TestCataloguePhotoUpright(t *testing.T) {
	_, bk := catTypeset(t, "image-exif-turned-ok")
	found := 0
	for _, p := range bk.Pages {
		for _, it := range p.Items {
			if im, ok := it.(book.Image); ok {
				found++
				if im.H <= im.W || im.PxH <= im.PxW {
					t.Errorf("the photo is set %.0f×%.0f pt (%d×%d px): on its side", im.W, im.H, im.PxW, im.PxH)
				}
			}
		}
	}
	if found != 1 {
		t.Errorf("%d pictures set, want 1", found)
	}
}

// catTypeset loads a stored case and typesets its first document.
func catTypeset(t *testing.T, name string) (*pipeline.Checked, *book.Book) {
	t.Helper()
	e, err := pipeline.Load(filepath.Join("testdata", "catalogue", name))
	if err != nil {
		t.Fatal(err)
	}
	bk, err := pipeline.Typeset(e, e.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	return e, bk
}

// catOldOutput is an output folder as an earlier build left it, so that a
// refused build can be shown to have touched none of it.
func catOldOutput(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	catWrite(t, filepath.Join(out, "2025-01"), "bulletin-2025-01-en.pdf", "%PDF-1.7 the December build, kept\n")
	catWrite(t, filepath.Join(out, "2025-01"), "manifest.json", `{"edition": "2025-01"}`+"\n")
	catWrite(t, out, "notes.txt", "not ours\n")
	return out
}

// catSnapshot reads every file under dir (symlinks as their target name,
// pipes by name only) and keeps its SHA-256, streamed, so that a case with
// a huge sparse file costs no memory.
func catSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			files[path] = "-> " + target
			return err
		case d.Type().IsRegular():
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			h := sha256.New()
			_, err = io.Copy(h, f)
			files[path] = string(h.Sum(nil))
			return err
		case !d.IsDir():
			files[path] = d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func catSame(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for path, data := range want {
		if g, ok := got[path]; !ok {
			t.Errorf("%s: %s was removed", what, path)
		} else if g != data {
			t.Errorf("%s: %s changed", what, path)
		}
	}
	for path := range got {
		if _, ok := want[path]; !ok {
			t.Errorf("%s: %s was written", what, path)
		}
	}
}

func catWrite(t *testing.T, dir, name, text string) {
	t.Helper()
	catMkdir(t, dir)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// catMkfifo makes a named pipe, making its folder first.
func catMkfifo(t *testing.T, path string) {
	t.Helper()
	catMkdir(t, filepath.Dir(path))
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal("cannot make a named pipe:", err)
	}
}

// catSparse makes a file of n bytes that takes no disk.
func catSparse(t *testing.T, path string, n int64) {
	t.Helper()
	catMkdir(t, filepath.Dir(path))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(n); err != nil {
		t.Fatal(err)
	}
}

func catMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func catSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal("cannot make a symlink:", err)
	}
}

// A build stopped by SIGINT or SIGTERM in the middle says so, exits with
// 128 plus the signal's number, leaves no temporary file and keeps the
// previous output as it was. The real binary is run, since the signal
// handling is in its main path.
func TestSignalStopsBuildCleanly(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bulletin")
	if msg, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	// Big enough to take most of a second, within the limits.
	src := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(src, 300, 400); err != nil {
		t.Fatal(err)
	}
	// The signals are timed as fractions of a whole build on this machine,
	// so that the test holds as the program gets faster.
	start := time.Now()
	if msg, err := exec.Command(bin, "build", "--out", t.TempDir(), src).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, msg)
	}
	whole := time.Since(start)
	for _, tc := range []struct {
		sig   syscall.Signal
		name  string
		code  int
		delay time.Duration // early in the build; halfway through
	}{
		{syscall.SIGTERM, "SIGTERM", 143, whole / 10},
		{syscall.SIGINT, "SIGINT", 130, whole / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			catWrite(t, filepath.Join(out, "2030-06"), "bulletin-2030-06-en.pdf", "%PDF-1.7 the May build\n")
			catWrite(t, filepath.Join(out, "2030-06"), "manifest.json", `{"edition": "2030-06"}`+"\n")
			before := catSnapshot(t, out)
			// Later if the machine is so busy that the process had not yet
			// installed its handler.
			for delay := tc.delay; ; delay *= 2 {
				cmd := exec.Command(bin, "build", "--out", out, src)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(delay)
				cmd.Process.Signal(tc.sig)
				err := cmd.Wait()
				ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
				if ws.Signaled() && delay < whole {
					continue // killed before the handler was in place
				}
				if err == nil {
					t.Fatalf("the build finished within %v; make the edition bigger", delay)
				}
				if code := cmd.ProcessState.ExitCode(); code != tc.code {
					t.Fatalf("exit %d (%v), want %d\n%s", code, err, tc.code, stderr.String())
				}
				want := "bulletin: interrupted by " + tc.name + ": stopped before writing " +
					filepath.Join(out, "2030-06") + ", which keeps the files of the previous build\n"
				if stderr.String() != want {
					t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
				}
				break
			}
			catSame(t, "out", catSnapshot(t, out), before)
		})
	}
}

// A panic is a bug, never the editor's fault: the command says "internal
// error", keeps the stack for the report and exits 2. Here the panic comes
// from the writer the command prints to.
func TestPanicIsAnInternalError(t *testing.T) {
	var stderr bytes.Buffer
	code := run([]string{"bulletin", "validate", "testdata/catalogue/article-bom-ok"}, catPanicWriter{}, &stderr)
	if code != 2 || !strings.HasPrefix(stderr.String(), "bulletin: internal error: the terminal is gone\n") ||
		!strings.Contains(stderr.String(), "catalogue_test.go") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
}

type catPanicWriter struct{}

func (catPanicWriter) Write([]byte) (int, error) { panic("the terminal is gone") }

// A build whose context is done before it starts writes nothing and says
// which folder it did not write.
func TestStoppedBuildWritesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := catOldOutput(t)
	before := catSnapshot(t, out)
	res, err := pipeline.Build([]string{"testdata/catalogue/article-bom-ok"}, pipeline.Options{Out: out, Context: ctx})
	if !errors.Is(err, pipeline.ErrStopped) || len(res) != 0 {
		t.Fatalf("got %v, %v; want ErrStopped and nothing built", res, err)
	}
	if want := "stopped before writing " + filepath.Join(out, "2025-01"); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	catSame(t, "out", catSnapshot(t, out), before)
}

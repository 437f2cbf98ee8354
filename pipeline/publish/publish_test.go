package publish

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestWriteReplacesWholeFilesAndLeavesNoTemporaries(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("old")}}, Options{}); err != nil {
		t.Fatal(err)
	}
	rep, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("new content")}, {Name: "b.pdf", Data: []byte("b")}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "a.pdf")); got != "new content" {
		t.Errorf("a.pdf = %q", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.pdf", "b.pdf"}) {
		t.Errorf("folder holds %v, want only a.pdf and b.pdf", got)
	}
	if !slices.Equal(rep.Written, []string{"a.pdf", "b.pdf"}) {
		t.Errorf("report says written %v", rep.Written)
	}
	rep, err = Write(dir, []File{{Name: "b.pdf", Data: []byte("b")}}, Options{})
	if err != nil || !slices.Equal(rep.Unchanged, []string{"b.pdf"}) || len(rep.Written) != 0 {
		t.Errorf("rewriting the same bytes: %+v, %v", rep, err)
	}
}

func TestWriteIntoUnwritableFolderFailsAndKeepsOldFile(t *testing.T) {
	if os.Geteuid() == 0 {
		// root ignores permission bits; make the folder a file instead.
		base := t.TempDir()
		bad := filepath.Join(base, "x")
		os.WriteFile(bad, []byte("I am a file"), 0o644)
		if _, err := Write(filepath.Join(bad, "2025-01"), []File{{Name: "a.pdf", Data: []byte("x")}}, Options{}); err == nil {
			t.Fatal("write under a file succeeded")
		}
		return
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("old"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("new")}}, Options{}); err == nil {
		t.Fatal("write into read-only folder succeeded")
	}
	if got := read(t, filepath.Join(dir, "a.pdf")); got != "old" {
		t.Errorf("a.pdf = %q, want the old file", got)
	}
}

// failAfter writes n bytes and then fails, like a full disk.
type failAfter struct {
	w io.Writer
	n int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return f.w.Write(p)
	}
	k, _ := f.w.Write(p[:f.n])
	f.n = 0
	return k, errors.New("disk full")
}

// A write that fails halfway leaves the old file whole and no temporary
// file behind.
func TestFailedWriteKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("the old complete file")}}, Options{}); err != nil {
		t.Fatal(err)
	}
	wrap := func(name string, w io.Writer) io.Writer { return &failAfter{w: w, n: 5} }
	_, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("a new file that never arrives whole")}}, Options{Wrap: wrap})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the writer's failure", err)
	}
	if got := read(t, filepath.Join(dir, "a.pdf")); got != "the old complete file" {
		t.Errorf("a.pdf = %q, want the old file", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.pdf"}) {
		t.Errorf("folder holds %v", got)
	}
}

// A killed build leaves its temporary file; the next build removes it.
func TestLeftoverTemporaryIsRemoved(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".a.pdf.tmp-123"), []byte("half"), 0o644)
	os.WriteFile(filepath.Join(dir, ".notes.tmp-1"), []byte("not ours"), 0o644)
	if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("a")}}, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{".notes.tmp-1", "a.pdf"}) {
		t.Errorf("folder holds %v, want the leftover of a.pdf gone and nothing else touched", got)
	}
}

func TestArchiveIsNeverReplacedSilently(t *testing.T) {
	dir := t.TempDir()
	m := &Manifest{Edition: "2025-01", Tool: "bulletin test", Sources: "s1"}
	first := []File{
		{Name: "x.pdf", Data: []byte("screen 1"), Lang: "en", Variant: "screen", Pages: 2},
		{Name: "x-archive.pdf", Data: []byte("archive 1"), Lang: "en", Variant: "archive", Pages: 2, Archive: true},
	}
	if _, err := Write(dir, first, Options{Manifest: m}); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "x-archive.pdf")); fi.Mode().Perm() != 0o444 {
		t.Errorf("archive file mode %v, want read-only", fi.Mode())
	}
	// The same bytes again: fine.
	if _, err := Write(dir, first, Options{Manifest: m}); err != nil {
		t.Fatalf("identical rebuild: %v", err)
	}
	// Different bytes: refused, and nothing at all is written, not even
	// the screen file that comes first.
	second := []File{
		{Name: "x.pdf", Data: []byte("screen 2"), Lang: "en", Variant: "screen", Pages: 3},
		{Name: "x-archive.pdf", Data: []byte("archive 2"), Lang: "en", Variant: "archive", Pages: 3, Archive: true},
	}
	m2 := &Manifest{Edition: "2025-01", Tool: "bulletin test", Sources: "s2"}
	_, err := Write(dir, second, Options{Manifest: m2})
	if !errors.Is(err, ErrArchiveChanged) || !strings.Contains(err.Error(), "x-archive.pdf") {
		t.Fatalf("err = %v, want ErrArchiveChanged naming the file", err)
	}
	if read(t, filepath.Join(dir, "x.pdf")) != "screen 1" || read(t, filepath.Join(dir, "x-archive.pdf")) != "archive 1" {
		t.Error("a refused build wrote something")
	}
	if probs, _ := Verify(dir); len(probs) != 0 {
		t.Errorf("after a refused build: %v", probs)
	}
	// --force: the old archive is kept as .1, then .2.
	rep, err := Write(dir, second, Options{Force: true, Manifest: m2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Kept) != 1 || rep.Kept[0] != (Kept{Name: "x-archive.pdf", As: "x-archive.pdf.1"}) {
		t.Errorf("kept %+v", rep.Kept)
	}
	if read(t, filepath.Join(dir, "x-archive.pdf.1")) != "archive 1" || read(t, filepath.Join(dir, "x-archive.pdf")) != "archive 2" {
		t.Error("force did not keep the old archive beside the new one")
	}
	third := slices.Clone(second)
	third[1].Data = []byte("archive 3")
	if _, err := Write(dir, third, Options{Force: true, Manifest: m2}); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dir, "x-archive.pdf.2")) != "archive 2" || read(t, filepath.Join(dir, "x-archive.pdf.1")) != "archive 1" {
		t.Error("the second forced build did not keep the second archive as .2")
	}
	// Every kept file is in the manifest, marked, with the sources that
	// made it.
	got, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	e1, ok1 := got.entry("x-archive.pdf.1")
	e2, ok2 := got.entry("x-archive.pdf.2")
	if !ok1 || !ok2 || !e1.Superseded || e1.Sources != "s1" || e1.Pages != 2 || !e2.Superseded || e2.Sources != "" {
		t.Errorf("kept entries: %+v %+v", e1, e2)
	}
	if probs, _ := Verify(dir); len(probs) != 0 {
		t.Errorf("verify after forced builds: %v", probs)
	}
}

func TestVerifyFindsChangedMissingAndExtraFiles(t *testing.T) {
	dir := t.TempDir()
	files := []File{
		{Name: "a.pdf", Data: []byte("aaaa"), Lang: "en", Variant: "screen", Pages: 1},
		{Name: "b.pdf", Data: []byte("bbbb"), Lang: "en", Variant: "print", Pages: 1},
	}
	if _, err := Write(dir, files, Options{Manifest: &Manifest{Edition: "e", Tool: "t", Sources: "s"}}); err != nil {
		t.Fatal(err)
	}
	if probs, err := Verify(dir); err != nil || len(probs) != 0 {
		t.Fatalf("fresh folder: %v %v", probs, err)
	}
	os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("aaab"), 0o644) // one byte flipped
	os.Remove(filepath.Join(dir, "b.pdf"))
	os.WriteFile(filepath.Join(dir, "c.pdf"), []byte("c"), 0o644)
	probs, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, filepath.Base(p.Path)+": "+strings.SplitN(p.What, ":", 2)[0])
	}
	want := []string{"a.pdf: changed", "b.pdf: missing", "c.pdf: not in the manifest"}
	if !slices.Equal(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	os.Remove(filepath.Join(dir, ManifestName))
	if probs, _ := Verify(dir); len(probs) != 1 || !strings.Contains(probs[0].String(), "manifest.json: missing") {
		t.Errorf("without a manifest: %v", probs)
	}
}

// A build of some variants keeps the manifest entries of the files other
// builds made, with the sources they were made from.
func TestManifestKeepsFilesOfOtherBuilds(t *testing.T) {
	dir := t.TempDir()
	all := []File{
		{Name: "a.pdf", Data: []byte("a1"), Lang: "en", Variant: "screen", Pages: 1},
		{Name: "a-print.pdf", Data: []byte("p1"), Lang: "en", Variant: "print", Pages: 1},
	}
	if _, err := Write(dir, all, Options{Manifest: &Manifest{Edition: "e", Tool: "t1", Sources: "s1"}}); err != nil {
		t.Fatal(err)
	}
	screen := []File{{Name: "a.pdf", Data: []byte("a2"), Lang: "en", Variant: "screen", Pages: 1}}
	if _, err := Write(dir, screen, Options{Manifest: &Manifest{Edition: "e", Tool: "t1", Sources: "s2"}}); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := m.entry("a-print.pdf")
	if !ok || p.Sources != "s1" || p.Tool != "" || m.Sources != "s2" {
		t.Errorf("manifest %+v", m)
	}
	if probs, _ := Verify(dir); len(probs) != 0 {
		t.Errorf("verify: %v", probs)
	}
}

// blockingWriter stops its first write until released, so that another
// build can try to run while this one has a temporary file open.
type blockingWriter struct {
	w       io.Writer
	started chan<- struct{}
	release <-chan struct{}
	once    sync.Once
}

func (b *blockingWriter) Write(p []byte) (int, error) {
	b.once.Do(func() {
		close(b.started)
		<-b.release
	})
	return b.w.Write(p)
}

// A second Write into the same folder waits for the first: it must not take
// the first one's temporary file for a leftover and remove it.
func TestWritesIntoOneFolderWaitForEachOther(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	started, release := make(chan struct{}), make(chan struct{})
	files := []File{{Name: "a.pdf", Data: []byte("the same bytes")}}
	first := make(chan error)
	go func() {
		_, err := Write(dir, files, Options{Wrap: func(_ string, w io.Writer) io.Writer {
			return &blockingWriter{w: w, started: started, release: release}
		}})
		first <- err
	}()
	<-started // the first Write has its temporary file open
	second := make(chan error)
	go func() {
		_, err := Write(dir, files, Options{})
		second <- err
	}()
	select {
	case err := <-second:
		t.Fatalf("the second Write ran while the first was writing (err %v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-first; err != nil {
		t.Errorf("first Write: %v", err)
	}
	if err := <-second; err != nil {
		t.Errorf("second Write: %v", err)
	}
}

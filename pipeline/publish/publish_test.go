package publish

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
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

// snap is every name under dir with its bytes (or its kind), to show that
// a refused or failed write left a folder as it was.
func snap(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			out[p] = string(data)
			return err
		case !d.IsDir():
			out[p] = d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnap(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d names, want %d: %v", what, len(got), len(want), got)
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: %s changed", what, p)
		}
	}
}

func draft(sources string) Options {
	return Options{Manifest: &Manifest{Edition: "2025-01", Tool: "bulletin test", Sources: sources}}
}

func release(sources string, force bool) Options {
	o := draft(sources)
	o.Release, o.Force, o.Time = true, force, time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
	return o
}

func TestWriteReplacesWholeFilesAndLeavesNoTemporaries(t *testing.T) {
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("old")}}, draft("s")); err != nil {
		t.Fatal(err)
	}
	rep, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("new content")}, {Name: "b.pdf", Data: []byte("b")}}, draft("s"))
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "a.pdf")); got != "new content" {
		t.Errorf("a.pdf = %q", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.pdf", "b.pdf", ManifestName}) {
		t.Errorf("folder holds %v, want only a.pdf, b.pdf and the manifest", got)
	}
	if got := names(t, out); !slices.Equal(got, []string{"2025-01"}) {
		t.Errorf("the output folder holds %v, want only the edition folder", got)
	}
	if !slices.Equal(rep.Written, []string{"a.pdf", "b.pdf"}) {
		t.Errorf("report says written %v", rep.Written)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o755 {
		t.Errorf("the edition folder has mode %v", fi.Mode())
	}
	before := snap(t, out)
	rep, err = Write(dir, []File{{Name: "a.pdf", Data: []byte("new content")}, {Name: "b.pdf", Data: []byte("b")}}, draft("s"))
	if err != nil || !slices.Equal(rep.Unchanged, []string{"a.pdf", "b.pdf"}) || len(rep.Written) != 0 {
		t.Errorf("rewriting the same bytes: %+v, %v", rep, err)
	}
	sameSnap(t, "the same bytes again", snap(t, out), before)
}

func TestWriteIntoUnwritablePlaceFails(t *testing.T) {
	base := t.TempDir()
	bad := filepath.Join(base, "x")
	os.WriteFile(bad, []byte("I am a file"), 0o644)
	if _, err := Write(filepath.Join(bad, "2025-01"), []File{{Name: "a.pdf", Data: []byte("x")}}, draft("s")); err == nil {
		t.Fatal("write under a file succeeded")
	}
	if _, err := Write(bad, []File{{Name: "a.pdf", Data: []byte("x")}}, draft("s")); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("write into a file: %v", err)
	}
	if read(t, bad) != "I am a file" {
		t.Error("the file was touched")
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

// A write that fails anywhere, on the first file, the last or the
// manifest, leaves the edition folder byte for byte as it was and nothing
// else behind: before staging, a failure on the manifest left the new PDFs
// beside the old manifest.
func TestFailedWriteLeavesTheFolderAsItWas(t *testing.T) {
	for _, failOn := range []string{"a.pdf", "b.pdf", ManifestName} {
		t.Run(failOn, func(t *testing.T) {
			out := t.TempDir()
			dir := filepath.Join(out, "2025-01")
			if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("the old a")}, {Name: "b.pdf", Data: []byte("the old b")}}, draft("s1")); err != nil {
				t.Fatal(err)
			}
			before := snap(t, out)
			opt := draft("s2")
			opt.Wrap = func(name string, w io.Writer) io.Writer {
				if name == failOn {
					return &failAfter{w: w, n: 3}
				}
				return w
			}
			_, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("a new a")}, {Name: "b.pdf", Data: []byte("a new b")}}, opt)
			if err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Fatalf("err = %v, want the writer's failure", err)
			}
			sameSnap(t, "after a failed write", snap(t, out), before)
		})
	}
}

// A write killed halfway leaves its staging folder beside the edition
// folder (which is untouched), or, where folders cannot be exchanged in
// one step, the old folder moved aside; the next write clears up both.
func TestLeftoversOfAKilledWriteAreCleared(t *testing.T) {
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	os.MkdirAll(filepath.Join(out, ".2025-01.new-123"), 0o755)
	os.WriteFile(filepath.Join(out, ".2025-01.new-123", "a.pdf"), []byte("half"), 0o444)
	os.MkdirAll(filepath.Join(out, ".2025-01.old-77"), 0o755)
	os.WriteFile(filepath.Join(out, ".2025-01.old-77", "kept.pdf"), []byte("the old folder"), 0o644)
	os.WriteFile(filepath.Join(out, ".2024-12.new-5"), []byte("not ours"), 0o644)
	// The old folder moved aside, the new one never put in place: the
	// next write starts from the old folder, so kept.pdf stays.
	if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("a")}}, draft("s")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, out); !slices.Equal(got, []string{".2024-12.new-5", "2025-01"}) {
		t.Errorf("output folder holds %v", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.pdf", "kept.pdf", ManifestName}) {
		t.Errorf("edition folder holds %v", got)
	}
	// A torn file of an older bulletin, which wrote beside the old file.
	os.WriteFile(filepath.Join(dir, ".a.pdf.tmp-9"), []byte("torn"), 0o644)
	os.WriteFile(filepath.Join(dir, ".notes.tmp-1"), []byte("not ours"), 0o644)
	if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("a")}}, draft("s")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{".notes.tmp-1", "a.pdf", "kept.pdf", ManifestName}) {
		t.Errorf("edition folder holds %v", got)
	}
}

// Anything in an edition folder that is not a regular file is refused
// with its name before anything is opened or written: a named pipe would
// hang the read, a link to /dev/zero would grow memory without end.
func TestWriteRefusesSpecialFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(dir string) error
		want string
	}{
		{"pipe", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "x.pdf"), 0o644) }, "x.pdf: not a regular file (a named pipe)"},
		{"pipe-manifest", func(dir string) error {
			os.Remove(filepath.Join(dir, ManifestName))
			return syscall.Mkfifo(filepath.Join(dir, ManifestName), 0o644)
		}, "manifest.json: not a regular file (a named pipe)"},
		{"zero-manifest", func(dir string) error {
			os.Remove(filepath.Join(dir, ManifestName))
			return os.Symlink("/dev/zero", filepath.Join(dir, ManifestName))
		}, "manifest.json: not a regular file (a symlink)"},
		{"zero-pdf", func(dir string) error { return os.Symlink("/dev/zero", filepath.Join(dir, "a.pdf.1")) }, "a.pdf.1: not a regular file (a symlink)"},
		{"folder", func(dir string) error { return os.Mkdir(filepath.Join(dir, "old"), 0o755) }, "old: not a regular file (a folder)"},
		{"huge-manifest", func(dir string) error {
			return os.Truncate(filepath.Join(dir, ManifestName), MaxManifestBytes+1)
		}, "manifest.json: larger than"},
		{"damaged-manifest", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, ManifestName), []byte(`{"edition": `), 0o644)
		}, "cannot tell whether the edition is released"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			dir := filepath.Join(out, "2025-01")
			if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("a")}}, draft("s")); err != nil {
				t.Fatal(err)
			}
			if err := tc.make(dir); err != nil {
				t.Fatal(err)
			}
			before := snap(t, out)
			_, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("a new a")}}, draft("s2"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			sameSnap(t, "after the refusal", snap(t, out), before)
		})
	}
}

// The whole life of an edition: drafts, a release that freezes every
// file, builds that leave it alone, and corrections that keep the old
// files as NAME.1, NAME.2 and list every release.
func TestReleaseFreezesAndCorrections(t *testing.T) {
	out := t.TempDir()
	dir := filepath.Join(out, "2025-01")
	files := func(v string) []File {
		return []File{
			{Name: "x.pdf", Data: []byte("screen " + v), Lang: "en", Variant: "screen", Pages: 2},
			{Name: "x-archive.pdf", Data: []byte("archive " + v), Lang: "en", Variant: "archive", Pages: 2, Archive: true},
		}
	}
	if _, err := Write(dir, files("0")[:1], draft("s0")); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, files("0"), draft("s0")); err == nil || !strings.Contains(err.Error(), "release only") {
		t.Fatalf("a build wrote the archive file: %v", err)
	}
	rep, err := Write(dir, files("1"), release("s1", false))
	if err != nil || rep.Release != 1 || len(rep.Kept) != 0 {
		t.Fatalf("first release: %+v, %v", rep, err)
	}
	for _, n := range []string{"x.pdf", "x-archive.pdf"} {
		if fi, _ := os.Stat(filepath.Join(dir, n)); fi.Mode().Perm() != 0o444 {
			t.Errorf("released %s has mode %v, want read-only", n, fi.Mode())
		}
	}
	m, err := ReadManifest(dir)
	if err != nil || len(m.Releases) != 1 || m.Releases[0] != (Release{1, "2025-02-03T04:05:06Z", "s1", "bulletin test"}) {
		t.Fatalf("manifest after release: %+v, %v", m, err)
	}
	released := snap(t, out)
	// A build with the same bytes, and a release again: nothing changes.
	for _, opt := range []Options{draft("s1b"), release("s1b", false), release("s1b", true)} {
		fs := files("1")
		if !opt.Release {
			fs = fs[:1]
		}
		rep, err := Write(dir, fs, opt)
		if err != nil || rep.Release != 1 || len(rep.Unchanged) != len(fs) {
			t.Errorf("same bytes after release (release %v): %+v, %v", opt.Release, rep, err)
		}
	}
	sameSnap(t, "same bytes after release", snap(t, out), released)
	// Different bytes: a build and a release without force are refused.
	for _, opt := range []Options{draft("s2"), release("s2", false)} {
		fs := files("2")
		if !opt.Release {
			fs = fs[:1]
		}
		_, err := Write(dir, fs, opt)
		var re *ReleasedError
		if !errors.Is(err, ErrReleased) || !errors.As(err, &re) || re.Release.Number != 1 || re.Build == opt.Release || !slices.Contains(re.Differ, "x.pdf") {
			t.Errorf("changed bytes (release %v): %v", opt.Release, err)
		}
	}
	sameSnap(t, "refused writes", snap(t, out), released)
	// A correction, then another.
	for i, v := range []string{"2", "3"} {
		rep, err := Write(dir, files(v), release("s"+v, true))
		if err != nil || rep.Release != i+2 || len(rep.Kept) != 2 {
			t.Fatalf("correction %s: %+v, %v", v, rep, err)
		}
	}
	for _, c := range []struct{ name, data string }{
		{"x.pdf", "screen 3"}, {"x.pdf.1", "screen 1"}, {"x.pdf.2", "screen 2"},
		{"x-archive.pdf", "archive 3"}, {"x-archive.pdf.1", "archive 1"}, {"x-archive.pdf.2", "archive 2"},
	} {
		if got := read(t, filepath.Join(dir, c.name)); got != c.data {
			t.Errorf("%s = %q, want %q", c.name, got, c.data)
		}
	}
	m, err = ReadManifest(dir)
	if err != nil || len(m.Releases) != 3 || m.Releases[2].Sources != "s3" {
		t.Fatalf("manifest after corrections: %+v, %v", m, err)
	}
	for _, c := range []struct {
		name       string
		release    int
		superseded bool
		sources    string
	}{
		{"x.pdf", 3, false, ""}, {"x.pdf.1", 1, true, "s1"}, {"x.pdf.2", 2, true, "s2"}, {"x-archive.pdf.1", 1, true, "s1"},
	} {
		e, ok := m.entry(c.name)
		if !ok || e.Release != c.release || e.Superseded != c.superseded || e.Sources != c.sources || e.Pages != 2 {
			t.Errorf("entry %s: %+v", c.name, e)
		}
	}
	if probs, _ := Verify(dir); len(probs) != 0 {
		t.Errorf("verify after corrections: %v", probs)
	}
}

func TestVerifyFindsChangedMissingAndExtraFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	files := []File{
		{Name: "a.pdf", Data: []byte("aaaa"), Lang: "en", Variant: "screen", Pages: 1},
		{Name: "b.pdf", Data: []byte("bbbb"), Lang: "en", Variant: "print", Pages: 1},
		{Name: "c.pdf", Data: []byte("cccc"), Lang: "en", Variant: "print", Pages: 1},
	}
	if _, err := Write(dir, files, draft("s")); err != nil {
		t.Fatal(err)
	}
	if probs, err := Verify(dir); err != nil || len(probs) != 0 {
		t.Fatalf("fresh folder: %v %v", probs, err)
	}
	os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("aaab"), 0o644) // one byte flipped
	os.Remove(filepath.Join(dir, "b.pdf"))
	os.WriteFile(filepath.Join(dir, "c.pdf"), []byte("cccc and more"), 0o644)
	os.WriteFile(filepath.Join(dir, "d.pdf"), []byte("d"), 0o644)
	probs, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, filepath.Base(p.Path)+": "+strings.SplitN(p.What, ":", 2)[0])
	}
	want := []string{"a.pdf: changed", "b.pdf: missing", "c.pdf: changed", "d.pdf: not in the manifest"}
	if !slices.Equal(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	os.Remove(filepath.Join(dir, ManifestName))
	if probs, _ := Verify(dir); len(probs) != 1 || !strings.Contains(probs[0].String(), "manifest.json: missing") {
		t.Errorf("without a manifest: %v", probs)
	}
}

// verify opens only plain names of its own folder, and only regular
// files, each read no further than its size in the manifest: an entry
// that leads elsewhere is a problem and is never opened.
func TestVerifyStaysInItsFolder(t *testing.T) {
	for _, tc := range []struct {
		name  string
		entry string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"parent", "../secret.pdf", nil, `lists "../secret.pdf", which is not a file name in this folder; not opened`},
		{"absolute", "/etc/hostname", nil, `lists "/etc/hostname", which is not a file name in this folder; not opened`},
		{"separator", "sub/a.pdf", nil, `lists "sub/a.pdf", which is not a file name in this folder; not opened`},
		{"backslash", `..\secret.pdf`, nil, `lists "..\\secret.pdf", which is not a file name in this folder; not opened`},
		{"empty", "", nil, `lists "", which is not a file name in this folder; not opened`},
		{"dot", ".", nil, `lists ".", which is not a file name in this folder; not opened`},
		{"dotdot", "..", nil, `lists "..", which is not a file name in this folder; not opened`},
		{"twice", "a.pdf", nil, `lists "a.pdf" more than once`},
		{"pipe", "p.pdf", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "p.pdf"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "unreadable: not a regular file (a named pipe)"},
		{"dev-zero", "z.pdf", func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "z.pdf")); err != nil {
				t.Fatal(err)
			}
		}, "unreadable: not a regular file (a symlink)"},
		{"huge", "h.pdf", func(t *testing.T, dir string) {
			f, _ := os.Create(filepath.Join(dir, "h.pdf"))
			f.Truncate(3 << 30) // 3 GB, sparse: read 5 bytes of it
			f.Close()
		}, "changed: more than the 4 bytes the manifest says"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, "2025-01")
			if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("aaaa")}}, draft("s")); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(base, "secret.pdf"), []byte("elsewhere"), 0o644)
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			m, _ := ReadManifest(dir)
			m.Files = append(m.Files, Entry{Name: tc.entry, Bytes: 4, SHA256: m.Files[0].SHA256})
			os.WriteFile(filepath.Join(dir, ManifestName), m.encode(), 0o644)
			probs, err := Verify(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) != 1 || !strings.Contains(probs[0].What, tc.want) {
				t.Errorf("problems %v, want one saying %q", probs, tc.want)
			}
		})
	}
}

// A build of some variants keeps the manifest entries of the files other
// builds made, with the sources they were made from.
func TestManifestKeepsFilesOfOtherBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
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

func TestWriteRefusesNamesOutsideTheFolder(t *testing.T) {
	for _, name := range []string{"", "../a.pdf", "sub/a.pdf", "/tmp/a.pdf", "..", ManifestName} {
		dir := filepath.Join(t.TempDir(), "2025-01")
		if _, err := Write(dir, []File{{Name: name, Data: []byte("x")}}, draft("s")); err == nil {
			t.Errorf("%q was written", name)
		}
	}
}

// blockingWriter stops its first write until released, so that another
// build can try to run while this one is writing.
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

// A second Write into the same output folder waits for the first: it must
// not take the first one's staging folder for a leftover and remove it.
func TestWritesIntoOneFolderWaitForEachOther(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	started, release := make(chan struct{}), make(chan struct{})
	files := []File{{Name: "a.pdf", Data: []byte("the same bytes")}}
	first := make(chan error)
	go func() {
		opt := draft("s")
		opt.Wrap = func(name string, w io.Writer) io.Writer {
			if name != "a.pdf" {
				return w
			}
			return &blockingWriter{w: w, started: started, release: release}
		}
		_, err := Write(dir, files, opt)
		first <- err
	}()
	<-started // the first Write has its staging folder
	second := make(chan error)
	go func() {
		_, err := Write(dir, files, draft("s"))
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
	if probs, _ := Verify(dir); len(probs) != 0 {
		t.Errorf("verify: %v", probs)
	}
}

// ReadEntry gives the bytes of a listed file only when they are the
// manifest's, from a plain name, from a regular file.
func TestReadEntry(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	if _, err := Write(dir, []File{{Name: "a.pdf", Data: []byte("aaaa"), Variant: "screen"}}, draft("s")); err != nil {
		t.Fatal(err)
	}
	m, _ := ReadManifest(dir)
	good := m.Files[0]
	if data, err := ReadEntry(dir, good); err != nil || string(data) != "aaaa" {
		t.Fatalf("ReadEntry: %q, %v", data, err)
	}
	os.Symlink("/dev/zero", filepath.Join(dir, "z.pdf"))
	for _, tc := range []struct {
		e    Entry
		want string
	}{
		{Entry{Name: "../a.pdf", Bytes: 4, SHA256: good.SHA256}, "not a file name"},
		{Entry{Name: "z.pdf", Bytes: 4, SHA256: good.SHA256}, "not a regular file (a symlink)"},
		{Entry{Name: "a.pdf", Bytes: 3, SHA256: good.SHA256}, "larger than 3 bytes"},
		{Entry{Name: "a.pdf", Bytes: 4, SHA256: "00"}, "changed since the manifest was written"},
	} {
		if _, err := ReadEntry(dir, tc.e); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadEntry(%+v): %v, want %q", tc.e, err, tc.want)
		}
	}
}

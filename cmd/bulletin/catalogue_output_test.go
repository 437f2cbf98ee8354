package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// catRun is one command of an output-side case: its arguments, with "$O"
// for the output folder, "$D" for the edition's folder in it and "$E" for
// the edition folder; the exit status; and the exact lines on stderr.
type catRun struct {
	args []string
	code int
	want []string
}

// catRunOutput runs an output-side case: an edition that is fine, an
// output folder made hostile by prep (pipes, links to /dev/zero, manifests
// that point elsewhere), or an --out that overlaps the sources. Every
// command must exit as told with exactly its lines, never hang, never
// reach an internal error, and leave both the output folder and the
// edition folder as they were.
func catRunOutput(t *testing.T, tc catCase, src string) {
	out := filepath.Join(t.TempDir(), "out")
	catMkdir(t, out)
	if tc.prep != nil {
		tc.prep(t, out)
	}
	before, sources := catSnapshot(t, out), catSnapshot(t, src)
	subst := strings.NewReplacer("$O", out, "$D", filepath.Join(out, "2025-01"), "$E", src)
	for _, r := range tc.runs {
		var args []string
		for _, a := range r.args {
			args = append(args, subst.Replace(a))
		}
		code, stdout, stderr := bulletin(t, args...)
		if strings.Contains(stderr, "internal error") {
			t.Fatalf("%v reached a bug:\n%s", args, stderr)
		}
		want := subst.Replace(strings.Join(r.want, "\n")) + "\n"
		if code != r.code || stderr != want {
			t.Errorf("%v: exit %d, want %d\nstderr:\n%s\nwant:\n%s\nstdout:\n%s", args, code, r.code, stderr, want, stdout)
		}
	}
	catSame(t, "out", catSnapshot(t, out), before)
	catSame(t, "the edition folder", catSnapshot(t, src), sources)
}

// catEdition writes a small valid edition.
func catEdition(t *testing.T, dir string) {
	catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
	catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nThe apron lights were replaced in one night.\n")
}

// catOutManifest writes $D/manifest.json listing a.pdf, which it also
// writes, and the extra entries given as raw JSON objects.
func catOutManifest(t *testing.T, out string, extra ...string) {
	dir := filepath.Join(out, "2025-01")
	catWrite(t, dir, "a.pdf", "%PDF-1.7 a\n")
	files := []string{`{"name": "a.pdf", "language": "en", "variant": "screen", "bytes": 11, "sha256": "` + sha([]byte("%PDF-1.7 a\n")) + `"}`}
	files = append(files, extra...)
	catWrite(t, dir, "manifest.json", fmt.Sprintf(`{"edition": "2025-01", "tool": "bulletin test", "sources_sha256": "x", "files": [%s]}`,
		strings.Join(files, ",\n")))
}

func catEntry(name string) string {
	return fmt.Sprintf(`{"name": %q, "language": "en", "variant": "print", "bytes": 9, "sha256": "00"}`, name)
}

func catFIFO(t *testing.T, path string) {
	catMkdir(t, filepath.Dir(path))
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal("cannot make a named pipe:", err)
	}
}

var catVerify = []string{"verify", "$D"}
var catBuild = []string{"build", "--out", "$O", "$E"}

func init() {
	outsideFolder := func(name string) catCase {
		return catCase{name: "verify-entry-" + name, gen: catEdition, runs: []catRun{{args: catVerify, code: 1}}}
	}
	bad := func(name, entry string) catCase {
		c := outsideFolder(name)
		c.prep = func(t *testing.T, out string) {
			catWrite(t, out, "secret.pdf", "not the edition's\n")
			catOutManifest(t, out, catEntry(entry))
		}
		c.runs[0].want = []string{fmt.Sprintf(`$D/manifest.json: lists %q, which is not a file name in this folder; not opened`, entry)}
		return c
	}
	catCases = append(catCases,
		// #11 class 2: verify stays in its folder.
		bad("parent", "../secret.pdf"),
		bad("absolute", "/etc/hostname"),
		bad("separator", "sub/a.pdf"),
		bad("empty", ""),
		bad("dot-dot", ".."),
		catCase{name: "verify-entry-twice", gen: catEdition, prep: func(t *testing.T, out string) {
			catOutManifest(t, out, catEntry("a.pdf"))
		}, runs: []catRun{{args: catVerify, code: 1, want: []string{`$D/manifest.json: lists "a.pdf" more than once`}}}},

		// #11 class 1, output side: special files are named, never read.
		catCase{name: "out-pipe-in-edition-folder", gen: catEdition, prep: func(t *testing.T, out string) {
			catOutManifest(t, out)
			catFIFO(t, filepath.Join(out, "2025-01", "bulletin-2025-01-en.pdf"))
		}, runs: []catRun{
			{args: catBuild, code: 2, want: []string{"bulletin: publish: $D/bulletin-2025-01-en.pdf: not a regular file (a named pipe); an output folder holds only the files bulletin writes: move it away"}},
			{args: catVerify, code: 1, want: []string{"$D/bulletin-2025-01-en.pdf: not in the manifest"}},
		}},
		catCase{name: "out-manifest-pipe", gen: catEdition, prep: func(t *testing.T, out string) {
			catFIFO(t, filepath.Join(out, "2025-01", "manifest.json"))
		}, runs: []catRun{
			{args: catBuild, code: 2, want: []string{"bulletin: publish: $D/manifest.json: not a regular file (a named pipe); an output folder holds only the files bulletin writes: move it away"}},
			{args: catVerify, code: 1, want: []string{"$D/manifest.json: unreadable: not a regular file (a named pipe)"}},
		}},
		catCase{name: "out-manifest-dev-zero", gen: catEdition, prep: func(t *testing.T, out string) {
			catMkdir(t, filepath.Join(out, "2025-01"))
			catSymlink(t, "/dev/zero", filepath.Join(out, "2025-01", "manifest.json"))
		}, runs: []catRun{
			{args: catBuild, code: 2, want: []string{"bulletin: publish: $D/manifest.json: not a regular file (a symlink); an output folder holds only the files bulletin writes: move it away"}},
			{args: catVerify, code: 1, want: []string{"$D/manifest.json: unreadable: not a regular file (a symlink)"}},
		}},
		catCase{name: "out-listed-dev-zero", gen: catEdition, prep: func(t *testing.T, out string) {
			catOutManifest(t, out, catEntry("a-print.pdf"))
			catSymlink(t, "/dev/zero", filepath.Join(out, "2025-01", "a-print.pdf"))
		}, runs: []catRun{
			{args: catVerify, code: 1, want: []string{"$D/a-print.pdf: unreadable: not a regular file (a symlink)"}},
			{args: catBuild, code: 2, want: []string{"bulletin: publish: $D/a-print.pdf: not a regular file (a symlink); an output folder holds only the files bulletin writes: move it away"}},
		}},
		catCase{name: "out-listed-pipe", gen: catEdition, prep: func(t *testing.T, out string) {
			catOutManifest(t, out, catEntry("a-print.pdf"))
			catFIFO(t, filepath.Join(out, "2025-01", "a-print.pdf"))
		}, runs: []catRun{
			{args: catVerify, code: 1, want: []string{"$D/a-print.pdf: unreadable: not a regular file (a named pipe)"}},
		}},
		catCase{name: "out-manifest-damaged", gen: catEdition, prep: func(t *testing.T, out string) {
			catWrite(t, filepath.Join(out, "2025-01"), "manifest.json", `{"edition": "2025-01", "files": [`)
		}, runs: []catRun{
			{args: catBuild, code: 2, want: []string{"bulletin: publish: $D/manifest.json: unexpected EOF; without it bulletin cannot tell whether the edition is released, so it writes nothing (move the folder away to start again)"}},
		}},
		catCase{name: "out-edition-folder-is-a-file", gen: catEdition, prep: func(t *testing.T, out string) {
			catWrite(t, out, "2025-01", "a note, not a folder\n")
		}, runs: []catRun{
			{args: catBuild, code: 2, want: []string{"bulletin: publish: $D is a file, not a folder; move it away"}},
		}},

		// #11 class 3: the output never lands in the sources.
		catCase{name: "out-is-the-edition", gen: catEdition, runs: []catRun{
			{args: []string{"build", "--out", "$E", "$E"}, code: 2, want: []string{"bulletin: the output folder and an edition folder overlap: --out $E is the edition folder $E"}},
			{args: []string{"release", "--out", "$E", "$E"}, code: 2, want: []string{"bulletin: the output folder and an edition folder overlap: --out $E is the edition folder $E"}},
		}},
		catCase{name: "out-inside-the-edition", gen: catEdition, runs: []catRun{
			{args: []string{"build", "--out", "$E/out", "$E"}, code: 2, want: []string{"bulletin: the output folder and an edition folder overlap: --out $E/out is inside the edition folder $E"}},
		}},
		catCase{name: "out-holds-the-edition", gen: catEdition, runs: []catRun{
			{args: []string{"build", "--out", "$E/..", "$E"}, code: 2, want: []string{"bulletin: the output folder and an edition folder overlap: --out $E/.. holds the edition folder $E"}},
		}},
		catCase{name: "out-link-to-the-edition", gen: func(t *testing.T, dir string) {
			catEdition(t, dir)
			catSymlink(t, dir, filepath.Join(filepath.Dir(dir), "alias"))
		}, runs: []catRun{
			{args: []string{"build", "--out", "$E/../alias", "$E"}, code: 2, want: []string{"bulletin: the output folder and an edition folder overlap: --out $E/../alias is the edition folder $E"}},
		}},
		catCase{name: "out-empty", gen: catEdition, runs: []catRun{
			{args: []string{"build", "--out", "", "$E"}, code: 2, want: []string{"bulletin: --out is empty; name the output folder, like --out out"}},
		}},
	)
}

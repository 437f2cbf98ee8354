// Package publish writes finished files into an edition's output folder,
// all or nothing: every file of the new folder is written and synced in a
// hidden staging folder beside it, which then takes the old folder's place
// in one step. It keeps the files of a released edition from being
// replaced except by a deliberate correction, and records every file and
// every release in manifest.json.
package publish

import (
	"bulletin/internal/plainfile"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// File is one output file.
type File struct {
	Name    string // base name inside the edition folder
	Data    []byte
	Lang    string // the languages of the document: "en", "az", "en-az"
	Variant string // "screen", "print", "archive"
	Pages   int
	// Contents are the document's top-level headings, as its outline has
	// them, so that delivery can list them in a message without reading
	// the PDF.
	Contents []Heading
	// Archive marks the archive file: only a release writes one.
	Archive bool
}

// Options say how Write writes.
type Options struct {
	// Manifest names the edition, the tool and the sources; Write adds
	// the files and the releases and writes it as manifest.json.
	Manifest *Manifest
	// Release makes this write a release: it is recorded in the
	// manifest with Time, and the files are written read-only.
	Release bool
	// Force, with Release, lets a release replace the files of an
	// earlier one (a correction); their old bytes are kept as NAME.1,
	// NAME.2, ...
	Force bool
	// Time is the moment of a release.
	Time time.Time
	// Wrap, when set, wraps the writer of each new file. It is a seam
	// for tests: a writer that fails or stops halfway shows that the old
	// folder survives.
	Wrap func(name string, w io.Writer) io.Writer
}

// Report says what Write did.
type Report struct {
	Written   []string // files written (new or changed)
	Unchanged []string // files whose bytes were already there
	Kept      []Kept   // released files kept under a new name by a correction
	// Release is the release the folder holds afterwards (the one made,
	// or the one that stands); 0 while the edition is a draft.
	Release int
}

// Kept is a released file that a correction replaced: the old bytes now
// live under As.
type Kept struct {
	Name, As string
}

// ErrReleased is returned (as a *ReleasedError) when a build or a release
// without Force would change the files of a released edition.
var ErrReleased = errors.New("the edition is released")

// ReleasedError says which files of which release a write would change.
type ReleasedError struct {
	Dir     string
	Release Release  // the release that stands
	Differ  []string // the files that would change
	Build   bool     // a build of drafts rather than a release
}

func (e *ReleasedError) Error() string {
	what := "release"
	if e.Build {
		what = "build"
	}
	return fmt.Sprintf("%s holds release %d of the edition (%s), and this %s differs from it in %s; nothing was written there",
		e.Dir, e.Release.Number, e.Release.Time, what, strings.Join(e.Differ, ", "))
}

// Is makes errors.Is(err, ErrReleased) hold.
func (e *ReleasedError) Is(target error) bool { return target == ErrReleased }

// ManifestName is the name of the manifest in an edition folder.
const ManifestName = "manifest.json"

// Write makes dir hold files and their manifest, all at once: a reader
// of dir sees the old folder or the new one, never a mix, and a write
// that fails leaves the old folder as it was.
//
// The new folder holds the files given, the files of the old folder that
// they do not replace (with their manifest entries), and, after a
// correction, the released files replaced, kept as NAME.N. Once an
// edition is released, a build or a release that would change its files
// writes nothing and returns a *ReleasedError; one that would not change
// them writes nothing either, and reports them unchanged.
//
// Writes into the same output folder take turns (a lock on the folder
// holding dir); leftovers of a write that was killed are removed first.
func Write(dir string, files []File, opt Options) (Report, error) {
	dir = filepath.Clean(dir)
	if err := checkFiles(files, opt); err != nil {
		return Report{}, err
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Report{}, fmt.Errorf("publish: %w", err)
	}
	unlock, err := lockDir(parent)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	if err := sweep(parent, base); err != nil {
		return Report{}, fmt.Errorf("publish: %w", err)
	}
	old, err := readFolder(dir, files)
	if err != nil {
		return Report{}, err
	}
	p, err := plan(dir, old, files, opt)
	if err != nil || p.nothing {
		return p.rep, err
	}
	if err := stage(dir, old, p, opt.Wrap); err != nil {
		return Report{}, fmt.Errorf("publish %s: %w", dir, err)
	}
	return p.rep, nil
}

// checkFiles refuses names that are not plain, twice given or the
// manifest's, and an archive file outside a release.
func checkFiles(files []File, opt Options) error {
	seen := map[string]bool{ManifestName: true}
	for _, f := range files {
		if !PlainName(f.Name) || seen[f.Name] {
			return fmt.Errorf("publish: %q cannot be a file of an edition folder", f.Name)
		}
		seen[f.Name] = true
		if f.Archive && !opt.Release {
			return fmt.Errorf("publish: %s: the archive file is written by a release only", f.Name)
		}
	}
	if opt.Manifest == nil {
		return errors.New("publish: no manifest")
	}
	return nil
}

// folder is an edition folder as a write finds it.
type folder struct {
	exists   bool
	mode     fs.FileMode
	names    []string  // its files, sorted, manifest.json and old temporaries left out
	dropped  bool      // it holds temporaries of an old build, to be left behind
	manifest *Manifest // nil: none
	raw      []byte    // manifest.json as it is
}

func (f *folder) has(name string) bool {
	i := sort.SearchStrings(f.names, name)
	return i < len(f.names) && f.names[i] == name
}

// readFolder reads what dir holds. Everything in it must be a regular
// file: anything else (a pipe, a link, a folder) is an error naming it,
// never opened. A manifest that cannot be read is an error too, since
// without it a write cannot tell whether the edition is released.
func readFolder(dir string, files []File) (*folder, error) {
	out := &folder{}
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("publish: %s is %s, not a folder; move it away", dir, plainfile.Kind(fi.Mode()))
	}
	out.exists, out.mode = true, fi.Mode()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	for _, e := range entries {
		n := e.Name()
		if oldTemp(n, files) {
			out.dropped = true // a torn file of an older bulletin's build
			continue
		}
		if !e.Type().IsRegular() {
			return nil, fmt.Errorf("publish: %s: %w; an output folder holds only the files bulletin writes: move it away",
				filepath.Join(dir, n), &plainfile.NotRegularError{Mode: e.Type()})
		}
		if n != ManifestName {
			out.names = append(out.names, n)
		}
	}
	sort.Strings(out.names)
	m, raw, err := readManifest(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("publish: %w; without it bulletin cannot tell whether the edition is released, so it writes nothing (move the folder away to start again)", err)
	default:
		out.manifest, out.raw = m, raw
	}
	return out, nil
}

// oldTemp reports whether name is a temporary file that bulletin before
// staging folders left in an edition folder when killed: .NAME.tmp-*
// for one of the files written now or the manifest.
func oldTemp(name string, files []File) bool {
	if strings.HasPrefix(name, "."+ManifestName+".tmp-") {
		return true
	}
	for _, f := range files {
		if strings.HasPrefix(name, "."+f.Name+".tmp-") {
			return true
		}
	}
	return false
}

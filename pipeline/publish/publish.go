// Package publish writes finished files into the output folder so that each
// file there is always either the old complete one or the new complete one:
// write to a temporary file in the same folder, sync it, rename it over the
// old name, sync the folder. It also keeps archived files from being
// replaced by accident, and records every file in manifest.json.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
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
	// Archive marks a file of the archive: once written, it is never
	// replaced by different bytes unless Options.Force, and then the old
	// one is kept beside it as NAME.1, NAME.2, ...
	Archive bool
}

// Options say how Write writes.
type Options struct {
	// Force lets a build change an archived file, keeping the old one.
	Force bool
	// Manifest, when set, is written as manifest.json after the files,
	// with an entry for every file (see Write).
	Manifest *Manifest
	// Wrap, when set, wraps the writer of each temporary file. It is a
	// seam for tests: a writer that fails or stops halfway shows that the
	// old file survives.
	Wrap func(name string, w io.Writer) io.Writer
}

// Report says what Write did.
type Report struct {
	Written   []string // files written (new or changed)
	Unchanged []string // files whose bytes were already there
	Kept      []Kept   // archived files kept under a new name (--force)
}

// Kept is an archived file that a forced build replaced: the old bytes now
// live under As.
type Kept struct {
	Name, As string
}

// ErrArchiveChanged is returned (wrapped, naming the files) when a build
// would change an archived file and Options.Force is not set.
var ErrArchiveChanged = errors.New("would change an archived file")

// ManifestName is the name of the manifest in an edition folder.
const ManifestName = "manifest.json"

// Write puts files into dir, creating dir when needed.
//
// Before anything is written, every archive file is compared with the one
// already in dir: when the bytes differ, Write refuses with
// ErrArchiveChanged and writes nothing, unless opt.Force, in which case the
// old file is first kept as NAME.1 (or the first free NAME.N) by a hard
// link, so the archived bytes exist under some name at every moment.
//
// Leftover temporary files of an interrupted build are removed; a file
// whose bytes are already in place is not rewritten. The manifest, when
// asked for, is written last, so after an interrupted build it still
// describes the previous complete one.
func Write(dir string, files []File, opt Options) (Report, error) {
	var rep Report
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return rep, fmt.Errorf("publish: %w", err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return rep, err
	}
	defer unlock()
	old := make([][]byte, len(files)) // current bytes in dir; nil: none
	var refused []string
	for i, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return rep, fmt.Errorf("publish: %w", err)
		}
		old[i] = data
		if f.Archive && !bytes.Equal(data, f.Data) && !opt.Force {
			refused = append(refused, filepath.Join(dir, f.Name))
		}
	}
	if len(refused) > 0 {
		return rep, fmt.Errorf("%s: this build %w; nothing was written to %s (the old file stays; build with --force to replace it and keep the old one as NAME.1)",
			strings.Join(refused, ", "), ErrArchiveChanged, dir)
	}
	prev, err := ReadManifest(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		prev = nil // a damaged manifest is replaced; verify would have said so
	}
	names := []string{ManifestName}
	for _, f := range files {
		names = append(names, f.Name)
	}
	if err := removeTemps(dir, names); err != nil {
		return rep, err
	}
	var kept []Entry
	for i, f := range files {
		if !f.Archive || old[i] == nil || bytes.Equal(old[i], f.Data) {
			continue
		}
		as, err := keep(dir, f.Name)
		if err != nil {
			return rep, fmt.Errorf("publish: keeping the old %s: %w", filepath.Join(dir, f.Name), err)
		}
		rep.Kept = append(rep.Kept, Kept{Name: f.Name, As: as})
		e := entryOf(File{Name: as, Data: old[i], Lang: f.Lang, Variant: f.Variant})
		if p, ok := prev.entry(f.Name); ok {
			e.Pages, e.Sources, e.Tool = p.Pages, prev.sourcesOf(p), prev.toolOf(p)
		}
		e.Superseded = true
		kept = append(kept, e)
	}
	for i, f := range files {
		if bytes.Equal(old[i], f.Data) && old[i] != nil {
			rep.Unchanged = append(rep.Unchanged, f.Name)
			continue
		}
		mode := fs.FileMode(0o644)
		if f.Archive {
			mode = 0o444 // a reminder to every other tool: not to be edited
		}
		if err := writeFile(dir, f.Name, f.Data, mode, opt.Wrap); err != nil {
			return rep, fmt.Errorf("publish %s: %w", filepath.Join(dir, f.Name), err)
		}
		rep.Written = append(rep.Written, f.Name)
	}
	if opt.Manifest != nil {
		m := opt.Manifest.with(files, kept, prev, dir)
		if err := writeFile(dir, ManifestName, m.encode(), 0o644, opt.Wrap); err != nil {
			return rep, fmt.Errorf("publish %s: %w", filepath.Join(dir, ManifestName), err)
		}
	}
	return rep, syncDir(dir)
}

func writeFile(dir, name string, data []byte, mode fs.FileMode, wrap func(string, io.Writer) io.Writer) (err error) {
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	var w io.Writer = tmp
	if wrap != nil {
		w = wrap(name, tmp)
	}
	if _, err = w.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// isTemp reports whether name is a temporary file that writeFile makes for
// one of names.
func isTemp(name string, names []string) bool {
	for _, n := range names {
		if strings.HasPrefix(name, "."+n+".tmp-") {
			return true
		}
	}
	return false
}

// removeTemps deletes the temporary files that a killed build left behind.
// Only names this build writes are touched.
func removeTemps(dir string, names []string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	for _, e := range entries {
		if isTemp(e.Name(), names) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("publish: %w", err)
			}
		}
	}
	return nil
}

// keep gives the file dir/name a second name, name.N with the first free
// N, and returns that name. A hard link costs no copy and leaves the old
// name in place until the new file is renamed over it; where links are not
// supported the bytes are copied (atomically) instead.
func keep(dir, name string) (string, error) {
	for n := 1; ; n++ {
		as := name + "." + strconv.Itoa(n)
		dst := filepath.Join(dir, as)
		if _, err := os.Lstat(dst); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		err := os.Link(filepath.Join(dir, name), dst)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			data, rerr := os.ReadFile(filepath.Join(dir, name))
			if rerr != nil {
				return "", rerr
			}
			if err := writeFile(dir, as, data, 0o444, nil); err != nil {
				return "", err
			}
		}
		return as, nil
	}
}

// syncDir makes the renames durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("publish: sync %s: %w", dir, err)
	}
	return nil
}

// sortedNames lists the names in dir, sorted.
func sortedNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out, nil
}

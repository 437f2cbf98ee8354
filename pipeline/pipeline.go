// Package pipeline wires the stages together: source reads an edition
// folder, assemble makes its documents (markdown converts each article),
// validate checks them, typeset lays each out as a book, render writes
// each book as PDF bytes and publish puts the files into the output
// folder. Each stage is a function from one plain value to the next; this
// package calls them in order, on the helper that runs work in parallel,
// and does none of their work.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
)

// Options say what Build and Release write and where.
type Options struct {
	Out      string           // the output folder; each edition goes to Out/<edition>/
	Variants []render.Variant // Build: nil for DraftVariants; Release writes every variant
	// Force lets a Release replace the files of an earlier release (a
	// correction); the old ones are kept as NAME.1, NAME.2, ...
	Force   bool
	Version string // the tool's version, recorded in manifest.json
	// Date is written into the PDFs; zero: the first day of the edition
	// month, so that a rebuild never changes the bytes.
	Date time.Time
	// ReleaseTime is recorded with a release; zero: the clock.
	ReleaseTime time.Time
	// Wrap is handed to publish: a seam for tests that make a write fail
	// or stop halfway.
	Wrap func(name string, w io.Writer) io.Writer
	// Context, when set, stops the build before the next edition is
	// written once it is done (ErrStopped); an edition being written is
	// finished, so each is all old files or all new ones.
	Context context.Context
}

// Result says what a build wrote.
type Result struct {
	Edition string
	Source  string // the edition folder
	Dir     string
	Files   []publish.File
	publish.Report
	// Warnings do not stop a build: "path:line:col: warning: ...".
	Warnings []string
	// Held is set when a build of a released edition would have changed
	// its files: nothing was written for the edition (a *publish.ReleasedError).
	Held error
}

// Build checks every edition first and writes nothing unless all of them
// are valid; then, edition by edition, it renders the draft variants
// (print and screen; never the archive, which only Release writes) of
// every document and publishes them into Out/<edition>/ with
// manifest.json. A released edition whose files would change is left as
// it is, its Result Held, and the build goes on with the others.
func Build(dirs []string, opt Options) ([]Result, error) {
	if slices.Contains(opt.Variants, render.Archive) {
		return nil, ErrArchiveInBuild
	}
	if opt.Variants == nil {
		opt.Variants = DraftVariants
	}
	return write(dirs, opt, false)
}

// SourceDigest is the edition digest of manifest.json: the SHA-256 of the
// list of every file in the edition folder (subfolders included, dot files
// and dot folders left out, as source leaves them out), one line per file,
// sorted by its path relative to the folder with / between names, each line
// "<SHA-256 of the file in hex>  <path>\n". That is what
//
//	cd input/2025-01 && find . -type f ! -path '*/.*' | cut -c3- | LC_ALL=C sort | xargs sha256sum | sha256sum
//
// prints, so the digest can be checked without this program. The folder is
// read again for it, through os.Root like source, so a symlink cannot pull
// in a file from outside.
func SourceDigest(dir string) (string, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", err
	}
	defer root.Close()
	var paths []string
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	sort.Strings(paths) // byte order, as LC_ALL=C sort
	list := sha256.New()
	for _, p := range paths {
		data, err := root.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("%s: %w", dir, err)
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(list, "%s  %s\n", hex.EncodeToString(sum[:]), p)
	}
	return hex.EncodeToString(list.Sum(nil)), nil
}

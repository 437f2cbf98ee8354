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
	"path/filepath"
	"sort"
	"strings"
	"time"

	"bulletin/internal/faults"
	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
)

// Options say what Build writes and where.
type Options struct {
	Out      string           // the output folder; each edition goes to Out/<edition>/
	Variants []render.Variant // nil: every variant
	// Force lets a build change an archived file; the old one is kept as
	// NAME.1, NAME.2, ...
	Force   bool
	Version string // the tool's version, recorded in manifest.json
	// Date is written into the PDFs; zero: the first day of the edition
	// month, so that a rebuild never changes the bytes.
	Date time.Time
	// Wrap is handed to publish: a seam for tests that make a write fail
	// or stop halfway.
	Wrap func(name string, w io.Writer) io.Writer
	// Context, when set, stops the build before the next edition is
	// written once it is done (ErrStopped); an edition being written is
	// finished, so each is all old files or all new ones.
	Context context.Context
	// Done, when set, is called after each edition is written, with the
	// time its render and publish took: progress on a terminal.
	Done func(r Result, took time.Duration)
}

// Result says what a build wrote.
type Result struct {
	Edition string
	Dir     string
	Files   []publish.File
	publish.Report
	// Warnings do not stop a build: "path:line:col: warning: ...".
	Warnings []string
}

// Build checks every edition first and writes nothing unless all of them
// are valid; then, edition by edition, it renders every variant of every
// document and publishes them into Out/<edition>/ with manifest.json.
// Before anything of an edition is written its archived files are checked:
// a build that would change one fails (publish.ErrArchiveChanged) unless
// Force.
func Build(dirs []string, opt Options) ([]Result, error) {
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	// Every edition is checked whole, even when a stop comes meanwhile:
	// the stop is honoured before the first edition is written, and says
	// which folder it kept.
	eds, err := LoadAll(context.WithoutCancel(ctx), dirs)
	if err != nil {
		return nil, err
	}
	variants := opt.Variants
	if variants == nil {
		variants = render.Variants
	}
	var res []Result
	for _, e := range eds {
		start := time.Now()
		digest, err := SourceDigest(e.Source.Dir)
		if err != nil {
			return res, err
		}
		files, warnings, err := renderUnlessStopped(ctx, opt.Out, e, variants, opt.Date)
		if err != nil {
			return res, err
		}
		dir := filepath.Join(opt.Out, e.Name())
		faults.At("publish")
		rep, err := publish.Write(dir, files, publish.Options{
			Force:    opt.Force,
			Manifest: &publish.Manifest{Edition: e.Name(), Tool: "bulletin " + opt.Version, Sources: digest},
			Wrap:     opt.Wrap,
		})
		if err != nil {
			return res, err
		}
		res = append(res, Result{Edition: e.Name(), Dir: dir, Files: files, Report: rep, Warnings: warnings})
		if opt.Done != nil {
			opt.Done(res[len(res)-1], time.Since(start))
		}
	}
	return res, nil
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

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
	"io"
	"slices"
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
	// Done, when set, is called after each edition is written, with the
	// time its render and publish took: progress on a terminal.
	Done func(r Result, took time.Duration)
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

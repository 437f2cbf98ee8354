package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"bulletin/internal/faults"
	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
)

// DraftVariants are the files a build writes: the print shop's and the
// screen's. The archive file is made once, by Release.
var DraftVariants = []render.Variant{render.Print, render.Screen}

// ErrArchiveInBuild refuses a build asked for the archive variant.
var ErrArchiveInBuild = errors.New(`the archive file is written by "bulletin release EDITION", when the edition is final; build writes print and screen`)

// ErrOutInSources is returned (wrapped, naming both folders) when the
// output folder is, is inside, or holds an edition folder: the PDFs would
// land among the sources and change the edition digest on every build.
var ErrOutInSources = errors.New("the output folder and an edition folder overlap")

// Release is the moment an edition becomes final: like Build it checks
// every edition first, then it renders every variant, the archive file
// included, and publishes them read-only, recording the release (its
// time, the sources' digest, the tool) in manifest.json. An edition
// already released with other bytes is refused (publish.ErrReleased)
// unless Force, which makes a correction: a new release, the old files
// kept as NAME.1, NAME.2, ...
func Release(dirs []string, opt Options) ([]Result, error) {
	opt.Variants = render.Variants
	return write(dirs, opt, true)
}

// write is Build and Release: check the output folder and every
// edition, then render and publish edition by edition.
func write(dirs []string, opt Options, release bool) ([]Result, error) {
	if err := CheckOut(opt.Out, dirs); err != nil {
		return nil, err
	}
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
	when := opt.ReleaseTime
	if when.IsZero() {
		when = time.Now().UTC().Truncate(time.Second)
	}
	var res []Result
	for _, e := range eds {
		start := time.Now()
		files, warnings, err := renderUnlessStopped(ctx, opt.Out, e, opt.Variants, opt.Date)
		if err != nil {
			return res, err
		}
		dir := filepath.Join(opt.Out, e.Name())
		faults.At("publish")
		rep, err := publish.Write(dir, files, publish.Options{
			Manifest: &publish.Manifest{Edition: e.Name(), Tool: "bulletin " + opt.Version, Sources: e.Source.Digest},
			Release:  release,
			Force:    opt.Force,
			Time:     when,
			Wrap:     opt.Wrap,
		})
		r := Result{Edition: e.Name(), Source: e.Source.Dir, Dir: dir, Files: files, Report: rep, Warnings: slices.Concat(e.warningLines(), warnings)}
		if !release && errors.Is(err, publish.ErrReleased) {
			r.Held, err = err, nil
		}
		if err != nil {
			return res, err
		}
		res = append(res, r)
		if opt.Done != nil {
			opt.Done(r, time.Since(start))
		}
	}
	return res, nil
}

// CheckOut refuses an output folder that is an edition folder, lies inside
// one or holds one (the edition folder would then be Out/<edition>, or
// the PDFs would be written among the sources), and an empty one. Both
// sides are compared as real paths, symlinks resolved, so another name
// for the same folder is caught too. Nothing is written before it passes.
func CheckOut(out string, dirs []string) error {
	if out == "" {
		return errors.New(`--out is empty; name the output folder, like --out out`)
	}
	o, err := realPath(out)
	if err != nil {
		return err
	}
	for _, d := range dirs {
		s, err := realPath(d)
		if err != nil {
			return err
		}
		switch {
		case o == s:
			return fmt.Errorf("%w: --out %s is the edition folder %s", ErrOutInSources, out, d)
		case within(o, s):
			return fmt.Errorf("%w: --out %s is inside the edition folder %s", ErrOutInSources, out, d)
		case within(s, o):
			return fmt.Errorf("%w: --out %s holds the edition folder %s", ErrOutInSources, out, d)
		}
	}
	return nil
}

// within reports whether path lies inside dir (both clean and absolute).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// realPath is the absolute path of p with every symlink resolved; the
// part of it that does not exist yet is kept as written.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		real, err := filepath.EvalSymlinks(abs)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", err
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}

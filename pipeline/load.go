package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"bulletin/fonts"
	"bulletin/internal/faults"
	"bulletin/internal/work"
	"bulletin/layouts"
	"bulletin/pipeline/assemble"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/source"
	"bulletin/pipeline/validate"
)

// Checked is an edition read, assembled and validated: ready to typeset.
// (source.Edition is the folder as read, before any Markdown is parsed.)
type Checked struct {
	Source *source.Edition
	Layout *layouts.Layout
	Docs   []*doc.Document // one per language, the original first
	// Warnings are validate's: each reads "path:line:col: warning: ...".
	Warnings []diag.Diagnostic
}

// Name is the edition's name, e.g. 2025-01.
func (e *Checked) Name() string { return e.Source.Settings.Edition }

// Load reads, assembles and validates one edition folder. Every problem in
// the sources comes back at once as a diag.List.
func Load(dir string) (*Checked, error) {
	return load(context.Background(), dir)
}

func load(ctx context.Context, dir string) (*Checked, error) {
	// The font tables are built once per process, in a few milliseconds
	// that a short build would otherwise wait for after reading the
	// sources: start them now, on another core. Validation waits for them.
	go fonts.Load()
	faults.At("source")
	src, err := source.Load(dir)
	if err != nil {
		return nil, withContent(src, err)
	}
	var errs diag.List
	m := src.Settings
	lay, err := layouts.Load(m.Layout)
	if err != nil {
		pos := m.Pos["layout"]
		if pos.File == "" {
			pos.File = m.File
		}
		errs.Add(pos, "%v", err)
	}
	faults.At("assemble")
	docs, err := assemble.Documents(ctx, src, lay, &errs)
	if err != nil {
		return nil, err
	}
	if err := check(ctx, docs, &errs); err != nil {
		return nil, err
	}
	if _, err := assemble.Pictures(ctx, src.Dir, docs, &errs); err != nil {
		return nil, err
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	e := &Checked{Source: src, Layout: lay, Docs: docs}
	for _, d := range docs {
		if !d.Combined {
			e.Warnings = append(e.Warnings, validate.Warnings(d)...)
		}
	}
	return e, nil
}

// check validates each document of one language, side by side (the
// combined one holds nothing they do not), adding the problems to errs
// in the order of the documents.
func check(ctx context.Context, docs []*doc.Document, errs *diag.List) error {
	found := make([]error, len(docs))
	err := work.Do(ctx, len(docs), func(_ context.Context, i int) error {
		faults.At("validate")
		if !docs[i].Combined {
			found[i] = validate.Document(docs[i], fonts.Has)
		}
		return nil
	})
	for _, f := range found {
		errs.Append(f)
	}
	return err
}

// LoadAll loads several editions and reports the problems of all of them.
func LoadAll(ctx context.Context, dirs []string) ([]*Checked, error) {
	var errs diag.List
	var eds []*Checked
	seen := map[string]string{}
	for _, dir := range dirs {
		e, err := load(ctx, dir)
		if err != nil {
			var l diag.List
			if !errors.As(err, &l) {
				return nil, fmt.Errorf("%s: %w", dir, err)
			}
			errs = append(errs, l...)
			continue
		}
		if prev, ok := seen[e.Name()]; ok {
			errs.Add(e.Source.Settings.Pos["edition"], "edition %s is also in %s", e.Name(), prev)
			continue
		}
		seen[e.Name()] = dir
		eds = append(eds, e)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return eds, nil
}

// Editions lists the edition folders under root (those with edition.yaml),
// sorted by name.
func Editions(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if _, err := os.Stat(filepath.Join(dir, "edition.yaml")); err == nil {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return out, nil
}

// IsInvalid reports whether err is a list of source problems (exit status 1)
// rather than a failure of the program or the machine.
func IsInvalid(err error) bool {
	var l diag.List
	return errors.As(err, &l)
}

// warningLines are e's warnings as the lines an editor reads.
func (e *Checked) warningLines() []string {
	var out []string
	for _, w := range e.Warnings {
		out = append(out, w.Error())
	}
	return out
}

// Package pipeline wires the stages together: source -> markdown -> validate
// -> typeset -> render -> publish. Each stage is a function from one plain
// value to the next; this package only calls them in order.
package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/layout"
	"bulletin/pipeline/markdown"
	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
	"bulletin/pipeline/source"
	"bulletin/pipeline/typeset"
	"bulletin/pipeline/validate"
)

// Edition is a checked edition, ready to typeset.
type Edition struct {
	Source *source.Edition
	Layout *layouts.Layout
	Docs   []*doc.Document // one per language, the original first
}

// Name is the edition's name, e.g. 2025-01.
func (e *Edition) Name() string { return e.Source.Manifest.Edition }

// Load reads, converts and validates one edition folder. Every problem in
// the sources comes back at once as a diag.List.
func Load(dir string) (*Edition, error) {
	src, err := source.Load(dir)
	if err != nil {
		return nil, err
	}
	var errs diag.List
	m := src.Manifest
	lay, err := layouts.Load(m.Layout)
	if err != nil {
		pos := m.Pos["layout"]
		if pos.File == "" {
			pos.File = m.File
		}
		errs.Add(pos, "%v", err)
	}
	docs := documents(src, &errs)
	for _, d := range docs {
		if !d.Combined {
			errs.Append(validate.Document(d, fonts.Has))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return &Edition{Source: src, Layout: lay, Docs: docs}, nil
}

// documents converts the articles into one document per language, the
// original first, and the combined document when the edition asks for it.
func documents(src *source.Edition, errs *diag.List) []*doc.Document {
	m := src.Manifest
	orig := m.Languages[0]
	convert := func(a source.Article, l string) doc.Article {
		da, err := markdown.Article(a)
		errs.Append(err)
		da.Lang = l
		return da
	}
	var docs []*doc.Document
	originals := make([]doc.Article, len(src.Articles))
	for i, a := range src.Articles {
		originals[i] = convert(a, orig)
	}
	docs = append(docs, &doc.Document{Edition: m.Edition, Lang: orig, Articles: originals})
	for _, l := range m.Languages[1:] {
		d := &doc.Document{Edition: m.Edition, Lang: l}
		for i, a := range src.Articles {
			t, ok := src.Translation(a.Name, l)
			if !ok { // source has checked that fallback allows this
				fb := originals[i]
				fb.Fallback = true
				d.Articles = append(d.Articles, fb)
				continue
			}
			da := convert(t, l)
			errs.Append(validate.Translation(&originals[i], &da))
			d.Articles = append(d.Articles, da)
		}
		docs = append(docs, d)
	}
	if m.Combined && len(docs) > 1 {
		c := &doc.Document{Edition: m.Edition, Lang: orig, Combined: true}
		for i, a := range originals {
			tr := docs[1].Articles[i]
			if !tr.Fallback {
				a.Translation = &tr
			}
			c.Articles = append(c.Articles, a)
		}
		docs = append(docs, c)
	}
	return docs
}

// Date is the date written into the files: SOURCE_DATE_EPOCH when set (the
// reproducible-builds convention), else the first day of the edition month,
// so that a rebuild never changes the bytes.
func Date(e *Edition) (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	m := e.Source.Manifest
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC), nil
}

// Typeset lays out one language of the edition.
func Typeset(e *Edition, d *doc.Document) (*layout.Book, error) {
	ms, err := typeset.NewFontMeasurer()
	if err != nil {
		return nil, err
	}
	date, err := Date(e)
	if err != nil {
		return nil, err
	}
	m := e.Source.Manifest
	pick := func(from map[string]string, def map[string]string, l string) string {
		if v := from[l]; v != "" {
			return v
		}
		return def[l]
	}
	names := map[string]string{
		"en": pick(m.Title, e.Layout.Title, "en"),
		"az": pick(m.Title, e.Layout.Title, "az"),
	}
	return typeset.Book(typeset.Input{
		Doc:      d,
		Layout:   e.Layout,
		Names:    names,
		Subtitle: pick(m.Subtitle, e.Layout.Subtitle, d.Lang),
		Year:     m.Year,
		Month:    m.Month,
		Date:     date,
	}, ms)
}

// FileName is the name of the PDF of one document of an edition:
// bulletin-2025-01-en.pdf, or bulletin-2025-01-en-az.pdf when combined.
func FileName(e *Edition, d *doc.Document) string {
	langs := d.Lang
	if d.Combined {
		langs = strings.Join(e.Source.Manifest.Languages[:2], "-")
	}
	return fmt.Sprintf("bulletin-%s-%s.pdf", e.Name(), langs)
}

// Render typesets and renders every document of e, returning the files in
// the order of e.Docs. The documents are independent, so they are made on
// every core at once.
func Render(e *Edition) ([]publish.File, error) {
	files := make([]publish.File, len(e.Docs))
	errs := make([]error, len(e.Docs))
	var wg sync.WaitGroup
	for i, d := range e.Docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			book, err := Typeset(e, d)
			if err != nil {
				errs[i] = fmt.Errorf("%s: %w", e.Source.Dir, err)
				return
			}
			var buf bytes.Buffer
			if err := render.PDF(book, &buf, render.Screen); err != nil {
				errs[i] = fmt.Errorf("%s: %w", e.Source.Dir, err)
				return
			}
			files[i] = publish.File{Name: FileName(e, d), Data: buf.Bytes()}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return files, nil
}

// Result says what a build wrote.
type Result struct {
	Edition string
	Dir     string
	Files   []publish.File
}

// Build checks every edition first and writes nothing unless all of them
// are valid; then it renders and publishes each into out/<edition>/.
func Build(dirs []string, out string) ([]Result, error) {
	eds, err := LoadAll(dirs)
	if err != nil {
		return nil, err
	}
	var res []Result
	for _, e := range eds {
		files, err := Render(e)
		if err != nil {
			return res, err
		}
		dir := filepath.Join(out, e.Name())
		if _, err := publish.Write(dir, files, publish.Options{}); err != nil {
			return res, err
		}
		res = append(res, Result{Edition: e.Name(), Dir: dir, Files: files})
	}
	return res, nil
}

// LoadAll loads several editions and reports the problems of all of them.
func LoadAll(dirs []string) ([]*Edition, error) {
	var errs diag.List
	var eds []*Edition
	seen := map[string]string{}
	for _, dir := range dirs {
		e, err := Load(dir)
		if err != nil {
			var l diag.List
			if !errors.As(err, &l) {
				return nil, fmt.Errorf("%s: %w", dir, err)
			}
			errs = append(errs, l...)
			continue
		}
		if prev, ok := seen[e.Name()]; ok {
			errs.Add(e.Source.Manifest.Pos["edition"], "edition %s is also in %s", e.Name(), prev)
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
	sort.Strings(out)
	return out, nil
}

// IsInvalid reports whether err is a list of source problems (exit status 1)
// rather than a failure of the program or the machine.
func IsInvalid(err error) bool {
	var l diag.List
	return errors.As(err, &l)
}

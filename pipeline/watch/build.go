// Package watch keeps the screen files of editions up to date while an
// editor writes: a Builder rebuilds an edition and renders again only the
// documents whose sources changed, and Run rebuilds on every save,
// coalescing the bursts of events one save makes.
package watch

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"bulletin/pipeline"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/markdown"
	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
	"bulletin/pipeline/source"
	"bulletin/pipeline/typeset"
	"bulletin/pipeline/validate"
)

// Options say where a Builder writes and what it writes into the files.
type Options struct {
	Out     string    // the output folder; each edition goes to Out/<edition>/
	Version string    // the tool's version, for manifest.json
	Date    time.Time // as pipeline.Options.Date
	// Quiet is how long Run waits after the last change before it
	// rebuilds; 0: the constant Quiet.
	Quiet time.Duration
}

// Builder rebuilds the screen files of editions and keeps, for each
// document, the file it rendered last and the key of what it rendered it
// from, so that a change to one article renders again only the documents
// that show it. The fonts and the hyphenation patterns are loaded once per
// process by their packages. A Builder is used by one goroutine.
type Builder struct {
	opt   Options
	cache map[string]map[string]rendered // by edition folder, then document (en, en-az)
}

type rendered struct {
	key  key
	file publish.File
}

// NewBuilder returns a Builder with nothing rendered yet.
func NewBuilder(opt Options) *Builder {
	typeset.KeepArticles()
	markdown.KeepArticles()
	render.KeepEncoded()
	source.KeepReads()
	validate.KeepArticles()
	return &Builder{opt: opt, cache: map[string]map[string]rendered{}}
}

// Outcome says what one rebuild did.
type Outcome struct {
	Edition  string   // 2025-02
	Dir      string   // where the files went: Out/2025-02
	Rendered []string // the documents rendered again, in order: en, en-az
	Docs     []string // every document of the edition
	// Warnings are validate's, on every rebuild as build prints them,
	// then the typesetter's, for the documents rendered again.
	Warnings []string
	Took     time.Duration
}

// Line is the one line a rebuild prints: "2025-02  en en-az  41 ms", or
// "unchanged" in place of the documents when none had to be rendered.
func (o Outcome) Line() string {
	docs := strings.Join(o.Rendered, " ")
	if docs == "" {
		docs = "unchanged"
	}
	return fmt.Sprintf("%s  %s  %d ms", o.Edition, docs, o.Took.Milliseconds())
}

// Rebuild reads and checks the edition in dir, renders the screen file of
// each document whose key changed and writes every screen file with
// publish (a temporary file renamed into place, so a viewer never reads
// half a file) together with manifest.json, as `build --variant screen`
// does. When the sources are invalid nothing is written and the files of
// the last good build stay; the error is the list of problems.
func (b *Builder) Rebuild(ctx context.Context, dir string) (Outcome, error) {
	start := time.Now()
	eds, err := pipeline.LoadAll(ctx, []string{dir})
	if err != nil {
		return Outcome{}, err
	}
	e := eds[0]
	out := Outcome{Edition: e.Name(), Dir: filepath.Join(b.opt.Out, e.Name())}
	for _, w := range e.Warnings {
		out.Warnings = append(out.Warnings, w.Error())
	}
	old := b.cache[dir]
	next := map[string]rendered{}
	var stale []*doc.Document
	for _, d := range e.Docs {
		name := d.Langs()
		out.Docs = append(out.Docs, name)
		k, err := keyOf(ctx, d, e.Layout.Name, b.opt.Date)
		if err != nil {
			return out, err
		}
		if r, ok := old[name]; ok && r.key == k {
			next[name] = r
			continue
		}
		next[name] = rendered{key: k}
		stale = append(stale, d)
	}
	if len(stale) > 0 {
		// The documents to render again, alone: Render typesets and
		// renders each independently of the others.
		sub := &pipeline.Checked{Source: e.Source, Layout: e.Layout, Docs: stale}
		files, warns, err := pipeline.Render(ctx, sub, []render.Variant{render.Screen}, b.opt.Date)
		if err != nil {
			return out, err
		}
		for i, d := range stale {
			r := next[d.Langs()]
			r.file = files[i]
			next[d.Langs()] = r
			out.Rendered = append(out.Rendered, d.Langs())
		}
		out.Warnings = append(out.Warnings, warns...)
	}
	if err := ctx.Err(); err != nil {
		return out, err // stopped: write nothing more
	}
	files := make([]publish.File, len(e.Docs))
	for i, d := range e.Docs {
		files[i] = next[d.Langs()].file
	}
	if err := b.publish(out.Dir, e, files); err != nil {
		return out, err
	}
	b.cache[dir] = next
	typeset.Rebuilt()
	markdown.Rebuilt()
	render.Rebuilt()
	source.Rebuilt()
	validate.Rebuilt()
	out.Took = time.Since(start)
	return out, nil
}

// publish writes the files with manifest.json, as a build does.
func (b *Builder) publish(dir string, e *pipeline.Checked, files []publish.File) error {
	_, err := publish.Write(dir, files, publish.Options{
		Manifest: &publish.Manifest{Edition: e.Name(), Tool: "bulletin " + b.opt.Version, Sources: e.Source.Digest},
	})
	return err
}

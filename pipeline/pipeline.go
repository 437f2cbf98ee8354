// Package pipeline wires the stages together: source -> markdown -> validate
// -> typeset -> render -> publish. Each stage is a function from one plain
// value to the next; this package only calls them in order.
package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
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
func (e *Edition) Name() string { return e.Source.Settings.Edition }

// Load reads, converts and validates one edition folder. Every problem in
// the sources comes back at once as a diag.List.
func Load(dir string) (*Edition, error) {
	// The font tables are built once per process, in a few milliseconds
	// that a short build would otherwise wait for after reading the
	// sources: start them now, on another core. Validation waits for them.
	go fonts.Load()
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
	docs := documents(src, &errs)
	for _, d := range docs {
		if !d.Combined {
			errs.Append(validate.Document(d, fonts.Has))
		}
	}
	readImages(src.Dir, docs, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return &Edition{Source: src, Layout: lay, Docs: docs}, nil
}

// readImages reads every image the documents show from the edition folder,
// each file once, side by side (decoding a picture to check it is the
// slowest part of loading), and fills in its picture.
func readImages(dir string, docs []*doc.Document, errs *diag.List) {
	var shown []*doc.Image
	collect := func(b doc.Block) {
		if img, ok := b.(*doc.Image); ok {
			shown = append(shown, img)
		}
	}
	for _, d := range docs {
		for _, a := range d.Articles {
			doc.Walk(a.Blocks, collect)
			if a.Translation != nil {
				doc.Walk(a.Translation.Blocks, collect)
			}
		}
	}
	var files []*doc.Image // the first use of each file
	index := map[string]int{}
	for _, img := range shown {
		if _, ok := index[img.Src]; !ok {
			index[img.Src] = len(files)
			files = append(files, img)
		}
	}
	read := make([]source.Image, len(files))
	failed := make([]error, len(files))
	parallel(len(files), func(i int) {
		read[i], failed[i] = source.ReadImage(dir, files[i].Src, files[i].Pos)
	})
	for _, err := range failed {
		errs.Append(err) // once per file, at its first use
	}
	for _, img := range shown {
		r := read[index[img.Src]]
		img.Format, img.Width, img.Height, img.Data = r.Format, r.Width, r.Height, r.Data
	}
}

// documents converts the articles into one document per language, the
// original first, and the combined document when the edition asks for it.
func documents(src *source.Edition, errs *diag.List) []*doc.Document {
	m := src.Settings
	orig := m.Languages[0]
	// Every article and translation is converted first, side by side;
	// the problems are then listed in the order of the articles, as if
	// they had been converted one after another.
	type job struct {
		src  source.Article
		lang string
		out  doc.Article
		err  error
	}
	jobs := make([]job, 0, len(src.Articles)*len(m.Languages))
	for _, a := range src.Articles {
		jobs = append(jobs, job{src: a, lang: orig})
	}
	for _, l := range m.Languages[1:] {
		for _, a := range src.Articles {
			if t, ok := src.Translation(a.Name, l); ok {
				jobs = append(jobs, job{src: t, lang: l})
			}
		}
	}
	parallel(len(jobs), func(i int) {
		j := &jobs[i]
		j.out, j.err = markdown.Article(j.src)
		j.out.Lang = j.lang
	})
	next := func() doc.Article {
		j := jobs[0]
		jobs = jobs[1:]
		errs.Append(j.err)
		return j.out
	}

	var docs []*doc.Document
	originals := make([]doc.Article, len(src.Articles))
	for i := range src.Articles {
		originals[i] = next()
	}
	docs = append(docs, &doc.Document{Edition: m.Edition, Lang: orig, Articles: originals})
	for _, l := range m.Languages[1:] {
		d := &doc.Document{Edition: m.Edition, Lang: l}
		for i, a := range src.Articles {
			if _, ok := src.Translation(a.Name, l); !ok { // source has checked that fallback allows this
				fb := originals[i]
				fb.Fallback = true
				d.Articles = append(d.Articles, fb)
				continue
			}
			da := next()
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

// parallel calls do(0) ... do(n-1), on every core at once, and returns when
// all have returned.
func parallel(n int, do func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				do(i)
			}
		})
	}
	wg.Wait()
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
	m := e.Source.Settings
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC), nil
}

// Typeset lays out one language of the edition.
func Typeset(e *Edition, d *doc.Document) (*book.Book, error) {
	in, ms, err := typesetInput(e, d)
	if err != nil {
		return nil, err
	}
	return typeset.Book(context.Background(), in, ms)
}

// Report typesets one document and returns the typographic report of its
// pages (word spacing, widows, orphans, stranded headings).
func Report(e *Edition, d *doc.Document) (typeset.Report, error) {
	in, ms, err := typesetInput(e, d)
	if err != nil {
		return typeset.Report{}, err
	}
	_, r, err := typeset.BookReport(context.Background(), in, ms)
	return r, err
}

func typesetInput(e *Edition, d *doc.Document) (typeset.Input, typeset.Measurer, error) {
	ms, err := typeset.NewFontMeasurer()
	if err != nil {
		return typeset.Input{}, nil, err
	}
	date, err := Date(e)
	if err != nil {
		return typeset.Input{}, nil, err
	}
	m := e.Source.Settings
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
	return typeset.Input{
		Doc:      d,
		Layout:   e.Layout,
		Names:    names,
		Subtitle: pick(m.Subtitle, e.Layout.Subtitle, d.Lang),
		Year:     m.Year,
		Month:    m.Month,
		Date:     date,
	}, ms, nil
}

// FileName is the name of the PDF of one document of an edition:
// bulletin-2025-01-en.pdf, or bulletin-2025-01-en-az.pdf when combined.
func FileName(e *Edition, d *doc.Document) string {
	langs := d.Lang
	if d.Combined {
		langs = strings.Join(e.Source.Settings.Languages[:2], "-")
	}
	return fmt.Sprintf("bulletin-%s-%s.pdf", e.Name(), langs)
}

// VariantFileName is the name of one variant of the PDF of a document:
// bulletin-2025-01-en.pdf for the screen, bulletin-2025-01-en-print.pdf and
// bulletin-2025-01-en-archive.pdf.
func VariantFileName(e *Edition, d *doc.Document, v render.Variant) string {
	return strings.TrimSuffix(FileName(e, d), ".pdf") + v.Suffix() + ".pdf"
}

// docLangs names the languages of a document as manifest.json does: en,
// az, or en-az for the combined one.
func docLangs(e *Edition, d *doc.Document) string {
	if d.Combined {
		return strings.Join(e.Source.Settings.Languages[:2], "-")
	}
	return d.Lang
}

// Render typesets every document of e once and renders it once per
// variant, returning the files document by document, each document's
// variants in the order given. Typesetting and each render are independent
// jobs, run on every core at once (at most one per core, which bounds the
// memory of big editions).
func Render(ctx context.Context, e *Edition, variants []render.Variant) ([]publish.File, []string, error) {
	n := len(variants)
	files := make([]publish.File, len(e.Docs)*n)
	errs := make([]error, len(files)+len(e.Docs))
	warns := make([][]string, len(e.Docs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, d := range e.Docs {
		wg.Go(func() {
			bk, err := func() (bk *book.Book, err error) {
				sem <- struct{}{}
				defer func() { <-sem }()
				defer catchPanic(&err)
				in, ms, err := typesetInput(e, d)
				if err != nil {
					return nil, err
				}
				bk, r, err := typeset.BookReport(ctx, in, ms)
				warns[i] = r.Warnings
				return bk, err
			}()
			if err != nil {
				errs[len(files)+i] = fmt.Errorf("%s: %w", e.Source.Dir, err)
				return
			}
			for j, v := range variants {
				wg.Go(func() {
					sem <- struct{}{}
					defer func() { <-sem }()
					defer catchPanic(&errs[i*n+j])
					var buf bytes.Buffer
					if err := render.PDF(bk, &buf, v); err != nil {
						errs[i*n+j] = fmt.Errorf("%s: %s: %w", e.Source.Dir, v, err)
						return
					}
					files[i*n+j] = publish.File{
						Name:     VariantFileName(e, d, v),
						Data:     buf.Bytes(),
						Lang:     docLangs(e, d),
						Variant:  v.String(),
						Pages:    len(bk.Pages),
						Contents: contents(bk),
						Archive:  v == render.Archive,
					}
				})
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	// Each document shows the same pictures: say each warning once.
	var out []string
	seen := map[string]bool{}
	for _, ws := range warns {
		for _, w := range ws {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return files, out, nil
}

// contents lists the top-level entries of a book's outline.
func contents(bk *book.Book) []publish.Heading {
	var out []publish.Heading
	for _, o := range bk.Outline {
		if o.Level == 0 {
			out = append(out, publish.Heading{Title: o.Title, Page: o.Page + 1})
		}
	}
	return out
}

// Options say what Build writes and where.
type Options struct {
	Out      string           // the output folder; each edition goes to Out/<edition>/
	Variants []render.Variant // nil: every variant
	// Force lets a build change an archived file; the old one is kept as
	// NAME.1, NAME.2, ...
	Force   bool
	Version string // the tool's version, recorded in manifest.json
	// Wrap is handed to publish: a seam for tests that make a write fail
	// or stop halfway.
	Wrap func(name string, w io.Writer) io.Writer
	// Context, when set, stops the build before the next edition is
	// written once it is done (ErrStopped); an edition being written is
	// finished, so each is all old files or all new ones.
	Context context.Context
}

// catchPanic turns a panic in a worker goroutine into an error that says it
// is an internal error, a bug of this program, as the command says of a
// panic in its own goroutine; without it the process would die with a
// Go trace.
func catchPanic(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("internal error: %v\n%s", r, debug.Stack())
	}
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
	eds, err := LoadAll(dirs)
	if err != nil {
		return nil, err
	}
	variants := opt.Variants
	if variants == nil {
		variants = render.Variants
	}
	var res []Result
	for _, e := range eds {
		digest, err := SourceDigest(e.Source.Dir)
		if err != nil {
			return res, err
		}
		files, warnings, err := renderUnlessStopped(opt.Context, opt.Out, e, variants)
		if err != nil {
			return res, err
		}
		dir := filepath.Join(opt.Out, e.Name())
		rep, err := publish.Write(dir, files, publish.Options{
			Force:    opt.Force,
			Manifest: &publish.Manifest{Edition: e.Name(), Tool: "bulletin " + opt.Version, Sources: digest},
			Wrap:     opt.Wrap,
		})
		if err != nil {
			return res, err
		}
		res = append(res, Result{Edition: e.Name(), Dir: dir, Files: files, Report: rep, Warnings: warnings})
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
	sort.Strings(out)
	return out, nil
}

// IsInvalid reports whether err is a list of source problems (exit status 1)
// rather than a failure of the program or the machine.
func IsInvalid(err error) bool {
	var l diag.List
	return errors.As(err, &l)
}

package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"bulletin/internal/faults"
	"bulletin/internal/work"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
	"bulletin/pipeline/typeset"
)

// Typeset lays out one document of the edition, dated the first day of
// the edition month.
func Typeset(e *Checked, d *doc.Document) (*book.Book, error) {
	in, ms, err := typesetInput(e, d, time.Time{})
	if err != nil {
		return nil, err
	}
	return typeset.Book(context.Background(), in, ms)
}

// Report typesets one document and returns the typographic report of its
// pages (word spacing, widows, orphans, stranded headings).
func Report(e *Checked, d *doc.Document) (typeset.Report, error) {
	faults.At("typeset")
	in, ms, err := typesetInput(e, d, time.Time{})
	if err != nil {
		return typeset.Report{}, err
	}
	_, r, err := typeset.BookReport(context.Background(), in, ms)
	return r, err
}

// typesetInput is what the typesetter needs for document d: date is the
// one written into the metadata, the first day of the edition month when
// zero.
func typesetInput(e *Checked, d *doc.Document, date time.Time) (typeset.Input, typeset.Measurer, error) {
	ms, err := typeset.NewFontMeasurer()
	if err != nil {
		return typeset.Input{}, nil, err
	}
	m := e.Source.Settings
	if date.IsZero() {
		date = time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC)
	}
	names := map[string]string{}
	for _, t := range d.Masthead.Names {
		names[t.Lang] = t.S
	}
	return typeset.Input{
		Doc:      d,
		Layout:   e.Layout,
		Names:    names,
		Subtitle: d.Masthead.Subtitle.S,
		Year:     m.Year,
		Month:    m.Month,
		Date:     date,
	}, ms, nil
}

// Render typesets every document of e once and renders it once per
// variant, returning the files document by document, each document's
// variants in the order given, and the typesetter's warnings, each once.
// The documents are typeset side by side, then every render runs side by
// side (at most one job per core, which bounds the memory of big
// editions). date is as for typesetInput.
func Render(ctx context.Context, e *Checked, variants []render.Variant, date time.Time) ([]publish.File, []string, error) {
	books := make([]*book.Book, len(e.Docs))
	warns := make([][]string, len(e.Docs))
	err := work.Do(ctx, len(e.Docs), func(ctx context.Context, i int) error {
		faults.At("typeset")
		in, ms, err := typesetInput(e, e.Docs[i], date)
		if err != nil {
			return err
		}
		bk, r, err := typeset.BookReport(ctx, in, ms)
		books[i], warns[i] = bk, r.Warnings
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", e.Source.Dir, err)
	}
	n := len(variants)
	files := make([]publish.File, len(e.Docs)*n)
	err = work.Do(ctx, len(files), func(ctx context.Context, k int) error {
		faults.At("render")
		i, v := k/n, variants[k%n]
		f, err := renderFile(ctx, e.Docs[i], books[i], v)
		files[k] = f
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", e.Source.Dir, err)
	}
	return files, once(warns), nil
}

// renderFile renders one variant of a typeset document.
func renderFile(ctx context.Context, d *doc.Document, bk *book.Book, v render.Variant) (publish.File, error) {
	var buf bytes.Buffer
	if err := render.PDF(ctx, bk, &buf, v); err != nil {
		return publish.File{}, fmt.Errorf("%s: %w", v, err)
	}
	return publish.File{
		Name:     FileName(d, v),
		Data:     buf.Bytes(),
		Lang:     d.Langs(),
		Variant:  v.String(),
		Pages:    len(bk.Pages),
		Contents: contents(bk),
		Archive:  v == render.Archive,
	}, nil
}

// once lists the warnings of every document, each once: the documents
// show the same pictures.
func once(warns [][]string) []string {
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
	return out
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

// FileName is the one place file names are made: bulletin-2025-01-en.pdf
// for the screen, bulletin-2025-01-en-print.pdf and
// bulletin-2025-01-en-archive.pdf, and bulletin-2025-01-en-az.pdf for the
// combined document.
func FileName(d *doc.Document, v render.Variant) string {
	return fmt.Sprintf("bulletin-%s-%s%s.pdf", d.Edition, d.Langs(), v.Suffix())
}

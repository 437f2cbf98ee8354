// Package assemble makes the documents of an edition from its sources:
// every article converted from Markdown, one document per language (the
// original first), the original standing in for a missing translation when
// the edition allows it, the combined document when it asks for one, and
// the masthead texts of each, with where they were written.
package assemble

import (
	"context"

	"bulletin/internal/faults"
	"bulletin/internal/work"
	"bulletin/layouts"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/markdown"
	"bulletin/pipeline/source"
	"bulletin/pipeline/validate"
)

// Documents converts the articles of src into one document per language,
// the original first, and the combined document when the edition asks for
// it. Problems in the articles and in the translations' agreement with
// their originals are added to errs, in the order of the articles; the
// error returned is a failure of the program (a panic in a converter).
func Documents(ctx context.Context, src *source.Edition, lay *layouts.Layout, errs *diag.List) ([]*doc.Document, error) {
	m := src.Settings
	conv, err := convert(ctx, src)
	if err != nil {
		return nil, err
	}
	orig := m.Languages[0]
	originals := make([]doc.Article, len(src.Articles))
	for i := range originals {
		originals[i] = conv.next(errs)
	}
	docs := []*doc.Document{{Edition: m.Edition, Lang: orig, Languages: []string{orig}, Articles: originals}}
	for _, l := range m.Languages[1:] {
		d := &doc.Document{Edition: m.Edition, Lang: l, Languages: []string{l}}
		for i, a := range src.Articles {
			d.Articles = append(d.Articles, translated(src, conv, &originals[i], a.Name, l, errs))
		}
		docs = append(docs, d)
	}
	if m.Combined && len(docs) > 1 {
		docs = append(docs, combined(docs[0], docs[1]))
	}
	for _, d := range docs {
		d.Masthead = Masthead(m, lay, d.Lang)
	}
	return docs, nil
}

// translated is the article called name in language l: its translation,
// or the original marked as standing in for it when there is none (source
// has checked that the edition's fallback allows that).
func translated(src *source.Edition, conv *converted, orig *doc.Article, name, l string, errs *diag.List) doc.Article {
	if _, ok := src.Translation(name, l); !ok {
		fb := *orig
		fb.Fallback = true
		return fb
	}
	tr := conv.next(errs)
	errs.Append(validate.Translation(orig, &tr))
	return tr
}

// combined is the original document with each article's translation set
// after it; an article whose translation is the original standing in
// appears once.
func combined(orig, tr *doc.Document) *doc.Document {
	c := &doc.Document{Edition: orig.Edition, Lang: orig.Lang, Combined: true,
		Languages: []string{orig.Lang, tr.Lang}}
	for i, a := range orig.Articles {
		t := tr.Articles[i]
		if !t.Fallback {
			a.Translation = &t
		}
		c.Articles = append(c.Articles, a)
	}
	return c
}

// converted holds every article and translation of an edition converted
// from Markdown, in the order Documents takes them.
type converted struct {
	jobs []convJob
}

type convJob struct {
	src  source.Article
	lang string
	out  doc.Article
	err  error
}

// next returns the next converted article, adding its problems to errs.
func (c *converted) next(errs *diag.List) doc.Article {
	j := c.jobs[0]
	c.jobs = c.jobs[1:]
	errs.Append(j.err)
	return j.out
}

// convert converts every article and translation, side by side: the
// originals in order, then the translations language by language, each in
// the order of its original.
func convert(ctx context.Context, src *source.Edition) (*converted, error) {
	m := src.Settings
	c := &converted{}
	for _, a := range src.Articles {
		c.jobs = append(c.jobs, convJob{src: a, lang: m.Languages[0]})
	}
	for _, l := range m.Languages[1:] {
		for _, a := range src.Articles {
			if t, ok := src.Translation(a.Name, l); ok {
				c.jobs = append(c.jobs, convJob{src: t, lang: l})
			}
		}
	}
	err := work.Do(ctx, len(c.jobs), func(_ context.Context, i int) error {
		faults.At("markdown")
		j := &c.jobs[i]
		j.out, j.err = markdown.Kept(j.src)
		j.out.Lang = j.lang
		return nil
	})
	return c, err
}

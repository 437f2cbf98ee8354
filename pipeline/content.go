package pipeline

import (
	"errors"
	"slices"

	"bulletin/fonts"
	"bulletin/layouts"
	"bulletin/pipeline/assemble"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/markdown"
	"bulletin/pipeline/source"
	"bulletin/pipeline/validate"
)

// withContent adds to the problems source.Load found (err) those in the
// text of every article it could still read, so that one run lists every
// problem of the edition: an editor who fixes a typo in edition.yaml should
// not learn about the emoji in an article only on the next run. An article
// whose front matter was not found (BodyLine 0) has no text to check; one
// whose front matter has other problems has, and its missing title has
// been reported already, hence validate.Content. The masthead texts of
// edition.yaml are checked too, for each language it could still read.
func withContent(src *source.Edition, err error) error {
	var found diag.List
	if src == nil || !errors.As(err, &found) {
		return err
	}
	errs := slices.Clone(found)
	document := func(as []source.Article) *doc.Document {
		d := &doc.Document{}
		for _, a := range as {
			if a.BodyLine == 0 {
				continue
			}
			da, err := markdown.Article(a)
			errs.Append(err)
			d.Articles = append(d.Articles, da)
		}
		return d
	}
	originals, translations := document(src.Articles), document(src.Translations)
	errs.Append(validate.Content(originals, fonts.Has))
	errs.Append(validate.Content(translations, fonts.Has))
	// Subheadings that differ from the original's are listed too.
	for i := range translations.Articles {
		tr := &translations.Articles[i]
		for j := range originals.Articles {
			if o := &originals.Articles[j]; o.Name == tr.Name {
				errs.Append(validate.Translation(o, tr))
			}
		}
	}
	m := src.Settings
	if lay, err := layouts.Load(m.Layout); err == nil {
		for _, l := range m.Languages {
			d := &doc.Document{Masthead: assemble.Masthead(m, lay, l)}
			errs.Append(validate.Content(d, fonts.Has))
		}
	}
	return errs.Err()
}

package watch

import (
	"context"
	"time"

	"bulletin/internal/fingerprint"
	"bulletin/internal/work"
	"bulletin/pipeline/doc"
)

// key is what a rendered document depends on: the document (every text,
// block and picture it holds), the layout and the date. The fonts and the
// hyphenation patterns are compiled into the binary, so they cannot change
// while a process runs. Two documents with the same key typeset and render
// to the same bytes; TestIncrementalEqualsCold checks it.
type key = fingerprint.Sum

// keyOf is the key of d: a fingerprint of each article, taken on every
// core (600 articles take about 10 ms on one), then of the document
// without its articles, the articles' fingerprints, the layout and the
// date.
func keyOf(ctx context.Context, d *doc.Document, layout string, date time.Time) (key, error) {
	sums := make([]fingerprint.Sum, len(d.Articles))
	err := work.Do(ctx, len(d.Articles), func(_ context.Context, i int) error {
		sums[i] = fingerprint.Of(&d.Articles[i])
		return nil
	})
	rest := *d
	rest.Articles = nil
	return fingerprint.Of(&rest, sums, layout, date.UnixNano()), err
}

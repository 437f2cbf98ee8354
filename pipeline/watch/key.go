package watch

import (
	"time"

	"bulletin/internal/fingerprint"
	"bulletin/pipeline/doc"
)

// key is what a rendered document depends on: the document (every text,
// block and picture it holds), the layout and the date. The fonts and the
// hyphenation patterns are compiled into the binary, so they cannot change
// while a process runs. Two documents with the same key typeset and render
// to the same bytes; TestIncrementalEqualsCold checks it.
type key = fingerprint.Sum

func keyOf(d *doc.Document, layout string, date time.Time) key {
	return fingerprint.Of(d, layout, date.UnixNano())
}

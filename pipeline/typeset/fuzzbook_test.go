package typeset_test

import (
	"testing"
	"time"

	"bulletin/layouts"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/markdown"
	"bulletin/pipeline/source"
	"bulletin/pipeline/typeset"
)

// FuzzBook typesets whatever Markdown the converter makes of arbitrary
// text, with the real fonts: tables, footnotes, lists in quotes, long
// words. It must never panic, always settle its page numbers, and never
// place text outside the page.
func FuzzBook(f *testing.F) {
	for _, s := range []string{
		"Plain text about Gəncə.",
		"## Head\n\n- a\n  - b\n\n> q [^n]\n\n[^n]: note\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n    code\n",
		"[see](#a) and **bold *both*** and `code`",
		"word xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		// Notes holding blocks and referring to each other, a note from a
		// table cell, many columns, invisible characters.
		"A[^a] b[^b].\n\n[^a]: x[^b]\n\n    - l\n\n    > q\n\n    | c | d |\n    |---|---|\n    | e | f |\n\n[^b]: y[^a]\n",
		"| a[^n] | b | c | d | e | f | g | h | i | j | k | l |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |\n\n[^n]: n\n",
		"trans\u00adport Gən\u200dcə Ağ\u2060-dam 10\u202fMW `10\u202fMW`",
	} {
		f.Add(s)
	}
	l, err := layouts.Load("aircenter")
	if err != nil {
		f.Fatal(err)
	}
	ms, err := typeset.NewFontMeasurer()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		a, err := markdown.Article(source.Article{Path: "f.md", Name: "01-a", Title: "Fuzz", Body: []byte(body), BodyLine: 4})
		if err != nil {
			return // refused by a limit: nothing to set
		}
		a.Lang = "az"
		d := &doc.Document{Edition: "2030-01", Lang: "en", Articles: []doc.Article{a, {Name: "02-b", Title: "B", Lang: "en"}}}
		bk, err := typeset.Book(t.Context(), typeset.Input{Doc: d, Layout: l, Names: map[string]string{"en": "N"}, Year: 2030, Month: time.January}, ms)
		if err != nil {
			t.Fatalf("Book: %v", err)
		}
		for _, pg := range bk.Pages {
			for _, it := range pg.Items {
				if tx, ok := it.(book.Text); ok && (tx.X < 0 || tx.X+tx.W > bk.Width+0.01 || tx.Y < 0 || tx.Y > bk.Height) {
					t.Fatalf("page %d: %q at %.1f,%.1f (w %.1f) is off the page", pg.Index+1, tx.S, tx.X, tx.Y, tx.W)
				}
			}
		}
	})
}

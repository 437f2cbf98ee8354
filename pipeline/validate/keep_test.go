package validate

import (
	"sync/atomic"
	"testing"

	"bulletin/internal/fingerprint"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
)

// With KeepArticles (the watch), an article checked before is not checked
// again, yet every problem is reported as a check from scratch reports
// it: a link to another article is checked against the document every
// time, and the title rule and the fonts' function are part of the key.
func TestKeptArticles(t *testing.T) {
	KeepArticles()
	t.Cleanup(func() { kept = fingerprint.Keeper[*checked]{} })
	var calls atomic.Int64 // the articles are checked side by side
	counted := func(r rune) bool { calls.Add(1); return noEmoji(r) }
	everything := func(rune) bool { return true }
	road := doc.Article{Name: "01-road", Title: "T", TitlePos: at(2, 8), Pos: diag.Pos{File: file},
		Blocks: []doc.Block{para(
			// A link and a missing character at one place: the link's
			// problem comes first, as the text has it.
			doc.Inline{Text: "🚌", Link: "#ferry", Pos: at(6, 2)},
		)}}
	ferry := func(name string) doc.Article {
		return doc.Article{Name: name, Title: "F", TitlePos: diag.Pos{File: "in/02.md", Line: 2, Col: 8}, Pos: diag.Pos{File: "in/02.md"}}
	}
	const (
		noArticle = "in/01-road.md:6:2: link to #ferry names no article of this edition (use the file name without its number, like #energy-corridor)"
		bus       = "in/01-road.md:6:2: character U+1F68C '🚌' is not in the fonts"
	)
	for _, step := range []struct {
		name     string
		articles []doc.Article
		has      func(rune) bool
		content  bool // Content instead of Document
		want     []string
		calls    int64 // runes given to counted
	}{
		{"first check", []doc.Article{road, ferry("02-boat")}, counted, false, []string{noArticle, bus}, 3},
		{"the same again: nothing checked", []doc.Article{road, ferry("02-boat")}, counted, false, []string{noArticle, bus}, 0},
		{"the other article renamed: the link now leads somewhere", []doc.Article{road, ferry("02-ferry")}, counted, false, []string{bus}, 1},
		{"renamed back", []doc.Article{road, ferry("02-boat")}, counted, false, []string{noArticle, bus}, 0},
		{"other fonts", []doc.Article{road, ferry("02-boat")}, everything, false, []string{noArticle}, 0},
		{"an article without a title", []doc.Article{road, {Name: "02-ferry", Pos: diag.Pos{File: "in/02.md"}}}, counted, false,
			[]string{bus, "in/02.md:1:1: article has no title"}, 0},
		{"the same with Content: the title is not asked for, each checked again", []doc.Article{road, {Name: "02-ferry", Pos: diag.Pos{File: "in/02.md"}}}, counted, true,
			[]string{bus}, 2},
	} {
		t.Run(step.name, func(t *testing.T) {
			calls.Store(0)
			d := &doc.Document{Articles: step.articles}
			checkDoc := Document
			if step.content {
				checkDoc = Content
			}
			check(t, checkDoc(d, step.has), step.want)
			if n := calls.Load(); n != step.calls {
				t.Errorf("%d runes checked, want %d", n, step.calls)
			}
		})
	}
}

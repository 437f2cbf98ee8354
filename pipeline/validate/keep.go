package validate

import (
	"reflect"

	"bulletin/internal/fingerprint"
	"bulletin/pipeline/doc"
)

// A process that checks the same edition again and again (bulletin watch,
// after each save) keeps what checking each article found, by a
// fingerprint of the article: a save changes one article, and checking
// every character of 600 against the fonts takes 30 ms. What depends on
// the document as a whole (the masthead, whether a #slug names one of its
// articles) is checked every time. Only the watch turns this on.
var kept fingerprint.Keeper[*checked]

// KeepArticles turns on keeping what checking each article found, for the
// rest of the process. The function that says which runes the fonts have
// must answer alike all that time (fonts.Has does: the fonts are compiled
// in); it is told apart from another function by its code only.
func KeepArticles() { kept.On() }

// Rebuilt tells the keeper that a rebuild is done.
func Rebuilt() { kept.Rebuilt() }

// keptArticle is article, or what it found for the same article before
// when KeepArticles is on. The article's translation (in a combined
// document) is not part of it, and not checked with it.
func keptArticle(a *doc.Article, has func(rune) bool, titles bool) *checked {
	if !kept.IsOn() {
		return article(a, has, titles)
	}
	c := *a
	c.Translation = nil
	k := fingerprint.Of(&c, titles, uint64(reflect.ValueOf(has).Pointer()))
	if r, ok := kept.Get(k); ok {
		return r
	}
	r := article(a, has, titles)
	kept.Put(k, r)
	return r
}

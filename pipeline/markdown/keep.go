package markdown

import (
	"bulletin/internal/fingerprint"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/source"
)

// A process that reads the same edition again and again (bulletin watch,
// after each save) keeps each article it converted and hands it back
// while the source article is the same byte for byte: a save changes one
// file, and converting 600 articles takes 80 ms of CPU. Only the watch
// turns this on. Nothing after this stage changes a converted article's
// blocks, so documents can share them.
var kept fingerprint.Keeper[keptArticle]

type keptArticle struct {
	a   doc.Article
	err error
}

// KeepArticles turns on keeping converted articles for the rest of the
// process.
func KeepArticles() { kept.On() }

// Rebuilt tells the keeper that a rebuild is done.
func Rebuilt() { kept.Rebuilt() }

// Kept is Article, or the article converted from the same source before
// when KeepArticles is on.
func Kept(a source.Article) (doc.Article, error) {
	if !kept.IsOn() {
		return Article(a)
	}
	k := fingerprint.Of(a)
	if ka, ok := kept.Get(k); ok {
		return ka.a, ka.err
	}
	out, err := Article(a)
	kept.Put(k, keptArticle{a: out, err: err})
	return out, err
}

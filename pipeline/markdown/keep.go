package markdown

import (
	"sync"

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
var kept struct {
	sync.Mutex
	on   bool
	gen  int
	used map[fingerprint.Sum]keptArticle
}

type keptArticle struct {
	a   doc.Article
	err error
	gen int // the rebuild that last used it
}

// keptFor is how many rebuilds an article unused is kept for.
const keptFor = 8

// KeepArticles turns on keeping converted articles for the rest of the
// process.
func KeepArticles() {
	kept.Lock()
	defer kept.Unlock()
	kept.on = true
	if kept.used == nil {
		kept.used = map[fingerprint.Sum]keptArticle{}
	}
}

// Rebuilt tells the keeper that a rebuild is done: articles no rebuild
// used for keptFor rebuilds are let go.
func Rebuilt() {
	kept.Lock()
	defer kept.Unlock()
	kept.gen++
	for k, a := range kept.used {
		if kept.gen-a.gen > keptFor {
			delete(kept.used, k)
		}
	}
}

// Kept is Article, or the article converted from the same source before
// when KeepArticles is on.
func Kept(a source.Article) (doc.Article, error) {
	kept.Lock()
	on := kept.on
	kept.Unlock()
	if !on {
		return Article(a)
	}
	k := fingerprint.Of(a)
	kept.Lock()
	ka, ok := kept.used[k]
	if ok {
		ka.gen = kept.gen
		kept.used[k] = ka
	}
	kept.Unlock()
	if ok {
		return ka.a, ka.err
	}
	out, err := Article(a)
	kept.Lock()
	kept.used[k] = keptArticle{a: out, err: err, gen: kept.gen}
	kept.Unlock()
	return out, err
}

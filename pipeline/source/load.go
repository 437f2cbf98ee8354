package source

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"bulletin/internal/plainfile"
	"bulletin/pipeline/diag"
)

// loader holds what Load works with while it reads one edition folder.
type loader struct {
	ed   *Edition
	root *os.Root // os.Root refuses to follow a symlink out of the folder
	errs *diag.List
	// sums are the SHA-256 of the files read already, by path in the
	// folder, so the digest does not read them twice.
	sums map[string][sha256.Size]byte
	// since is when this load started, in Unix nanoseconds, when files
	// are kept between loads (KeepReads); else 0.
	since int64
}

// Load reads the edition folder dir: edition.yaml and every NN-slug.md
// file in it, and computes the edition digest over every file of the
// folder. Problems are returned together as a diag.List. The Edition is
// returned even then, holding whatever could be read (and no Digest).
func Load(dir string) (*Edition, error) {
	ed := &Edition{Dir: dir, Settings: Settings{File: filepath.Join(dir, "edition.yaml")}}
	var errs diag.List
	root, err := os.OpenRoot(dir)
	if err != nil {
		errs.Add(diag.Pos{File: dir}, "cannot open edition folder: %v", cause(err))
		return ed, errs.Err()
	}
	defer root.Close()
	l := &loader{ed: ed, root: root, errs: &errs, sums: map[string][sha256.Size]byte{}}
	if keptFiles.IsOn() {
		l.since = time.Now().UnixNano()
	}
	files, ok := l.list()
	if !ok {
		return ed, errs.Err()
	}
	settingsOK := false
	if data, ok := l.read("edition.yaml", MaxSettingsBytes); ok {
		m, err := ParseSettings(ed.Settings.File, data)
		ed.Settings, settingsOK = m, err == nil
		errs.Append(err)
	}
	names := l.articleNames(files)
	readable, ok := l.sizeUp(names)
	if !ok {
		return ed, errs.Err()
	}
	byName := l.articles(names, readable)
	l.order(byName)
	l.sameSlug(byName)
	if settingsOK {
		missingTranslations(ed, &errs)
	}
	l.translations(byName, settingsOK)
	if len(errs) == 0 {
		ed.Digest = l.digest(files)
	}
	return ed, errs.Err()
}

// sizeUp checks the articles' sizes and numbers from the listing before
// any is read, so that a folder far beyond the limits costs neither time
// nor memory. It returns the names that can be read with their stat, and
// false when no article must be read.
func (l *loader) sizeUp(names []string) (map[string]fs.FileInfo, bool) {
	readable := map[string]fs.FileInfo{}
	var total int64
	originals, translations := 0, 0
	for _, name := range names {
		if _, lang := splitName(name); lang != "" {
			translations++
		} else {
			originals++
		}
		if fi, ok := l.stat(name, MaxArticleBytes); ok {
			readable[name] = fi
			total += fi.Size()
		}
	}
	ok := true
	file := l.ed.Settings.File
	for _, c := range []struct {
		n    int
		what string
	}{{originals, "articles"}, {translations, "translations"}} {
		if c.n > MaxArticles {
			l.errs.Add(start(file), "the edition has %d %s; the limit is %d", c.n, c.what, MaxArticles)
			ok = false
		}
	}
	if total > MaxEditionBytes {
		l.errs.Add(start(file), "the articles of the edition add up to %s; the limit is %s", size(total), limit(MaxEditionBytes))
		ok = false
	}
	return readable, ok
}

// articles reads and parses every article and translation. It returns the
// originals by file name; the translations go into the Edition.
func (l *loader) articles(names []string, readable map[string]fs.FileInfo) map[string]Article {
	byName := map[string]Article{}
	for _, name := range names {
		// An unreadable file still counts as present, so that its one
		// problem does not cascade into "not found" and "no articles".
		path := filepath.Join(l.ed.Dir, name)
		a := Article{Path: path}
		a.Name, a.Lang = splitName(name)
		// An unreadable file's problem is reported already.
		if fi, ok := readable[name]; ok {
			a = l.article(a, name, fi)
		}
		if a.Lang != "" {
			l.ed.Translations = append(l.ed.Translations, a)
			continue
		}
		byName[name] = a
	}
	return byName
}

// article reads and parses the article name, whose stat in this load is
// fi, or hands back what an earlier load made of it when the file has
// not changed since (KeepReads). It returns a as it is when the file
// cannot be read.
func (l *loader) article(a Article, name string, fi fs.FileInfo) Article {
	if k, ok := l.kept(a.Path, fi); ok && k.art != nil {
		l.sums[name] = k.sum
		l.errs.Append(k.art.err)
		return k.art.a
	}
	data, got, ok := l.readStat(name, MaxArticleBytes)
	if !ok {
		return a
	}
	p, err := ParseArticle(a.Path, data)
	l.errs.Append(err)
	l.keep(a.Path, got, keptFile{sum: l.sums[name], art: &parsedArticle{a: p, err: err}})
	return p
}

// order puts the originals into publication order: the order of
// edition.yaml's articles when given, else by file name.
func (l *loader) order(byName map[string]Article) {
	names := slices.Sorted(maps.Keys(byName))
	m := l.ed.Settings
	if len(names) == 0 {
		l.errs.Add(start(m.File), "no articles: the folder has no NN-slug.md files")
	}
	if m.Articles == nil {
		for _, name := range names {
			l.ed.Articles = append(l.ed.Articles, byName[name])
		}
		return
	}
	for i, name := range m.Articles {
		a, ok := byName[name]
		base, lang := splitName(name)
		switch {
		case ok:
			l.ed.Articles = append(l.ed.Articles, a)
		case lang != "":
			l.errs.Add(m.ArticlePos[i], "%q is a translation; list the original %s.md", name, base)
		default:
			l.errs.Add(m.ArticlePos[i], "article %q not found in %s", name, l.ed.Dir)
		}
	}
	// An article left out of the list would silently go unpublished.
	for _, name := range names {
		if !slices.Contains(m.Articles, name) {
			l.errs.Add(m.Pos["articles"], "%s is in the folder but not listed in articles", name)
		}
	}
}

// translations checks that each translation has an original and is in a
// language of the edition.
func (l *loader) translations(byName map[string]Article, settingsOK bool) {
	m := l.ed.Settings
	for _, t := range l.ed.Translations {
		pos := start(t.Path)
		if _, ok := byName[t.Name+".md"]; !ok {
			l.errs.Add(pos, "translation without an original: no %s.md", t.Name)
		}
		if settingsOK && !slices.Contains(m.Languages[1:], t.Lang) {
			l.errs.Add(pos, "%q is not a translation language of this edition (edition.yaml languages: %s)",
				t.Lang, strings.Join(m.Languages, ", "))
		}
	}
}

// stat checks that name inside the folder is a regular file of at most
// max bytes, reporting why not, and returns its stat. It follows a symlink
// that stays inside the folder.
func (l *loader) stat(name string, max int64) (fs.FileInfo, bool) {
	fi, err := l.root.Stat(name)
	if err = regular(fi, err, max); err != nil {
		l.problem(name, err)
		return nil, false
	}
	return fi, true
}

// read reads the regular file name inside the folder, at most max bytes,
// reporting why it could not, and keeps its SHA-256 for the digest. A
// file that has not changed since an earlier load read it (KeepReads) is
// not read again.
func (l *loader) read(name string, max int64) ([]byte, bool) {
	path := l.show(name)
	if l.since != 0 {
		if fi, err := l.root.Stat(name); regular(fi, err, max) == nil {
			if k, ok := l.kept(path, fi); ok && k.data != nil {
				l.sums[filepath.ToSlash(name)] = k.sum
				return k.data, true
			}
		}
	}
	data, fi, ok := l.readStat(name, max)
	if ok {
		l.keep(path, fi, keptFile{sum: l.sums[filepath.ToSlash(name)], data: data})
	}
	return data, ok
}

// readStat is read without looking at what earlier loads kept; it also
// returns the stat of the file as opened.
func (l *loader) readStat(name string, max int64) ([]byte, fs.FileInfo, bool) {
	data, fi, err := readRegular(l.root, name, max)
	if err != nil {
		l.problem(name, err)
		return nil, nil, false
	}
	l.sums[filepath.ToSlash(name)] = sha256.Sum256(data)
	return data, fi, true
}

// problem reports at the start of the file name why it cannot be used.
func (l *loader) problem(name string, err error) {
	pos := start(l.show(name))
	var big errTooBig
	switch err := cause(err); {
	case errors.Is(err, fs.ErrNotExist) && name == "edition.yaml":
		l.errs.Add(pos, `missing: an edition folder needs an edition.yaml with at least "edition: YYYY-MM"`)
	case errors.Is(err, fs.ErrNotExist):
		// Listed by the folder, so it is a symlink to nothing.
		l.errs.Add(pos, "symlink to a file that does not exist")
	// os.Root reports an escaping symlink with this unexported error only.
	case err.Error() == "path escapes from parent":
		l.errs.Add(pos, "symlink points outside the edition folder; copy the file in instead")
	case errors.As(err, &big) && name == "edition.yaml":
		l.errs.Add(pos, "edition.yaml is %s; the limit is %s", size(big.size), limit(big.max))
	case errors.As(err, &big) && !strings.Contains(name, "/"):
		l.errs.Add(pos, "article is %s; the limit is %s", size(big.size), limit(big.max))
	case errors.As(err, new(*plainfile.NotRegularError)), errors.As(err, &big), errors.Is(err, errGrew):
		l.errs.Add(pos, "%v", err)
	default:
		l.errs.Add(pos, "cannot read: %v", err)
	}
}

// cause drops the operation and path from an *fs.PathError: the diagnostic
// names the file already.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// missingTranslations reports each article that lacks a translation into a
// language of the edition, naming the file to write, unless the edition
// lets the original stand in (fallback: <the original language>).
func missingTranslations(ed *Edition, errs *diag.List) {
	m := ed.Settings
	if m.Fallback != "" && m.Fallback != m.Languages[0] {
		errs.Add(m.Pos["fallback"], "fallback must be the original language %s", m.Languages[0])
		return
	}
	if m.Fallback != "" {
		return
	}
	for _, l := range m.Languages[1:] {
		for _, a := range ed.Articles {
			if _, ok := ed.Translation(a.Name, l); !ok {
				errs.Add(m.Pos["languages"], "missing translation %s.%s.md of %s.md; write it or set fallback: %s",
					a.Name, l, a.Name, m.Languages[0])
			}
		}
	}
}

// Translation returns the translation of the article called name into lang.
func (e *Edition) Translation(name, lang string) (Article, bool) {
	for _, t := range e.Translations {
		if t.Name == name && t.Lang == lang {
			return t, true
		}
	}
	return Article{}, false
}

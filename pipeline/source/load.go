package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"bulletin/pipeline/diag"
)

// Load reads the edition folder dir: edition.yaml and every *.md file in it.
// Problems are returned together as a diag.List. The Edition is returned
// even then, holding whatever could be read.
func Load(dir string) (*Edition, error) {
	ed := &Edition{Dir: dir, Settings: Settings{File: filepath.Join(dir, "edition.yaml")}}
	var errs diag.List
	// os.Root refuses to follow a symlink out of the folder, so an edition
	// cannot pull in files from elsewhere on the machine.
	root, err := os.OpenRoot(dir)
	if err != nil {
		errs.Add(diag.Pos{File: dir}, "cannot open edition folder: %v", cause(err))
		return ed, errs.Err()
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ".") // sorted by name
	if err != nil {
		errs.Add(diag.Pos{File: dir}, "cannot list edition folder: %v", cause(err))
		return ed, errs.Err()
	}

	settingsOK := false
	if data, ok := readFile(root, ed.Settings.File, "edition.yaml", MaxSettingsBytes, &errs); ok {
		m, err := ParseSettings(ed.Settings.File, data)
		ed.Settings, settingsOK = m, err == nil
		errs.Append(err)
	}

	// Size up every Markdown file before reading any, so that a folder far
	// beyond the limits costs neither time nor memory.
	readable := map[string]bool{}
	var total int64
	originals, translations := 0, 0
	for _, e := range entries {
		name := e.Name()
		// Dot files are editor and OS litter (macOS writes ._name.md).
		if e.IsDir() || !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		if _, lang := splitName(name); lang != "" {
			translations++
		} else {
			originals++
		}
		if n, ok := stat(root, filepath.Join(dir, name), name, MaxArticleBytes, &errs); ok {
			readable[name] = true
			total += n
		}
	}
	over := false
	for _, c := range []struct {
		n    int
		what string
	}{{originals, "articles"}, {translations, "translations"}} {
		if c.n > MaxArticles {
			errs.Add(start(ed.Settings.File), "the edition has %d %s; the limit is %d", c.n, c.what, MaxArticles)
			over = true
		}
	}
	if total > MaxEditionBytes {
		errs.Add(start(ed.Settings.File), "the articles of the edition add up to %s; the limit is %s", size(total), limit(MaxEditionBytes))
		over = true
	}
	if over {
		return ed, errs.Err()
	}

	byName := map[string]Article{} // originals by file name
	var names []string             // originals' file names, sorted
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		// An unreadable file still counts as present, so that its one
		// problem does not cascade into "not found" and "no articles".
		path := filepath.Join(dir, name)
		a := Article{Path: path}
		a.Name, a.Lang = splitName(name)
		if readable[name] {
			if data, ok := readFile(root, path, name, MaxArticleBytes, &errs); ok {
				var err error
				a, err = ParseArticle(path, data)
				errs.Append(err)
			}
		}
		if a.Lang != "" {
			ed.Translations = append(ed.Translations, a)
			continue
		}
		byName[name] = a
		names = append(names, name)
	}
	if len(names) == 0 {
		errs.Add(start(ed.Settings.File), "no articles: the folder has no NN-slug.md files")
	}

	m := ed.Settings
	if m.Articles == nil {
		for _, name := range names {
			ed.Articles = append(ed.Articles, byName[name])
		}
	} else {
		for i, name := range m.Articles {
			a, ok := byName[name]
			base, lang := splitName(name)
			switch {
			case ok:
				ed.Articles = append(ed.Articles, a)
			case lang != "":
				errs.Add(m.ArticlePos[i], "%q is a translation; list the original %s.md", name, base)
			default:
				errs.Add(m.ArticlePos[i], "article %q not found in %s", name, dir)
			}
		}
		// An article left out of the list would silently go unpublished.
		for _, name := range names {
			if !slices.Contains(m.Articles, name) {
				errs.Add(m.Pos["articles"], "%s is in the folder but not listed in articles", name)
			}
		}
	}

	if settingsOK {
		missingTranslations(ed, &errs)
	}
	for _, t := range ed.Translations {
		pos := start(t.Path)
		if _, ok := byName[t.Name+".md"]; !ok {
			errs.Add(pos, "translation without an original: no %s.md", t.Name)
		}
		if settingsOK && !slices.Contains(m.Languages[1:], t.Lang) {
			errs.Add(pos, "%q is not a translation language of this edition (edition.yaml languages: %s)",
				t.Lang, strings.Join(m.Languages, ", "))
		}
	}
	return ed, errs.Err()
}

// stat checks that name inside root is a regular file of at most max
// bytes, reporting at path why not, and returns its size.
func stat(root *os.Root, path, name string, max int64, errs *diag.List) (int64, bool) {
	fi, err := root.Stat(name)
	if err != nil {
		switch err := cause(err); {
		case errors.Is(err, fs.ErrNotExist) && name == "edition.yaml":
			errs.Add(start(path), `missing: an edition folder needs an edition.yaml with at least "edition: YYYY-MM"`)
		case errors.Is(err, fs.ErrNotExist):
			// Listed by the folder, so it is a symlink to nothing.
			errs.Add(start(path), "symlink to a file that does not exist")
		// os.Root reports an escaping symlink with this unexported error only.
		case err.Error() == "path escapes from parent":
			errs.Add(start(path), "symlink points outside the edition folder; copy the file in instead")
		default:
			errs.Add(start(path), "cannot read: %v", err)
		}
		return 0, false
	}
	// A pipe or device would block the build or never end.
	if !fi.Mode().IsRegular() {
		errs.Add(start(path), "not a regular file (%s)", kind(fi.Mode()))
		return 0, false
	}
	if fi.Size() > max {
		what := "article"
		if name == "edition.yaml" {
			what = name
		}
		errs.Add(start(path), "%s is %s; the limit is %s", what, size(fi.Size()), limit(max))
		return 0, false
	}
	return fi.Size(), true
}

// kind names a file mode that is not a regular file.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return m.String()
}

// readFile reads name inside root, reporting at path why it could not. The
// read stops after max bytes, in case the file grew since it was listed.
func readFile(root *os.Root, path, name string, max int64, errs *diag.List) ([]byte, bool) {
	if _, ok := stat(root, path, name, max, errs); !ok {
		return nil, false
	}
	f, err := root.Open(name)
	if err != nil {
		errs.Add(start(path), "cannot read: %v", cause(err))
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	switch {
	case err != nil:
		errs.Add(start(path), "cannot read: %v", cause(err))
		return nil, false
	case int64(len(data)) > max:
		errs.Add(start(path), "file grew past %s while it was read", limit(max))
		return nil, false
	}
	return data, true
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

package source

import (
	"errors"
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
	ed := &Edition{Dir: dir, Manifest: Manifest{File: filepath.Join(dir, "edition.yaml")}}
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

	manifestOK := false
	if data, ok := readFile(root, dir, "edition.yaml", &errs); ok {
		m, err := ParseManifest(ed.Manifest.File, data)
		ed.Manifest, manifestOK = m, err == nil
		errs.Append(err)
	}

	originals := map[string]Article{} // by file name
	var names []string                // originals' file names, sorted
	for _, e := range entries {
		name := e.Name()
		// Dot files are editor and OS litter (macOS writes ._name.md).
		if e.IsDir() || !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		// An unreadable file still counts as present, so that its one
		// problem does not cascade into "not found" and "no articles".
		path := filepath.Join(dir, name)
		a := Article{Path: path}
		a.Name, a.Lang = splitName(name)
		if data, ok := readFile(root, dir, name, &errs); ok {
			var err error
			a, err = ParseArticle(path, data)
			errs.Append(err)
		}
		if a.Lang != "" {
			ed.Translations = append(ed.Translations, a)
			continue
		}
		originals[name] = a
		names = append(names, name)
	}
	if len(names) == 0 {
		errs.Add(diag.Pos{File: ed.Manifest.File}, "no articles: the folder has no NN-slug.md files")
	}

	m := ed.Manifest
	if m.Articles == nil {
		for _, name := range names {
			ed.Articles = append(ed.Articles, originals[name])
		}
	} else {
		for i, name := range m.Articles {
			a, ok := originals[name]
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

	if manifestOK {
		missingTranslations(ed, &errs)
	}
	for _, t := range ed.Translations {
		pos := diag.Pos{File: t.Path}
		if _, ok := originals[t.Name+".md"]; !ok {
			errs.Add(pos, "translation without an original: no %s.md", t.Name)
		}
		if manifestOK && !slices.Contains(m.Languages[1:], t.Lang) {
			errs.Add(pos, "%q is not a translation language of this edition (edition.yaml languages: %s)",
				t.Lang, strings.Join(m.Languages, ", "))
		}
	}
	return ed, errs.Err()
}

// readFile reads name inside root, reporting why it could not.
func readFile(root *os.Root, dir, name string, errs *diag.List) ([]byte, bool) {
	data, err := root.ReadFile(name)
	if err == nil {
		return data, true
	}
	pos := diag.Pos{File: filepath.Join(dir, name)}
	switch err := cause(err); {
	case errors.Is(err, fs.ErrNotExist):
		errs.Add(pos, "file not found")
	// os.Root reports an escaping symlink with this unexported error only.
	case err.Error() == "path escapes from parent":
		errs.Add(pos, "symlink points outside the edition folder; copy the file in instead")
	default:
		errs.Add(pos, "cannot read: %v", err)
	}
	return nil, false
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
	m := ed.Manifest
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

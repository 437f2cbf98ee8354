package source

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// articleRE is the name of an article or a translation: a number of at
// least two digits, a dash, a slug of lower-case ASCII letters, digits and
// dashes (what a link #slug names), an optional language and .md.
var articleRE = regexp.MustCompile(`^[0-9]{2,}-[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z]{2})?\.md$`)

// markdownExts are the endings editors give Markdown files; a file with
// one of them in the edition folder is meant to be an article.
var markdownExts = []string{".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtext"}

// articleNames returns the names of the articles and translations in the
// top of the folder, sorted, and reports every file or folder there that
// looks like one but is not named like one: such a file would otherwise be
// left out of the bulletin without a word.
func (l *loader) articleNames(files []entry) []string {
	var names []string
	for _, f := range files {
		if strings.Contains(f.path, "/") {
			continue // a subfolder holds pictures, notes, anything
		}
		article := articleRE.MatchString(f.path)
		switch {
		case article && f.mode.IsDir():
			l.errs.Add(start(l.show(f.path)), "a folder named like an article; an article is a Markdown file")
		case article:
			names = append(names, f.path)
		case isMarkdown(f.path):
			what := "file"
			if f.mode.IsDir() {
				what = "folder"
			}
			l.errs.Add(start(l.show(f.path)), "a Markdown %s not named like an article: articles are NN-slug.md (a number of two digits or more, a dash, then lower-case letters, digits and dashes) and translations NN-slug.LANG.md%s; rename it, or move it out of the edition folder",
				what, fixName(f.path))
		}
	}
	return names
}

// isMarkdown reports whether name ends as Markdown files do, in any case.
func isMarkdown(name string) bool {
	lower := strings.ToLower(name)
	for _, ext := range markdownExts {
		if strings.HasSuffix(lower, ext) && len(lower) > len(ext) {
			return true
		}
	}
	return false
}

// fixName returns " (did you mean NAME?)" for the article name that name
// most likely means, or "" when there is no sure guess.
func fixName(name string) string {
	lower := strings.ToLower(name)
	for _, ext := range markdownExts {
		if strings.HasSuffix(lower, ext) {
			lower = strings.TrimSuffix(lower, ext) + ".md"
			break
		}
	}
	lower = strings.ReplaceAll(strings.ReplaceAll(lower, "_", "-"), " ", "-")
	if i := strings.IndexByte(lower, '-'); i == 1 && lower[0] >= '0' && lower[0] <= '9' {
		lower = "0" + lower
	}
	if lower == name || !articleRE.MatchString(lower) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", lower)
}

// sameSlug reports two articles whose names differ only in their number:
// a link #slug could mean either, and one would be picked without a word.
func (l *loader) sameSlug(byName map[string]Article) {
	first := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		s := slug(byName[name].Name)
		if prev, ok := first[s]; ok {
			l.errs.Add(start(byName[name].Path), "%s and %s have the same name after the number, so a link #%s could mean either; rename one", name, prev, s)
			continue
		}
		first[s] = name
	}
}

// slug is an article name without its number: 01-cargo -> cargo.
func slug(name string) string {
	_, s, _ := strings.Cut(name, "-")
	return s
}

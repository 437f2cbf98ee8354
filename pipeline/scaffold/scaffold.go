// Package scaffold starts a new edition folder: edition.yaml with the
// settings of an earlier edition (its layout, languages, masthead texts),
// one article template per language, and an empty images/ folder. The
// result validates and builds as it is, so an editor starts from a working
// edition and replaces the sample text.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"bulletin/pipeline/source"
)

// Options say what New starts from.
type Options struct {
	// From is the edition.yaml whose settings the new edition takes; nil:
	// the defaults (layout aircenter, English only).
	From *source.Settings
	// Schema, when set, is the path of edition.schema.json relative to
	// the new folder; edition.yaml then starts with the modeline that
	// points the yaml-language-server at it.
	Schema string
}

// ArticleName is the file name of the template article, without .md.
const ArticleName = "01-first-article"

var editionRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// ErrExists is returned (wrapped, naming the folder) when the new edition's
// folder is already there: New never writes over an editor's work.
var ErrExists = errors.New("already exists")

// New writes the edition folder dir for the month edition (YYYY-MM) and
// returns the paths it wrote, edition.yaml first.
func New(dir, edition string, opt Options) ([]string, error) {
	if !editionRE.MatchString(edition) {
		return nil, fmt.Errorf("edition %q must be a month written YYYY-MM, like 2025-02", edition)
	}
	langs := []string{"en"}
	if opt.From != nil && len(opt.From.Languages) > 0 {
		langs = opt.From.Languages
	}
	for _, l := range langs {
		if _, ok := templates[l]; !ok {
			return nil, fmt.Errorf("no article template for language %q", l)
		}
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("new edition: %w", err)
	}
	// Mkdir, not MkdirAll: it fails when the folder exists, with no race
	// between a check and the creation.
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s %w; choose another month or remove it", dir, ErrExists)
		}
		return nil, fmt.Errorf("new edition: %w", err)
	}
	files := []struct{ name, text string }{{"edition.yaml", settings(edition, langs, opt)}}
	for i, l := range langs {
		name := ArticleName + ".md"
		if i > 0 {
			name = ArticleName + "." + l + ".md"
		}
		files = append(files, struct{ name, text string }{name, templates[l]})
	}
	var wrote []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(f.text), 0o644); err != nil {
			return wrote, fmt.Errorf("new edition: %w", err)
		}
		wrote = append(wrote, p)
	}
	if err := os.Mkdir(filepath.Join(dir, "images"), 0o755); err != nil {
		return wrote, fmt.Errorf("new edition: %w", err)
	}
	return append(wrote, filepath.Join(dir, "images")+string(filepath.Separator)), nil
}

// settings is the text of the new edition.yaml: the month, and what the
// edition it starts from set (not its list of articles, which are its own).
func settings(edition string, langs []string, opt Options) string {
	var b strings.Builder
	if opt.Schema != "" {
		fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n", filepath.ToSlash(opt.Schema))
	}
	fmt.Fprintf(&b, "edition: %s\n", edition)
	m := source.Settings{Layout: "aircenter"}
	if opt.From != nil {
		m = *opt.From
	}
	fmt.Fprintf(&b, "layout: %s\n", m.Layout)
	fmt.Fprintf(&b, "languages: [%s]\n", strings.Join(langs, ", "))
	if m.Combined && len(langs) > 1 {
		b.WriteString("combined: true\n")
	}
	if m.Fallback != "" {
		fmt.Fprintf(&b, "fallback: %s\n", m.Fallback)
	}
	byLang(&b, "title", m.Title, langs)
	byLang(&b, "subtitle", m.Subtitle, langs)
	return b.String()
}

// byLang writes a map of texts by language, in the order of the edition's
// languages and then of the codes, each text quoted as YAML needs it.
func byLang(b *strings.Builder, key string, texts map[string]string, langs []string) {
	if len(texts) == 0 {
		return
	}
	fmt.Fprintf(b, "%s:\n", key)
	codes := slices.Sorted(maps.Keys(texts))
	slices.SortStableFunc(codes, func(a, b string) int {
		return rank(langs, a) - rank(langs, b)
	})
	for _, l := range codes {
		fmt.Fprintf(b, "  %s: %s\n", l, scalar(texts[l]))
	}
}

// rank is the place of l in langs, or after all of them.
func rank(langs []string, l string) int {
	if i := slices.Index(langs, l); i >= 0 {
		return i
	}
	return len(langs)
}

// scalar is s as a one-line YAML scalar, quoted only when it needs it.
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil { // a string always marshals; keep a safe form anyway
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

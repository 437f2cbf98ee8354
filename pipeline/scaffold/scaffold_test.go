package scaffold

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"bulletin/pipeline/source"
)

// roundTrip starts an edition from settings m and reads its edition.yaml
// back: what New copies must come back as it was.
func roundTrip(t *testing.T, m source.Settings) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "2025-02")
	if _, err := New(dir, "2025-02", Options{From: &m}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "edition.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := source.ParseSettings(p, data)
	if err != nil {
		t.Fatalf("the new edition.yaml does not parse:\n%s\n%v", data, err)
	}
	if got.Edition != "2025-02" || got.Layout != m.Layout || !slices.Equal(got.Languages, m.Languages) ||
		got.Combined != (m.Combined && len(m.Languages) > 1) || got.Fallback != m.Fallback ||
		!maps.Equal(got.Title, m.Title) || !maps.Equal(got.Subtitle, m.Subtitle) || got.Articles != nil {
		t.Errorf("from %+v\nwrote\n%s\nwhich reads back as %+v", m, data, got)
	}
}

// TestSettingsRoundTrip: masthead texts that YAML would misread unquoted
// are written so that they read back as they were.
func TestSettingsRoundTrip(t *testing.T) {
	texts := []string{
		"Center of Analysis of International Relations",
		"Beynəlxalq Münasibətlərin Təhlili Mərkəzi",
		"A Name: With a Colon",
		"# not a comment",
		"- not a list",
		"'quoted' and \"quoted\"",
		"yes",
		"2025-01",
		"null",
		"@at the start",
		"trailing colon:",
		"[bracketed]",
		"{braced}",
		"a very long title that goes on past eighty columns, which a YAML writer might fold onto two lines",
	}
	for _, s := range texts {
		t.Run(s, func(t *testing.T) {
			roundTrip(t, source.Settings{Layout: "aircenter", Languages: []string{"en", "az"}, Combined: true, Fallback: "en",
				Title: map[string]string{"en": s, "az": s}, Subtitle: map[string]string{"en": s}})
		})
	}
}

// TestNewRefuses: an existing folder, a month that is not one, a language
// without a template.
func TestNewRefuses(t *testing.T) {
	root := t.TempDir()
	tests := []struct {
		name, dir, edition string
		from               *source.Settings
	}{
		{"existing folder", root, "2025-02", nil},
		{"month 13", filepath.Join(root, "a"), "2025-13", nil},
		{"words", filepath.Join(root, "b"), "February", nil},
		{"unknown language", filepath.Join(root, "c"), "2025-02", &source.Settings{Layout: "aircenter", Languages: []string{"xx"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.dir, tt.edition, Options{From: tt.from}); err == nil {
				t.Fatal("New did not refuse")
			}
			if tt.dir != root {
				if _, err := os.Stat(tt.dir); err == nil {
					t.Error("a refused New left a folder")
				}
			}
		})
	}
}

// FuzzSettings: any edition.yaml that source accepts gives a new edition
// whose edition.yaml source accepts, with the same settings.
func FuzzSettings(f *testing.F) {
	f.Add("edition: 2025-01\nlanguages: [en, az]\ncombined: true\ntitle:\n  en: 'A: B'\n  az: \"x # y\"\n")
	f.Add("edition: 2025-01\nsubtitle:\n  en: >-\n    folded\n    text\n")
	f.Add("edition: 2025-01\nlanguages: [az]\nfallback: az\n")
	f.Fuzz(func(t *testing.T, yaml string) {
		m, err := source.ParseSettings("edition.yaml", []byte(yaml))
		if err != nil {
			return
		}
		roundTrip(t, m)
	})
}

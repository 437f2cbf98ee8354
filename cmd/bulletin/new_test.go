package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/layouts"
	"bulletin/pipeline/lang"
)

// languageLists are the values of languages: every ordered list of the
// supported codes, one or two long.
func languageLists() [][]string {
	var out [][]string
	for _, a := range lang.Codes() {
		out = append(out, []string{a})
		for _, b := range lang.Codes() {
			if b != a {
				out = append(out, []string{a, b})
			}
		}
	}
	return out
}

// TestNewValidateBuild starts an edition with `new` from an edition of
// every layout, language list and combined setting, and checks that it
// validates and builds, and that the screen file shows the template's
// title in each language.
func TestNewValidateBuild(t *testing.T) {
	titles := map[string]string{"en": "Title of the First Article", "az": "Birinci məqalənin başlığı"}
	for _, layout := range layouts.Names() {
		for _, langs := range languageLists() {
			for _, combined := range []bool{false, true} {
				if combined && len(langs) == 1 {
					continue
				}
				name := fmt.Sprintf("%s/%s/combined=%v", layout, strings.Join(langs, "-"), combined)
				t.Run(name, func(t *testing.T) {
					root := t.TempDir()
					from := filepath.Join(root, "2025-01")
					os.MkdirAll(from, 0o755)
					yaml := fmt.Sprintf("edition: 2025-01\nlayout: %s\nlanguages: [%s]\ncombined: %v\n",
						layout, strings.Join(langs, ", "), combined)
					if err := os.WriteFile(filepath.Join(from, "edition.yaml"), []byte(yaml), 0o644); err != nil {
						t.Fatal(err)
					}
					dir := filepath.Join(root, "2025-02")
					if code, _, errs := bulletin(t, "new", "--input", root, "2025-02"); code != 0 {
						t.Fatalf("new: exit %d: %s", code, errs)
					}
					if code, out, errs := bulletin(t, "validate", dir); code != 0 || !strings.Contains(out, "ok (1 articles)") {
						t.Fatalf("validate: exit %d: %s%s", code, out, errs)
					}
					out := filepath.Join(root, "out")
					if code, _, errs := bulletin(t, "build", "--variant", "screen", "--out", out, dir); code != 0 {
						t.Fatalf("build: exit %d: %s", code, errs)
					}
					docs := langs
					if combined {
						docs = append(docs, strings.Join(langs, "-"))
					}
					for _, d := range docs {
						pdf := readPDF(t, filepath.Join(out, "2025-02", "bulletin-2025-02-"+d+".pdf"))
						text := strings.Join(pdf.Pages, "\n")
						for _, l := range strings.Split(d, "-") {
							if !strings.Contains(text, titles[l]) {
								t.Errorf("%s: the %s template title %q is not in the PDF", d, l, titles[l])
							}
						}
					}
				})
			}
		}
	}
}

// TestNew checks what `new` refuses and where it takes its settings from.
func TestNew(t *testing.T) {
	tests := []struct {
		name     string
		existing []string // edition.yaml texts of the editions already there
		args     []string
		code     int
		want     string // in edition.yaml, or in stderr when code != 0
	}{
		{"no edition yet", nil, []string{"2025-02"}, 0, "layout: aircenter\nlanguages: [en]\n"},
		{"latest by month", []string{"edition: 2024-12\nlanguages: [az]\n", "edition: 2025-01\nlanguages: [en, az]\ncombined: true\n"},
			[]string{"2025-02"}, 0, "languages: [en, az]\ncombined: true\n"},
		{"from an older one", []string{"edition: 2024-12\nlanguages: [az]\n", "edition: 2025-01\nlanguages: [en, az]\n"},
			[]string{"--from", "2024-12", "2025-02"}, 0, "languages: [az]\n"},
		{"masthead copied", []string{"edition: 2025-01\ntitle:\n  en: 'A Name: With a Colon'\n"},
			[]string{"2025-02"}, 0, "title:\n  en: 'A Name: With a Colon'\n"},
		{"existing folder", []string{"edition: 2025-01\n"}, []string{"2025-01"}, 2, "already exists"},
		{"not a month", nil, []string{"2025-13"}, 2, "must be a month written YYYY-MM"},
		{"no month", nil, nil, 2, "new takes one month"},
		{"from missing", nil, []string{"--from", "2020-01", "2025-02"}, 2, "--from 2020-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for _, y := range tt.existing {
				dir := filepath.Join(root, strings.Fields(y)[1]) // the folder is named for its month
				os.MkdirAll(dir, 0o755)
				if err := os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte(y), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, _, errs := bulletin(t, append([]string{"new", "--input", root}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errs)
			}
			got := errs
			if code == 0 {
				data, err := os.ReadFile(filepath.Join(root, "2025-02", "edition.yaml"))
				if err != nil {
					t.Fatal(err)
				}
				got = string(data)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got\n%s\nwant it to hold\n%s", got, tt.want)
			}
		})
	}
}

package source_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/source"
)

const dir = "input/2025-01"

// edition writes files into a fresh input/2025-01 under a temporary working
// directory, so that positions show the relative path the way a user types it.
func edition(t *testing.T, files map[string]string) {
	t.Helper()
	t.Chdir(t.TempDir())
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func article(title string) string { return "---\ntitle: " + title + "\n---\nSome text.\n" }

func names(as []source.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name+"/"+a.Lang)
	}
	return out
}

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name         string
		manifest     string
		articles     []string
		translations []string
	}{
		{"sorted by name", "edition: 2025-01\nlanguages: [en, az]\nfallback: en\n",
			[]string{"01-apron/", "02-cargo/", "10-tower/"}, []string{"01-apron/az", "10-tower/az"}},
		{"ordered by articles", "edition: 2025-01\nlanguages: [en, az]\nfallback: en\narticles: [10-tower.md, 01-apron.md, 02-cargo.md]\n",
			[]string{"10-tower/", "01-apron/", "02-cargo/"}, []string{"01-apron/az", "10-tower/az"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edition(t, map[string]string{
				"edition.yaml":   tc.manifest,
				"10-tower.md":    article("A new tower"),
				"02-cargo.md":    article("Cargo numbers"),
				"01-apron.md":    article("Apron works"),
				"01-apron.az.md": article("Perron işləri"),
				"10-tower.az.md": article("Yeni qüllə"),
				"._01-apron.md":  "\x00\x05\x16\x07 resource fork junk", // macOS litter
				"images/plan.md": "not an article: it is in a subfolder",
				"notes.txt":      "not Markdown",
			})
			ed, err := source.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if ed.Dir != dir || ed.Settings.File != dir+"/edition.yaml" || ed.Settings.Edition != "2025-01" {
				t.Errorf("dir %q manifest %q edition %q", ed.Dir, ed.Settings.File, ed.Settings.Edition)
			}
			if got := names(ed.Articles); !reflect.DeepEqual(got, tc.articles) {
				t.Errorf("articles %q; want %q", got, tc.articles)
			}
			if got := names(ed.Translations); !reflect.DeepEqual(got, tc.translations) {
				t.Errorf("translations %q; want %q", got, tc.translations)
			}
			if a := ed.Articles[0]; a.Path != filepath.Join(dir, a.Name+".md") || a.Title == "" || a.BodyLine != 4 {
				t.Errorf("first article %+v", a)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	const p = dir + "/"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no edition.yaml", map[string]string{"01-apron.md": article("Apron")},
			p + `edition.yaml:1:1: missing: an edition folder needs an edition.yaml with at least "edition: YYYY-MM"`},
		{"empty edition.yaml", map[string]string{"edition.yaml": "", "01-apron.md": article("Apron")},
			p + `edition.yaml:1:1: file is empty; it needs at least "edition: YYYY-MM"`},
		{"no articles", map[string]string{"edition.yaml": "edition: 2025-01\n", "notes.txt": "-"},
			p + "edition.yaml:1:1: no articles: the folder has no NN-slug.md files"},
		{"listed but missing", map[string]string{
			"edition.yaml": "edition: 2025-01\narticles:\n  - 01-apron.md\n  - 02-cargo.md\n",
			"01-apron.md":  article("Apron"),
		}, p + `edition.yaml:4:5: article "02-cargo.md" not found in input/2025-01`},
		{"listed a translation", map[string]string{
			"edition.yaml":   "edition: 2025-01\nlanguages: [en, az]\narticles: [01-apron.md, 01-apron.az.md]\n",
			"01-apron.md":    article("Apron"),
			"01-apron.az.md": article("Perron"),
		}, p + `edition.yaml:3:25: "01-apron.az.md" is a translation; list the original 01-apron.md`},
		{"not listed", map[string]string{
			"edition.yaml": "edition: 2025-01\narticles: [02-cargo.md]\n",
			"01-apron.md":  article("Apron"),
			"02-cargo.md":  article("Cargo"),
		}, p + "edition.yaml:2:11: 01-apron.md is in the folder but not listed in articles"},
		{"translation without original", map[string]string{
			"edition.yaml":  "edition: 2025-01\nlanguages: [en, az]\nfallback: en\n",
			"01-apron.md":   article("Apron"),
			"03-fuel.az.md": article("Yanacaq"),
		}, p + "03-fuel.az.md:1:1: translation without an original: no 03-fuel.md"},
		{"translation into an unlisted language", map[string]string{
			"edition.yaml":   "edition: 2025-01\n",
			"01-apron.md":    article("Apron"),
			"01-apron.az.md": article("Perron"),
		}, p + `01-apron.az.md:1:1: "az" is not a translation language of this edition (edition.yaml languages: en)`},
		{"translation into the original language", map[string]string{
			"edition.yaml":   "edition: 2025-01\nlanguages: [az, en]\nfallback: az\n",
			"01-apron.md":    article("Perron"),
			"01-apron.az.md": article("Perron"),
		}, p + `01-apron.az.md:1:1: "az" is not a translation language of this edition (edition.yaml languages: az, en)`},
		{"problems in several files at once", map[string]string{
			"edition.yaml":   "edition: 2025-01\nlayuot: x\n",
			"01-apron.md":    "---\ntitle: Apron\n",
			"02-cargo.md":    "# no front matter\n",
			"02-cargo.az.md": article("Yük"),
		}, p + "01-apron.md:1:1: front matter is not closed: no \"---\" line after this one\n" +
			p + "02-cargo.md:1:1: missing front matter: the file must start with a \"---\" line\n" +
			p + `edition.yaml:2:1: unknown key "layuot" (did you mean "layout"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edition(t, tc.files)
			_, err := source.Load(dir)
			if got := errText(err); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestLoadMissingFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	_, err := source.Load("input/2099-01")
	if got, want := errText(err), "input/2099-01: cannot open edition folder: no such file or directory"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestLoadSymlinks(t *testing.T) {
	edition(t, map[string]string{
		"edition.yaml": "edition: 2025-01\n",
		"01-apron.md":  article("Apron"),
	})
	if err := os.WriteFile("secret.md", []byte(article("Not for print")), 0o644); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("secret.md")
	for name, target := range map[string]string{
		"02-same.md":    "01-apron.md", // inside the folder: allowed
		"03-up.md":      "../../secret.md",
		"04-abs.md":     abs,
		"05-missing.md": "nowhere.md",
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal("cannot make a symlink:", err)
		}
	}
	ed, err := source.Load(dir)
	want := dir + "/03-up.md:1:1: symlink points outside the edition folder; copy the file in instead\n" +
		dir + "/04-abs.md:1:1: symlink points outside the edition folder; copy the file in instead\n" +
		dir + "/05-missing.md:1:1: symlink to a file that does not exist"
	if got := errText(err); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if len(ed.Articles) != 5 || ed.Articles[1].Title != "Apron" {
		t.Errorf("articles %+v", ed.Articles)
	}
}

func TestLoadMissingTranslations(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		files []string
		want  []string
	}{
		{"each missing file named", "edition: 2025-01\nlanguages: [en, az]\n", []string{"01-a.md", "02-b.md", "02-b.az.md"},
			[]string{":2:12: missing translation 01-a.az.md of 01-a.md; write it or set fallback: en"}},
		{"fallback lets the original stand in", "edition: 2025-01\nlanguages: [en, az]\nfallback: en\n", []string{"01-a.md"}, nil},
		{"fallback must be the original", "edition: 2025-01\nlanguages: [en, az]\nfallback: az\n", []string{"01-a.md", "01-a.az.md"},
			[]string{":3:11: fallback must be the original language en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte(tt.yaml), 0o644)
			for _, f := range tt.files {
				os.WriteFile(filepath.Join(dir, f), []byte("---\ntitle: T\n---\nbody\n"), 0o644)
			}
			_, err := source.Load(dir)
			var got []string
			if l, ok := err.(diag.List); ok {
				for _, d := range l {
					got = append(got, strings.TrimPrefix(d.Error(), filepath.Join(dir, "edition.yaml")))
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// The limits are checked from the folder listing, before any article is
// read: a folder far beyond them is refused at once.
func TestLoadLimits(t *testing.T) {
	const p = dir + "/"
	big := func(n int) string { return article("Big") + strings.Repeat("word ", n/5) }
	many := func(n int, suffix string) map[string]string {
		files := map[string]string{"edition.yaml": "edition: 2025-01\n"}
		for i := range n {
			files[fmt.Sprintf("%04d-note-%d%s.md", i, i, suffix)] = article("Note")
		}
		return files
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"article at the limit", map[string]string{
			"edition.yaml": "edition: 2025-01\n",
			"01-big.md":    big(source.MaxArticleBytes)[:source.MaxArticleBytes],
		}, ""},
		{"article over the limit", map[string]string{
			"edition.yaml": "edition: 2025-01\n",
			"01-big.md":    big(source.MaxArticleBytes + 1)[:source.MaxArticleBytes+1],
			"02-small.md":  article("Small"),
		}, p + "01-big.md:1:1: article is 513 KB; the limit is 512 KB"},
		{"edition.yaml over the limit", map[string]string{
			"edition.yaml": "edition: 2025-01\n" + strings.Repeat("# a comment\n", 30000),
			"01-small.md":  article("Small"),
		}, p + "edition.yaml:1:1: edition.yaml is 352 KB; the limit is 256 KB"},
		{"articles add up past the limit", func() map[string]string {
			files := map[string]string{"edition.yaml": "edition: 2025-01\nlanguages: [en, az]\n"}
			for i := 1; i <= 9; i++ {
				files[fmt.Sprintf("%02d-a.md", i)] = big(500 << 10)
				files[fmt.Sprintf("%02d-a.az.md", i)] = big(500 << 10)
			}
			return files
		}(), p + "edition.yaml:1:1: the articles of the edition add up to 8.8 MB; the limit is 8 MB"},
		{"as many articles as the limit", many(source.MaxArticles, ""), ""},
		{"too many articles", many(source.MaxArticles+1, ""),
			p + "edition.yaml:1:1: the edition has 1001 articles; the limit is 1000"},
		{"too many translations", func() map[string]string {
			files := many(source.MaxArticles+1, ".az")
			files["edition.yaml"] = "edition: 2025-01\nlanguages: [en, az]\n"
			return files
		}(), p + "edition.yaml:1:1: the edition has 1001 translations; the limit is 1000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edition(t, tc.files)
			_, err := source.Load(dir)
			if got := errText(err); !strings.HasPrefix(got, tc.want) || (tc.want == "") != (got == "") {
				t.Errorf("got:\n%.500s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// The folder as a whole is bounded, from its listing: an unused 3 GB file
// is refused in no time and no memory (it is sparse: no disk either), and
// so is a folder of more files than an edition can use.
func TestLoadFolderLimits(t *testing.T) {
	t.Run("size", func(t *testing.T) {
		edition(t, map[string]string{"edition.yaml": "edition: 2025-01\n", "01-apron.md": article("Apron"), "raw/notes.txt": ""})
		f, err := os.Create(filepath.Join(dir, "raw", "interview.mov"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(3 << 30); err != nil {
			t.Fatal(err)
		}
		f.Close()
		_, err = source.Load(dir)
		want := dir + "/raw/interview.mov:1:1: the edition folder holds 3.0 GB of files; the limit is 1 GB (this file is 3.0 GB): move what the edition does not use out of the folder"
		if got := errText(err); got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	})
	t.Run("files", func(t *testing.T) {
		files := map[string]string{"edition.yaml": "edition: 2025-01\n", "01-apron.md": article("Apron")}
		for i := range source.MaxFolderFiles {
			files[fmt.Sprintf("scans/%d.txt", i)] = ""
		}
		edition(t, files)
		_, err := source.Load(dir)
		want := dir + "/edition.yaml:1:1: the edition folder holds more than 10000 files and folders; the limit is 10000"
		if got := errText(err); got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	})
}

// A file that looks like an article is read as one or refused by name,
// never left out without a word; two articles whose names differ only in
// their number are refused, naming both.
func TestLoadNames(t *testing.T) {
	const p = dir + "/"
	rule := "articles are NN-slug.md (a number of two digits or more, a dash, then lower-case letters, digits and dashes) and translations NN-slug.LANG.md"
	for _, tc := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"upper-case extension", []string{"02-cargo.MD"},
			[]string{p + "02-cargo.MD:1:1: a Markdown file not named like an article: " + rule + " (did you mean 02-cargo.md?); rename it, or move it out of the edition folder"}},
		{"long extension", []string{"03-tower.markdown"},
			[]string{p + "03-tower.markdown:1:1: a Markdown file not named like an article: " + rule + " (did you mean 03-tower.md?); rename it, or move it out of the edition folder"}},
		{"one digit", []string{"1-fuel.md"},
			[]string{p + "1-fuel.md:1:1: a Markdown file not named like an article: " + rule + " (did you mean 01-fuel.md?); rename it, or move it out of the edition folder"}},
		{"capitals and underscores", []string{"04-Night_Shift.md"},
			[]string{p + "04-Night_Shift.md:1:1: a Markdown file not named like an article: " + rule + " (did you mean 04-night-shift.md?); rename it, or move it out of the edition folder"}},
		{"no number", []string{"notes.md"},
			[]string{p + "notes.md:1:1: a Markdown file not named like an article: " + rule + "; rename it, or move it out of the edition folder"}},
		{"a folder named like an article", []string{"04-gates.md/"},
			[]string{p + "04-gates.md:1:1: a folder named like an article; an article is a Markdown file"}},
		{"a folder with a Markdown ending", []string{"drafts.md/"},
			[]string{p + "drafts.md:1:1: a Markdown folder not named like an article: " + rule + "; rename it, or move it out of the edition folder"}},
		{"the same slug", []string{"02-cargo.md", "10-cargo.md", "11-cargo.md"},
			[]string{p + "10-cargo.md:1:1: 10-cargo.md and 02-cargo.md have the same name after the number, so a link #cargo could mean either; rename one",
				p + "11-cargo.md:1:1: 11-cargo.md and 02-cargo.md have the same name after the number, so a link #cargo could mean either; rename one"}},
		{"Markdown in a subfolder, other files and dot files are fine", []string{"notes/plan.md", "README.txt", ".draft.md", "02-cargo.md"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"edition.yaml": "edition: 2025-01\n", "01-apron.md": article("Apron")}
			for _, f := range tc.files {
				if !strings.HasSuffix(f, "/") {
					files[f] = article("Something")
				}
			}
			edition(t, files)
			for _, f := range tc.files {
				if strings.HasSuffix(f, "/") {
					os.Mkdir(filepath.Join(dir, f), 0o755)
				}
			}
			_, err := source.Load(dir)
			if got := errText(err); got != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", got, strings.Join(tc.want, "\n"))
			}
		})
	}
}

package source_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/source"
)

// checkPos fails unless pos points into data (as the user sees it, without
// a BOM): the right file, a line that exists or the one after the last, and
// a column at most one past the end of that line.
func checkPos(t *testing.T, path string, data []byte, pos diag.Pos) {
	t.Helper()
	// A lone CR or a line separator is reported, and counts as the line
	// break an editor shows.
	text := bytes.ReplaceAll(bytes.TrimPrefix(data, []byte("\uFEFF")), []byte("\r\n"), []byte("\n"))
	for _, sep := range []string{"\r", "\u2028", "\u2029"} {
		text = bytes.ReplaceAll(text, []byte(sep), []byte("\n"))
	}
	lines := bytes.Split(text, []byte("\n"))
	switch {
	case pos.File != path:
		t.Fatalf("position %v is not in %s", pos, path)
	case pos.Line < 0 || pos.Line > len(lines)+1 || pos.Col < 0:
		t.Fatalf("position %v outside the file's %d lines", pos, len(lines))
	case pos.Line >= 1 && pos.Line <= len(lines) && pos.Col > utf8.RuneCount(lines[pos.Line-1])+1:
		t.Fatalf("position %v past the end of line %q", pos, lines[pos.Line-1])
	}
}

func checkErr(t *testing.T, path string, data []byte, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var list diag.List
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %T %q is not a diag.List", err, err)
	}
	for _, d := range list {
		checkPos(t, path, data, d.Pos)
	}
}

func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{
		"edition: 2025-01\nlayout: aircenter\nlanguages: [en, az]\n",
		"edition: 2025-01\ntitle:\n  en: Hangar\n  az: Anqar\nsubtitle: {en: x}\narticles:\n  - 01-a.md\ncombined: true\nfallback: en\n",
		"\uFEFFedition: 2025-01\r\ntitle:\r\n  en: *x\r\n",
		"edition: &a 2025-01\nlayout: *a\n---\nx: [1, {2: 3}]\n",
		"edition: 2025-13\n\tlayout: X\nsubtitel: 1\n",
		"edition: 2025-01\ntitle: {en: \"Ağ\", ru: x\n",
		"edition: 2025-01\n%TAG !x! y\n...\n",
		// An unclosed quote and months written other ways.
		"edition: January 2025\ntitle:\n  en: \"Hangar \\\"A\\\"\n  az: 'it''s\n",
		"edition: 25-1\nsubtitle: {en: 'a', az: \"b}\n# it's\n",
		"edition: Avq. 2025\nlayout: \"x\" # \"\n",
	} {
		f.Add([]byte(s))
	}
	const path = "in/edition.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := source.ParseSettings(path, data)
		checkErr(t, path, data, err)
		if err == nil {
			for _, pos := range m.Pos {
				checkPos(t, path, data, pos)
			}
			if m.Edition == "" || len(m.Languages) == 0 || len(m.ArticlePos) != len(m.Articles) {
				t.Fatalf("accepted incomplete settings: %+v", m)
			}
		}
	})
}

func FuzzParseArticle(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: Hangar\nauthor: Aysel\nsummary: >\n  two\n  lines\n---\n# Body\n",
		"\uFEFF---\r\ntitle: 'Ice'\r\n---\r\ntext\r\n",
		"---\ntitle: *Frost* warning\n---\n",
		"---\n\ttitle: x\n---\n",
		"---\ntitle: x\n",
		"---\n---\nçəkic \a\n",
		"---\ntitle: [a\n---\n---\n",
		"---\ntitle: 'Baku''s port\nauthor: \"x\\\"\n---\n",
		"---\ntitle: " + strings.Repeat("ə", 301) + "\n---\n",
	} {
		f.Add([]byte(s))
	}
	const path = "in/01-hangar.az.md"
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := source.ParseArticle(path, data)
		checkErr(t, path, data, err)
		if err != nil {
			return
		}
		checkPos(t, path, data, a.TitlePos)
		if a.Title == "" {
			t.Fatal("accepted an article without a title")
		}
		// The body must be the file from BodyLine on, with LF line ends.
		text := bytes.ReplaceAll(bytes.TrimPrefix(data, []byte("\uFEFF")), []byte("\r\n"), []byte("\n"))
		lines := bytes.SplitAfter(text, []byte("\n"))
		if a.BodyLine < 2 || a.BodyLine > len(lines)+1 {
			t.Fatalf("body line %d outside the file", a.BodyLine)
		}
		var want []byte
		if a.BodyLine <= len(lines) {
			want = bytes.Join(lines[a.BodyLine-1:], nil)
		}
		if !bytes.Equal(a.Body, want) {
			t.Fatalf("body %q; want %q from line %d", a.Body, want, a.BodyLine)
		}
	})
}

// FuzzLoad writes a generated edition folder (edition.yaml, one article and
// a second file whose name is fuzzed too, so that translations, listed and
// unlisted articles and odd names all occur) and loads it: every problem
// must be a diagnostic pointing into a file of the folder, and an edition
// that loads must be complete.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("edition: 2025-01\n"), []byte("---\ntitle: Apron\n---\nText.\n"), "02-cargo.md", []byte("---\ntitle: Cargo\n---\n"))
	f.Add([]byte("edition: 2025-01\nlanguages: [en, az]\n"), []byte("---\ntitle: Apron\n---\n"), "01-a.az.md", []byte("---\ntitle: Perron\n---\n"))
	f.Add([]byte("edition: 2025-01\narticles: [02-b.md, 01-a.md]\nfallback: en\n"), []byte("---\ntitle: A\n"), "02-b.md", []byte("\xff"))
	f.Add([]byte("edition: 2025-01\narticles: [01-a.md, 01-a.md, x.az.md]\n"), []byte(""), ".hidden.md", []byte(""))
	f.Fuzz(func(t *testing.T, manifest, first []byte, name string, second []byte) {
		dir := t.TempDir()
		write := func(name string, data []byte) {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write("edition.yaml", manifest)
		write("01-a.md", first)
		// Only plain names of this folder: the fuzzer is not to write elsewhere.
		if name != "" && !strings.ContainsAny(name, "/\\\x00") && name != "." && name != ".." && len(name) < 100 {
			write(name, second)
		}
		files := map[string][]byte{}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			files[filepath.Join(dir, e.Name())] = data
		}
		ed, err := source.Load(dir)
		if err != nil {
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %q is not a diag.List", err, err)
			}
			for _, d := range list {
				data, ok := files[d.Pos.File]
				if !ok {
					t.Fatalf("%v: not a file of the edition", d)
				}
				checkPos(t, d.Pos.File, data, d.Pos)
			}
			return
		}
		if len(ed.Articles) == 0 || ed.Settings.Edition == "" {
			t.Fatalf("loaded an edition without articles or name: %+v", ed)
		}
		for _, a := range append(ed.Articles, ed.Translations...) {
			if a.Title == "" || a.BodyLine < 2 {
				t.Fatalf("loaded an article without a title or body: %+v", a)
			}
		}
	})
}

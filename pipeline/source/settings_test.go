package source_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/source"
)

const settingsPath = "input/2025-01/edition.yaml"

// errText makes a nil error comparable with an expected "".
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestParseSettings(t *testing.T) {
	src := `# the January issue
edition: 2025-01
layout: aircenter-dark
languages: [en, az]
title:
  en: Hangar Notes
  az: Anqar qeydləri
subtitle:
  en: News from the maintenance floor
  az: "Texniki xidmət: xəbərlər"
articles:
  - 02-deicing-drill.md
  - 01-runway-lights.md
combined: true
fallback: en
`
	m, err := source.ParseSettings(settingsPath, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	at := func(line, col int) diag.Pos { return diag.Pos{File: settingsPath, Line: line, Col: col} }
	want := source.Settings{
		File:       settingsPath,
		Edition:    "2025-01",
		Year:       2025,
		Month:      time.January,
		Layout:     "aircenter-dark",
		Languages:  []string{"en", "az"},
		Title:      map[string]string{"en": "Hangar Notes", "az": "Anqar qeydləri"},
		Subtitle:   map[string]string{"en": "News from the maintenance floor", "az": "Texniki xidmət: xəbərlər"},
		Combined:   true,
		Fallback:   "en",
		Articles:   []string{"02-deicing-drill.md", "01-runway-lights.md"},
		ArticlePos: []diag.Pos{at(12, 5), at(13, 5)},
		Pos: map[string]diag.Pos{
			"edition":   at(2, 10),
			"layout":    at(3, 9),
			"languages": at(4, 12),
			"title":     at(6, 3),
			"subtitle":  at(9, 3),
			"articles":  at(12, 3),
			"combined":  at(14, 11),
			"fallback":  at(15, 11),
			// Each text, at its first character (after a quote).
			"title.en":    at(6, 7),
			"title.az":    at(7, 7),
			"subtitle.en": at(9, 7),
			"subtitle.az": at(10, 8),
		},
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got  %+v\nwant %+v", m, want)
	}
}

func TestParseSettingsDefaults(t *testing.T) {
	// A BOM and CRLF line ends, as a Windows editor may save the file.
	m, err := source.ParseSettings(settingsPath, []byte("\uFEFFedition: 2024-12\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Edition != "2024-12" || m.Year != 2024 || m.Month != time.December {
		t.Errorf("edition = %q %d %v", m.Edition, m.Year, m.Month)
	}
	if m.Layout != "aircenter" || !reflect.DeepEqual(m.Languages, []string{"en"}) {
		t.Errorf("layout %q, languages %q; want the defaults", m.Layout, m.Languages)
	}
	if m.Title != nil || m.Subtitle != nil || m.Articles != nil || m.Combined || m.Fallback != "" {
		t.Errorf("optional keys not empty: %+v", m)
	}
	if got := m.Pos["edition"]; got != (diag.Pos{File: settingsPath, Line: 1, Col: 10}) {
		t.Errorf("edition position %v", got)
	}
}

func TestParseSettingsErrors(t *testing.T) {
	const p = settingsPath
	for _, tc := range []struct{ name, src, want string }{
		{"empty", "", p + `:1:1: file is empty; it needs at least "edition: YYYY-MM"`},
		{"only a comment", "# to do\n", p + `:1:1: file is empty; it needs at least "edition: YYYY-MM"`},
		{"only null", "~\n", p + `:1:1: file is empty; it needs at least "edition: YYYY-MM"`},
		{"not a map", "- edition: 2025-01\n",
			p + `:1:1: edition.yaml must be a map of keys, like "edition: 2025-01"`},
		{"missing edition", "layout: aircenter\n", p + `:1:1: missing required key "edition"`},
		{"edition as words", "edition: March 2025\n",
			p + `:1:10: edition "March 2025" must be a month written YYYY-MM: did you mean 2025-03?`},
		{"edition with day", "edition: 2025-03-01\n",
			p + `:1:10: edition "2025-03-01" must be a month written YYYY-MM: did you mean 2025-03?`},
		{"edition unguessable", "edition: spring\n",
			p + ":1:10: edition must be a month written YYYY-MM, like 2025-01"},
		{"edition a list", "edition: [2025, 1]\n",
			p + ":1:10: edition must be a month written YYYY-MM, like 2025-01"},
		{"edition month 13", "edition: 2025-13\n", p + ":1:10: edition 2025-13: month must be 01 to 12"},
		{"edition month 00", "edition: \"2025-00\"\n", p + ":1:10: edition 2025-00: month must be 01 to 12"},
		{"edition year 0", "edition: 0000-01\n", p + ":1:10: edition 0000-01: the year must be 1900 to 2999"},
		{"edition year 1899", "edition: 1899-12\n", p + ":1:10: edition 1899-12: the year must be 1900 to 2999"},
		{"edition year 3000", "edition: 3000-01\n", p + ":1:10: edition 3000-01: the year must be 1900 to 2999"},
		{"edition year 9999", "edition: '9999-12'\n", p + ":1:10: edition 9999-12: the year must be 1900 to 2999"},
		{"edition year 1900", "edition: 1900-01\n", ""},
		{"edition year 2999", "edition: 2999-12\n", ""},
		{"unknown key close", "edition: 2025-01\nsubtitel:\n  en: Spring\n",
			p + `:2:1: unknown key "subtitel" (did you mean "subtitle"?)`},
		{"unknown key swapped", "edition: 2025-01\nlanguaegs: [en]\n",
			p + `:2:1: unknown key "languaegs" (did you mean "languages"?)`},
		{"unknown key far", "edition: 2025-01\ncolour: blue\n", p + `:2:1: unknown key "colour"`},
		{"duplicate key", "edition: 2025-01\nlayout: a\nlayout: b\n",
			p + `:3:1: duplicate key "layout" (first at line 2)`},
		{"key not a name", "edition: 2025-01\n[a, b]: c\n", p + ":2:1: a key must be a plain name"},
		{"layout spaces", "edition: 2025-01\nlayout: Air Center\n",
			p + `:2:9: layout must be a simple folder name of a-z, 0-9 and "-", like aircenter`},
		{"layout path", "edition: 2025-01\nlayout: ../secret\n",
			p + `:2:9: layout must be a simple folder name of a-z, 0-9 and "-", like aircenter`},
		{"layout empty", "edition: 2025-01\nlayout:\n",
			p + `:2:8: layout must be a simple folder name of a-z, 0-9 and "-", like aircenter`},
		{"languages scalar", "edition: 2025-01\nlanguages: en\n",
			p + ":2:12: languages must be a list of language codes, like [en, az]"},
		{"languages empty", "edition: 2025-01\nlanguages: []\n",
			p + ":2:12: languages must name at least one language"},
		{"languages unknown", "edition: 2025-01\nlanguages: [en, ru]\n",
			p + `:2:17: unknown language "ru" (known: az, en)`},
		{"languages twice", "edition: 2025-01\nlanguages:\n  - az\n  - en\n  - az\n",
			p + `:5:5: language "az" is listed twice`},
		{"languages nested", "edition: 2025-01\nlanguages: [[en]]\n",
			p + ":2:13: a language must be a language code, like en"},
		{"title list", "edition: 2025-01\ntitle: [a, b]\n", p + ":2:8: title must be a map from language to text"},
		{"subtitle text", "edition: 2025-01\nsubtitle: Winter\n",
			p + ":2:11: subtitle must be a map from language to text"},
		// The column counts characters: "Ağ günü" has two-byte letters.
		{"title unknown language", "title: {az: \"Ağ günü\", ru: Day}\nedition: 2025-01\n",
			p + `:1:24: unknown language "ru" (known: az, en)`},
		{"subtitle too long", "edition: 2025-01\nsubtitle:\n  az: " + strings.Repeat("ş", 301) + "\n",
			p + ":3:7: subtitle.az is 301 characters long; the limit is 300"},
		{"title empty text", "edition: 2025-01\ntitle:\n  en: \"  \"\n", p + ":3:7: title.en must be non-empty text"},
		{"title null", "edition: 2025-01\ntitle:\n  az:\n", p + ":3:6: title.az must be non-empty text"},
		{"title map value", "edition: 2025-01\ntitle:\n  en: {a: b}\n", p + ":3:7: title.en must be non-empty text"},
		{"title language twice", "edition: 2025-01\ntitle:\n  en: A\n  en: B\n",
			p + `:4:3: duplicate key "en" (first at line 3)`},
		{"articles text", "edition: 2025-01\narticles: 01-a.md\n", p + ":2:11: articles must be a list of file names"},
		{"articles entry list", "edition: 2025-01\narticles: [[01-a.md]]\n",
			p + ":2:12: articles entries must be file names"},
		{"articles path", "edition: 2025-01\narticles:\n  - drafts/01-a.md\n",
			p + `:3:5: "drafts/01-a.md" must be a file name in this folder, without a path`},
		{"articles backslash", "edition: 2025-01\narticles: ['drafts\\01-a.md']\n",
			p + `:2:12: "drafts\\01-a.md" must be a file name in this folder, without a path`},
		{"articles not md", "edition: 2025-01\narticles: [01-a.txt]\n", p + `:2:12: "01-a.txt" is not a .md file`},
		{"articles twice", "edition: 2025-01\narticles: [01-a.md, 02-b.md, 01-a.md]\n",
			p + `:2:30: "01-a.md" is listed twice`},
		{"combined yes", "edition: 2025-01\ncombined: yes\n", p + ":2:11: combined must be true or false"},
		{"combined quoted", "edition: 2025-01\ncombined: \"true\"\n", p + ":2:11: combined must be true or false"},
		{"fallback unknown", "edition: 2025-01\nfallback: de\n", p + `:2:11: unknown language "de" (known: az, en)`},
		{"fallback list", "edition: 2025-01\nfallback: [en]\n", p + ":2:11: fallback must be a language code, like en"},
		{"tab indentation", "edition: 2025-01\ntitle:\n\ten: Ice\n  \taz: Buz\n",
			p + ":3:1: tab in indentation; indent YAML with spaces\n" +
				p + ":4:3: tab in indentation; indent YAML with spaces"},
		{"syntax error in flow map", "edition: 2025-01\ntitle: {en: Ice\nlayout: x\n",
			p + ":2:1: did not find expected ',' or '}'"},
		{"unclosed quote", "edition: 2025-01\nlayout: \"air\n", p + `:2:9: the quote " that starts here is never closed`},
		{"unclosed quote over lines", "title:\n  en: \"Hangar \\\"A\\\"\n  az: x\nedition: 2025-01\n",
			p + `:2:7: the quote " that starts here is never closed`},
		{"syntax error indented key", "edition: 2025-01\n  layout: x\n",
			p + ":2:3: mapping values are not allowed in this context"},
		{"syntax error first line", "edition: 2025-01: x\n",
			p + ":1:1: mapping values are not allowed in this context"},
		{"unquoted star", "edition: 2025-01\ntitle:\n  en: *New* hangar\n",
			p + `:3:3: did not find expected alphabetic or numeric character; text that starts with "*" or "&" must be in quotes`},
		{"unknown anchor", "edition: 2025-01\ntitle:\n  en: *Hangar\n",
			p + `:3:7: unknown anchor 'Hangar' referenced; text that starts with "*" or "&" must be in quotes`},
		{"alias", "edition: &e 2025-01\nlayout: *e\n",
			p + ":2:9: YAML aliases (*e) are not supported; write the value out"},
		{"two documents", "edition: 2025-01\n---\nedition: 2025-02\n",
			p + ":2:1: only one YAML document is allowed here"},
		{"invalid UTF-8", "edition: 2025-01\ntitle:\n  en: Caf\xe9\n",
			p + ":3:10: invalid UTF-8 (byte 0xE9); save the file as UTF-8"},
		{"NUL", "edition: 2025-01\x00\n", p + ":1:17: control character U+0000 is not allowed"},
		{"escape after Azerbaijani", "edition: 2025-01\ntitle:\n  az: Şəki\x1b\n",
			p + ":3:11: control character U+001B is not allowed"},
		{"C1 control", "edition: 2025-01\u0085\n", p + ":1:17: control character U+0085 is not allowed"},
		{"lone CR", "edition: 2025-01\rlayout: x\n",
			p + ":1:17: carriage return U+000D without a line feed; use LF or CRLF line ends"},
		{"line separator", "edition: 2025-01\u2028layout: x\n",
			p + ":1:17: U+2028 is not allowed; use a plain line break"},
		{"all at once", "edition: 2025-1\nlayout: X\nlanguages: [en, fr]\ntitel: {}\n",
			p + `:1:10: edition "2025-1" must be a month written YYYY-MM: did you mean 2025-01?` + "\n" +
				p + `:2:9: layout must be a simple folder name of a-z, 0-9 and "-", like aircenter` + "\n" +
				p + `:3:17: unknown language "fr" (known: az, en)` + "\n" +
				p + `:4:1: unknown key "titel" (did you mean "title"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := source.ParseSettings(p, []byte(tc.src))
			if got := errText(err); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// An edition written another common way gets the YYYY-MM it means.
func TestEditionGuess(t *testing.T) {
	for in, want := range map[string]string{
		"January 2025": "2025-01", "Jan 2025": "2025-01", "jan. 2025": "2025-01", "September, 2024": "2024-09",
		"Yanvar 2025": "2025-01", "İyun 2026": "2026-06", "Avq 2025": "2025-08",
		"2025-1": "2025-01", "2025/02": "2025-02", "2025.11": "2025-11", "2025-03-15": "2025-03",
		"01-2025": "2025-01", "7/2025": "2025-07", "25-01": "2025-01",
		"Ja 2025": "", "Smarch 2025": "", "2025-13-01": "", "25-13": "", "13/2025": "", "2025": "", "winter": "",
	} {
		m, err := source.ParseSettings(settingsPath, []byte("edition: "+in+"\n"))
		got := ""
		if _, after, ok := strings.Cut(errText(err), "did you mean "); ok {
			got = strings.TrimSuffix(after, "?")
		}
		if got != want || err == nil || m.Edition != "" {
			t.Errorf("%q: guessed %q, want %q (%v)", in, got, want, err)
		}
	}
}

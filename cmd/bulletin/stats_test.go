package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// stats prints one report per document of each edition, named as its
// screen file; on invalid sources it lists the problems and exits 1 like
// validate.
func TestStats(t *testing.T) {
	line := regexp.MustCompile(`^(bulletin-2025-01-[a-z-]+\.pdf): (\d+) justified lines: median (\d+) characters, median space (\d\.\d\d)×, (\d+\.\d)% within 1\.4×, widest (\d\.\d\d)×, tracked (\d+); ` +
		`overfull (\d+), widows (\d+), orphans (\d+), stranded headings (\d+), last-line fragments (\d+); pages short by more than 3 lines (\d+)$`)
	tracked := regexp.MustCompile(`^  page \d+: tracked 0\.\d{4} pt, spaces 1\.80×: ".+"$`)
	code, stdout, stderr := bulletin(t, "stats", "../../input/2025-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	var names []string
	for _, l := range lines {
		if strings.HasPrefix(l, "  article page ") || tracked.MatchString(l) {
			continue // a short page or a tracked line named; counted below
		}
		if strings.HasPrefix(l, "  page ") && strings.Contains(l, ": word spaces ") {
			// Issue #15: none above 1.8×, tracking (letter
			// spacing) being the last resort.
			t.Errorf("a line of the sample past 1.8×: %s", l)
			continue
		}
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("stats printed %q", l)
		}
		names = append(names, m[1])
		if n, _ := strconv.Atoi(m[2]); n < 100 {
			t.Errorf("%s: %d justified lines; the sample's documents have over 150", m[1], n)
		}
		if chars, _ := strconv.Atoi(m[3]); chars < 60 || chars > 75 {
			t.Errorf("%s: median %d characters a line, want 60 to 75", m[1], chars)
		}
		if median, _ := strconv.ParseFloat(m[4], 64); median < 1 || median > 1.2 {
			t.Errorf("%s: median space %g×, want between 1 and 1.2", m[1], median)
		}
		// Spaces grow by 2 pt at most (issue #15): a page may end short
		// where a heading and its first lines move on together.
		if n, _ := strconv.Atoi(m[len(m)-1]); n > 1 {
			t.Errorf("%s: %d pages short by more than 3 lines, want at most one", m[1], n)
		}
		if widest, _ := strconv.ParseFloat(m[6], 64); widest > 1.8 {
			t.Errorf("%s: widest word space %g×, want 1.8× at most", m[1], widest)
		}
		// The sample's one list item that no breaking sets within 1.8×
		// ("…offered to returning / families;") is tracked; the en-az
		// document holds it too.
		if n, _ := strconv.Atoi(m[7]); n > 1 {
			t.Errorf("%s: %d lines tracked, want at most the one", m[1], n)
		}
		for _, count := range m[8 : len(m)-1] {
			if count != "0" {
				t.Errorf("%s: a typographic problem in the sample: %s", m[1], l)
			}
		}
	}
	want := "bulletin-2025-01-en.pdf bulletin-2025-01-az.pdf bulletin-2025-01-en-az.pdf"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("documents %s, want %s", got, want)
	}

	code, stdout, stderr = bulletin(t, "stats", "testdata/catalogue/article-emoji-title")
	if code != exitInvalid || stdout != "" || !strings.Contains(stderr, "01-apron.md:2:21: character U+1F4A1") {
		t.Errorf("invalid edition: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

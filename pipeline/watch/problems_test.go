package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/testedition"
	"bulletin/pipeline/diag"
)

// TestProblemsAsCold edits an edition so that an article kept unchanged
// gains a problem and loses it again through another article (a link to
// an article deleted, then written again), with one warm Builder: after
// each edit the problems are those a cold `bulletin validate` lists, and
// a valid edition's files those a cold build writes.
func TestProblemsAsCold(t *testing.T) {
	bin := coldBinary(t)
	dir := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(dir, 4, 80); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	b := NewBuilder(Options{Out: out, Version: "dev"})
	if _, err := b.Rebuild(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	article := func(i int) string { return filepath.Join(dir, testedition.Name(i)+".md") }
	third, err := os.ReadFile(article(3))
	if err != nil {
		t.Fatal(err)
	}
	appendTo := func(i int, text string) {
		data, _ := os.ReadFile(article(i))
		write(t, article(i), string(data)+text)
	}
	for _, st := range []struct {
		name     string
		edit     func()
		problems int
	}{
		{"a link to the third article", func() { appendTo(1, "\nMore in [the third](#article-3).\n") }, 0},
		{"the third article deleted", func() { os.Remove(article(3)) }, 1},
		{"a character the fonts lack in another", func() { appendTo(2, "\nA bus: 🚌.\n") }, 2},
		{"the third article back", func() { write(t, article(3), string(third)) }, 1},
		{"the bus gone", func() {
			data, _ := os.ReadFile(article(2))
			write(t, article(2), strings.Replace(string(data), "\nA bus: 🚌.\n", "", 1))
		}, 0},
	} {
		st.edit()
		_, err := b.Rebuild(context.Background(), dir)
		got := lines(t, err)
		if want := coldProblems(t, bin, dir); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: the watch says\n%s\na cold validate\n%s", st.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(got) != st.problems {
			t.Errorf("%s: %d problems, want %d:\n%s", st.name, len(got), st.problems, strings.Join(got, "\n"))
		}
		if err == nil {
			sameAsCold(t, bin, st.name, dir, filepath.Join(out, "2030-06"))
		}
	}
}

// lines are the problems of a rebuild's error, path:line:col: message.
func lines(t *testing.T, err error) []string {
	t.Helper()
	var l diag.List
	if err != nil && !errors.As(err, &l) {
		t.Fatal(err)
	}
	var out []string
	for _, d := range l {
		out = append(out, d.Error())
	}
	return out
}

// coldProblems are the problems `bulletin validate --format json` lists
// for dir, run as a process of its own, as path:line:col: message.
func coldProblems(t *testing.T, bin, dir string) []string {
	t.Helper()
	cmd := exec.Command(bin, "validate", "--format", "json", dir)
	stdout, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("cold validate: %v", err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(stdout)), "\n") {
		if line == "" {
			continue
		}
		var p struct {
			File, Severity, Message string
			Line, Col               int
		}
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("cold validate: %v: %s", err, line)
		}
		if p.Severity == "error" {
			out = append(out, fmt.Sprintf("%s: %s", diag.Pos{File: p.File, Line: p.Line, Col: p.Col}, p.Message))
		}
	}
	return out
}

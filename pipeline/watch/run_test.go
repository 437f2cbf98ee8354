package watch

import (
	"bufio"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"bulletin/internal/faults"
	"bulletin/internal/testedition"
	"bulletin/pipeline"
)

func TestOwner(t *testing.T) {
	dirs := []string{"input/2025-01", "input/2025-02", "/abs/2025-03"}
	tests := []struct{ path, want string }{
		{"input/2025-01/01-a.md", "input/2025-01"},
		{"input/2025-02/images/map.png", "input/2025-02"},
		{"input/2025-02", "input/2025-02"},
		{"/abs/2025-03/x.md", "/abs/2025-03"},
		{"input/2025-012/x.md", ""},
		{"input/x.md", ""},
		{"..foo/x.md", ""},
	}
	for _, tt := range tests {
		if got := owner(dirs, tt.path); got != tt.want {
			t.Errorf("owner(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestIgnored(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"input/2025-01/01-a.md", false},
		{"input/2025-01/.01-a.md.swp", true},
		{"input/2025-01/01-a.md~", true},
		{"input/2025-01/._01-a.md", true},
		{"input/2025-01/images", false},
		{"input/2025-01/4913", false}, // vim's probe: a rebuild finds nothing changed
	}
	for _, tt := range tests {
		if got := ignored(tt.path); got != tt.want {
			t.Errorf("ignored(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestLine(t *testing.T) {
	tests := []struct {
		o    Outcome
		want string
	}{
		{Outcome{Edition: "2025-02", Rendered: []string{"en", "az", "en-az"}, Took: 41 * time.Millisecond}, "2025-02  en az en-az  41 ms"},
		{Outcome{Edition: "2025-02", Rendered: []string{"az"}, Took: 1500 * time.Microsecond}, "2025-02  az  1 ms"},
		{Outcome{Edition: "2025-02", Took: 3 * time.Millisecond}, "2025-02  unchanged  3 ms"},
	}
	for _, tt := range tests {
		if got := tt.o.Line(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// TestRunSurvivesPanic: a bug in a stage (a panic) is printed as an
// internal error and the watch goes on: the next save rebuilds; a
// cancelled context ends Run with pipeline.ErrStopped.
func TestRunSurvivesPanic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(dir, 2, 80); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	faults.Inject = func(stage string) {
		if stage == "typeset" {
			once.Do(func() { panic("a bug, injected") })
		}
	}
	defer func() { faults.Inject = nil }()
	r, w := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, []string{dir}, Options{Out: t.TempDir()}, w, w); w.Close() }()
	lines := bufio.NewScanner(r)
	next := func() string {
		if !lines.Scan() {
			t.Fatal("Run ended early")
		}
		return lines.Text()
	}
	if ln := next(); !strings.HasPrefix(ln, "bulletin: internal error: a bug, injected") {
		t.Fatalf("got %q, want the internal error", ln)
	}
	data, _ := os.ReadFile(filepath.Join(dir, testedition.Name(1)+".md"))
	if err := os.WriteFile(filepath.Join(dir, testedition.Name(1)+".md"), append(data, "\nOne more line.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	// The stack of the panic comes first, then the rebuild of the save:
	// the first line about the edition.
	for ln := next(); !strings.HasPrefix(ln, "2030-06"); ln = next() {
	}
	if ln := lines.Text(); !regexp.MustCompile(`^2030-06  en  [0-9]+ ms$`).MatchString(ln) {
		t.Fatalf("got %q, want the rebuild after the save", ln)
	}
	cancel()
	go io.Copy(io.Discard, r)
	if err := <-done; !errors.Is(err, pipeline.ErrStopped) {
		t.Errorf("Run ended with %v, want ErrStopped", err)
	}
}

func TestRunRefusesMissingFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "2025-13")
	err := Run(context.Background(), []string{missing}, Options{Out: t.TempDir()}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), missing+" is not an edition folder") {
		t.Errorf("got %v, want a refusal naming the folder", err)
	}
}

// TestRunAfterRelease: once an edition is released, a save that would
// change its files leaves them as they are and says so once; later saves
// say nothing more, while problems in the sources are still printed, and
// the watch goes on.
func TestRunAfterRelease(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(dir, 2, 80); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	date := time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)
	if _, err := pipeline.Release([]string{dir}, pipeline.Options{Out: out, Date: date, ReleaseTime: date, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	released := snapshot(t, filepath.Join(out, "2030-06"))
	r, w := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{dir}, Options{Out: out, Date: date, Version: "test"}, w, w)
		w.Close()
	}()
	lines := bufio.NewScanner(r)
	next := func() string {
		if !lines.Scan() {
			t.Fatal("Run ended early")
		}
		return lines.Text()
	}
	article := filepath.Join(dir, testedition.Name(1)+".md")
	text, _ := os.ReadFile(article)
	save := func(extra string) {
		if err := os.WriteFile(article, append(append([]byte{}, text...), extra...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The first build makes the released bytes again: nothing to say.
	if ln := next(); !regexp.MustCompile(`^2030-06  en  [0-9]+ ms$`).MatchString(ln) {
		t.Fatalf("got %q, want the first build", ln)
	}
	save("\nA sentence added after the release.\n")
	want := []string{
		"bulletin: " + filepath.Join(out, "2030-06") + " holds release 1 of the edition (2030-06-01T00:00:00Z): the watch leaves its files as they are and goes on checking the sources, saying this once.",
		"  To publish a change as a correction: bulletin release --force " + dir,
	}
	for _, w := range want {
		if ln := next(); ln != w {
			t.Fatalf("got %q, want %q", ln, w)
		}
	}
	// A second change says nothing: a broken save after it is the next
	// thing printed.
	save("\nAnother sentence, later.\n")
	time.Sleep(200 * time.Millisecond) // not a timing test: let the saves make two rebuilds
	broken := func() {
		t.Helper()
		save("\n<div>raw HTML</div>\n")
		if ln := next(); !strings.Contains(ln, "raw HTML is not allowed") {
			t.Fatalf("got %q, want the problem of the broken save", ln)
		}
		if ln := next(); !strings.HasSuffix(ln, "not rebuilt: 1 problem; the last good files stay") {
			t.Fatalf("got %q, want the not-rebuilt line", ln)
		}
	}
	broken()
	// Fixed, the edition is still released and changed: still nothing
	// more to say; the next broken save is again the next thing printed.
	save("\nFixed.\n")
	time.Sleep(200 * time.Millisecond)
	broken()
	cancel()
	go io.Copy(io.Discard, r)
	if err := <-done; !errors.Is(err, pipeline.ErrStopped) {
		t.Errorf("Run ended with %v, want ErrStopped", err)
	}
	if got := snapshot(t, filepath.Join(out, "2030-06")); !maps.Equal(got, released) {
		t.Errorf("the released folder changed")
	}
}

// snapshot is every file of dir by name, with its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

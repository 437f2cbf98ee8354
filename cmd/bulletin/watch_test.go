package main

import (
	"bufio"
	"bytes"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// watcher is a running `bulletin watch` and the lines it prints, stdout
// and stderr in the order written.
type watcher struct {
	cmd   *exec.Cmd
	lines chan string
	done  chan error // the result of cmd.Wait
}

// next returns the next line the watch prints. The deadline only keeps
// a broken watch from hanging the test; nothing is timed.
func (w *watcher) next(t *testing.T) string {
	t.Helper()
	select {
	case ln, ok := <-w.lines:
		if !ok {
			t.Fatal("the watch ended early")
		}
		return ln
	case <-time.After(2 * time.Minute):
		t.Fatal("the watch printed nothing for two minutes")
	}
	return ""
}

var rebuildLine = regexp.MustCompile(`^2025-02  ([a-z -]+)  [0-9]+ ms$`)

// rebuilt waits for the next line and checks that it is a rebuild of
// the documents want.
func (w *watcher) rebuilt(t *testing.T, want string) {
	t.Helper()
	ln := w.next(t)
	m := rebuildLine.FindStringSubmatch(ln)
	if m == nil || m[1] != want {
		t.Fatalf("got %q, want a rebuild of %q", ln, want)
	}
}

// save writes a file as an editor does: truncate, then several writes
// and a sync, each an event of its own.
func save(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	for len(text) > 0 {
		n := min(len(text), 64)
		if _, err := f.WriteString(text[:n]); err != nil {
			t.Fatal(err)
		}
		text = text[n:]
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// pdfText is the text of a written PDF as PDFium extracts it, with each
// run of white space made one space (lines break anywhere).
func pdfText(t *testing.T, path string) string {
	t.Helper()
	return strings.Join(strings.Fields(strings.Join(readPDF(t, path).Pages, " ")), " ")
}

// TestWatch runs `bulletin watch` on an edition made by `bulletin new`
// and edits it as an editor would: a save of several writes makes one
// rebuild, of the documents it touches, with the new text in the PDF; a
// broken file prints its problem and leaves the PDF as it was; a fix
// rebuilds; renamed and deleted articles are followed; SIGINT ends the
// watch with status 130 and leaves only whole files that verify.
func TestWatch(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bulletin")
	if msg, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	root, out := t.TempDir(), t.TempDir()
	if code, _, errs := bulletin(t, "new", "--input", root, "--from", "../../input/2025-01", "2025-02"); code != 0 {
		t.Fatalf("new: %s", errs)
	}
	dir := filepath.Join(root, "2025-02")
	second := "---\ntitle: Orchards Along the Kura\n---\n\nA second article, so that one can be renamed and deleted.\n"
	save(t, filepath.Join(dir, "02-orchards.md"), second)
	save(t, filepath.Join(dir, "02-orchards.az.md"), strings.Replace(second, "Orchards Along the Kura", "Kür boyunca bağlar", 1))

	// A wait longer than the default, so that a machine busy with other
	// work cannot split one save's writes into two rebuilds.
	w := startWatch(t, bin, "watch", "--wait", "300ms", "--out", out, dir)
	w.rebuilt(t, "en az en-az")
	en := filepath.Join(out, "2025-02", "bulletin-2025-02-en.pdf")
	article := filepath.Join(dir, "01-first-article.md")
	template, _ := os.ReadFile(article)

	edited := strings.Replace(string(template), "Replace this paragraph", "Saffron ledgers outnumber the harbour cranes. Replace this paragraph", 1)
	save(t, article, edited)
	w.rebuilt(t, "en en-az") // one rebuild, and not of the Azerbaijani document
	if !strings.Contains(pdfText(t, en), "Saffron ledgers outnumber the harbour cranes") {
		t.Error("the edited text is not in the English PDF")
	}
	good, _ := os.ReadFile(en)

	save(t, article, edited+"\n<div>not Markdown</div>\n")
	if ln := w.next(t); !strings.HasPrefix(ln, article+":") || !strings.Contains(ln, "raw HTML") {
		t.Fatalf("got %q, want the problem at %s:line:col", ln, article)
	}
	if ln := w.next(t); !strings.Contains(ln, "not rebuilt: 1 problem; the last good files stay") {
		t.Fatalf("got %q, want the note that nothing was rebuilt", ln)
	}
	if now, _ := os.ReadFile(en); !bytes.Equal(now, good) {
		t.Error("a broken source changed the last good PDF")
	}

	save(t, article, strings.Replace(edited, "Saffron ledgers", "Copper ledgers", 1))
	w.rebuilt(t, "en en-az")
	if !strings.Contains(pdfText(t, en), "Copper ledgers outnumber") {
		t.Error("the fixed text is not in the English PDF")
	}

	for _, suffix := range []string{".md", ".az.md"} {
		if err := os.Rename(filepath.Join(dir, "02-orchards"+suffix), filepath.Join(dir, "03-orchards"+suffix)); err != nil {
			t.Fatal(err)
		}
	}
	w.rebuilt(t, "en az en-az")
	if !strings.Contains(pdfText(t, en), "Orchards Along the Kura") {
		t.Error("the renamed article is not in the English PDF")
	}
	for _, suffix := range []string{".md", ".az.md"} {
		if err := os.Remove(filepath.Join(dir, "03-orchards"+suffix)); err != nil {
			t.Fatal(err)
		}
	}
	w.rebuilt(t, "en az en-az")
	if strings.Contains(pdfText(t, en), "Orchards") {
		t.Error("the deleted article is still in the English PDF")
	}

	copper := strings.Replace(edited, "Saffron ledgers", "Copper ledgers", 1)
	watchWarnings(t, w, dir, copper)
	watchRecreated(t, w, dir, en)

	stopWatch(t, w)
	if code, _, errs := bulletin(t, "verify", filepath.Join(out, "2025-02")); code != 0 {
		t.Errorf("verify after the watch: exit %d: %s", code, errs)
	}
}

// watchWarnings shows a picture without alternative text in the article
// text of the watched edition dir: validate's warning is printed, as build
// prints it, before each rebuild's line, once.
func watchWarnings(t *testing.T, w *watcher, dir, text string) {
	t.Helper()
	// Wide enough for the full measure at 300 dpi: no warning of the
	// typesetter's about its resolution.
	m := image.NewGray(image.Rect(0, 0, 2600, 1400))
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "images", "chart.png"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	article := filepath.Join(dir, "01-first-article.md")
	text += "\n![A chart of the harbour](images/chart.png)\n"
	// The first save shows the picture, which renders the Azerbaijani
	// document again too (the edition's pictures are in every document's
	// key); the second changes the English text alone.
	for _, c := range []struct{ extra, docs string }{{"", "en az en-az"}, {"\nOne more sentence, saved later.\n", "en en-az"}} {
		save(t, article, text+c.extra)
		if ln := w.next(t); !strings.HasPrefix(ln, article+":") || !strings.Contains(ln, "warning: picture images/chart.png has no alternative text") {
			t.Fatalf("got %q, want validate's warning at %s:line:col", ln, article)
		}
		w.rebuilt(t, c.docs)
	}
}

// watchRecreated removes the watched edition folder dir and makes it again
// with a change (moved into place whole, as a checkout or a sync tool
// does): the removal is said, the new folder rebuilt and then followed,
// a save in it rebuilt too.
func watchRecreated(t *testing.T, w *watcher, dir, en string) {
	t.Helper()
	next := dir + ".new"
	copyDir(t, dir, next)
	article := filepath.Join(dir, "01-first-article.md")
	text, _ := os.ReadFile(article)
	bronze := strings.Replace(string(text), "Copper ledgers", "Bronze ledgers", 1)
	if err := os.WriteFile(filepath.Join(next, "01-first-article.md"), []byte(bronze), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for ln := w.next(t); !strings.Contains(ln, "not rebuilt"); ln = w.next(t) {
	}
	if err := os.Rename(next, dir); err != nil {
		t.Fatal(err)
	}
	w.next(t) // the picture's warning
	w.rebuilt(t, "en en-az")
	if !strings.Contains(pdfText(t, en), "Bronze ledgers outnumber") {
		t.Error("the made-again folder's text is not in the English PDF")
	}
	save(t, article, strings.Replace(bronze, "Bronze ledgers", "Tin ledgers", 1))
	w.next(t) // the picture's warning
	w.rebuilt(t, "en en-az")
	if !strings.Contains(pdfText(t, en), "Tin ledgers outnumber") {
		t.Error("a save in the made-again folder is not in the English PDF")
	}
}

func startWatch(t *testing.T, bin string, args ...string) *watcher {
	t.Helper()
	r, wr := io.Pipe()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = wr, wr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := &watcher{cmd: cmd, lines: make(chan string, 100), done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			w.lines <- sc.Text()
		}
		close(w.lines)
	}()
	go func() {
		w.done <- cmd.Wait()
		wr.Close()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return w
}

// stopWatch sends SIGINT and checks the exit status and the last line.
func stopWatch(t *testing.T, w *watcher) {
	t.Helper()
	if err := w.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for ln := range w.lines {
		rest = append(rest, ln)
	}
	var exit *exec.ExitError
	if err := <-w.done; !errors.As(err, &exit) || exit.ExitCode() != exitSIGINT {
		t.Errorf("watch ended with %v, want exit status %d", err, exitSIGINT)
	}
	if len(rest) != 1 || !strings.Contains(rest[0], "interrupted by SIGINT") {
		t.Errorf("after SIGINT the watch printed %q, want one line saying it was interrupted", rest)
	}
}

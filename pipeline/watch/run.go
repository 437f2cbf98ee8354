package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"bulletin/internal/work"
	"bulletin/pipeline"
	"bulletin/pipeline/publish"
)

// Quiet is how long the watch waits after the last event before it
// rebuilds, unless Options.Quiet says otherwise: an editor's save is
// several events (create, write, chmod, rename) within a few
// milliseconds, and a burst of them makes one rebuild.
const Quiet = 30 * time.Millisecond

// Run builds the screen files of every edition in dirs, then again each
// time a file in one of their folders changes, until ctx is done; it then
// returns pipeline.ErrStopped, wrapped. A rebuild prints one line on
// stdout (Outcome.Line); invalid sources print their problems on stderr
// and keep the last good files; neither stops the watch, and nor does a
// bug in a stage (an internal error, printed with its stack).
func Run(ctx context.Context, dirs []string, opt Options, stdout, stderr io.Writer) error {
	// A folder that is not there cannot be watched for its creation:
	// say so now rather than wait for ever.
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			return fmt.Errorf("watch: %s is not an edition folder", d)
		}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer w.Close()
	for _, d := range dirs {
		// The folder that holds the edition's, so that the edition
		// folder is followed again when it is removed and made again
		// (or moved away and back): its own watch ends with it.
		if err := w.Add(filepath.Dir(d)); err != nil {
			fmt.Fprintf(stderr, "bulletin: watch: %v; %s is not followed if it is removed and made again\n", err, d)
		}
	}
	b := NewBuilder(opt)
	told := map[string]bool{} // the released editions the watch has said so of
	quiet := cmp.Or(opt.Quiet, Quiet)
	pending := map[string]bool{}
	for _, d := range dirs {
		pending[d] = true
	}
	timer := time.NewTimer(0) // the first build at once
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: the watch of %s", pipeline.ErrStopped, strings.Join(dirs, ", "))
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("watch: the watcher stopped")
			}
			// owner leaves out the other entries of the folders that hold
			// the editions'.
			if d := owner(dirs, ev.Name); d != "" && !ignored(ev.Name) {
				pending[d] = true
				timer.Reset(quiet)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return errors.New("watch: the watcher stopped")
			}
			// An overflow of the kernel's queue loses events: rebuild all.
			fmt.Fprintf(stderr, "bulletin: watch: %v; rebuilding everything\n", err)
			for _, d := range dirs {
				pending[d] = true
			}
			timer.Reset(quiet)
		case <-timer.C:
			for _, d := range dirs {
				if pending[d] {
					delete(pending, d)
					follow(w, d, stderr)
					rebuild(ctx, b, d, told, stdout, stderr)
				}
			}
		}
	}
}

// rebuild rebuilds one edition and prints what happened. A released
// edition whose files the rebuild would change is left as it is, and said
// so once (told), not at every save: the editor goes on writing, and the
// sources go on being checked. Once a rebuild is written again (the
// output folder moved away, or the sources back to the released bytes),
// the next refusal is said again.
func rebuild(ctx context.Context, b *Builder, dir string, told map[string]bool, stdout, stderr io.Writer) {
	var out Outcome
	err := work.Safe(func() (err error) {
		out, err = b.Rebuild(ctx, dir)
		return err
	})
	var bug *work.PanicError
	var rel *publish.ReleasedError
	switch {
	case err == nil:
		delete(told, dir)
		for _, w := range out.Warnings {
			fmt.Fprintln(stderr, w)
		}
		fmt.Fprintln(stdout, out.Line())
	case ctx.Err() != nil: // stopped halfway: Run says so
	case errors.As(err, &bug):
		fmt.Fprintf(stderr, "bulletin: internal error: %v\n%s", bug.Value, bug.Stack)
	case errors.As(err, &rel):
		if !told[dir] {
			told[dir] = true
			fmt.Fprintf(stderr, "bulletin: %s holds release %d of the edition (%s): the watch leaves its files as they are and goes on checking the sources, saying this once.\n"+
				"  To publish a change as a correction: bulletin release --force %s\n", rel.Dir, rel.Release.Number, rel.Release.Time, dir)
		}
	case pipeline.IsInvalid(err):
		n := strings.Count(err.Error(), "\n") + 1
		fmt.Fprintf(stderr, "%v\n%s  not rebuilt: %d %s; the last good files stay\n", err, dir, n, plural(n, "problem"))
	default:
		fmt.Fprintf(stderr, "bulletin: %v\n%s  not rebuilt; the last good files stay\n", err, dir)
	}
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// follow watches dir and the folders in it (images/), again before each
// rebuild: a folder made since, or the edition folder itself removed and
// made again, is watched from then on. Adding a watched folder again does
// nothing.
func follow(w *fsnotify.Watcher, dir string, stderr io.Writer) {
	if err := w.Add(dir); err != nil {
		return // the rebuild will say that the folder cannot be read
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && !ignored(e.Name()) {
			if err := w.Add(filepath.Join(dir, e.Name())); err != nil {
				fmt.Fprintf(stderr, "bulletin: watch: %v\n", err)
			}
		}
	}
}

// owner is the edition folder of dirs that holds path, or "".
func owner(dirs []string, path string) string {
	for _, d := range dirs {
		rel, err := filepath.Rel(d, path)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return d
		}
	}
	return ""
}

// ignored is an editor's litter, which source leaves out too: dot files
// (swap files, ._name) and backups ending in ~.
func ignored(path string) bool {
	base := filepath.Base(path)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~")
}

package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"bulletin/internal/work"
	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
)

// ErrStopped is returned (wrapped, naming the folder not written) by a
// Build whose Options.Context was cancelled: by SIGINT or SIGTERM, say.
var ErrStopped = errors.New("stopped")

// renderUnlessStopped renders e as Render does, unless ctx is done first.
// Typesetting and rendering check ctx between passes and pages, so a
// cancelled render ends within a page instead of running on unused. The
// check after the render makes a cancel that raced with it win too, so
// that a stopped build never starts to write.
func renderUnlessStopped(ctx context.Context, out string, e *Checked, variants []render.Variant, date time.Time) ([]publish.File, []string, error) {
	stopped := fmt.Errorf("%w before writing %s", ErrStopped, filepath.Join(out, e.Name()))
	if ctx.Err() != nil {
		return nil, nil, stopped
	}
	var files []publish.File
	var warns []string
	err := work.Safe(func() (err error) {
		files, warns, err = Render(ctx, e, variants, date)
		return err
	})
	if ctx.Err() != nil {
		return nil, nil, stopped
	}
	return files, warns, err
}

package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
)

// ErrStopped is returned (wrapped, naming the folder not written) by a
// Build whose Options.Context was cancelled: by SIGINT or SIGTERM, say.
var ErrStopped = errors.New("stopped")

// renderUnlessStopped renders e as Render does, unless ctx is done first.
// Typesetting a big edition takes seconds and cannot stop halfway, so on
// cancel it is left to finish in the background, unused, and the build
// returns at once: nothing is lost, since only publish writes, and it is
// reached only when this returns files. The check after a finished render
// makes a cancel that raced with it win too, so that a stopped build never
// starts to write.
func renderUnlessStopped(ctx context.Context, out string, e *Edition, variants []render.Variant) ([]publish.File, []string, error) {
	if ctx == nil {
		return Render(context.Background(), e, variants)
	}
	stopped := fmt.Errorf("%w before writing %s", ErrStopped, filepath.Join(out, e.Name()))
	if ctx.Err() != nil {
		return nil, nil, stopped
	}
	type rendered struct {
		files []publish.File
		warns []string
		err   error
	}
	done := make(chan rendered, 1) // buffered: an abandoned render must not block for ever
	go func() {
		var r rendered
		r.files, r.warns, r.err = Render(ctx, e, variants)
		done <- r
	}()
	select {
	case <-ctx.Done():
		return nil, nil, stopped
	case r := <-done:
		if ctx.Err() != nil {
			return nil, nil, stopped
		}
		return r.files, r.warns, r.err
	}
}

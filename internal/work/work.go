// Package work is the one way this program runs work in parallel: n jobs
// on at most GOMAXPROCS goroutines, stopped by a context, the first error
// returned, and a panic on any goroutine turned into an error that keeps
// the goroutine's own stack (a bug of this program, reported as an
// internal error, never a crash with a raw trace).
package work

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// PanicError is a panic recovered on a worker goroutine.
type PanicError struct {
	Value any
	Stack []byte // the stack of the goroutine that panicked
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error: %v\n%s", e.Value, e.Stack)
}

// Do calls job(ctx, 0) ... job(ctx, n-1) on at most GOMAXPROCS goroutines
// and returns when all started jobs have returned. The first error (or
// recovered panic) cancels the context handed to the other jobs, no job
// starts after that or after ctx is done, and that first error is
// returned; ctx.Err() when ctx ended before every job ran.
func Do(ctx context.Context, n int, job func(ctx context.Context, i int) error) error {
	return Limit(ctx, runtime.GOMAXPROCS(0), n, job)
}

// Limit is Do with at most limit jobs running at once.
func Limit(ctx context.Context, limit, n int, job func(ctx context.Context, i int) error) error {
	if n == 0 {
		return ctx.Err()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(limit, 1), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := Safe(func() error { return job(ctx, i) }); err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// Safe calls f and turns a panic in it into a *PanicError with the stack
// of the panic.
func Safe(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return f()
}

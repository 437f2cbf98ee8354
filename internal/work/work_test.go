package work

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

func TestDoRunsEveryJob(t *testing.T) {
	var sum atomic.Int64
	if err := Do(context.Background(), 100, func(_ context.Context, i int) error {
		sum.Add(int64(i))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if sum.Load() != 4950 {
		t.Errorf("sum %d, want 4950", sum.Load())
	}
}

func TestDoReturnsFirstErrorAndStops(t *testing.T) {
	boom := errors.New("boom")
	var ran atomic.Int64
	err := Limit(context.Background(), 1, 100, func(_ context.Context, i int) error {
		ran.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
	if ran.Load() != 4 {
		t.Errorf("%d jobs ran after the error at job 3, want 4 in all", ran.Load())
	}
}

func TestDoRecoversPanicWithItsStack(t *testing.T) {
	err := Do(context.Background(), 8, func(_ context.Context, i int) error {
		if i == 5 {
			explode()
		}
		return nil
	})
	var p *PanicError
	if !errors.As(err, &p) {
		t.Fatalf("err %v, want a *PanicError", err)
	}
	if p.Value != "kaboom" || !strings.Contains(string(p.Stack), "work.explode") {
		t.Errorf("value %v, stack without the panicking function:\n%s", p.Value, p.Stack)
	}
	if !strings.HasPrefix(err.Error(), "internal error: kaboom") {
		t.Errorf("message %q", err)
	}
}

func explode() { panic("kaboom") }

func TestDoStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int64
	err := Do(ctx, 10, func(context.Context, int) error { ran.Add(1); return nil })
	if !errors.Is(err, context.Canceled) || ran.Load() != 0 {
		t.Errorf("err %v after %d jobs, want context.Canceled after none", err, ran.Load())
	}
}

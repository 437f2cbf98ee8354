package deliver

import (
	"context"
	"time"
)

// Clock is the time a run sees; tests give a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done, and returns ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the machine's clock.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits d unless ctx is done first.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// limiter is a sliding window: at most rate.N attempts in any window of
// rate.Per. It is seeded with the attempts of the ledger, so that a run
// started again at once cannot go over the rate.
type limiter struct {
	rate  Rate
	times []time.Time // the last rate.N attempts, oldest first
}

func newLimiter(r Rate, past []time.Time) *limiter {
	l := &limiter{rate: r}
	for _, t := range past {
		l.add(t)
	}
	return l
}

// wait returns how long to wait, at now, before the next attempt.
func (l *limiter) wait(now time.Time) time.Duration {
	if l.rate.N == 0 || len(l.times) < l.rate.N {
		return 0
	}
	return l.times[0].Add(l.rate.Per).Sub(now)
}

func (l *limiter) add(t time.Time) {
	if l.rate.N == 0 {
		return
	}
	l.times = append(l.times, t)
	if len(l.times) > l.rate.N {
		l.times = l.times[len(l.times)-l.rate.N:]
	}
}

package deliver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Plan sorts the subscribers by what a run does with each.
type Plan struct {
	Send       []Subscriber // no outcome yet, or deferred before
	Unknown    []Subscriber // an attempt without an outcome: left alone
	Done       []Subscriber // sent or bounced
	Suppressed []Subscriber // on the suppression list
	Paused     []Subscriber
}

// MakePlan decides, from the ledger and the suppression list, whom a run
// mails. resendUnknown puts the uncertain ones back in Send.
func MakePlan(subs []Subscriber, suppressed map[string]bool, l *Ledger, resendUnknown bool) Plan {
	var p Plan
	for _, s := range subs {
		st := l.State(s.Email)
		switch {
		case suppressed[s.Key()]:
			p.Suppressed = append(p.Suppressed, s)
		case st.Done():
			p.Done = append(p.Done, s)
		case s.Paused:
			p.Paused = append(p.Paused, s)
		case st.Outcome == EvUnknown && !resendUnknown:
			p.Unknown = append(p.Unknown, s)
		default:
			p.Send = append(p.Send, s)
		}
	}
	return p
}

// Run is one send of an edition.
type Run struct {
	Edition   *Edition
	Settings  *Settings
	Composer  *Composer
	Ledger    *Ledger
	Transport Transport
	Clock     Clock
	Log       io.Writer // a line per message
	// Suppressed, when set, is the suppression list, read again whenever
	// it changes during the run: a reader who unsubscribes an hour into
	// a slow run is not mailed after all.
	Suppressed *SuppressionList
}

// Result counts what a run did.
type Result struct {
	Sent, Bounced, Deferred, Unknown int
	Suppressed                       int   // unsubscribed while the run went on
	Breaker                          bool  // stopped by the circuit breaker
	Limited                          bool  // stopped at the settings' limit of messages per run
	Left                             int   // not tried in this run: after the breaker or the limit
	Stopped                          error // the context's error when a signal stopped the run
}

// ErrBreaker says the run stopped after too many failures in a row.
var ErrBreaker = errors.New("circuit breaker")

type queued struct {
	sub   Subscriber
	n     int // its number in the log
	tries int
	due   time.Time
}

// Do mails every subscriber of subs once. It stops between messages when
// ctx is done (the message in flight is finished and recorded first).
func (r *Run) Do(ctx context.Context, subs []Subscriber) (Result, error) {
	var res Result
	if err := r.Edition.CheckSent(r.Ledger); err != nil {
		return res, err
	}
	lim := newLimiter(r.Settings.Rate, r.Ledger.AttemptTimes())
	queue := make([]*queued, len(subs))
	for i, s := range subs {
		queue[i] = &queued{sub: s, n: i + 1}
	}
	width := len(fmt.Sprint(len(subs)))
	failures, tried := 0, 0
	for len(queue) > 0 {
		if r.Settings.Limit > 0 && tried >= r.Settings.Limit {
			res.Limited, res.Left = true, len(queue)
			return res, nil
		}
		tried++
		q := queue[0]
		queue = queue[1:]
		wait := q.due.Sub(r.Clock.Now())
		if w := lim.wait(r.Clock.Now()); w > wait {
			wait = w
		}
		if err := r.Clock.Sleep(ctx, wait); err != nil || ctx.Err() != nil {
			res.Stopped = ctx.Err()
			return res, nil
		}
		if r.Suppressed.Has(q.sub.Email) {
			res.Suppressed++
			fmt.Fprintf(r.Log, "[%*d/%d] %-8s %s  %s  unsubscribed during the run\n", width, q.n, len(subs), "skipped", q.sub.Email, q.sub.Lang)
			continue
		}
		ev, reply, err := r.one(q.sub, lim)
		if err != nil {
			return res, err
		}
		fmt.Fprintf(r.Log, "[%*d/%d] %-8s %s  %s  %s\n", width, q.n, len(subs), ev, q.sub.Email, q.sub.Lang, reply)
		switch ev {
		case EvSent:
			res.Sent++
			failures = 0
			continue
		case EvBounced:
			res.Bounced++
		case EvUnknown:
			res.Unknown++
		case EvDeferred:
			if q.tries++; q.tries < r.Settings.Attempts {
				q.due = r.Clock.Now().Add(r.Settings.RetryDelay << (q.tries - 1))
				insert(&queue, q)
			} else {
				res.Deferred++
			}
		}
		if failures++; failures >= r.Settings.Breaker {
			res.Breaker, res.Left = true, len(queue)
			return res, nil
		}
	}
	return res, nil
}

// insert puts q into queue by due time, after those due at the same time.
func insert(queue *[]*queued, q *queued) {
	i := len(*queue)
	for i > 0 && (*queue)[i-1].due.After(q.due) {
		i--
	}
	*queue = append(*queue, nil)
	copy((*queue)[i+1:], (*queue)[i:])
	(*queue)[i] = q
}

// one sends one message and records its attempt and outcome.
func (r *Run) one(s Subscriber, lim *limiter) (ev, reply string, err error) {
	f := r.Edition.Files[s.Lang]
	id := r.Composer.MessageID(s.Email)
	msg, err := r.Composer.Compose(s, id, r.Clock.Now())
	if err != nil {
		return "", "", err
	}
	rec := Record{Address: s.Email, Lang: s.Lang, File: f.Name, SHA256: f.SHA256, MessageID: id}
	reply, err = r.Transport.Send(r.Settings.EnvelopeFrom, s.Email, msg, func() error {
		now := r.Clock.Now()
		lim.add(now)
		a := rec
		a.Time, a.Event = stamp(now), EvAttempt
		if err := r.Ledger.Append(a); err != nil {
			return fmt.Errorf("%w: %v", ErrLedger, err)
		}
		return nil
	})
	var se *SendError
	switch {
	case err == nil:
		ev = EvSent
	case errors.As(err, &se):
		ev, reply = se.outcome(), se.Error()
	default:
		return "", "", err // the ledger failed: stop now
	}
	rec.Time, rec.Event, rec.Reply = stamp(r.Clock.Now()), ev, oneLine(reply)
	rec.File, rec.SHA256 = "", ""
	if err := r.Ledger.Append(rec); err != nil {
		return "", "", err
	}
	return ev, reply, nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Resolve records an operator's word on an address: sent, or unsent
// (then the next run sends to it again).
func Resolve(l *Ledger, addr, outcome string, now time.Time) error {
	if outcome != EvSent && outcome != "unsent" {
		return fmt.Errorf("--resolve %s=%s: the outcome must be sent or unsent", addr, outcome)
	}
	st := l.State(addr)
	if st.Last.Event == "" {
		return fmt.Errorf("--resolve: %s has no record in %s", addr, l.path)
	}
	return l.Append(Record{Time: stamp(now), Event: EvResolved, Address: st.Last.Address, MessageID: st.Attempt.MessageID, Reply: outcome})
}

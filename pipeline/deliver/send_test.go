package deliver

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bulletin/internal/smtptest"

	"golang.org/x/sys/unix"
)

func TestSendOnceEachAndRerunSendsNothing(t *testing.T) {
	f := newFixture(t, 9)
	res, _ := f.send(t, context.Background(), false)
	if res.Sent != 9 || res.Deferred+res.Bounced+res.Unknown != 0 {
		t.Fatalf("first run: %+v\n%s", res, f.log.String())
	}
	got := f.received(t)
	for _, s := range f.subs {
		if got[s.Key()] != 1 {
			t.Errorf("%s received %d messages", s.Email, got[s.Key()])
		}
	}
	res, plan := f.send(t, context.Background(), false)
	if res.Sent != 0 || len(plan.Done) != 9 || len(f.srv.Messages()) != 9 {
		t.Errorf("second run: %+v, %d done, %d received", res, len(plan.Done), len(f.srv.Messages()))
	}
	l, _ := ReadLedger(f.ledger)
	if len(l.Records) != 18 || l.Records[0].Event != EvAttempt || l.Records[1].Event != EvSent ||
		!strings.Contains(l.Records[1].Reply, "250 2.0.0 OK: queued as Q00001") {
		t.Errorf("ledger: %+v", l.Records[:2])
	}
	if !strings.Contains(f.log.String(), "[1/9] sent     reader00@example.org  az  250 2.0.0 OK: queued as Q00001\n") {
		t.Errorf("log:\n%s", f.log.String())
	}
}

func TestTemporaryFailureRetriedAndPermanentBounced(t *testing.T) {
	f := newFixture(t, 4)
	var mu sync.Mutex
	tries := map[string]int{}
	f.srv.SetRcpt(func(to string) int {
		mu.Lock()
		defer mu.Unlock()
		tries[to]++
		switch {
		case to == "reader01@example.org" && tries[to] <= 2:
			return 451
		case to == "reader02@example.org":
			return 550
		}
		return 0
	})
	res, _ := f.send(t, context.Background(), false)
	if res.Sent != 3 || res.Bounced != 1 || res.Deferred != 0 {
		t.Fatalf("%+v\n%s", res, f.log.String())
	}
	got := f.received(t)
	if got["reader01@example.org"] != 1 || got["reader02@example.org"] != 0 || tries["reader01@example.org"] != 3 {
		t.Errorf("received %v after %v tries", got, tries)
	}
	l, _ := ReadLedger(f.ledger)
	if st := l.State("reader01@example.org"); st.Outcome != EvSent || st.Deferrals != 2 {
		t.Errorf("reader01: %+v", st)
	}
	if st := l.State("reader02@example.org"); st.Outcome != EvBounced || !strings.Contains(st.Last.Reply, "550 5.1.1 no such mailbox") {
		t.Errorf("reader02: %+v", st)
	}
	// Backoff: the second try waits retry_delay, the third twice that.
	if f.clock.Now().Sub(time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)) != 3*time.Second {
		t.Errorf("clock at %v", f.clock.Now())
	}
	f.send(t, context.Background(), false)
	if tries["reader02@example.org"] != 1 {
		t.Errorf("a bounced address was tried again: %d", tries["reader02@example.org"])
	}
}

func TestDeferredLeftForNextRun(t *testing.T) {
	f := newFixture(t, 2)
	f.srv.SetRcpt(func(to string) int {
		if to == "reader00@example.org" {
			return 451
		}
		return 0
	})
	res, _ := f.send(t, context.Background(), false)
	if res.Deferred != 1 || res.Sent != 1 {
		t.Fatalf("%+v", res)
	}
	f.srv.SetRcpt(nil)
	res, plan := f.send(t, context.Background(), false)
	if res.Sent != 1 || len(plan.Send) != 1 || f.received(t)["reader00@example.org"] != 1 {
		t.Errorf("second run %+v", res)
	}
}

func TestBreakerTrips(t *testing.T) {
	f := newFixture(t, 20)
	f.set.Attempts = 1
	f.srv.SetRcpt(func(string) int { return 421 })
	res, _ := f.send(t, context.Background(), false)
	if !res.Breaker || res.Deferred != 5 || res.Left != 15 || res.Sent != 0 {
		t.Errorf("%+v", res)
	}
	l, _ := ReadLedger(f.ledger)
	if n := len(l.States); n != 5 {
		t.Errorf("%d addresses tried; the breaker is at 5", n)
	}
}

func TestLimitPerRun(t *testing.T) {
	f := newFixture(t, 7)
	f.set.Limit = 3
	for i, want := range []Result{{Sent: 3, Limited: true, Left: 4}, {Sent: 3, Limited: true, Left: 1}, {Sent: 1}} {
		if res, _ := f.send(t, context.Background(), false); res != want {
			t.Errorf("run %d: %+v, want %+v", i+1, res, want)
		}
	}
	if got := f.received(t); len(got) != 7 {
		t.Errorf("%d received", len(got))
	}
}

// TestRateHoldsAcrossRestart: a second run started at once goes on at
// the rate, counting the first run's messages.
func TestRateHoldsAcrossRestart(t *testing.T) {
	f := newFixture(t, 8)
	f.set.Rate = Rate{N: 3, Per: time.Second}
	all := f.subs
	f.subs = all[:3]
	f.send(t, context.Background(), false)
	f.clock.advance(100 * time.Millisecond)
	f.subs = all
	f.send(t, context.Background(), false)
	l, _ := ReadLedger(f.ledger)
	times := l.AttemptTimes()
	if len(times) != 8 {
		t.Fatalf("%d attempts", len(times))
	}
	for i := 3; i < len(times); i++ {
		if d := times[i].Sub(times[i-3]); d < time.Second {
			t.Errorf("attempts %d and %d are %v apart: 4 in less than a second", i-3, i, d)
		}
	}
}

// TestStopFinishesMessageInFlight: a stop while a message is in flight
// lets it finish and be recorded, then sends no more.
func TestStopFinishesMessageInFlight(t *testing.T) {
	f := newFixture(t, 6)
	ctx, cancel := context.WithCancel(context.Background())
	f.srv.SetHold(func(m smtptest.Message) {
		if m.To[0] == "reader02@example.org" {
			cancel()
		}
	})
	res, _ := f.send(t, ctx, false)
	if res.Stopped == nil || res.Sent != 3 || len(f.srv.Messages()) != 3 {
		t.Errorf("%+v, %d received", res, len(f.srv.Messages()))
	}
	l, _ := ReadLedger(f.ledger)
	if st := l.State("reader02@example.org"); st.Outcome != EvSent {
		t.Errorf("the message in flight: %+v", st)
	}
}

func TestChangedFileRefused(t *testing.T) {
	f := newFixture(t, 3)
	f.subs = f.subs[:1]
	f.send(t, context.Background(), false)
	// A forced rebuild changes the file after the first message went out.
	dir := filepath.Join(f.dir, "out/2025-01")
	os.WriteFile(filepath.Join(dir, "bulletin-2025-01-az.pdf"), []byte("%PDF-1.7 other bytes"), 0o644)
	if _, err := LoadEdition(dir, false); err == nil || !strings.Contains(err.Error(), "changed since the build") {
		t.Errorf("file changed behind the manifest: %v", err)
	}
	writeEditionWith(t, dir, "other bytes")
	ed, err := LoadEdition(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := OpenLedger(f.ledger)
	defer l.Close()
	run := &Run{Edition: ed, Settings: f.set, Ledger: l, Clock: f.clock}
	if _, err := run.Do(context.Background(), f.subs); !errors.Is(err, ErrChanged) {
		t.Errorf("got %v, want ErrChanged", err)
	}
}

func writeEditionWith(t *testing.T, dir, extra string) {
	writeEdition(t, dir, true)
	for _, l := range []string{"az", "en", "en-az"} {
		p := filepath.Join(dir, "bulletin-2025-01-"+l+".pdf")
		data, _ := os.ReadFile(p)
		os.WriteFile(p, append(data, extra...), 0o644)
	}
	m, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	_ = m
	// Rewrite the manifest from the new bytes.
	rewriteManifest(t, dir)
}

func TestUnreleasedRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	writeEdition(t, dir, false)
	if _, err := LoadEdition(dir, false); !errors.Is(err, ErrUnreleased) {
		t.Errorf("got %v", err)
	}
	ed, err := LoadEdition(dir, true)
	if err != nil || len(ed.Langs) != 3 {
		t.Errorf("--unreleased: %v %v", ed, err)
	}
}

func TestLedgerTornLineAndLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.jsonl")
	good := `{"time":"2025-01-15T09:00:00Z","event":"attempt","address":"a@example.org"}` + "\n"
	os.WriteFile(path, []byte(good+`{"time":"2025-01-15T09:00:01Z","event":"se`), 0o644)
	l, err := OpenLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != good {
		t.Errorf("torn line not cut: %q", data)
	}
	if st := l.State("A@example.org"); st.Outcome != EvUnknown {
		t.Errorf("an attempt without outcome: %+v", st)
	}
	if _, err := OpenLedger(path); err == nil || !strings.Contains(err.Error(), "another send of this edition is running") {
		t.Errorf("second open: %v", err)
	}
	if err := Resolve(l, "a@example.org", "unsent", time.Now()); err != nil {
		t.Fatal(err)
	}
	if st := l.State("a@example.org"); st.Outcome != "" {
		t.Errorf("resolved unsent: %+v", st)
	}
	l.Close()
	os.WriteFile(path, []byte("not json\n"), 0o644)
	if _, err := ReadLedger(path); err == nil || !strings.HasPrefix(err.Error(), path+":1:1: not a ledger record") {
		t.Errorf("bad line: %v", err)
	}
}

// TestRelayDown: a relay that cannot be reached defers each message,
// records no attempt (nothing reached a final dot), and trips the
// breaker instead of burning through the list.
func TestRelayDown(t *testing.T) {
	f := newFixture(t, 12)
	f.srv.Close()
	// A closed server's port can be taken at once by a server of another
	// test running beside this one; a port bound and not listening
	// refuses every connection and stays this test's.
	f.set.SMTP.Port = refusingPort(t)
	f.set.Attempts = 2
	res, _ := f.send(t, context.Background(), false)
	if !res.Breaker || res.Sent != 0 || res.Unknown != 0 {
		t.Errorf("%+v", res)
	}
	l, _ := ReadLedger(f.ledger)
	for _, r := range l.Records {
		if r.Event != EvDeferred {
			t.Errorf("record %+v", r)
		}
	}
	if len(l.Records) != 5 || !strings.Contains(l.Records[0].Reply, "connection refused") {
		t.Errorf("%d records: %+v", len(l.Records), l.Records)
	}
}

// TestConnectionLostAfterDot: the relay has the whole message and the
// connection drops before its reply: the outcome is unknown, recorded as
// such, and the next run does not send it again.
func TestConnectionLostAfterDot(t *testing.T) {
	f := newFixture(t, 3)
	f.srv.SetHold(func(m smtptest.Message) {
		if m.To[0] == "reader01@example.org" {
			f.srv.Close()
		}
	})
	res, _ := f.send(t, context.Background(), false)
	if res.Sent != 1 || res.Unknown != 1 || res.Deferred != 1 {
		t.Fatalf("%+v\n%s", res, f.log.String())
	}
	l, _ := ReadLedger(f.ledger)
	if st := l.State("reader01@example.org"); st.Last.Event != EvUnknown || st.Attempt.MessageID == "" {
		t.Errorf("reader01: %+v", st)
	}
	_, plan := f.send(t, context.Background(), false)
	if len(plan.Unknown) != 1 || plan.Unknown[0].Email != "reader01@example.org" || len(plan.Send) != 1 {
		t.Errorf("next run's plan: %+v", plan)
	}
}

// refusingPort is a port on 127.0.0.1 that is bound but not listening, so
// a connection to it is refused for as long as the test runs.
func refusingPort(t *testing.T) int {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return sa.(*unix.SockaddrInet4).Port
}

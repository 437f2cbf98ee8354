package deliver

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bulletin/internal/smtptest"
)

// TestMain lets the test binary be the sender that TestKilledSender
// kills: with DELIVER_CHILD set to a fixture folder it runs one send
// from there and exits with the status bulletin send would.
func TestMain(m *testing.M) {
	if dir := os.Getenv("DELIVER_CHILD"); dir != "" {
		os.Exit(childSend(dir))
	}
	os.Exit(m.Run())
}

func childSend(dir string) int {
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	data, err := os.ReadFile(filepath.Join(dir, "settings.yaml"))
	if err != nil {
		return fail(err)
	}
	set, err := ParseSettings("settings.yaml", data)
	if err != nil {
		return fail(err)
	}
	ed, err := LoadEdition(filepath.Join(dir, "out/2025-01"), false)
	if err != nil {
		return fail(err)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "subscribers.csv"))
	subs, err := ParseSubscribers("subscribers.csv", data, ed.Langs)
	if err != nil {
		return fail(err)
	}
	l, err := OpenLedger(filepath.Join(dir, "2025-01.jsonl"))
	if err != nil {
		return fail(err)
	}
	comp, _ := NewComposer(ed, set, testKey, nil)
	tr, _ := NewSMTP(set.SMTP, "")
	plan := MakePlan(subs, nil, l, false)
	run := &Run{Edition: ed, Settings: set, Composer: comp, Ledger: l, Transport: tr, Clock: RealClock{}, Log: os.Stdout}
	res, err := run.Do(context.Background(), plan.Send)
	switch {
	case err != nil:
		return fail(err)
	case res.Unknown+len(plan.Unknown) > 0:
		return 4
	case res.Deferred > 0 || res.Breaker:
		return 3
	}
	return 0
}

// TestKilledSender kills the sender with SIGKILL at random moments, once
// between the final dot and the reply, then lets a run finish: nobody
// gets two messages, and everyone got one or is listed as unknown.
func TestKilledSender(t *testing.T) {
	f := newFixture(t, 40)
	var csv strings.Builder
	csv.WriteString("email,name,language\n")
	for _, s := range f.subs {
		fmt.Fprintf(&csv, "%s,%s,%s\n", s.Email, s.Name, s.Lang)
	}
	os.WriteFile(filepath.Join(f.dir, "subscribers.csv"), []byte(csv.String()), 0o644)
	os.WriteFile(filepath.Join(f.dir, "settings.yaml"), []byte(settingsFor(f.srv)), 0o644)
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "DELIVER_CHILD="+f.dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	// First kill: reader03's message is whole at the server, its reply held.
	held, release := make(chan struct{}), make(chan struct{})
	f.srv.SetHold(func(m smtptest.Message) {
		if m.To[0] == "reader03@example.org" {
			close(held)
			<-release
		}
	})
	cmd := start()
	<-held
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	f.srv.SetHold(nil)
	close(release)
	kills := 1
	// Then at random moments, each after the server saw one more message.
	rng := rand.New(rand.NewPCG(1, 2))
	for kills < 32 {
		before := len(f.srv.Messages())
		cmd := start()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if kills%2 == 0 {
			// Any moment from the start (opening the ledger, connecting,
			// writing a message), but before a second message is whole.
			wait := time.Now().Add(time.Duration(rng.IntN(4000)) * time.Microsecond)
			for time.Now().Before(wait) && len(f.srv.Messages()) == before && len(done) == 0 {
				time.Sleep(50 * time.Microsecond)
			}
		} else {
			// ... or in the middle of the list: just after a message.
			for deadline := time.Now().Add(10 * time.Second); len(f.srv.Messages()) == before; {
				if len(done) > 0 || time.Now().After(deadline) {
					break
				}
				time.Sleep(100 * time.Microsecond)
			}
			time.Sleep(time.Duration(rng.IntN(300)) * time.Microsecond)
		}
		exited := len(done) > 0
		if exited {
			t.Logf("the sender finished before kill %d", kills+1)
			<-done
			break
		}
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		kills++
	}
	t.Logf("%d messages before the clean run", len(f.srv.Messages()))
	// The clean run: exit 4, since reader03 at least is unknown.
	cmd = start()
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 4 {
		t.Errorf("the clean run: %v, want exit status 4", err)
	}
	got := f.received(t)
	l, err := ReadLedger(f.ledger)
	if err != nil {
		t.Fatal(err)
	}
	unknown := 0
	for _, s := range f.subs {
		st := l.State(s.Email)
		switch {
		case st.Outcome == EvUnknown:
			unknown++
		case st.Outcome != EvSent || got[s.Key()] != 1:
			t.Errorf("%s: %q in the ledger, %d received", s.Email, st.Outcome, got[s.Key()])
		}
	}
	if st := l.State("reader03@example.org"); st.Outcome != EvUnknown || got["reader03@example.org"] != 1 {
		t.Errorf("reader03, killed between the dot and the reply: %+v, %d received", st, got["reader03@example.org"])
	}
	t.Logf("%d kills, %d messages, %d unknown", kills, len(f.srv.Messages()), unknown)
	if kills < 30 {
		t.Errorf("only %d kills", kills)
	}
}

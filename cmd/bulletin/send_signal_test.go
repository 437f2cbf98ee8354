package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"bulletin/internal/smtptest"
	"bulletin/pipeline/deliver"
)

// TestSignalStopsSendAfterMessageInFlight: SIGINT or SIGTERM while the
// relay holds its reply to the second message: that message is finished
// and recorded as sent, no other is sent, and the status is 130 or 143.
// The real binary runs, since the signal handling is in its main path.
func TestSignalStopsSendAfterMessageInFlight(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bulletin")
	if msg, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		name string
	}{{syscall.SIGINT, 130, "SIGINT"}, {syscall.SIGTERM, 143, "SIGTERM"}} {
		t.Run(c.name, func(t *testing.T) {
			srv := smtptest.Start(t, smtptest.Options{})
			dir := sendEdition(t, true)
			s := strings.Replace(string(must(os.ReadFile(filepath.Join(dir, "mail/settings.yaml")))), "port: 2525", fmt.Sprintf("port: %d", srv.Port), 1)
			s = strings.Replace(s, "rate: 20/1m", `rate: "off"`, 1)
			os.WriteFile(filepath.Join(dir, "mail/settings.yaml"), []byte(s), 0o644)
			os.WriteFile(filepath.Join(dir, "mail/subscribers.csv"), []byte("email,name,language\na@example.org,A,en\nb@example.org,B,az\nc@example.org,C,en-az\n"), 0o644)
			held, release := make(chan struct{}), make(chan struct{})
			srv.SetHold(func(m smtptest.Message) {
				if m.To[0] == "b@example.org" {
					close(held)
					<-release
				}
			})
			cmd := exec.Command(bin, "send", "2025-01")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "BULLETIN_UNSUBSCRIBE_KEY="+key["BULLETIN_UNSUBSCRIBE_KEY"])
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			pipe, _ := cmd.StderrPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			<-held
			cmd.Process.Signal(c.sig)
			// The reply goes out once the sender says it will stop.
			r := bufio.NewReader(pipe)
			first, _ := r.ReadString('\n')
			close(release)
			rest, _ := io.ReadAll(r)
			stderr := first + string(rest)
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != c.code {
				t.Fatalf("exit %v, want %d\n%s%s", err, c.code, stdout.String(), stderr)
			}
			want := "bulletin: " + c.name + ": stopping after the message in flight (again to stop at once)\n" +
				"bulletin: interrupted by " + c.name + " after the message in flight; run the same command again to go on\n"
			if stderr != want || len(srv.Messages()) != 2 {
				t.Errorf("stderr %q, %d messages", stderr, len(srv.Messages()))
			}
			l, err := deliver.ReadLedger(filepath.Join(dir, "mail/ledger/2025-01.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			if l.State("b@example.org").Outcome != deliver.EvSent || l.State("c@example.org").Outcome != "" {
				t.Errorf("ledger %+v", l.Records)
			}
		})
	}
}

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"bulletin/internal/smtptest"
	"bulletin/pipeline/deliver"
)

// TestSendBinary runs the real binary, built once, since the signal
// handling and the server are in its main path.
func TestSendBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bulletin")
	if msg, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	t.Run("signal stops send after the message in flight", func(t *testing.T) { signalStopsSend(t, bin) })
	t.Run("unsubscribe-server", func(t *testing.T) { unsubscribeServer(t, bin) })
}

// signalStopsSend: SIGINT or SIGTERM while the
// relay holds its reply to the second message: that message is finished
// and recorded as sent, no other is sent, and the status is 130 or 143.
func signalStopsSend(t *testing.T, bin string) {
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

// unsubscribeServer: the one-click link of a received message, through
// the real server: GET leaves the list alone, POST adds the address, a
// forged token is refused, and SIGTERM stops the server cleanly.
func unsubscribeServer(t *testing.T, bin string) {
	dir := sendEdition(t, true)
	cmd := exec.Command(bin, "unsubscribe-server", "--listen", "127.0.0.1:0")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BULLETIN_UNSUBSCRIBE_KEY="+key["BULLETIN_UNSUBSCRIBE_KEY"])
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	first, _ := r.ReadString('\n')
	base, ok := strings.CutPrefix(strings.Fields(first + " x x")[2], "http://")
	if !ok {
		t.Fatalf("first line %q", first)
	}
	// The link as the preview of aysel's message has it.
	eml := string(must(os.ReadFile("testdata/send/preview-az.eml")))
	link := regexp.MustCompile(`<https://example.org/bulletin/unsubscribe(\?a=[^>]*)>`).FindStringSubmatch(eml)
	if link == nil {
		t.Fatal("no List-Unsubscribe link in preview-az.eml")
	}
	url := "http://" + strings.TrimSuffix(base, "/") + "/bulletin/unsubscribe" + link[1]
	suppressed := filepath.Join(dir, "mail/suppressed.txt")
	for _, c := range []struct {
		method, url string
		status      int
		list        string
	}{
		{"GET", url, 200, ""},
		{"POST", strings.Replace(url, "&t=", "&t=x", 1), 403, ""},
		{"POST", url, 200, "aysel@example.org\n"},
	} {
		req, _ := http.NewRequest(c.method, c.url, strings.NewReader("List-Unsubscribe=One-Click"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		list, _ := os.ReadFile(suppressed)
		if resp.StatusCode != c.status || string(list) != c.list {
			t.Errorf("%s %s: %d, list %q", c.method, c.url, resp.StatusCode, list)
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	rest, _ := io.ReadAll(r)
	if err := cmd.Wait(); err != nil || string(rest) != "unsubscribed aysel@example.org\n" {
		t.Errorf("after SIGTERM: %v, output %q", err, rest)
	}
}

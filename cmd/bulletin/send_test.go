package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"bulletin/internal/smtptest"
	"bulletin/pipeline/publish"
)

var update = flag.Bool("update", false, "rewrite testdata/send/*.golden and the catalogue's want.txt files")

// sendEdition makes a folder with out/2025-01 as a build and a release
// leave it (stand-in PDFs, manifest.json written from publish's types)
// and mail/ holding the repository's example settings and subscribers.
func sendEdition(t *testing.T, released bool) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "out/2025-01")
	os.MkdirAll(out, 0o755)
	os.MkdirAll(filepath.Join(dir, "mail"), 0o755)
	m := publish.Manifest{Edition: "2025-01", Tool: "bulletin test", Sources: strings.Repeat("0", 64)}
	rel := 0
	if released {
		rel = 1
		m.Releases = []publish.Release{{Number: 1, Time: "2025-01-31T12:00:00Z", Sources: m.Sources, Tool: m.Tool}}
	}
	for _, lang := range []string{"az", "en", "en-az"} {
		name := "bulletin-2025-01-" + lang + ".pdf"
		data := []byte("%PDF-1.7\n% stand-in for the " + lang + " screen file\n%%EOF\n")
		os.WriteFile(filepath.Join(out, name), data, 0o644)
		sum := sha256.Sum256(data)
		m.Files = append(m.Files, publish.Entry{Name: name, Lang: lang, Variant: "screen", Release: rel, Pages: 4,
			Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Contents: []publish.Heading{
				{Title: "I. The corridor across the Caspian", Page: 2}, {Title: "II. Notes on a long negotiation", Page: 3}}})
	}
	data, _ := json.MarshalIndent(m, "", "  ")
	os.WriteFile(filepath.Join(out, "manifest.json"), data, 0o644)
	for _, f := range []string{"settings.yaml", "subscribers.csv"} {
		data, err := os.ReadFile(filepath.Join("../../mail", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "mail", f), data, 0o644)
	}
	return dir
}

// runIn runs bulletin with args from dir, with env as its environment.
func runIn(t *testing.T, dir string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	old := envOf
	envOf = func(k string) string { return env[k] }
	defer func() { envOf = old }()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"bulletin"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata/send", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, got, 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; got:\n%s", path, got)
	}
}

var key = map[string]string{"BULLETIN_UNSUBSCRIBE_KEY": "0123456789abcdef0123456789abcdef", "SOURCE_DATE_EPOCH": "1738324800"}

func TestSendDryRunGolden(t *testing.T) {
	dir := sendEdition(t, true)
	os.WriteFile(filepath.Join(dir, "mail/suppressed.txt"), []byte("# unsubscribed\nJ.Hart@example.org\n"), 0o644)
	code, stdout, stderr := runIn(t, dir, nil, "send", "--dry-run", "2025-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "dry-run.golden", []byte(stdout))
	if _, err := os.Stat(filepath.Join(dir, "mail/ledger")); err == nil {
		t.Error("a dry run made the ledger folder")
	}
}

func TestSendPreviewGolden(t *testing.T) {
	dir := sendEdition(t, true)
	t.Setenv("SOURCE_DATE_EPOCH", "1738324800") // 2025-01-31 12:00 UTC
	code, stdout, stderr := runIn(t, dir, key, "send", "--preview", "preview", "2025-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "preview.golden", []byte(stdout))
	for _, lang := range []string{"az", "en", "en-az"} {
		data, err := os.ReadFile(filepath.Join(dir, "preview/bulletin-2025-01-"+lang+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "preview-"+lang+".eml", data)
	}
}

// TestSendExitStatus: what a user sees for each way a send ends.
func TestSendExitStatus(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	relay := func(dir string) {
		s, _ := os.ReadFile(filepath.Join(dir, "mail/settings.yaml"))
		s = []byte(strings.Replace(string(s), "port: 2525", fmt.Sprintf("port: %d", srv.Port), 1))
		s = []byte(strings.Replace(string(s), "rate: 20/1m", "rate: \"off\"", 1))
		os.WriteFile(filepath.Join(dir, "mail/settings.yaml"), s, 0o644)
	}
	cases := []struct {
		name     string
		released bool
		prepare  func(dir string)
		args     []string
		code     int
		stderr   string // a line of it
	}{
		{"unreleased", false, nil, []string{"send", "2025-01"}, 2,
			"bulletin: out/2025-01/manifest.json: edition 2025-01 is not released: release it first (bulletin release 2025-01), or send the draft with --unreleased"},
		{"bad subscribers", true, func(dir string) {
			os.WriteFile(filepath.Join(dir, "mail/subscribers.csv"), []byte("email,name,language\nnobody,N,ru\n"), 0o644)
		}, []string{"send", "--dry-run", "2025-01"}, 1, `mail/subscribers.csv:2:1: "nobody" is not an e-mail address like name@example.org`},
		{"no key", true, relay, []string{"send", "2025-01"}, 1, "$BULLETIN_UNSUBSCRIBE_KEY: must hold at least 32 characters"},
		{"sent", true, relay, []string{"send", "2025-01"}, 0, ""},
		{"deferred", true, func(dir string) {
			relay(dir)
			srv.SetRcpt(func(to string) int { return map[bool]int{true: 451}[to == "aysel@example.org"] })
		}, []string{"send", "2025-01"}, 3, "bulletin: 1 deferred by the relay; run the same command again later to retry them"},
		{"breaker", true, func(dir string) {
			relay(dir)
			srv.SetRcpt(func(string) int { return 451 })
		}, []string{"send", "2025-01"}, 3, "bulletin: stopped after 5 failures in a row (is the relay working?), 3 left; run the same command again later"},
		{"resolve unknown address", true, nil, []string{"send", "--resolve", "x@example.org=sent", "2025-01"}, 2, "has no record in mail/ledger/2025-01.jsonl"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv.SetRcpt(nil)
			dir := sendEdition(t, c.released)
			os.MkdirAll(filepath.Join(dir, "mail/ledger"), 0o755)
			if c.prepare != nil {
				c.prepare(dir)
			}
			env := key
			if c.name == "no key" {
				env = nil
			}
			if c.name == "deferred" || c.name == "breaker" {
				os.WriteFile(filepath.Join(dir, "mail/settings.yaml"), bytes.Replace(must(os.ReadFile(filepath.Join(dir, "mail/settings.yaml"))), []byte("retry_delay: 1m"), []byte("retry_delay: 0s"), 1), 0o644)
			}
			code, stdout, stderr := runIn(t, dir, env, c.args...)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nstdout:\n%s", code, c.code, stderr, stdout)
			}
		})
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestSendUnknownAndResolve: an attempt without an outcome is listed, not
// sent again, and ends the run with status 4 until --resolve settles it.
func TestSendUnknownAndResolve(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	dir := sendEdition(t, true)
	s := strings.Replace(string(must(os.ReadFile(filepath.Join(dir, "mail/settings.yaml")))), "port: 2525", fmt.Sprintf("port: %d", srv.Port), 1)
	os.WriteFile(filepath.Join(dir, "mail/settings.yaml"), []byte(s), 0o644)
	os.MkdirAll(filepath.Join(dir, "mail/ledger"), 0o755)
	// A run killed between the dot and the reply left this behind.
	os.WriteFile(filepath.Join(dir, "mail/ledger/2025-01.jsonl"), []byte(`{"time":"2025-01-31T12:00:00Z","event":"attempt","address":"aysel@example.org","language":"az","file":"bulletin-2025-01-az.pdf","sha256":"x","message_id":"<m1@example.org>"}`+"\n"), 0o644)
	code, stdout, stderr := runIn(t, dir, key, "send", "2025-01")
	if code != 2 || !strings.Contains(stderr, "changed since the first message of this edition went out") {
		t.Fatalf("a ledger of other bytes: exit %d\n%s%s", code, stdout, stderr)
	}
	sum := sha256.Sum256([]byte("%PDF-1.7\n% stand-in for the az screen file\n%%EOF\n"))
	os.WriteFile(filepath.Join(dir, "mail/ledger/2025-01.jsonl"), []byte(`{"time":"2025-01-31T12:00:00Z","event":"attempt","address":"aysel@example.org","language":"az","file":"bulletin-2025-01-az.pdf","sha256":"`+hex.EncodeToString(sum[:])+`","message_id":"<m1@example.org>"}`+"\n"), 0o644)
	code, stdout, stderr = runIn(t, dir, key, "send", "2025-01")
	if code != 4 || !strings.Contains(stderr, "unknown  aysel@example.org  Message-ID <m1@example.org>  attempted 2025-01-31T12:00:00Z: not sent again") ||
		len(srv.To("aysel@example.org")) != 0 || len(srv.Messages()) != 2 {
		t.Fatalf("exit %d, %d messages\n%s%s", code, len(srv.Messages()), stdout, stderr)
	}
	code, stdout, _ = runIn(t, dir, key, "send", "--resolve", "aysel@example.org=unsent", "2025-01")
	if code != 0 || stdout != "resolved aysel@example.org as unsent in mail/ledger/2025-01.jsonl\n" {
		t.Fatalf("resolve: exit %d %s", code, stdout)
	}
	code, stdout, stderr = runIn(t, dir, key, "send", "2025-01")
	if code != 0 || len(srv.To("aysel@example.org")) != 1 || len(srv.Messages()) != 3 {
		t.Errorf("after resolve: exit %d, %d messages\n%s%s", code, len(srv.Messages()), stdout, stderr)
	}
}

func TestUnsubscribeCommand(t *testing.T) {
	dir := sendEdition(t, true)
	code, stdout, stderr := runIn(t, dir, nil, "unsubscribe", "Aysel@example.org", "j.hart@example.org")
	if code != 0 || stdout != "2 added to mail/suppressed.txt (0 already there)\n" {
		t.Fatalf("exit %d %s%s", code, stdout, stderr)
	}
	code, stdout, _ = runIn(t, dir, nil, "unsubscribe", "aysel@example.org")
	if code != 0 || stdout != "0 added to mail/suppressed.txt (1 already there)\n" {
		t.Errorf("again: exit %d %s", code, stdout)
	}
	code, stdout, _ = runIn(t, dir, nil, "send", "--dry-run", "2025-01")
	if code != 0 || !strings.Contains(stdout, "suppressed aysel@example.org  az") || !strings.Contains(stdout, "would send 1;") {
		t.Errorf("dry run after unsubscribe: %d\n%s", code, stdout)
	}
	if code, _, stderr := runIn(t, dir, nil, "unsubscribe", "not-an-address"); code != 2 || !regexp.MustCompile(`is not an e-mail address`).MatchString(stderr) {
		t.Errorf("bad address: %d %s", code, stderr)
	}
}

// TestSendTestTo: every language version to one address, outside the
// ledger, so the real send still mails everyone.
func TestSendTestTo(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	dir := sendEdition(t, true)
	s := strings.Replace(string(must(os.ReadFile(filepath.Join(dir, "mail/settings.yaml")))), "port: 2525", fmt.Sprintf("port: %d", srv.Port), 1)
	os.WriteFile(filepath.Join(dir, "mail/settings.yaml"), []byte(s), 0o644)
	code, stdout, stderr := runIn(t, dir, key, "send", "--test-to", "editor@example.org", "2025-01")
	if code != 0 || len(srv.To("editor@example.org")) != 3 || strings.Count(stdout, "test editor@example.org") != 3 {
		t.Fatalf("exit %d, %d messages\n%s%s", code, len(srv.Messages()), stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "mail/ledger/2025-01.jsonl")); err == nil {
		t.Error("--test-to wrote the ledger")
	}
	ids := map[string]bool{}
	for _, m := range srv.Messages() {
		id := regexp.MustCompile(`(?m)^Message-ID: (.*)\r$`).FindSubmatch(m.Data)
		if id == nil || ids[string(id[1])] {
			t.Errorf("Message-ID missing or repeated: %q", id)
			continue
		}
		ids[string(id[1])] = true
	}
}

package deliver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bulletin/internal/smtptest"
	"bulletin/pipeline/publish"
)

// pdfPad is the size of the stand-in PDFs; the benchmark sets a real
// screen file's.
var pdfPad = 5000

// testKey signs the unsubscribe links of the tests.
var testKey = []byte("a test key of thirty-two bytes!!")

// writeEdition writes out/2025-01 as a released build would leave it:
// a screen file per language (stand-in bytes: delivery never reads a PDF's
// inside) and a manifest.json with one release, written through
// publish's own types.
func writeEdition(t testing.TB, dir string, released bool) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	m := publish.Manifest{Edition: "2025-01", Tool: "bulletin test", Sources: strings.Repeat("0", 64)}
	rel := 0
	if released {
		rel = 1
		m.Releases = []publish.Release{{Number: 1, Time: "2025-01-01T00:00:00Z", Sources: m.Sources, Tool: m.Tool}}
	}
	for _, lang := range []string{"az", "en", "en-az"} {
		name := "bulletin-2025-01-" + lang + ".pdf"
		data := []byte(fmt.Sprintf("%%PDF-1.7\n%% the %s screen file of the test edition\n%s%%%%EOF\n", lang, strings.Repeat("x", pdfPad)))
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		m.Files = append(m.Files, publish.Entry{Name: name, Lang: lang, Variant: "screen", Pages: 3, Release: rel,
			Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Contents: []publish.Heading{
				{Title: "I. Orta Dəhliz və " + lang, Page: 2}, {Title: "II. A second article", Page: 3}}})
		// A superseded and an older file of the same language must be left alone.
		m.Files = append(m.Files, publish.Entry{Name: name + ".1", Lang: lang, Variant: "screen", Superseded: true, SHA256: "00"})
	}
	data, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, publish.ManifestName), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeClock moves only when slept on, so rates and backoff are tested
// without waiting.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) advance(d time.Duration) { c.Sleep(context.Background(), d) }

type fixture struct {
	dir    string
	ed     *Edition
	set    *Settings
	srv    *smtptest.Server
	subs   []Subscriber
	ledger string
	clock  *fakeClock
	log    strings.Builder
	// suppressed, when set, is handed to the run.
	suppressed *SuppressionList
}

// newFixture is an edition, n subscribers in turn of each language, and
// a test SMTP server the settings point at.
func newFixture(t testing.TB, n int) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir(), srv: smtptest.Start(t, smtptest.Options{}),
		clock: &fakeClock{now: time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)}}
	writeEdition(t, filepath.Join(f.dir, "out/2025-01"), true)
	ed, err := LoadEdition(filepath.Join(f.dir, "out/2025-01"), false)
	if err != nil {
		t.Fatal(err)
	}
	f.ed = ed
	f.set, err = ParseSettings("settings.yaml", []byte(settingsFor(f.srv)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		lang := ed.Langs[i%len(ed.Langs)]
		f.subs = append(f.subs, Subscriber{Email: fmt.Sprintf("reader%02d@example.org", i), Name: fmt.Sprintf("Oxucu %d", i), Lang: lang, Line: i + 2})
	}
	f.ledger = filepath.Join(f.dir, "2025-01.jsonl")
	return f
}

func settingsFor(srv *smtptest.Server) string {
	return fmt.Sprintf(`from: AIR Center Bulletin <bulletin@example.org>
reply_to: editors@example.org
envelope_from: bounces@example.org
list_id: bulletin.example.org
smtp:
  host: %s
  port: %d
  tls: none
rate: "off"
attempts: 3
retry_delay: 1s
breaker: 5
unsubscribe:
  url: https://example.org/unsubscribe
  mailto: unsubscribe@example.org
`, srv.Host, srv.Port)
}

// send runs one send as the command does, with the fake clock.
func (f *fixture) send(t testing.TB, ctx context.Context, resendUnknown bool) (Result, Plan) {
	t.Helper()
	l, err := OpenLedger(f.ledger)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	comp, err := NewComposer(f.ed, f.set, testKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewSMTP(f.set.SMTP, "")
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	plan := MakePlan(f.subs, nil, l, resendUnknown)
	run := &Run{Edition: f.ed, Settings: f.set, Composer: comp, Ledger: l, Transport: tr, Clock: f.clock, Log: io.MultiWriter(&f.log), Suppressed: f.suppressed}
	res, err := run.Do(ctx, plan.Send)
	if err != nil {
		t.Fatal(err)
	}
	return res, plan
}

// received checks that nobody got two messages and returns how many
// each address got.
func (f *fixture) received(t testing.TB) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, m := range f.srv.Messages() {
		for _, to := range m.To {
			got[strings.ToLower(to)]++
			if got[strings.ToLower(to)] > 1 {
				t.Errorf("%s received two messages", to)
			}
		}
	}
	return got
}

// rewriteManifest sets the size and SHA-256 of each screen file of dir's
// manifest from the file as it is now.
func rewriteManifest(t testing.TB, dir string) {
	t.Helper()
	m, err := publish.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range m.Files {
		data, err := os.ReadFile(filepath.Join(dir, e.Name))
		if err != nil {
			continue
		}
		sum := sha256.Sum256(data)
		m.Files[i].Bytes, m.Files[i].SHA256 = int64(len(data)), hex.EncodeToString(sum[:])
	}
	data, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, publish.ManifestName), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

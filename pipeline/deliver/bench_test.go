package deliver

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkSend1000 composes and sends 1,000 messages to the test SMTP
// server with the rate limit off, the ledger synced after every line as
// in a real run; it reports messages per second.
func BenchmarkSend1000(b *testing.B) {
	defer realSize()()
	f := newFixture(b, 1000)
	comp, err := NewComposer(f.ed, f.set, testKey, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "l.jsonl")
		l, err := OpenLedger(path)
		if err != nil {
			b.Fatal(err)
		}
		tr, _ := NewSMTP(f.set.SMTP, "")
		run := &Run{Edition: f.ed, Settings: f.set, Composer: comp, Ledger: l, Transport: tr, Clock: RealClock{}, Log: io.Discard}
		b.StartTimer()
		res, err := run.Do(context.Background(), f.subs)
		if err != nil || res.Sent != 1000 {
			b.Fatalf("%+v %v", res, err)
		}
		b.StopTimer()
		tr.Close()
		l.Close()
		os.Remove(path)
		b.StartTimer()
	}
	b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkCompose is one message, composed: no PDF is hashed or encoded
// again, no font is parsed.
func BenchmarkCompose(b *testing.B) {
	defer realSize()()
	f := newFixture(b, 1)
	comp, err := NewComposer(f.ed, f.set, testKey, nil)
	if err != nil {
		b.Fatal(err)
	}
	s := f.subs[0]
	id := comp.MessageID(s.Email)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := comp.Compose(s, id, f.clock.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

// realSize makes the stand-in PDFs as big as the sample's screen files
// (about 160 KB) until the returned function is called.
func realSize() func() {
	pdfPad = 160_000
	return func() { pdfPad = 5000 }
}

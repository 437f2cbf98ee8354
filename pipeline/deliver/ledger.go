package deliver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"

	"bulletin/pipeline/diag"
)

// Events of the ledger.
const (
	EvAttempt  = "attempt"  // written just before the final dot of DATA
	EvSent     = "sent"     // the relay accepted the message (Reply says how)
	EvDeferred = "deferred" // 4xx, or a failure before the final dot: not delivered
	EvBounced  = "bounced"  // 5xx: never tried again
	EvUnknown  = "unknown"  // the final dot went out and no reply came
	EvResolved = "resolved" // an operator settled an address: Reply is sent or unsent
)

// Record is one line of the ledger.
type Record struct {
	Time      string `json:"time"`
	Event     string `json:"event"`
	Address   string `json:"address"`
	Lang      string `json:"language,omitempty"`
	File      string `json:"file,omitempty"`
	SHA256    string `json:"sha256,omitempty"`
	MessageID string `json:"message_id,omitempty"`
	Reply     string `json:"reply,omitempty"`
}

// State is what the ledger says of one address.
type State struct {
	Outcome   string // "", EvSent, EvBounced, EvUnknown (an attempt with no outcome), EvDeferred
	Deferrals int
	Last      Record // the last record of the address
	Attempt   Record // the last attempt
}

// Done reports whether the address needs nothing more.
func (s State) Done() bool { return s.Outcome == EvSent || s.Outcome == EvBounced }

// Ledger is the append-only record of an edition's sends
// (mail/ledger/EDITION.jsonl): JSON lines, each synced once written.
type Ledger struct {
	path    string
	f       *os.File // nil when opened read-only
	Records []Record
	States  map[string]*State // by address in lower case
}

// OpenLedger opens the ledger for sending: it takes an exclusive lock
// (two sends of an edition cannot run at once; the kernel drops the lock
// of a killed process) and cuts off a torn last line.
func OpenLedger(path string) (*Ledger, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is locked: another send of this edition is running (%w)", path, err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if cut := bytes.LastIndexByte(data, '\n') + 1; cut < len(data) {
		// A line without its newline is the torn write of a killed run:
		// whatever it said was never synced as a whole.
		if err := f.Truncate(int64(cut)); err != nil {
			f.Close()
			return nil, fmt.Errorf("cutting the torn last line of %s: %w", path, err)
		}
		data = data[:cut]
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return nil, err
	}
	l := &Ledger{path: path, f: f}
	if err := l.parse(data); err != nil {
		f.Close()
		return nil, err
	}
	return l, nil
}

// ReadLedger reads the ledger without locking it (for a dry run); a
// missing ledger is empty.
func ReadLedger(path string) (*Ledger, error) {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	data = data[:bytes.LastIndexByte(data, '\n')+1]
	l := &Ledger{path: path}
	return l, l.parse(data)
}

func (l *Ledger) parse(data []byte) error {
	l.States = map[string]*State{}
	var errs diag.List
	for n, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r Record
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil || r.Address == "" || r.Event == "" {
			errs.Add(diag.Pos{File: l.path, Line: n + 1, Col: 1}, "not a ledger record (%v); the ledger is written by bulletin send only", err)
			continue
		}
		l.apply(r)
	}
	return errs.Err()
}

// apply folds r into the states.
func (l *Ledger) apply(r Record) {
	l.Records = append(l.Records, r)
	k := strings.ToLower(r.Address)
	s := l.States[k]
	if s == nil {
		s = &State{}
		l.States[k] = s
	}
	s.Last = r
	switch r.Event {
	case EvAttempt:
		s.Outcome, s.Attempt = EvUnknown, r
	case EvSent, EvBounced, EvUnknown:
		s.Outcome = r.Event
	case EvDeferred:
		s.Outcome = EvDeferred
		s.Deferrals++
	case EvResolved:
		s.Outcome = ""
		if r.Reply == EvSent {
			s.Outcome = EvSent
		}
	}
}

// State returns what the ledger says of addr.
func (l *Ledger) State(addr string) State {
	if s := l.States[strings.ToLower(addr)]; s != nil {
		return *s
	}
	return State{}
}

// Append writes r as one line with a single write, then syncs it.
func (l *Ledger) Append(r Record) error {
	if l.f == nil {
		return errors.New("the ledger is open read-only")
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if _, err := l.f.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("writing %s: %w", l.path, err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", l.path, err)
	}
	l.apply(r)
	return nil
}

// Close releases the lock.
func (l *Ledger) Close() error {
	if l.f == nil {
		return nil
	}
	return l.f.Close()
}

// Files returns the SHA-256 each file name was first sent with.
func (l *Ledger) Files() map[string]string {
	out := map[string]string{}
	for _, r := range l.Records {
		if r.Event == EvAttempt && r.File != "" && out[r.File] == "" {
			out[r.File] = r.SHA256
		}
	}
	return out
}

// AttemptTimes returns the times of every attempt, oldest first: what the
// rate limit is seeded with.
func (l *Ledger) AttemptTimes() []time.Time {
	var out []time.Time
	for _, r := range l.Records {
		if r.Event != EvAttempt {
			continue
		}
		if t, err := time.Parse(time.RFC3339Nano, r.Time); err == nil {
			out = append(out, t)
		}
	}
	return out
}

package deliver

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/textfile"
)

// ReadSuppressed reads the suppression list: one address a line, '#'
// starts a comment. A missing file is an empty list. Addresses are kept
// in lower case.
func ReadSuppressed(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	var errs diag.List
	data, ok := textfile.Clean(path, data, &errs)
	if !ok {
		return nil, errs.Err()
	}
	out := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if msg := checkAddress(line); msg != "" {
			errs.Add(diag.Pos{File: path, Line: n, Col: 1}, "%s", msg)
			continue
		}
		out[strings.ToLower(line)] = true
	}
	return out, errs.Err()
}

// Suppress appends the addresses not yet on the list at path, under an
// exclusive lock so that the unsubscribe server and the command can add
// at once; it returns those added.
func Suppress(path string, addrs ...string) ([]string, error) {
	for _, a := range addrs {
		if msg := checkAddress(a); msg != "" {
			return nil, errors.New(msg)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	have, err := ReadSuppressed(path)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	var added []string
	for _, a := range addrs {
		if k := strings.ToLower(a); !have[k] {
			have[k] = true
			added = append(added, a)
			b.WriteString(a + "\n")
		}
	}
	if _, err := f.WriteString(b.String()); err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return added, f.Sync()
}

// SuppressionList is the suppression list file, read again when it
// changes.
type SuppressionList struct {
	path  string
	stamp string // size and modification time when last read
	addrs map[string]bool
}

// OpenSuppressionList reads the list at path.
func OpenSuppressionList(path string) (*SuppressionList, error) {
	l := &SuppressionList{path: path}
	return l, l.refresh()
}

func (l *SuppressionList) refresh() error {
	stamp := ""
	if st, err := os.Stat(l.path); err == nil {
		stamp = fmt.Sprint(st.Size(), st.ModTime().UnixNano())
	}
	if stamp == l.stamp && l.addrs != nil {
		return nil
	}
	addrs, err := ReadSuppressed(l.path)
	if err != nil {
		return err
	}
	l.stamp, l.addrs = stamp, addrs
	return nil
}

// Has reports whether addr is on the list as it is now. A list that has
// become unreadable keeps its last good state: the run goes on with it.
func (l *SuppressionList) Has(addr string) bool {
	if l == nil {
		return false
	}
	l.refresh()
	return l.addrs[strings.ToLower(addr)]
}

// All returns the addresses on the list.
func (l *SuppressionList) All() map[string]bool { return l.addrs }

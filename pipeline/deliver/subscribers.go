package deliver

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"unicode/utf8"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/textfile"
)

// Subscriber is one line of the subscriber file.
type Subscriber struct {
	Email  string // as written
	Name   string
	Lang   string // a screen file's language: en, az, en-az
	Paused bool
	Line   int
}

// Key is the address as it is compared: without case.
func (s Subscriber) Key() string { return strings.ToLower(s.Email) }

// MaxSubscriberBytes bounds the subscriber file: 8 MB is about 100,000
// subscribers, far above a think tank's list.
const MaxSubscriberBytes = 8 << 20

// MaxNameChars bounds a subscriber's name, so that the To header always
// folds into lines under the 998 bytes a message line may have.
const MaxNameChars = 200

// ParseSubscribers reads the subscriber CSV. langs are the languages the
// edition has a screen file for; every problem is returned at once as a
// diag.List.
func ParseSubscribers(path string, data []byte, langs []string) ([]Subscriber, error) {
	var errs diag.List
	if len(data) > MaxSubscriberBytes {
		errs.Add(diag.Pos{File: path, Line: 1, Col: 1}, "the file is %d bytes; the limit is %d", len(data), MaxSubscriberBytes)
		return nil, errs.Err()
	}
	data, ok := textfile.Clean(path, data, &errs)
	if !ok {
		return nil, errs.Err()
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.Comment = '#'
	col := func(line, byteCol int) int { return runeCol(data, line, byteCol) }
	header := true
	var subs []Subscriber
	first := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			errs.Add(diag.Pos{File: path, Line: perr.Line, Col: col(perr.Line, perr.Column)}, "%v", perr.Err)
			return nil, errs.Err()
		}
		line, _ := r.FieldPos(0)
		pos := func(field int) diag.Pos {
			l, c := r.FieldPos(field)
			return diag.Pos{File: path, Line: l, Col: col(l, c)}
		}
		if header {
			header = false
			if !slices.Equal(rec, []string{"email", "name", "language"}) && !slices.Equal(rec, []string{"email", "name", "language", "status"}) {
				errs.Add(pos(0), "the first line must be the header email,name,language or email,name,language,status")
				return nil, errs.Err()
			}
			continue
		}
		if len(rec) != 3 && len(rec) != 4 {
			errs.Add(pos(0), "%d fields; a line needs 3 or 4: email,name,language[,status]", len(rec))
			continue
		}
		s := Subscriber{Email: strings.TrimSpace(rec[0]), Name: strings.TrimSpace(rec[1]), Lang: strings.TrimSpace(rec[2]), Line: line}
		if msg := checkAddress(s.Email); msg != "" {
			errs.Add(pos(0), "%s", msg)
		} else if l, dup := first[s.Key()]; dup {
			errs.Add(pos(0), "%s is listed twice (first at line %d); addresses are compared without case", s.Email, l)
		} else {
			first[s.Key()] = line
		}
		if n := utf8.RuneCountInString(s.Name); n > MaxNameChars {
			errs.Add(pos(1), "the name is %d characters long; the limit is %d", n, MaxNameChars)
		}
		if !slices.Contains(langs, s.Lang) {
			errs.Add(pos(2), "unknown language %q: the edition has screen files for %s", s.Lang, strings.Join(langs, ", "))
		}
		if len(rec) == 4 {
			switch strings.TrimSpace(rec[3]) {
			case "", "active":
			case "paused":
				s.Paused = true
			default:
				errs.Add(pos(3), "status %q must be active or paused", rec[3])
			}
		}
		subs = append(subs, s)
	}
	if header {
		errs.Add(diag.Pos{File: path, Line: 1, Col: 1}, "the file is empty; it needs the header email,name,language")
	}
	return subs, errs.Err()
}

// checkAddress returns what is wrong with a subscriber's address, or "".
func checkAddress(a string) string {
	if a == "" {
		return "the address is empty"
	}
	if len(a) > 254 {
		return fmt.Sprintf("the address is %d characters long; an address has at most 254 (RFC 5321)", len(a))
	}
	for _, r := range a {
		if r >= utf8.RuneSelf {
			return fmt.Sprintf("address %q has a character outside ASCII; write the domain in its xn-- form", a)
		}
	}
	p, err := mail.ParseAddress(a)
	at := strings.LastIndexByte(a, '@')
	if err != nil || p.Address != a || p.Name != "" || at < 1 || !strings.Contains(a[at:], ".") {
		return fmt.Sprintf("%q is not an e-mail address like name@example.org", a)
	}
	return ""
}

// runeCol turns encoding/csv's byte column (1-based) on line into a
// column in characters, as the other diagnostics count.
func runeCol(data []byte, line, byteCol int) int {
	for i := 1; i < line; i++ {
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 {
			return byteCol
		}
		data = data[nl+1:]
	}
	if byteCol-1 > len(data) || byteCol < 1 {
		return max(byteCol, 1)
	}
	return utf8.RuneCount(data[:byteCol-1]) + 1
}

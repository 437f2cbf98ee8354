// Package diag holds source positions and the diagnostics every stage
// reports against them, formatted like the Go tools: path:line:col: message.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in a source file. Line and Col are 1-based; Col counts
// characters (Unicode code points), not bytes, because that is what an
// editor shows on a line full of Azerbaijani letters. A zero Line means
// "the whole file"; a zero Col means "the whole line".
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line <= 0:
		return p.File
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// Diagnostic is one problem at one place.
type Diagnostic struct {
	Pos Pos
	Msg string
}

func (d Diagnostic) Error() string { return d.Pos.String() + ": " + d.Msg }

// List collects diagnostics; a stage returns all of them at once.
type List []Diagnostic

// Add appends a diagnostic at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Append adds every diagnostic carried by err (a List, a Diagnostic, or any
// other error, which is kept with an empty position).
func (l *List) Append(err error) {
	switch e := err.(type) {
	case nil:
	case List:
		*l = append(*l, e...)
	case Diagnostic:
		*l = append(*l, e)
	default:
		*l = append(*l, Diagnostic{Msg: err.Error()})
	}
}

// Sort orders the list by file, line and column, dropping exact repeats.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := l[:0]
	for i, d := range l {
		if i > 0 && d == l[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Err returns nil for an empty list and the sorted list otherwise, so that
// "no problems" is a nil error as Go code expects.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sort()
}

// Error prints one diagnostic per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

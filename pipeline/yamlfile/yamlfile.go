// Package yamlfile decodes the YAML files users write (edition.yaml, an
// article's front matter, the mail settings) strictly and with positions:
// through yaml.Node, so that every value keeps its line and column, with
// every problem collected instead of stopping at the first.
package yamlfile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"bulletin/internal/spell"
	"bulletin/pipeline/diag"
)

// Decoder reads one YAML text and collects its problems in Errs.
type Decoder struct {
	File string
	Off  int // lines of the file before the YAML text (front matter fence)
	Errs diag.List
}

// Pos is where n stands in the user's file.
func (d *Decoder) Pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.File, Line: n.Line + d.Off, Col: n.Column}
}

// Errorf reports a problem at n.
func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	d.Errs.Add(d.Pos(n), format, args...)
}

// Parse returns the root node of src, or nil when src holds no value or
// could not be parsed (then the reason is in d.Errs).
func (d *Decoder) Parse(src []byte) *yaml.Node {
	if d.tabs(src) {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			d.syntax(src, err)
		}
		return nil
	}
	// A second document would be silently ignored by Decode.
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.Errorf(&extra, "only one YAML document is allowed here")
	} else if !errors.Is(err, io.EOF) {
		d.syntax(src, err)
	}
	if len(doc.Content) != 1 || d.aliases(doc.Content[0]) {
		return nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil
	}
	return root
}

// tabs reports every line indented with a tab: YAML forbids them, and the
// parser's own message ("found character that cannot start any token")
// does not say so.
func (d *Decoder) tabs(src []byte) bool {
	found := false
	for i, line := range strings.Split(string(src), "\n") {
		rest := strings.TrimLeft(line, " \t")
		indent := line[:len(line)-len(rest)]
		rest = strings.TrimSpace(rest)
		if t := strings.IndexByte(indent, '\t'); t >= 0 && rest != "" && rest[0] != '#' {
			d.Errs.Add(diag.Pos{File: d.File, Line: i + 1 + d.Off, Col: t + 1}, "tab in indentation; indent YAML with spaces")
			found = true
		}
	}
	return found
}

// aliases rejects *name references: nothing in our files needs them, and
// allowing them would let one value stand at two positions.
func (d *Decoder) aliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		d.Errorf(n, "YAML aliases (*%s) are not supported; write the value out", n.Value)
		return true
	}
	found := false
	for _, c := range n.Content {
		found = d.aliases(c) || found
	}
	return found
}

var (
	lineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	anchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
	// The messages yaml.v3's parser (not its scanner) produces, from parserc.go.
	parserRE = regexp.MustCompile(`^(did not find expected ('[,-]|<|key|node content)|found (duplicate|incompatible|undefined) )`)
)

// syntax turns a yaml.v3 error, which carries at most a line number in its
// text, into a diagnostic at the first character of that line.
func (d *Decoder) syntax(src []byte, err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	// The parser says "found unexpected end of stream" for a quote that is
	// never closed, at a line that may be far from it; point at the quote.
	if strings.HasSuffix(msg, "found unexpected end of stream") {
		if line, col, q, ok := unclosedQuote(src); ok {
			d.Errs.Add(diag.Pos{File: d.File, Line: line + d.Off, Col: col}, "the quote %c that starts here is never closed", q)
			return
		}
	}
	line, col := 1, 0 // yaml.v3 leaves out "line N" when the problem is on the first line
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// Parser errors (as opposed to scanner errors) count lines from 0.
		if parserRE.MatchString(msg) {
			line++
		}
	} else if m := anchorRE.FindStringSubmatch(err.Error()); m != nil {
		if i := bytes.Index(src, []byte("*"+m[1])); i >= 0 {
			before := src[:i]
			line = bytes.Count(before, []byte("\n")) + 1
			col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
		}
	}
	// Text such as "*Breaking* news" is an alias or anchor to YAML; these
	// are the two messages an editor gets for it.
	if anchorRE.MatchString(err.Error()) || strings.Contains(msg, "expected alphabetic or numeric") {
		msg += `; text that starts with "*" or "&" must be in quotes`
	}
	if col == 0 {
		// yaml.v3 gives no column and its line may point past the end.
		lines := strings.Split(strings.TrimRight(string(src), "\n"), "\n")
		line = max(1, min(line, len(lines)))
		text := lines[line-1]
		col = utf8.RuneCountInString(text) - utf8.RuneCountInString(strings.TrimLeft(text, " \t")) + 1
	}
	d.Errs.Add(diag.Pos{File: d.File, Line: line + d.Off, Col: col}, "%s", msg)
}

// Mapping calls f for each key and value of m, after reporting keys that are
// not plain names or that repeat (yaml.Node keeps both copies silently).
func (d *Decoder) Mapping(m *yaml.Node, f func(k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, "a key must be a plain name")
			continue
		}
		if first, ok := seen[k.Value]; ok {
			d.Errorf(k, "duplicate key %q (first at line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = d.Pos(k).Line
		f(k, v)
	}
}

// Unknown reports k as a key the file may not have, with a spelling
// suggestion from known.
func (d *Decoder) Unknown(k *yaml.Node, known []string) {
	d.Errorf(k, "unknown key %q%s", k.Value, spell.Suggest(k.Value, known))
}

// Text returns the value of a scalar. A number or date is accepted as its
// source text; a map, a list or an empty value is not text.
func Text(v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
		return "", false
	}
	return strings.TrimSpace(v.Value), true
}

// unclosedQuote finds a quoted YAML value that runs to the end of src and
// returns the position of its opening quote. A quote opens a value only
// where a value can start (after indentation, "key:", "-", "[", "{" or
// ","); one inside plain text, as in "it's", is a letter.
func unclosedQuote(src []byte) (line, col int, q rune, ok bool) {
	text := []rune(string(src))
	line, col = 1, 1
	var qLine, qCol int
	canStart := true // at a place where a value may start
	for i := 0; i < len(text); i++ {
		r := text[i]
		switch {
		case q != 0 && r == q && q == '\'' && i+1 < len(text) && text[i+1] == '\'':
			i++ // '' is a quote inside single quotes
			col++
		case q != 0 && r == '\\' && q == '"':
			if i+1 < len(text) && text[i+1] != '\n' {
				i++ // an escaped character, \" among them
				col++
			}
		case q != 0 && r == q:
			q, canStart = 0, false
		case q != 0:
		case r == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t'):
			for i+1 < len(text) && text[i+1] != '\n' {
				i++ // a comment runs to the end of the line
			}
		case (r == '"' || r == '\'') && canStart:
			q, qLine, qCol = r, line, col
		case r == ' ' || r == '\t':
		case r == ':' || r == '-' || r == '[' || r == '{' || r == ',' || r == '?':
			canStart = i+1 >= len(text) || strings.ContainsRune(" \t\n\"'", text[i+1]) || r == '[' || r == '{' || r == ','
		default:
			canStart = false
		}
		if r == '\n' {
			line, col = line+1, 1
			if q == 0 {
				canStart = true
			}
			continue
		}
		col++
	}
	return qLine, qCol, q, q != 0
}

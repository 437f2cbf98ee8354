package source

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var articleKeys = []string{"title", "author", "summary"}

// ParseArticle splits the front matter from the body of one Markdown file.
// The Article is filled as far as possible even when an error is returned.
func ParseArticle(path string, data []byte) (Article, error) {
	a := Article{Path: path}
	a.Name, a.Lang = splitName(filepath.Base(path))
	d := &decoder{file: path, off: 1}
	data, ok := clean(path, data, &d.errs)
	if !ok {
		return a, d.errs.Err()
	}
	// Characters clean replaced are reported; the file's other problems
	// are reported after them.
	n0 := len(d.errs)
	top := start(path)
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if !isFence(first) {
		d.errs.Add(top, `missing front matter: the file must start with a "---" line`)
		return a, d.errs.Err()
	}
	// Find the closing fence; front is the YAML between the two.
	var front []byte
	for off, line := 0, 2; ; line++ {
		text, tail, more := bytes.Cut(rest[off:], []byte("\n"))
		if isFence(text) {
			front = rest[:off]
			a.Body = bytes.ReplaceAll(tail, []byte("\r\n"), []byte("\n"))
			a.BodyLine = line + 1
			break
		}
		if !more {
			d.errs.Add(top, `front matter is not closed: no "---" line after this one`)
			return a, d.errs.Err()
		}
		off += len(text) + 1
	}

	root := d.parse(front)
	switch {
	case len(d.errs) > n0:
		return a, d.errs.Err()
	case root == nil:
		root = &yaml.Node{Kind: yaml.MappingNode}
	case root.Kind != yaml.MappingNode:
		d.errorf(root, `front matter must be a map of keys, like "title: ..."`)
		return a, d.errs.Err()
	}
	hasTitle := false
	d.mapping(root, func(k, v *yaml.Node) {
		// An empty author or summary is a template left unfilled, not a mistake.
		optional := func(what string) string {
			s, ok := text(v)
			if !ok && !(v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null") {
				d.errorf(v, "%s must be text", what)
			}
			return s
		}
		switch k.Value {
		case "title":
			hasTitle = true
			a.TitlePos = d.pos(v)
			switch s, ok := text(v); {
			case !ok || s == "":
				d.errorf(v, "title must be non-empty text")
			case utf8.RuneCountInString(s) > MaxTitleChars:
				d.errorf(v, "title is %d characters long; the limit is %d", utf8.RuneCountInString(s), MaxTitleChars)
			default:
				a.Title = s
			}
		case "author":
			a.Author = optional("author")
		case "summary":
			a.Summary = optional("summary")
		default:
			d.unknown(k, articleKeys)
		}
	})
	// A misspelt "titel:" has been reported already; "no title" would be noise.
	if !hasTitle && len(d.errs) == n0 {
		d.errs.Add(top, "front matter has no title")
	}
	return a, d.errs.Err()
}

// isFence reports whether a line is "---"; trailing blanks and the CR of a
// CRLF line end are invisible in an editor, so they do not count.
func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r")) == "---"
}

// splitName turns "01-energy.az.md" into ("01-energy", "az") and
// "01-energy.md" into ("01-energy", "").
func splitName(base string) (name, lang string) {
	name = strings.TrimSuffix(base, ".md")
	i := strings.LastIndexByte(name, '.')
	if i > 0 && len(name)-i == 3 && isLower(name[i+1]) && isLower(name[i+2]) {
		return name[:i], name[i+1:]
	}
	return name, ""
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

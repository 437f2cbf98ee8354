package source

import (
	"bulletin/pipeline/textfile"
	"bulletin/pipeline/yamlfile"
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
	d := &decoder{yamlfile.Decoder{File: path, Off: 1}}
	data, ok := textfile.Clean(path, data, &d.Errs)
	if !ok {
		return a, d.Errs.Err()
	}
	// Characters clean replaced are reported; the file's other problems
	// are reported after them.
	n0 := len(d.Errs)
	top := start(path)
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if !isFence(first) {
		d.Errs.Add(top, `missing front matter: the file must start with a "---" line`)
		return a, d.Errs.Err()
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
			d.Errs.Add(top, `front matter is not closed: no "---" line after this one`)
			return a, d.Errs.Err()
		}
		off += len(text) + 1
	}

	root := d.Parse(front)
	switch {
	case len(d.Errs) > n0:
		return a, d.Errs.Err()
	case root == nil:
		root = &yaml.Node{Kind: yaml.MappingNode}
	case root.Kind != yaml.MappingNode:
		d.Errorf(root, `front matter must be a map of keys, like "title: ..."`)
		return a, d.Errs.Err()
	}
	hasTitle := false
	d.Mapping(root, func(k, v *yaml.Node) {
		// An empty author or summary is a template left unfilled, not a mistake.
		optional := func(what string) string {
			s, ok := yamlfile.Text(v)
			if !ok && !(v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null") {
				d.Errorf(v, "%s must be text", what)
			}
			return s
		}
		switch k.Value {
		case "title":
			hasTitle = true
			a.TitlePos = d.Pos(v)
			switch s, ok := yamlfile.Text(v); {
			case !ok || s == "":
				d.Errorf(v, "title must be non-empty text")
			case utf8.RuneCountInString(s) > MaxTitleChars:
				d.Errorf(v, "title is %d characters long; the limit is %d", utf8.RuneCountInString(s), MaxTitleChars)
			default:
				a.Title = s
			}
		case "author":
			a.Author = optional("author")
		case "summary":
			a.Summary = optional("summary")
		default:
			d.Unknown(k, articleKeys)
		}
	})
	// A misspelt "titel:" has been reported already; "no title" would be noise.
	if !hasTitle && len(d.Errs) == n0 {
		d.Errs.Add(top, "front matter has no title")
	}
	return a, d.Errs.Err()
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

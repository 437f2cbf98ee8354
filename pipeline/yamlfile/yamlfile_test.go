package yamlfile

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestDecoder(t *testing.T) {
	for _, c := range []struct {
		name, in string
		off      int
		want     []string // problems, one "line:col: message" each
	}{
		{"clean map", "a: 1\nb: two\n", 0, nil},
		{"empty", "# only a comment\n", 0, nil},
		{"tab indentation", "a:\n\tb: 1\n", 0, []string{"2:1: tab in indentation; indent YAML with spaces"}},
		{"duplicate key", "a: 1\nb: 2\na: 3\n", 0, []string{`3:1: duplicate key "a" (first at line 1)`}},
		{"duplicate key in front matter", "a: 1\na: 3\n", 1, []string{`3:1: duplicate key "a" (first at line 2)`}},
		{"alias", "a: &x 1\nb: *x\n", 0, []string{"2:4: YAML aliases (*x) are not supported; write the value out"}},
		{"unknown anchor", "a: 1\ntitle: *Breaking news\n", 0, []string{`2:8: unknown anchor 'Breaking' referenced; text that starts with "*" or "&" must be in quotes`}},
		{"emphasis read as an alias", "title: *Breaking* news\n", 0, []string{`1:1: did not find expected alphabetic or numeric character; text that starts with "*" or "&" must be in quotes`}},
		{"unclosed quote", "a: 1\nb: \"open\nc: 2\n", 0, []string{"2:4: the quote \" that starts here is never closed"}},
		{"two documents", "a: 1\n---\nb: 2\n", 0, []string{"2:1: only one YAML document is allowed here"}},
		{"key not a name", "[x]: 1\n", 0, []string{"1:1: a key must be a plain name"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &Decoder{File: "f", Off: c.off}
			if root := d.Parse([]byte(c.in)); root != nil && root.Kind == yaml.MappingNode {
				d.Mapping(root, func(k, v *yaml.Node) {})
			}
			var got []string
			for _, e := range d.Errs {
				got = append(got, strings.TrimPrefix(e.Error(), "f:"))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{"a:  x \n": "x", "a: 2025\n": "2025", "a: [1]\n": "", "a:\n": ""} {
		d := &Decoder{File: "f"}
		root := d.Parse([]byte(in))
		got, ok := Text(root.Content[1])
		if got != want || ok != (want != "") {
			t.Errorf("Text(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

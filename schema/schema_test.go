package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "write the schema files from the code")

// TestFilesAreCurrent: the files in this folder are what `bulletin
// schema` writes (refresh them with go test ./schema -update).
func TestFilesAreCurrent(t *testing.T) {
	for name, want := range Files() {
		if *update {
			if err := os.WriteFile(name, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what bulletin schema writes; run go test ./schema -update", name)
		}
	}
}

// compile compiles a schema file of this folder with a JSON Schema
// validator of its own, as an editor would.
func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// instance decodes YAML as the yaml-language-server reads it and gives
// the validator the JSON value; ok is false when the YAML does not parse
// (a syntax error is the parser's to report, not the schema's).
func instance(data []byte) (any, bool) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, false
	}
	js, err := json.Marshal(plain(v))
	if err != nil {
		return nil, false
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	return out, err == nil
}

// plain makes what yaml decodes encodable as JSON: maps keyed by text,
// dates as the text written.
func plain(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = plain(x)
		}
		return v
	case map[any]any:
		m := map[string]any{}
		for k, x := range v {
			m[fmt.Sprint(k)] = plain(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = plain(x)
		}
		return v
	case time.Time:
		return v.Format(time.DateOnly)
	}
	return v
}

// frontMatter is the YAML between the --- lines that start an article;
// ok is false when there is none.
func frontMatter(data []byte) ([]byte, bool) {
	s := strings.ReplaceAll(strings.TrimPrefix(string(data), "\uFEFF"), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return nil, false
	}
	front, _, ok := strings.Cut(rest, "\n---")
	return []byte(front), ok
}

// rejected are the catalogue's editions whose mistake is one the schemas
// catch, with the file that holds it. Every other file of the catalogue
// and of input/ that parses as YAML must be accepted.
var rejected = map[string][]string{
	"manifest-combined-yes":       {"edition.yaml"},
	"manifest-edition-13":         {"edition.yaml"},
	"manifest-edition-missing":    {"edition.yaml"},
	"manifest-edition-short-year": {"edition.yaml"},
	"manifest-edition-words":      {"edition.yaml"},
	"manifest-empty":              {"edition.yaml"},
	"manifest-only-comments":      {"edition.yaml"},
	"manifest-languages-text":     {"edition.yaml"},
	"manifest-title-list":         {"edition.yaml"},
	"manifest-unknown-key":        {"edition.yaml"},
	"manifest-unknown-key-far":    {"edition.yaml"},
	"manifest-unknown-language":   {"edition.yaml"},
	"manifest-unknown-layout":     {"edition.yaml"},
	"article-title-missing":       {"01-apron.md"},
	"article-title-empty":         {"01-apron.md"},
	"article-title-unknown-key":   {"01-apron.md"},
	"article-title-paragraphs":    {"01-apron.md"},
	"article-title-tab":           {"01-apron.md"},
	"article-title-too-long":      {"01-apron.md"},
	"manifest-title-tab":          {"edition.yaml"},
	"articles-listed-twice":       {"edition.yaml"},
	"many-problems":               {"edition.yaml", "01-apron.md"},
}

// TestSchemasAgreeWithSource checks every edition.yaml and front matter
// under input/ and in the catalogue against the schemas.
func TestSchemasAgreeWithSource(t *testing.T) {
	edition, front := compile(t, EditionFile), compile(t, FrontMatterFile)
	dirs, _ := filepath.Glob("../input/*")
	cat, _ := filepath.Glob("../cmd/bulletin/testdata/catalogue/*")
	dirs = append(dirs, cat...)
	if len(cat) == 0 {
		t.Fatal("no catalogue found")
	}
	caught := map[string]bool{}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				continue // a folder or a fifo: not YAML
			}
			s := edition
			if strings.HasSuffix(p, ".md") {
				if data, _ = frontMatter(data); data == nil {
					continue
				}
				s = front
			} else if filepath.Base(p) != "edition.yaml" {
				continue
			}
			v, ok := instance(data)
			if !ok {
				continue
			}
			err = s.Validate(v)
			want := slices.Contains(rejected[filepath.Base(dir)], filepath.Base(p))
			switch {
			case want && err == nil:
				t.Errorf("%s: the schema accepts a mistake", p)
			case !want && err != nil:
				t.Errorf("%s: the schema rejects it: %v", p, err)
			case want:
				caught[filepath.Base(dir)] = true
			}
		}
	}
	for name := range rejected {
		if !caught[name] {
			t.Errorf("catalogue case %s was not checked", name)
		}
	}
	if !slices.ContainsFunc(dirs, func(d string) bool { return strings.HasSuffix(d, "2025-01") }) {
		t.Error("the sample edition was not checked")
	}
}

// Package layouts holds the brand layouts as data (layouts/NAME/layout.yaml)
// compiled into the binary, and the code that loads and checks them.
package layouts

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"bulletin/fonts"
	"bulletin/pipeline/diag"

	"go.yaml.in/yaml/v3"
)

//go:embed */layout.yaml */mail.yaml
var files embed.FS

var colorRE = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// Layout is one brand layout. Lengths are in points.
type Layout struct {
	Name string `yaml:"-"`
	// Pos is where each text of title and subtitle is written in the
	// layout file, as "title.en", for messages about those texts.
	Pos      map[string]diag.Pos `yaml:"-"`
	Author   string              `yaml:"author"`
	Short    string              `yaml:"short"`
	Title    map[string]string   `yaml:"title"`
	Subtitle map[string]string   `yaml:"subtitle"`
	Page     struct {
		Width  float64 `yaml:"width"`
		Height float64 `yaml:"height"`
	} `yaml:"page"`
	Margins struct {
		Top    float64 `yaml:"top"`
		Bottom float64 `yaml:"bottom"`
		Left   float64 `yaml:"left"`
		Right  float64 `yaml:"right"`
	} `yaml:"margins"`
	Colors Colors `yaml:"colors"`
	Fonts  struct {
		Body    fonts.Family `yaml:"body"`
		Heading fonts.Family `yaml:"heading"`
		Code    fonts.Family `yaml:"code"`
	} `yaml:"fonts"`
	// Grid is the text column: Measure is its width, from the left
	// margin (0: the whole width between the margins). What the margins
	// leave beside it is the wide margin that tables and figures too wide
	// for the column span into.
	Grid struct {
		Measure float64 `yaml:"measure"`
	} `yaml:"grid"`
	// FlushBottom spreads the spaces between blocks so that every full
	// page of articles ends on the same line, as in a book.
	FlushBottom bool `yaml:"flush_bottom"`
	// Combined is how a combined (two-language) edition is set.
	// RepeatFigures prints a picture that both languages show in both
	// halves; by default it is printed once, under the original, with
	// its caption in both languages.
	Combined struct {
		RepeatFigures bool `yaml:"repeat_figures"`
	} `yaml:"combined"`
	Sizes struct {
		Body       float64 `yaml:"body"`
		Leading    float64 `yaml:"leading"`
		Article    float64 `yaml:"article"`
		Subheading float64 `yaml:"subheading"`
		Contents   float64 `yaml:"contents"`
		Footer     float64 `yaml:"footer"`
		Note       float64 `yaml:"note"` // footnotes
	} `yaml:"sizes"`
}

// Names lists the layouts compiled in, sorted.
func Names() []string {
	dirs, _ := fs.ReadDir(files, ".")
	var out []string
	for _, d := range dirs {
		out = append(out, d.Name())
	}
	sort.Strings(out)
	return out
}

// ErrUnknown is returned (wrapped) by Load for a layout that does not exist.
var ErrUnknown = errors.New("unknown layout")

// Load returns the layout called name. The layouts are compiled in, so
// each is parsed once per process (a watch rebuilds many times); the
// Layout returned is shared and must not be changed.
func Load(name string) (*Layout, error) {
	if l, ok := loaded.Load(name); ok {
		return l.(*Layout), nil
	}
	data, err := files.ReadFile(name + "/layout.yaml")
	if err != nil {
		return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknown, name, strings.Join(Names(), ", "))
	}
	l, err := Parse(name, data)
	if err == nil {
		loaded.Store(name, l)
	}
	return l, err
}

// loaded holds the layouts Load has parsed, by name.
var loaded sync.Map

// Parse decodes and checks one layout.yaml.
func Parse(name string, data []byte) (*Layout, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	l := &Layout{Name: name}
	if err := dec.Decode(l); err != nil {
		return nil, fmt.Errorf("layout %s: %w", name, err)
	}
	// Decoded a second time, as nodes, for the positions of its texts.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("layout %s: %w", name, err)
	}
	l.Pos = textPositions(&root, "layouts/"+name+"/layout.yaml")
	if err := l.check(); err != nil {
		return nil, fmt.Errorf("layout %s: %w", name, err)
	}
	return l, nil
}

func (l *Layout) check() error {
	var errs []error
	if l.Page.Width < 144 || l.Page.Height < 144 {
		errs = append(errs, fmt.Errorf("page %gx%g is too small", l.Page.Width, l.Page.Height))
	}
	if l.Page.Width-l.Margins.Left-l.Margins.Right < 144 || l.Page.Height-l.Margins.Top-l.Margins.Bottom < 144 {
		errs = append(errs, errors.New("margins leave less than 2 inches for text"))
	}
	if m := l.Grid.Measure; m != 0 && (m < 144 || m > l.Page.Width-l.Margins.Left-l.Margins.Right) {
		errs = append(errs, fmt.Errorf("grid.measure: %g is not between 144 points and the width between the margins", m))
	}
	for what, f := range map[string]fonts.Family{"body": l.Fonts.Body, "heading": l.Fonts.Heading, "code": l.Fonts.Code} {
		if !fonts.Known(f) {
			errs = append(errs, fmt.Errorf("fonts.%s: unknown family %q", what, f))
		}
	}
	s := l.Sizes
	for what, v := range map[string]float64{"body": s.Body, "leading": s.Leading, "article": s.Article, "subheading": s.Subheading, "contents": s.Contents, "footer": s.Footer, "note": s.Note} {
		if v < 4 || v > 72 {
			errs = append(errs, fmt.Errorf("sizes.%s: %g is not between 4 and 72 points", what, v))
		}
	}
	if l.Title["en"] == "" {
		errs = append(errs, errors.New("title: an English title is required"))
	}
	// These reach the metadata and the outline as they are.
	texts := map[string]string{"author": l.Author, "short": l.Short}
	for code, t := range l.Title {
		texts["title."+code] = t
	}
	for code, t := range l.Subtitle {
		texts["subtitle."+code] = t
	}
	for _, what := range slices.Sorted(maps.Keys(texts)) {
		if strings.ContainsFunc(texts[what], unicode.IsControl) {
			errs = append(errs, fmt.Errorf("%s: a control character (a line break or tab?); write it on one line", what))
		}
	}
	return errors.Join(errs...)
}

// textPositions finds where each text of title and subtitle is written.
func textPositions(root *yaml.Node, file string) map[string]diag.Pos {
	out := map[string]diag.Pos{}
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, v := root.Content[i].Value, root.Content[i+1]
		if (key != "title" && key != "subtitle") || v.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			t := v.Content[j+1]
			out[key+"."+v.Content[j].Value] = diag.Pos{File: file, Line: t.Line, Col: t.Column}
		}
	}
	return out
}

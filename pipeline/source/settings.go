package source

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/lang"
	"bulletin/pipeline/textfile"
	"bulletin/pipeline/yamlfile"
)

// The years an edition may be of.
const (
	MinYear = 1900
	MaxYear = 2999
)

// knownLangs are the languages the fonts and the case rules are ready for,
// sorted for messages.
var knownLangs = slices.Sorted(slices.Values(lang.Codes()))

var settingsKeys = []string{"edition", "layout", "languages", "title", "subtitle", "articles", "combined", "fallback"}

var (
	editionRE = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})$`)
	layoutRE  = regexp.MustCompile(`^[a-z0-9-]+$`)
)

// ParseSettings decodes edition.yaml; path is used in positions only. The
// Settings are filled as far as possible even when an error is returned.
func ParseSettings(path string, data []byte) (Settings, error) {
	m := Settings{File: path, Layout: "aircenter", Languages: []string{"en"}, Pos: map[string]diag.Pos{}}
	d := &decoder{yamlfile.Decoder{File: path}}
	data, ok := textfile.Clean(path, data, &d.Errs)
	if !ok {
		return m, d.Errs.Err()
	}
	n0 := len(d.Errs) // characters clean replaced, reported already
	root := d.Parse(data)
	switch {
	case len(d.Errs) > n0:
		return m, d.Errs.Err()
	case root == nil:
		d.Errs.Add(start(path), `file is empty; it needs at least "edition: YYYY-MM"`)
		return m, d.Errs.Err()
	case root.Kind != yaml.MappingNode:
		d.Errorf(root, `edition.yaml must be a map of keys, like "edition: 2025-01"`)
		return m, d.Errs.Err()
	}
	d.Mapping(root, func(k, v *yaml.Node) {
		if slices.Contains(settingsKeys, k.Value) {
			m.Pos[k.Value] = d.Pos(v)
		}
		switch k.Value {
		case "edition":
			d.edition(v, &m)
		case "layout":
			if s, ok := yamlfile.Text(v); ok && layoutRE.MatchString(s) {
				m.Layout = s
			} else {
				d.Errorf(v, `layout must be a simple folder name of a-z, 0-9 and "-", like aircenter`)
			}
		case "languages":
			d.languages(v, &m)
		case "title":
			m.Title = d.byLang(v, "title", m.Pos)
		case "subtitle":
			m.Subtitle = d.byLang(v, "subtitle", m.Pos)
		case "articles":
			d.articles(v, &m)
		case "combined":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&m.Combined) != nil {
				d.Errorf(v, "combined must be true or false")
			}
		case "fallback":
			m.Fallback, _ = d.lang(v, "fallback")
		default:
			d.Unknown(k, settingsKeys)
		}
	})
	if _, ok := m.Pos["edition"]; !ok {
		d.Errorf(root, `missing required key "edition"`)
	}
	return m, d.Errs.Err()
}

func (d *decoder) edition(v *yaml.Node, m *Settings) {
	s, _ := yamlfile.Text(v)
	parts := editionRE.FindStringSubmatch(s)
	if parts == nil {
		if g := guessEdition(s); g != "" {
			d.Errorf(v, "edition %q must be a month written YYYY-MM: did you mean %s?", s, g)
		} else {
			d.Errorf(v, "edition must be a month written YYYY-MM, like 2025-01")
		}
		return
	}
	year, _ := strconv.Atoi(parts[1])
	month, _ := strconv.Atoi(parts[2])
	if month < 1 || month > 12 {
		d.Errorf(v, "edition %s: month must be 01 to 12", s)
		return
	}
	// The masthead prints the year as it is ("JANUARY-0" for year 0), and
	// a year far from now is a slip of the keyboard.
	if year < MinYear || year > MaxYear {
		d.Errorf(v, "edition %s: the year must be %d to %d", s, MinYear, MaxYear)
		return
	}
	m.Edition, m.Year, m.Month = s, year, time.Month(month)
}

// lang checks one language code; what names the value in the message.
func (d *decoder) lang(v *yaml.Node, what string) (string, bool) {
	s, ok := yamlfile.Text(v)
	switch {
	case !ok:
		d.Errorf(v, "%s must be a language code, like en", what)
	case !slices.Contains(knownLangs, s):
		d.Errorf(v, "unknown language %q (known: %s)", s, strings.Join(knownLangs, ", "))
	default:
		return s, true
	}
	return "", false
}

func (d *decoder) languages(v *yaml.Node, m *Settings) {
	if v.Kind != yaml.SequenceNode {
		d.Errorf(v, "languages must be a list of language codes, like [en, az]")
		return
	}
	if len(v.Content) == 0 {
		d.Errorf(v, "languages must name at least one language")
		return
	}
	var langs []string
	for _, item := range v.Content {
		code, ok := d.lang(item, "a language")
		switch {
		case !ok:
		case slices.Contains(langs, code):
			d.Errorf(item, "language %q is listed twice", code)
		default:
			langs = append(langs, code)
		}
	}
	// Keep the default when nothing was usable: callers may read Languages[0].
	if len(langs) > 0 {
		m.Languages = langs
	}
}

// The position of each text goes into pos as what.code (title.en).
func (d *decoder) byLang(v *yaml.Node, what string, pos map[string]diag.Pos) map[string]string {
	if v.Kind != yaml.MappingNode {
		d.Errorf(v, "%s must be a map from language to text", what)
		return nil
	}
	out := map[string]string{}
	d.Mapping(v, func(k, v *yaml.Node) {
		code, ok := d.lang(k, "a key of "+what)
		if !ok {
			return
		}
		switch s, ok := yamlfile.Text(v); {
		case !ok || s == "":
			d.Errorf(v, "%s.%s must be non-empty text", what, code)
		case utf8.RuneCountInString(s) > MaxTitleChars:
			d.Errorf(v, "%s.%s is %d characters long; the limit is %d", what, code, utf8.RuneCountInString(s), MaxTitleChars)
		default:
			out[code] = s
			p := d.Pos(v)
			if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				p.Col++ // the text starts after the quote
			}
			pos[what+"."+code] = p
		}
	})
	return out
}

func (d *decoder) articles(v *yaml.Node, m *Settings) {
	if v.Kind != yaml.SequenceNode {
		d.Errorf(v, "articles must be a list of file names")
		return
	}
	m.Articles = []string{} // given but empty is not the same as not given
	for _, item := range v.Content {
		name, ok := yamlfile.Text(item)
		switch {
		case !ok || name == "":
			d.Errorf(item, "articles entries must be file names")
		case strings.ContainsAny(name, `/\`):
			d.Errorf(item, "%q must be a file name in this folder, without a path", name)
		case !strings.HasSuffix(name, ".md"):
			d.Errorf(item, "%q is not a .md file", name)
		case slices.Contains(m.Articles, name):
			d.Errorf(item, "%q is listed twice", name)
		default:
			m.Articles = append(m.Articles, name)
			m.ArticlePos = append(m.ArticlePos, d.Pos(item))
		}
	}
}

// Ways of writing a month that are not YYYY-MM but say clearly which month
// is meant.
var (
	yearMonthRE = regexp.MustCompile(`^([0-9]{4})[-/.]([0-9]{1,2})(?:[-/.][0-9]{1,2})?$`) // 2025-1, 2025/01, 2025-01-15
	monthYearRE = regexp.MustCompile(`^([0-9]{1,2})[-/.]([0-9]{4})$`)                     // 01-2025, 1/2025
	shortRE     = regexp.MustCompile(`^([0-9]{2})-([0-9]{2})$`)                           // 25-01
	namedRE     = regexp.MustCompile(`^(\pL+)\.?,? +([0-9]{4})$`)                         // January 2025, Jan. 2025, Yanvar 2025
	monthNames  = [][]string{
		{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"},
		{"yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"},
	}
)

// guessEdition returns s written as YYYY-MM when s names a month in another
// common way, and "" when it does not.
func guessEdition(s string) string {
	month := func(y, m string) string {
		n, _ := strconv.Atoi(m)
		if n < 1 || n > 12 {
			return ""
		}
		return fmt.Sprintf("%s-%02d", y, n)
	}
	if m := yearMonthRE.FindStringSubmatch(s); m != nil {
		return month(m[1], m[2])
	}
	if m := monthYearRE.FindStringSubmatch(s); m != nil {
		return month(m[2], m[1])
	}
	if m := shortRE.FindStringSubmatch(s); m != nil {
		return month("20"+m[1], m[2])
	}
	if m := namedRE.FindStringSubmatch(s); m != nil {
		// Azerbaijani İ lower-cases to i with a dot above; plain i is meant.
		name := strings.ReplaceAll(strings.ToLower(strings.ReplaceAll(m[1], "İ", "I")), "\u0307", "")
		for _, names := range monthNames {
			for i, full := range names {
				if name == full || (len(name) >= 3 && strings.HasPrefix(full, name)) {
					return fmt.Sprintf("%s-%02d", m[2], i+1)
				}
			}
		}
	}
	return ""
}

// decoder is the strict YAML decoder with the source files' own checks.
type decoder struct{ yamlfile.Decoder }

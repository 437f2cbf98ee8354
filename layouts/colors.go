package layouts

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"bulletin/pipeline/book"
)

// Colors are the brand's colours, each as the book carries it: RGB for
// screen, CMYK for print, chosen separately in the layout file.
type Colors struct {
	Accent book.Color
	Gold   book.Color
	Text   book.Color
	Muted  book.Color
}

// UnmarshalYAML reads the colours, each as
//
//	accent: {rgb: "#0E3B66", cmyk: [100, 72, 0, 38], fine: [0, 0, 0, 100]}
//
// rgb and cmyk required, fine (the inks for small text and hairlines)
// optional, then the same as cmyk. Every colour must be given, and no
// other key: the decoder's strict mode does not reach into a custom
// unmarshaler, so the keys are checked here.
func (c *Colors) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: colors: want a mapping of accent, gold, text, muted", n.Line)
	}
	dst := map[string]*book.Color{"accent": &c.Accent, "gold": &c.Gold, "text": &c.Text, "muted": &c.Muted}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		d, ok := dst[key.Value]
		if !ok {
			return fmt.Errorf("line %d: colors: unknown colour %q (want accent, gold, text, muted)", key.Line, key.Value)
		}
		col, err := parseColor(key.Value, n.Content[i+1])
		if err != nil {
			return err
		}
		*d, seen[key.Value] = col, true
	}
	for _, name := range []string{"accent", "gold", "text", "muted"} {
		if !seen[name] {
			return fmt.Errorf("line %d: colors: %s is missing", n.Line, name)
		}
	}
	return nil
}

func parseColor(name string, n *yaml.Node) (book.Color, error) {
	if n.Kind != yaml.MappingNode {
		return book.Color{}, fmt.Errorf("line %d: colors.%s: want {rgb: \"#RRGGBB\", cmyk: [C, M, Y, K]}", n.Line, name)
	}
	var col book.Color
	var hasRGB, hasCMYK, hasFine bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := n.Content[i], n.Content[i+1]
		var err error
		switch key.Value {
		case "rgb":
			col.RGB, err = parseRGB(v)
			hasRGB = true
		case "cmyk":
			col.CMYK, err = parseCMYK(v)
			hasCMYK = true
		case "fine":
			col.Fine, err = parseCMYK(v)
			hasFine = true
		default:
			err = fmt.Errorf("line %d: unknown key %q (want rgb, cmyk, fine)", key.Line, key.Value)
		}
		if err != nil {
			return book.Color{}, fmt.Errorf("colors.%s: %w", name, err)
		}
	}
	if !hasRGB || !hasCMYK {
		return book.Color{}, fmt.Errorf("line %d: colors.%s: both rgb and cmyk are required", n.Line, name)
	}
	if !hasFine {
		col.Fine = col.CMYK
	}
	if k := inks(col.Fine); k > 2 {
		return book.Color{}, fmt.Errorf("line %d: colors.%s: small text and hairlines would print in %d inks, which misregister; give fine: with two inks at most", n.Line, name, k)
	}
	return col, nil
}

// inks counts the inks a CMYK colour uses.
func inks(c book.CMYK) int {
	n := 0
	for _, v := range []uint8{c.C, c.M, c.Y, c.K} {
		if v > 0 {
			n++
		}
	}
	return n
}

// parseRGB reads "#RRGGBB".
func parseRGB(n *yaml.Node) (book.RGB, error) {
	var s string
	if err := n.Decode(&s); err != nil {
		return book.RGB{}, err
	}
	if !colorRE.MatchString(s) {
		return book.RGB{}, fmt.Errorf("line %d: colour %q is not #RRGGBB", n.Line, s)
	}
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return book.RGB{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v)}, nil
}

// parseCMYK reads [C, M, Y, K], whole percentages from 0 to 100.
func parseCMYK(n *yaml.Node) (book.CMYK, error) {
	bad := fmt.Errorf("line %d: %s is not [C, M, Y, K] in whole percentages 0-100", n.Line, nodeText(n))
	if n.Kind != yaml.SequenceNode || len(n.Content) != 4 {
		return book.CMYK{}, bad
	}
	var v [4]uint8
	for i, c := range n.Content {
		p, err := strconv.ParseUint(c.Value, 10, 8)
		if c.Kind != yaml.ScalarNode || err != nil || p > 100 {
			return book.CMYK{}, bad
		}
		v[i] = uint8(p)
	}
	return book.CMYK{C: v[0], M: v[1], Y: v[2], K: v[3]}, nil
}

func nodeText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	var parts []string
	for _, c := range n.Content {
		parts = append(parts, c.Value)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Package fonts holds the font families compiled into the binary and their
// metrics. The typesetter measures with the advance widths read here from
// the very TTF bytes that the renderer embeds in the PDF, so what is measured
// is what is drawn.
package fonts

import (
	"bulletin/internal/work"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Family names a typeface family: "serif", "sans" or "mono".
type Family string

const (
	Serif Family = "serif"
	Sans  Family = "sans"
	Mono  Family = "mono"
)

// Style is the weight and slant of a face.
type Style uint8

const (
	Regular Style = 0
	Bold    Style = 1
	Italic  Style = 2
	// BoldItalic is Bold|Italic.
	BoldItalic Style = 3
)

// Face is one family in one style.
type Face struct {
	Family Family
	Style  Style
}

func (f Face) String() string {
	return string(f.Family) + [...]string{"", "-bold", "-italic", "-bolditalic"}[f.Style&3]
}

// FpdfStyle is the style string fpdf uses for this face ("", "B", "I", "BI").
func (f Face) FpdfStyle() string { return [...]string{"", "B", "I", "BI"}[f.Style&3] }

var ttf = map[Face][]byte{
	{Serif, Regular}:    liberationserifregular.TTF,
	{Serif, Bold}:       liberationserifbold.TTF,
	{Serif, Italic}:     liberationserifitalic.TTF,
	{Serif, BoldItalic}: liberationserifbolditalic.TTF,
	{Sans, Regular}:     liberationsansregular.TTF,
	{Sans, Bold}:        liberationsansbold.TTF,
	{Sans, Italic}:      liberationsansitalic.TTF,
	{Sans, BoldItalic}:  liberationsansbolditalic.TTF,
	{Mono, Regular}:     liberationmonoregular.TTF,
	{Mono, Bold}:        liberationmonobold.TTF,
	{Mono, Italic}:      liberationmonoitalic.TTF,
	{Mono, BoldItalic}:  liberationmonobolditalic.TTF,
}

// Known reports whether fam is a family compiled into the binary.
func Known(fam Family) bool {
	_, ok := ttf[Face{fam, Regular}]
	return ok
}

// TTF returns the font file of a face: the bytes the renderer embeds.
func TTF(f Face) []byte { return ttf[f] }

// Metrics are the parsed widths of one face.
type Metrics struct {
	face Face
	// ascii holds widths of U+0000..U+00FF for speed; the rest in wide.
	// Widths are in thousandths of an em, rounded exactly as the PDF /W
	// array that fpdf writes, because that is what a viewer uses to place
	// the glyphs.
	ascii [256]int32
	wide  map[rune]int32
	// Ascent and Descent are how far the face rises above its baseline
	// and falls below it, in em, both positive: the ascender and
	// descender the font file itself gives. A baseline is placed from
	// them.
	Ascent, Descent float64
}

// Width returns the advance of r in thousandths of an em; -1 when the face
// has no glyph for r.
func (m *Metrics) Width(r rune) int32 {
	if r >= 0 && r < 256 {
		return m.ascii[r]
	}
	if w, ok := m.wide[r]; ok {
		return w
	}
	return -1
}

// Has reports whether the face can draw r.
func (m *Metrics) Has(r rune) bool { return m.Width(r) >= 0 }

// Measure returns the width of s at size points, in points. Runes the face
// lacks count as zero (validation has rejected them before layout).
func (m *Metrics) Measure(s string, size float64) float64 {
	var u int32
	for _, r := range s {
		if w := m.Width(r); w > 0 {
			u += w
		}
	}
	return float64(u) * size / 1000
}

var (
	once    sync.Once
	metrics map[Face]*Metrics
	loadErr error
	// common holds the runes that every face can draw, so that Has is one
	// lookup rather than one per face.
	common      map[rune]bool
	commonASCII [256]bool
)

// Load returns the metrics of every face, parsing the font files once per
// process however many times it is called.
func Load() (map[Face]*Metrics, error) {
	once.Do(func() {
		if metrics, loadErr = parseAll(); loadErr != nil {
			return
		}
		common = map[rune]bool{}
		for _, span := range covered {
			for r := span[0]; r <= span[1]; r++ {
				all := true
				for _, m := range metrics {
					all = all && m.Has(r)
				}
				if r < 256 {
					commonASCII[r] = all
				} else if all {
					common[r] = true
				}
			}
		}
	})
	return metrics, loadErr
}

// parseAll parses every face, side by side: each takes about half a
// millisecond, and a short build waits for all of them.
func parseAll() (map[Face]*Metrics, error) {
	faces := make([]Face, 0, len(ttf))
	for face := range ttf {
		faces = append(faces, face)
	}
	slices.SortFunc(faces, func(a, b Face) int { return strings.Compare(a.String(), b.String()) })
	parsed := make([]*Metrics, len(faces))
	err := work.Do(context.Background(), len(faces), func(_ context.Context, i int) (err error) {
		if parsed[i], err = parse(faces[i], ttf[faces[i]]); err != nil {
			return fmt.Errorf("font %s: %w", faces[i], err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	all := make(map[Face]*Metrics, len(faces))
	for i, face := range faces {
		all[face] = parsed[i]
	}
	return all, nil
}

// Get returns the metrics of one face.
func Get(f Face) (*Metrics, error) {
	all, err := Load()
	if err != nil {
		return nil, err
	}
	m, ok := all[f]
	if !ok {
		return nil, fmt.Errorf("no font %s", f)
	}
	return m, nil
}

// Has reports whether every face of every family can draw r, which is what
// validation needs: a character may end up in any style.
func Has(r rune) bool {
	if _, err := Load(); err != nil {
		return false
	}
	if r >= 0 && r < 256 {
		return commonASCII[r]
	}
	return common[r]
}

// covered are the blocks whose characters we record: Latin, Latin
// Extended (all Azerbaijani letters), Greek, Cyrillic, general punctuation,
// currency, letterlike symbols, arrows and maths. Outside these a font of
// this kind has nothing an article needs, and walking all of Unicode per
// face would cost start-up time.
var covered = [][2]rune{{0x0000, 0x05FF}, {0x1E00, 0x1FFF}, {0x2000, 0x22FF}, {0x2500, 0x25FF}, {0xFB00, 0xFB06}}

func parse(face Face, data []byte) (*Metrics, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	upem := f.UnitsPerEm()
	ppem := fixed.Int26_6(upem) << 6 // advances come back in font units
	m := &Metrics{face: face, wide: make(map[rune]int32, 1500)}
	for i := range m.ascii {
		m.ascii[i] = -1
	}
	for _, span := range covered {
		for r := span[0]; r <= span[1]; r++ {
			gi, err := f.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				continue
			}
			adv, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
			if err != nil {
				return nil, err
			}
			w := int32(math.Round(1000 * float64(adv) / 64 / float64(upem)))
			if r < 256 {
				m.ascii[r] = w
			} else {
				m.wide[r] = w
			}
		}
	}
	mt, err := f.Metrics(&buf, ppem, font.HintingNone)
	if err != nil {
		return nil, err
	}
	m.Ascent = float64(mt.Ascent) / 64 / float64(upem)
	m.Descent = float64(mt.Descent) / 64 / float64(upem)
	return m, nil
}

// PostScriptName is the name of a family as a PDF shows it.
func (f Family) PostScriptName() string {
	switch f {
	case Serif:
		return "LiberationSerif"
	case Sans:
		return "LiberationSans"
	case Mono:
		return "LiberationMono"
	}
	return string(f)
}

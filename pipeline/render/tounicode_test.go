package render

import (
	"regexp"
	"strings"
	"testing"
)

// The ToUnicode map lists exactly the runes drawn: runs of consecutive
// codes as ranges that never cross a high byte (ISO 32000-1 9.10.3), the
// rest one by one, at most 100 entries to a block.
func TestToUnicodeCMap(t *testing.T) {
	seq := func(lo, hi rune) []rune {
		var out []rune
		for r := lo; r <= hi; r++ {
			out = append(out, r)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		runes  []rune
		chars  []string // "<src> <dst>"
		ranges []string // "<lo> <hi> <dst>"
		blocks string   // the block headers in order
	}{
		{"none", nil, nil, nil, ""},
		{"one", []rune("a"), []string{"<0061> <0061>"}, nil, ""},
		{"a run and singles", []rune(" ABCDaə"), []string{"<0020> <0020>", "<0061> <0061>", "<0259> <0259>"}, []string{"<0041> <0044> <0041>"}, ""},
		{"a run across a high byte is split", seq(0xFE, 0x101), nil, []string{"<00FE> <00FF> <00FE>", "<0100> <0101> <0100>"}, ""},
		{"a run ending alone past a high byte", seq(0xFD, 0x100), []string{"<0100> <0100>"}, []string{"<00FD> <00FF> <00FD>"}, ""},
		{"blocks of at most 100", everyOther(0x100, 0x1F0), nil, nil, "100 beginbfchar|20 beginbfchar"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmap := string(toUnicodeCMap(tc.runes))
			if !strings.Contains(cmap, "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n") {
				t.Errorf("no two-byte code space:\n%s", cmap)
			}
			chars := regexp.MustCompile(`(?m)^<[0-9A-F]{4}> <[0-9A-F]{4}>$`).FindAllString(cmap, -1)
			ranges := regexp.MustCompile(`(?m)^<[0-9A-F]{4}> <[0-9A-F]{4}> <[0-9A-F]{4}>$`).FindAllString(cmap, -1)
			if tc.blocks != "" {
				heads := strings.Join(regexp.MustCompile(`\d+ beginbf\w+`).FindAllString(cmap, -1), "|")
				if heads != tc.blocks || len(chars)-1 != 120 { // less the code space range
					t.Errorf("blocks %s with %d codes, want %s with 120", heads, len(chars)-1, tc.blocks)
				}
				return
			}
			chars = chars[1:] // the code space range
			if strings.Join(chars, ",") != strings.Join(tc.chars, ",") || strings.Join(ranges, ",") != strings.Join(tc.ranges, ",") {
				t.Errorf("chars %q ranges %q, want %q %q", chars, ranges, tc.chars, tc.ranges)
			}
		})
	}
}

func everyOther(lo, hi rune) []rune {
	var out []rune
	for r := lo; r < hi; r += 2 {
		out = append(out, r)
	}
	return out
}

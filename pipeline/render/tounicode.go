package render

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The ToUnicode maps (#13). fpdf gives every font the same map: one range
// <0000> <FFFF> onto <0000>, which breaks ISO 32000-1 9.10.3 (a range's
// first and last codes differ only in their last byte) and claims 65,536
// characters a narrowed font does not have. Each font's codes are the
// Unicode code points of the runes drawn in it (fpdf's Identity-H with a
// CIDToGIDMap indexed by rune), so finish writes in its place a map of
// exactly the runes the book draws in that face.

// type0Font is the start of fpdf's Type0 font dictionary: its /BaseFont
// is utf8 followed by fpdf's font key (lower-case family, then style).
var type0Font = regexp.MustCompile(`^<</Type /Font\n/Subtype /Type0\n/BaseFont /utf8(\S+)\n[^>]*/ToUnicode (\d+) 0 R>>`)

// toUnicodeCMap is the ToUnicode CMap that maps each of runes (sorted,
// unique, in the Basic Multilingual Plane) onto itself: a bfrange for
// each run of consecutive codes within one high byte, a bfchar for each
// code alone, at most 100 to a block as the CMap format allows.
func toUnicodeCMap(runes []rune) []byte {
	type span struct{ lo, hi rune }
	var chars, ranges []span
	for i := 0; i < len(runes); {
		j := i
		for j+1 < len(runes) && runes[j+1] == runes[j]+1 && runes[j+1]>>8 == runes[i]>>8 {
			j++
		}
		if j == i {
			chars = append(chars, span{runes[i], runes[i]})
		} else {
			ranges = append(ranges, span{runes[i], runes[j]})
		}
		i = j + 1
	}
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for c := range slices.Chunk(chars, 100) {
		fmt.Fprintf(&b, "%d beginbfchar\n", len(c))
		for _, s := range c {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", s.lo, s.lo)
		}
		b.WriteString("endbfchar\n")
	}
	for c := range slices.Chunk(ranges, 100) {
		fmt.Fprintf(&b, "%d beginbfrange\n", len(c))
		for _, s := range c {
			fmt.Fprintf(&b, "<%04X> <%04X> <%04X>\n", s.lo, s.hi, s.lo)
		}
		b.WriteString("endbfrange\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

// type0 notes which object is the ToUnicode map of the Type0 font whose
// dictionary is body, and for which font key.
func (pt *patcher) type0(body []byte) error {
	m := type0Font.FindSubmatch(body)
	if m == nil {
		return &PatchError{patchCMaps, 0, 1} // a Type0 font without the map fpdf writes
	}
	var n int
	fmt.Sscan(string(m[2]), &n)
	if pt.cmaps == nil {
		pt.cmaps = map[int]string{}
	}
	pt.cmaps[n] = string(m[1])
	return nil
}

// toUnicode writes the map of the runes drawn in its font in place of
// fpdf's ToUnicode stream o, which must be the one fpdf always writes.
func (pt *patcher) toUnicode(o *pdfObject, key string) error {
	runes, ok := pt.opt.runes[key]
	if !ok {
		return fmt.Errorf("no runes known for font %s", key)
	}
	want := fmt.Sprintf("%d 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", o.num, len(fpdfToUnicode), fpdfToUnicode)
	if string(o.data) != want {
		return &PatchError{patchCMaps, 0, 1}
	}
	cmap := toUnicodeCMap(runes)
	o.data = fmt.Appendf(nil, "%d 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", o.num, len(cmap), cmap)
	pt.cmapsDone++
	return nil
}

// fpdfToUnicode is the ToUnicode map fpdf writes for every font.
var fpdfToUnicode = strings.Join([]string{
	"/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
	"<</Registry (Adobe)", "/Ordering (UCS)", "/Supplement 0", ">> def",
	"/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
	"1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
	"1 beginbfrange", "<0000> <FFFF> <0000>", "endbfrange",
	"endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
}, "\n")

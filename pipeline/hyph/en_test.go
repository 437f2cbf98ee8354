package hyph

import (
	"bufio"
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

// readList returns the non-blank, non-comment lines of a testdata file.
func readList(t testing.TB, name string) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		lines = append(lines, line)
	}
	return lines
}

// hyphenated reads "hy-phen-ation" as the word and its break offsets.
func hyphenated(s string) (string, []int) {
	return marked(strings.ReplaceAll(s, "-", "|"))
}

func TestENWords(t *testing.T) {
	lines := readList(t, "en-words.txt")
	if len(lines) < 60 {
		t.Fatalf("en-words.txt has %d words, want at least 60", len(lines))
	}
	for _, line := range lines {
		word, want := hyphenated(line)
		if got := Points("en", word); !slices.Equal(got, want) {
			t.Errorf("Points(en, %q) = %s, want %s", word, show(word, got), line)
		}
	}
}

// The embedded file must load completely: every line after the charset is
// either a header keyword or a standard pattern, and the header's limits
// are the ones Points applies.
func TestEmbeddedPatterns(t *testing.T) {
	p := enPatterns()
	lines := strings.Split(strings.TrimSpace(string(enDic)), "\n")
	keywords := 0
	for _, l := range lines[1:] {
		if l != "" && l[0] >= 'A' && l[0] <= 'Z' {
			keywords++
		}
	}
	if want := len(lines) - 1 - keywords; p.count != want || p.skipped != 0 {
		t.Errorf("loaded %d patterns, skipped %d; want %d, 0", p.count, p.skipped, want)
	}
	if p.leftMin != leftMin || p.rightMin != rightMin {
		t.Errorf("file says LEFTHYPHENMIN %d RIGHTHYPHENMIN %d, Points uses %d %d",
			p.leftMin, p.rightMin, leftMin, rightMin)
	}
}

func TestParsePatterns(t *testing.T) {
	const file = "UTF-8\n" +
		"% a comment\n" +
		"# another\n" +
		"LEFTHYPHENMIN 1\n" +
		"RIGHTHYPHENMIN 4\n" +
		"COMPOUNDLEFTHYPHENMIN 2\n" +
		"\n" +
		"1b\n" +
		"a1b\n" + // merged with the next: the higher value wins
		"a2b\n" +
		"f1f/ff=f,1,2\n" + // non-standard: skipped
		"x12y\n" + // two digits: skipped
		"a.b\n" + // '.' inside: skipped
		"Ab1c\n" + // capitals are keywords, not patterns: ignored
		"é1z\n" + // a letter outside a-z gets its own code
		".a3\n"
	p, err := parsePatterns([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if p.count != 4 || p.skipped != 3 || p.leftMin != 1 || p.rightMin != 4 {
		t.Errorf("count %d skipped %d min %d/%d, want 4, 3, 1/4", p.count, p.skipped, p.leftMin, p.rightMin)
	}
	// Run the algorithm directly, without leftMin/rightMin: "abab".
	levels := func(word string) string {
		units := make([]unit, 0, len(word))
		for i, r := range word {
			units = append(units, unit{r: r, off: i})
		}
		return show(word, p.rawPoints(units))
	}
	for word, want := range map[string]string{
		"ab":   "a|b", // .a3 and 1b
		"abab": "a|bab",
		"baab": "baab", // a2b beats 1b
		"éz":   "é|z",
		"xyz":  "xyz",
	} {
		if got := levels(word); got != want {
			t.Errorf("%s: got %s, want %s", word, got, want)
		}
	}

	// NEXTLEVEL drops the compound-boundary level before it.
	p, err = parsePatterns([]byte("UTF-8\n1a\nNEXTLEVEL\n1b\n"))
	if err != nil || p.count != 1 {
		t.Fatalf("NEXTLEVEL: %v, count %v, want 1 pattern", err, p)
	}

	for _, bad := range []string{"ISO8859-1\na1b\n", "UTF-8\n", "UTF-8\nNOHYPHEN x\n", ""} {
		if _, err := parsePatterns([]byte(bad)); err == nil {
			t.Errorf("parsePatterns(%q): no error", bad)
		}
	}
	// A byte-order mark and CRLF line ends are tolerated.
	if p, err := parsePatterns([]byte("\ufeffUTF-8\r\na1b\r\n")); err != nil || p.count != 1 {
		t.Errorf("BOM/CRLF: %v", err)
	}
}

// rawPoints is points with no letters required before or after a break,
// to look at the levels the patterns produce.
func (p *patterns) rawPoints(units []unit) []int {
	n := len(units)
	codes := []uint8{codeDot}
	for _, u := range units {
		codes = append(codes, p.code(u.r))
	}
	codes = append(codes, codeDot)
	levels := make([]uint8, n+3)
	p.match(codes, levels)
	var out []int
	for t := 1; t < n; t++ {
		if levels[t+1]&1 == 1 {
			out = append(out, units[t].off)
		}
	}
	return out
}

// BenchmarkPointsEN hyphenates the first 1000 words of the sample edition;
// ns/word is the figure that matters to the line breaker.
func BenchmarkPointsEN(b *testing.B) {
	words := readList(b, "bench-en.txt")
	enPatterns() // load outside the timing
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range words {
			Points("en", w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}

func BenchmarkPointsAZ(b *testing.B) {
	var words []string
	for _, l := range readList(b, "az-syllables.txt") {
		words = append(words, strings.ReplaceAll(l, "-", ""))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range words {
			Points("az", w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}

// BenchmarkParsePatterns is what the first English word cost every
// process before the trie was precompiled (see BenchmarkLoadEnglish for
// what it costs now); only go generate and the tests still parse.
func BenchmarkParsePatterns(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parsePatterns(enDic); err != nil {
			b.Fatal(err)
		}
	}
}

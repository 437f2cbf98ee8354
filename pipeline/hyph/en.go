package hyph

import (
	_ "embed"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// hyph_en_US.dic is Debian's hyphen-en-us 2.8.8-7 file, unchanged: László
// Németh's conversion of Liang's plain TeX US English patterns (hyphen.tex)
// with the TUGboat exception log folded in as patterns, in the format of
// the Hyphen library used by LibreOffice. Debian distributes it under
// GPL-2+ or LGPL-2.1+ or MPL-1.1+ at the recipient's choice (the copyright
// of the hyphen source package it is built from); upstream's README calls
// the patterns BSD-style, "unlimited copying, redistribution and
// modification ... with this copyright and license information". The full
// text travels next to it in LICENSE.hyph_en_US, as both licences require.
//
// The program carries those patterns as hyph_en_US.trie, the trie that
// parsePatterns builds from the file, precompiled (see trie.go): parsing
// took about 10 ms of CPU in every process that met an English word,
// decoding it takes a fraction of a millisecond (BenchmarkLoadEnglish).
// TestEnglishTrie fails when the trie is stale; go generate rewrites it.
//
//go:generate go test -run ^TestEnglishTrie$ -update
//go:embed hyph_en_US.trie
var enTrie []byte

var (
	enOnce sync.Once
	enPat  *patterns
)

// enPatterns loads the embedded English patterns the first time English is
// asked for, so a build that only sets Azerbaijani never pays for them.
func enPatterns() *patterns {
	enOnce.Do(func() { enPat = loadEnglish() })
	return enPat
}

// loadEnglish is the work of the first English word in a process.
func loadEnglish() *patterns {
	p, err := decodeTrie(enTrie)
	if err != nil {
		// The file is compiled into the program and the tests load
		// it, so this is a build defect, not an input error.
		panic("hyph: embedded hyph_en_US.trie: " + err.Error())
	}
	return p
}

// Symbol codes of the pattern alphabet. 0 means "in no pattern", so a
// letter the patterns never mention stops every match that reaches it.
const (
	codeNone = 0
	codeDot  = 1 // the word boundary marker '.'
	codeA    = 2 // 'a'..'z' are 2..27; other runes get codes as they appear

	maxCodes = 64 // symbols fit the bits of a uint64 (US English uses 35)
)

// patterns is a trie of Liang patterns flattened into arrays. Node i has
// an edge for symbol c when bit c of set[i] is 1; the edges' targets are
// next[first[i]:], in symbol order, so the target for c sits at first[i]
// plus the number of lower bits set. That finds a child in constant time
// with 12 bytes per node, where a dense table per node would take
// megabytes and a scan of sorted labels was the hot spot of Points. The
// values a node carries are vals[valAt[i]:valAt[i+1]], to be applied from
// position shift[i] of the match (leading and trailing zeros are trimmed:
// they never raise a level). Node 0 is the root; since it is never a child,
// 0 doubles as "no such edge". The root's edges are also kept in a dense
// table, because every position of every word starts there. For English,
// these arrays come precompiled in hyph_en_US.trie (see trie.go).
type patterns struct {
	ascii [utf8.RuneSelf]uint8
	other map[rune]uint8
	root  [maxCodes]int32
	set   []uint64
	first []int32
	next  []int32
	valAt []int32
	shift []uint8
	vals  []uint8

	// What the file said, kept for the tests.
	count             int // standard patterns loaded (after merging duplicates)
	skipped           int // lines not understood or non-standard, ignored
	leftMin, rightMin int // LEFTHYPHENMIN / RIGHTHYPHENMIN, 0 when absent
}

// code returns the symbol code of the lower-case letter r.
func (p *patterns) code(r rune) uint8 {
	if r < utf8.RuneSelf {
		return p.ascii[r]
	}
	return p.other[r]
}

// points appends the breaks that Liang's algorithm allows in one run of
// letters: every pattern matching anywhere in ".run." raises the levels
// between letters to its values, and a break is allowed where the highest
// level is odd.
func (p *patterns) points(units []unit, out []int) []int {
	n := len(units)
	var cbuf [stackUnits + 2]uint8
	var lbuf [stackUnits + 3]uint8
	codes, levels := cbuf[:0], lbuf[:]
	if n+2 > len(cbuf) {
		codes, levels = make([]uint8, 0, n+2), make([]uint8, n+3)
	}
	codes = append(codes, codeDot)
	for _, u := range units {
		codes = append(codes, p.code(u.r))
	}
	codes = append(codes, codeDot)

	p.match(codes, levels)
	// The break before units[t] is the level before codes[t+1].
	for t := leftMin; t <= n-rightMin; t++ {
		if levels[t+1]&1 == 1 {
			out = addPoint(out, units[t].off)
		}
	}
	return out
}

// match raises levels[k], the level before codes[k], to the values of
// every pattern that matches codes anywhere. len(levels) > len(codes).
func (p *patterns) match(codes, levels []uint8) {
	for i, c := range codes {
		node := p.root[c]
		for j := i; node != 0; {
			if a, b := p.valAt[node], p.valAt[node+1]; a < b {
				lv := levels[i+int(p.shift[node]):]
				for k, v := range p.vals[a:b] {
					if v > lv[k] {
						lv[k] = v
					}
				}
			}
			j++
			if j == len(codes) {
				break
			}
			node = p.child(node, codes[j])
		}
	}
}

// child returns the node reached from node by symbol c, or 0.
func (p *patterns) child(node int32, c uint8) int32 {
	set, bit := p.set[node], uint64(1)<<(c&(maxCodes-1))
	if set&bit == 0 {
		return 0
	}
	return p.next[p.first[node]+int32(bits.OnesCount64(set&(bit-1)))]
}

// parsePatterns reads a pattern file in the Hyphen library's format: the
// first line names the character set (only UTF-8 is accepted), then one
// pattern per line, such as ".ad4der" or "a2ch4", where digits are the
// levels between letters and '.' marks the start or end of the word.
//
// Also understood: comment lines starting with '%' or '#'; keyword lines
// in capitals (LEFTHYPHENMIN/RIGHTHYPHENMIN are recorded, the COMPOUND*
// and other settings ignored); and NEXTLEVEL, which in that format ends the
// level of compound-word boundary patterns and starts the ordinary ones, so
// the patterns before it are dropped (run splitting at hyphens and
// apostrophes already does the compound boundary's job). Non-standard
// patterns with a '/' replacement rule (German "Schiff-fahrt") and any
// line with other characters are skipped; a pattern that appears twice is
// merged by keeping the higher value at each position, which is what
// Liang's algorithm would compute with both. Patterns with an apostrophe
// (".ﬁn8der's") load but never match: Points hyphenates the letters on
// each side of an apostrophe separately.
//
// The program itself no longer parses: it decodes hyph_en_US.trie, which
// go generate makes from this function's result, and the tests check that
// the two agree.
func parsePatterns(data []byte) (*patterns, error) {
	text := string(data)
	header, text, _ := strings.Cut(text, "\n")
	header = strings.TrimSpace(strings.TrimPrefix(header, "\ufeff"))
	if !strings.EqualFold(header, "UTF-8") {
		return nil, fmt.Errorf("character set %q, want UTF-8", header)
	}

	b := &builder{nodes: []bnode{{}}, p: &patterns{other: map[rune]uint8{}}}
	for i := 0; i < 26; i++ {
		b.p.ascii['a'+i] = uint8(codeA + i)
	}
	b.p.ascii['.'] = codeDot
	b.nextCode = codeA + 26

	lineNo := 1
	for line := range strings.Lines(text) {
		lineNo++
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '%' || line[0] == '#':
			continue
		case line[0] >= 'A' && line[0] <= 'Z':
			b.keyword(line)
			continue
		}
		letters, vals, ok := splitPattern(line)
		if !ok {
			b.p.skipped++
			continue
		}
		if err := b.insert(letters, vals); err != nil {
			return nil, fmt.Errorf("line %d: %v", lineNo, err)
		}
	}
	p := b.flatten()
	if p.count == 0 {
		return nil, errors.New("no patterns")
	}
	return p, nil
}

// splitPattern separates a standard pattern into its letters and its
// levels: vals[k] is the level before letters[k] (len(vals) ==
// len(letters)+1). ok is false for anything that is not a standard pattern.
func splitPattern(line string) (letters []rune, vals []uint8, ok bool) {
	vals = []uint8{0}
	digit := false
	for _, r := range line {
		switch {
		case r >= '0' && r <= '9':
			if digit {
				return nil, nil, false // levels are single digits
			}
			vals[len(vals)-1] = uint8(r - '0')
			digit = true
			continue
		case r == '.':
		case r == '\'' || r == '’':
		case unicode.IsLetter(r) && !unicode.IsUpper(r):
		default:
			return nil, nil, false // '/' rules, spaces, anything unknown
		}
		letters = append(letters, r)
		vals = append(vals, 0)
		digit = false
	}
	if len(letters) == 0 || len(letters) > 250 {
		return nil, nil, false // empty, or too long for the uint8 shift
	}
	for i, r := range letters {
		if r == '.' && i != 0 && i != len(letters)-1 {
			return nil, nil, false // '.' only marks a word boundary
		}
	}
	return letters, vals, true
}

// builder holds the trie as linked nodes while the file is read.
type builder struct {
	p        *patterns
	nodes    []bnode
	nextCode int
}

type bnode struct {
	kids []kid   // in symbol order; a node has few children
	vals []uint8 // the pattern ending here, len = depth+1; nil if none
}

type kid struct {
	c    uint8
	node int32
}

func (b *builder) keyword(line string) {
	f := strings.Fields(line)
	switch f[0] {
	case "NEXTLEVEL":
		b.nodes = []bnode{{}}
		b.p.count = 0
	case "LEFTHYPHENMIN", "RIGHTHYPHENMIN":
		if len(f) == 2 {
			if n, err := strconv.Atoi(f[1]); err == nil {
				if f[0] == "LEFTHYPHENMIN" {
					b.p.leftMin = n
				} else {
					b.p.rightMin = n
				}
			}
		}
	}
}

func (b *builder) insert(letters []rune, vals []uint8) error {
	node := int32(0)
	for _, r := range letters {
		c := b.p.code(r)
		if c == codeNone {
			if b.nextCode >= maxCodes {
				return fmt.Errorf("more than %d distinct letters in the patterns", maxCodes-2)
			}
			c = uint8(b.nextCode)
			b.nextCode++
			if r < utf8.RuneSelf {
				b.p.ascii[r] = c // the apostrophe
			} else {
				b.p.other[r] = c
			}
		}
		ks := b.nodes[node].kids
		i, found := slices.BinarySearchFunc(ks, c, func(k kid, c uint8) int { return int(k.c) - int(c) })
		if !found {
			nx := int32(len(b.nodes))
			b.nodes = append(b.nodes, bnode{})
			b.nodes[node].kids = slices.Insert(ks, i, kid{c, nx})
			node = nx
			continue
		}
		node = ks[i].node
	}
	n := &b.nodes[node]
	if n.vals == nil {
		n.vals = vals
		b.p.count++
		return nil
	}
	for k, v := range vals {
		n.vals[k] = max(n.vals[k], v)
	}
	return nil
}

// flatten turns the linked trie into the arrays of patterns. Node numbers
// are kept, so edges can be written in one pass.
func (b *builder) flatten() *patterns {
	p := b.p
	n := len(b.nodes)
	p.first = make([]int32, n)
	p.set = make([]uint64, n)
	p.valAt = make([]int32, n+1)
	p.shift = make([]uint8, n)
	for i := range b.nodes {
		nd := &b.nodes[i]
		p.first[i] = int32(len(p.next))
		for _, k := range nd.kids { // child expects symbol order
			c, nx := k.c, k.node
			p.set[i] |= 1 << c
			p.next = append(p.next, nx)
			if i == 0 {
				p.root[c] = nx
			}
		}
		p.valAt[i] = int32(len(p.vals))
		v := nd.vals
		for len(v) > 0 && v[len(v)-1] == 0 {
			v = v[:len(v)-1]
		}
		s := 0
		for s < len(v) && v[s] == 0 {
			s++
		}
		p.shift[i] = uint8(s)
		p.vals = append(p.vals, v[s:]...)
	}
	p.valAt[n] = int32(len(p.vals))
	return p
}

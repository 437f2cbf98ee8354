package hyph

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"flag"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"testing"
)

// enDic is the source of hyph_en_US.trie (see en.go). Only the tests and
// go generate read it, so the program does not carry it.
//
//go:embed hyph_en_US.dic
var enDic []byte

var update = flag.Bool("update", false, "rewrite hyph_en_US.trie from hyph_en_US.dic")

// TestEnglishTrie fails when hyph_en_US.trie is not what the parser makes
// of hyph_en_US.dic now, after a change to either or to the trie format.
// go generate runs it with -update, which writes the file instead.
func TestEnglishTrie(t *testing.T) {
	p, err := parsePatterns(enDic)
	if err != nil {
		t.Fatal(err)
	}
	want, err := encodeTrie(p)
	if err != nil {
		t.Fatal(err)
	}
	// Decoding must give back exactly what was parsed, so that equal
	// bytes mean equal patterns.
	got, err := decodeTrie(want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Fatal("decodeTrie(encodeTrie(p)) differs from p")
	}
	if *update {
		if err := os.WriteFile("hyph_en_US.trie", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(enTrie, want) {
		t.Fatalf("hyph_en_US.trie (%d bytes) is stale: hyph_en_US.dic now gives other bytes (%d); "+
			"run go generate ./pipeline/hyph", len(enTrie), len(want))
	}
}

// encodeTrie writes p in the layout decodeTrie reads (see trie.go). The
// output depends on p alone: other is written in rune order, not in the
// map's random order, so the file is the same on every run.
func encodeTrie(p *patterns) ([]byte, error) {
	n := len(p.set)
	if n > 1<<16 {
		return nil, fmt.Errorf("%d nodes: numbers past 65,535 do not fit the file's uint16", n)
	}
	b := []byte(trieMagic)
	for _, x := range []int{n, len(p.next), len(p.vals), p.count, p.skipped, p.leftMin, p.rightMin, len(p.other)} {
		b = binary.LittleEndian.AppendUint32(b, uint32(x))
	}
	b = append(b, p.ascii[:]...)
	for _, r := range slices.Sorted(maps.Keys(p.other)) {
		b = binary.LittleEndian.AppendUint32(b, uint32(r))
		b = append(b, p.other[r])
	}
	for _, set := range p.set {
		b = binary.LittleEndian.AppendUint64(b, set)
	}
	for _, x := range p.next {
		b = binary.LittleEndian.AppendUint16(b, uint16(x))
	}
	b = append(b, p.shift...)
	for i := range p.shift {
		b = append(b, byte(p.valAt[i+1]-p.valAt[i]))
	}
	return append(b, p.vals...), nil
}

func TestDecodeTrieErrors(t *testing.T) {
	bad := map[string][]byte{
		"empty":     nil,
		"magic":     append([]byte("hyt0"), enTrie[4:]...),
		"truncated": enTrie[:len(enTrie)-1],
		"longer":    append(slices.Clip(enTrie), 0),
	}
	// A node with more edges than the header says: the last node (a leaf,
	// since a node is made before its children) gets one.
	edges := slices.Clone(enTrie)
	n := int(binary.LittleEndian.Uint32(edges[len(trieMagic):]))
	nr := int(binary.LittleEndian.Uint32(edges[len(trieMagic)+7*4:]))
	edges[trieHeader+len(patterns{}.ascii)+5*nr+8*(n-1)] = 1
	bad["edges"] = edges
	for name, data := range bad {
		if _, err := decodeTrie(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// BenchmarkLoadEnglish is the one-off cost of the first English word in a
// process: decoding the embedded trie.
func BenchmarkLoadEnglish(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		loadEnglish()
	}
}

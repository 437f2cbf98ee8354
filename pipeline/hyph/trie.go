package hyph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

// A trie file holds a patterns value as parsePatterns builds it, so that a
// process gets the English patterns by decoding arrays instead of parsing
// the text file (about 10 ms of CPU and 47k allocations). It is made by
// encodeTrie in trie_test.go (run go generate) and read only by
// decodeTrie. Every integer is little-endian:
//
//	magic   "hyt1"
//	header  uint32 ×8: nodes N, edges E, values V, count, skipped,
//	        leftMin, rightMin, runes R
//	ascii   [128]byte: patterns.ascii
//	other   R × (uint32 rune, byte code): patterns.other, in rune order
//	set     [N]uint64: patterns.set
//	next    [E]uint16: patterns.next
//	shift   [N]byte: patterns.shift
//	nvals   [N]byte: how many values each node carries
//	vals    [V]byte: patterns.vals
//
// first and valAt are left out, as they follow from set and nvals, and so
// is root, which repeats node 0's edges. set is stored whole: listing each
// node's symbols instead would save 90 KB, but decoding it branches on
// every node and took about half as long again. Node numbers fit 16 bits:
// English has 15,334 nodes, and encodeTrie refuses more than 65,536.
const trieMagic = "hyt1"

const trieHeader = len(trieMagic) + 8*4 // the bytes before ascii

// decodeTrie rebuilds patterns from a trie file in one pass over the nodes
// and one over the edges, with an allocation per array. It checks the
// lengths of the layout, not the contents: the only file it reads is
// compiled into the program, and a test compares that file byte for byte
// with what encodeTrie makes of parsePatterns' result.
func decodeTrie(data []byte) (*patterns, error) {
	if len(data) < trieHeader || string(data[:len(trieMagic)]) != trieMagic {
		return nil, errors.New("not a trie file")
	}
	var h [8]int
	for i := range h {
		h[i] = int(int32(binary.LittleEndian.Uint32(data[len(trieMagic)+4*i:])))
	}
	n, e, nv, nr := h[0], h[1], h[2], h[7]
	p := &patterns{count: h[3], skipped: h[4], leftMin: h[5], rightMin: h[6]}
	rest := data[trieHeader:]
	if n < 1 || e < 0 || nv < 0 || nr < 0 || len(rest) != len(p.ascii)+5*nr+10*n+2*e+nv {
		return nil, fmt.Errorf("%d bytes for %d nodes, %d edges, %d values", len(data), n, e, nv)
	}
	take := func(k int) []byte {
		b := rest[:k:k] // capped, so that nothing can append over the next array
		rest = rest[k:]
		return b
	}
	copy(p.ascii[:], take(len(p.ascii)))
	p.other = make(map[rune]uint8, nr)
	for range nr {
		b := take(5)
		p.other[rune(binary.LittleEndian.Uint32(b))] = b[4]
	}
	set, next := take(8*n), take(2*e)
	// shift and vals are used where they lie in the file, without a copy.
	p.shift = take(n)
	nvals := take(n)
	p.vals = take(nv)

	p.set = make([]uint64, n)
	p.first = make([]int32, n)
	p.valAt = make([]int32, n+1)
	k, v := 0, 0
	for i := range p.set {
		s := binary.LittleEndian.Uint64(set[8*i:])
		p.set[i] = s
		p.first[i] = int32(k)
		p.valAt[i] = int32(v)
		k += bits.OnesCount64(s)
		v += int(nvals[i])
	}
	p.valAt[n] = int32(v)
	if k != e || v != nv {
		return nil, errors.New("edge or value counts disagree with the header")
	}
	p.next = make([]int32, e)
	for j := range p.next {
		p.next[j] = int32(binary.LittleEndian.Uint16(next[2*j:]))
	}
	// The root's edges are the first ones, in symbol order.
	for j, s := 0, p.set[0]; s != 0; j, s = j+1, s&(s-1) {
		p.root[bits.TrailingZeros64(s)] = p.next[j]
	}
	return p, nil
}

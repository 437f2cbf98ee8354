package watch

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"reflect"
	"slices"
	"time"

	"bulletin/pipeline/doc"
)

// key is what a rendered document depends on: the document (every text,
// block and picture it holds), the layout and the date. The fonts and the
// hyphenation patterns are compiled into the binary, so they cannot change
// while a process runs. Two documents with the same key typeset and render
// to the same bytes; TestIncrementalEqualsCold checks it.
type key [sha256.Size]byte

func keyOf(d *doc.Document, layout string, date time.Time) key {
	h := sha256.New()
	fw := fingerprinter{h: h}
	fw.value(reflect.ValueOf(d))
	fw.str(layout)
	fw.num(uint64(date.UnixNano()))
	var k key
	h.Sum(k[:0])
	return k
}

// fingerprinter writes a value into a hash by walking it, field by field,
// so that two values hash alike only when they hold the same data: each
// string and slice goes with its length, each value behind an interface
// with its type name, map entries in the order of their keys.
type fingerprinter struct {
	h   hash.Hash
	buf [8]byte
}

func (f *fingerprinter) num(n uint64) {
	binary.LittleEndian.PutUint64(f.buf[:], n)
	f.h.Write(f.buf[:])
}

func (f *fingerprinter) str(s string) {
	f.num(uint64(len(s)))
	f.h.Write([]byte(s))
}

func (f *fingerprinter) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			f.str("nil")
			return
		}
		if v.Kind() == reflect.Interface {
			f.str(v.Elem().Type().String())
		}
		f.value(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			f.value(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		f.num(uint64(v.Len()))
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			f.h.Write(v.Bytes())
			return
		}
		for i := range v.Len() {
			f.value(v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b))
		})
		f.num(uint64(len(keys)))
		for _, k := range keys {
			f.value(k)
			f.value(v.MapIndex(k))
		}
	case reflect.String:
		f.str(v.String())
	case reflect.Bool:
		f.num(map[bool]uint64{false: 0, true: 1}[v.Bool()])
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.num(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.num(v.Uint())
	case reflect.Float32, reflect.Float64:
		f.num(math.Float64bits(v.Float()))
	default:
		// A document holds plain data; a func or a channel would be a
		// change of the model this must learn about.
		panic(fmt.Sprintf("watch: cannot fingerprint a %s", v.Type()))
	}
}

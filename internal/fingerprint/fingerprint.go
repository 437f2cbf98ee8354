// Package fingerprint hashes plain Go values (the document model, numbers,
// strings) by what they hold, for caches that must know whether what they
// were made from changed.
package fingerprint

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"reflect"
	"slices"
	"sync"
)

// Sum is the SHA-256 of the values given to Of.
type Sum [sha256.Size]byte

// Of hashes values by walking them: two lists of values have the same Sum
// only when they hold the same data, whatever the pointers.
func Of(values ...any) Sum {
	f := pool.Get().(*fingerprinter)
	defer pool.Put(f)
	f.h.Reset()
	f.buf = f.space[:0]
	for _, v := range values {
		f.value(reflect.ValueOf(v))
	}
	f.h.Write(f.buf)
	var s Sum
	f.h.Sum(s[:0])
	return s
}

// pool holds fingerprinters between calls: each has a buffer, and the
// typesetter asks for a fingerprint of every article in every pass.
var pool = sync.Pool{New: func() any { return &fingerprinter{h: sha256.New()} }}

// fingerprinter writes a value into a hash by walking it, field by field,
// so that two values hash alike only when they hold the same data: each
// string and slice goes with its length, each value behind an interface
// with its type name, map entries in the order of their keys.
//
// The bytes go to the hash through a buffer of a few kilobytes: a
// document is many small values, and the hash's Write costs more per
// call than per byte.
type fingerprinter struct {
	h     hash.Hash
	buf   []byte // what is yet to be written to h, in space
	space [2048]byte
}

func (f *fingerprinter) num(n uint64) {
	f.buf = binary.LittleEndian.AppendUint64(f.buf, n)
	f.flush()
}

func (f *fingerprinter) str(s string) {
	f.num(uint64(len(s)))
	if len(s) > len(f.space)/2 {
		f.write([]byte(s))
		return
	}
	f.buf = append(f.buf, s...)
	f.flush()
}

// bytes writes b, a long one (a picture, an article's text) straight to
// the hash.
func (f *fingerprinter) bytes(b []byte) {
	if len(b) > len(f.space)/2 {
		f.write(b)
		return
	}
	f.buf = append(f.buf, b...)
	f.flush()
}

// write writes what is buffered, then b, to the hash.
func (f *fingerprinter) write(b []byte) {
	f.h.Write(f.buf)
	f.buf = f.space[:0]
	f.h.Write(b)
}

// flush writes the buffer to the hash when it is nearly full. Nothing
// longer than half of it is appended, so it never grows past its space.
func (f *fingerprinter) flush() {
	if len(f.buf) >= len(f.space)/2 {
		f.h.Write(f.buf)
		f.buf = f.space[:0]
	}
}

func (f *fingerprinter) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Invalid: // a nil interface given to Of
		f.str("nil")
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
			f.bytes(v.Bytes())
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
		var b uint64
		if v.Bool() {
			b = 1
		}
		f.num(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.num(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.num(v.Uint())
	case reflect.Float32, reflect.Float64:
		f.num(math.Float64bits(v.Float()))
	default:
		// A document holds plain data; a func or a channel would be a
		// change of the model this must learn about.
		panic(fmt.Sprintf("fingerprint: cannot hash a %s", v.Type()))
	}
}

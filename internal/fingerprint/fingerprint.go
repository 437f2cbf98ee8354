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
)

// Sum is the SHA-256 of the values given to Of.
type Sum [sha256.Size]byte

// Of hashes values by walking them: two lists of values have the same Sum
// only when they hold the same data, whatever the pointers.
func Of(values ...any) Sum {
	f := fingerprinter{h: sha256.New()}
	for _, v := range values {
		f.value(reflect.ValueOf(v))
	}
	var s Sum
	f.h.Sum(s[:0])
	return s
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
		panic(fmt.Sprintf("fingerprint: cannot hash a %s", v.Type()))
	}
}

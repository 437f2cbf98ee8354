package fingerprint

import "sync"

// Keeper holds values made from inputs by their Sum, for a process that
// makes the same things again and again (bulletin watch, after each
// save). It is off until On; then Get hands back what Put stored, and a
// value no Get or Put used for Keep rebuilds in a row is let go at the
// next Rebuilt. The zero Keeper is off and ready.
type Keeper[V any] struct {
	mu   sync.Mutex
	on   bool
	gen  int // rebuilds so far
	used map[Sum]kept[V]
}

type kept[V any] struct {
	v   V
	gen int // the rebuild that last used it
}

// Keep is how many rebuilds a value unused is kept for: long enough for a
// document that is not rendered again for a while (az while the English
// is edited), short enough that old versions do not pile up.
const Keep = 8

// On turns keeping on for the rest of the process.
func (k *Keeper[V]) On() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.on = true
	if k.used == nil {
		k.used = map[Sum]kept[V]{}
	}
}

// IsOn reports whether On was called.
func (k *Keeper[V]) IsOn() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.on
}

// Get is the value stored for sum, if any, marked as used in this rebuild.
func (k *Keeper[V]) Get(sum Sum) (V, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.used[sum]
	if ok {
		e.gen = k.gen
		k.used[sum] = e
	}
	return e.v, ok
}

// Put stores v for sum when keeping is on.
func (k *Keeper[V]) Put(sum Sum, v V) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.on {
		k.used[sum] = kept[V]{v: v, gen: k.gen}
	}
}

// Rebuilt says a rebuild is done: values unused for Keep rebuilds go.
func (k *Keeper[V]) Rebuilt() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.gen++
	for s, e := range k.used {
		if k.gen-e.gen > Keep {
			delete(k.used, s)
		}
	}
}

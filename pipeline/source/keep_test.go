package source

import (
	"testing"
	"time"
)

func TestKeptMargin(t *testing.T) {
	const ms, s = int64(time.Millisecond), int64(time.Second)
	for _, c := range []struct {
		mtime, want int64
	}{
		{1_754_000_000_123_456_789, 100 * ms}, // nanoseconds: the floor
		{1_754_000_000_120_000_000, 100 * ms}, // a step of 10 ms: still the floor
		{1_754_000_000_100_000_000, 200 * ms}, // tenths of a second
		{1_754_000_001_000_000_000, 2 * s},    // whole seconds (ext3, HFS+)
		{1_754_000_002_000_000_000, 2 * s},    // FAT's two seconds
		{0, 2 * s},
	} {
		if got := keptMargin(c.mtime); got != c.want {
			t.Errorf("keptMargin(%d) = %d, want %d", c.mtime, got, c.want)
		}
	}
}

func TestKeptTrusted(t *testing.T) {
	const ms = int64(time.Millisecond)
	since := int64(1_754_000_100_000_000_007)
	st := stamp{dev: 1, ino: 2, size: 30, mtime: since - 5000*ms + 3, ctime: since - 4000*ms + 3}
	for _, c := range []struct {
		name string
		now  func(s stamp) stamp
		want bool
	}{
		{"the same stat, long before the load", func(s stamp) stamp { return s }, true},
		{"another device", func(s stamp) stamp { s.dev++; return s }, false},
		{"another inode (a file renamed over it)", func(s stamp) stamp { s.ino++; return s }, false},
		{"another size", func(s stamp) stamp { s.size++; return s }, false},
		{"another mtime", func(s stamp) stamp { s.mtime++; return s }, false},
		{"another ctime (touched, mtime set back)", func(s stamp) stamp { s.ctime++; return s }, false},
	} {
		k := keptFile{stamp: st, since: since}
		if got := k.trusted(c.now(st)); got != c.want {
			t.Errorf("%s: trusted = %v, want %v", c.name, got, c.want)
		}
	}
	// Racily clean: the same stat, but changed within the margin before
	// the load that read it, so it could have changed again unseen.
	for _, c := range []struct {
		name         string
		mtime, ctime int64
		want         bool
	}{
		{"modified 101 ms before the load", since - 101*ms, since - 101*ms, true},
		{"modified 99 ms before the load", since - 99*ms, since - 101*ms, false},
		{"its change time 50 ms before the load", since - 101*ms, since - 50*ms, false},
		{"modified after the load started", since + ms, since + ms, false},
		{"whole seconds, 1 s before the load", (since/1e9 - 1) * 1e9, (since/1e9 - 1) * 1e9, false},
		{"whole seconds, 3 s before the load", (since/1e9 - 3) * 1e9, (since/1e9 - 3) * 1e9, true},
	} {
		s := stamp{dev: 1, ino: 2, size: 30, mtime: c.mtime, ctime: c.ctime}
		k := keptFile{stamp: s, since: since}
		if got := k.trusted(s); got != c.want {
			t.Errorf("%s: trusted = %v, want %v", c.name, got, c.want)
		}
	}
}

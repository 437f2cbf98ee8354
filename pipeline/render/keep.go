package render

import (
	"crypto/sha256"

	"bulletin/internal/fingerprint"
)

// A process that renders the same edition again and again (bulletin watch,
// after each save) keeps each stream finish compressed, by the SHA-256 of
// what it compressed, and hands the compressed bytes back when the same
// stream comes again: compressing the page contents was a third of a warm
// render of 600 articles (#16), and a save changes the pages of one
// article. Compressing is a function of the bytes alone, so a stream kept
// is the stream compressed again. Only the watch turns this on; a build
// compresses each stream once anyway.
var keptStreams fingerprint.Keeper[[]byte]

// KeepStreams turns on keeping compressed streams for the rest of the
// process.
func KeepStreams() { keptStreams.On() }

// Rebuilt tells the keeper that a rebuild is done: streams no render used
// for fingerprint.Keep rebuilds go.
func Rebuilt() { keptStreams.Rebuilt() }

// deflate is plain compressed at zlib's default level, valid until the next
// call: compressed by zb, or kept from an earlier render.
func (zb *zlibber) deflate(plain []byte) []byte {
	if !keptStreams.IsOn() {
		return zb.compress(plain)
	}
	k := fingerprint.Sum(sha256.Sum256(plain))
	if z, ok := keptStreams.Get(k); ok {
		return z
	}
	z := zb.compress(plain)
	keptStreams.Put(k, append([]byte(nil), z...))
	return z
}

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

// keptPictures holds each picture of the screen file as downsampled, by
// its bytes and placed width: scaling and encoding a picture again was
// most of a warm rebuild of the sample (a 2000-pixel map: 140 of 180 ms).
var keptPictures fingerprint.Keeper[picture]

type picture struct {
	data   []byte
	format string
}

// KeepEncoded turns on keeping what the renderer encodes (compressed
// streams, downsampled pictures) for the rest of the process.
func KeepEncoded() {
	keptStreams.On()
	keptPictures.On()
}

// Rebuilt tells the keepers that a rebuild is done: streams and pictures
// no render used for fingerprint.Keep rebuilds go.
func Rebuilt() {
	keptStreams.Rebuilt()
	keptPictures.Rebuilt()
}

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

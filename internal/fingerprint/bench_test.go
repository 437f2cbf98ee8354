package fingerprint_test

import (
	"path/filepath"
	"testing"

	"bulletin/internal/fingerprint"
	"bulletin/internal/testedition"
	"bulletin/pipeline"
)

// BenchmarkOfDocument is the watch's document key over 100 generated
// articles of 550 words: the watch and the typesetter fingerprint every
// article on every rebuild.
func BenchmarkOfDocument(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "2030-06")
	if err := testedition.Write(dir, 100, 550); err != nil {
		b.Fatal(err)
	}
	e, err := pipeline.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		fingerprint.Of(e.Docs[0])
	}
}

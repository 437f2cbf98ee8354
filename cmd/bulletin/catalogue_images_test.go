package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"testing"
)

// Images cannot live in git as broken files easily (a decompression bomb
// is a header, an interlaced PNG is not something Go writes), so these
// cases make their pictures when they run.

// catImage writes an edition whose one article shows ![Route map](src)
// on line 5, with the files given.
func catImage(src string, files map[string][]byte) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\n![Route map]("+src+")\n\nText after the map.\n")
		for name, data := range files {
			catMkdir(t, filepath.Dir(filepath.Join(dir, name)))
			catWrite(t, dir, name, string(data))
		}
	}
}

func catPNG(m image.Image) []byte {
	var b bytes.Buffer
	png.Encode(&b, m)
	return b.Bytes()
}

// catChunk is one PNG chunk: length, type, data, CRC.
func catChunk(b *bytes.Buffer, typ string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	c := append([]byte(typ), data...)
	b.Write(c)
	binary.Write(b, binary.BigEndian, crc32.ChecksumIEEE(c))
}

// catPNGHeader is a PNG of w×h 8-bit RGB pixels: interlaced (Adam7) with
// the pixel rows given, or, with no rows, a header alone.
func catPNGHeader(w, h uint32, interlaced bool, rows []byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	if interlaced {
		ihdr[12] = 1
	}
	catChunk(&b, "IHDR", ihdr)
	if rows != nil {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(rows)
		zw.Close()
		catChunk(&b, "IDAT", z.Bytes())
		catChunk(&b, "IEND", nil)
	}
	return b.Bytes()
}

func init() {
	small := image.NewNRGBA(image.Rect(0, 0, 60, 30))
	for x := range 60 {
		small.Set(x, 15, color.NRGBA{0x0E, 0x3B, 0x66, 0xFF})
	}
	good := catPNG(small)
	deep := image.NewNRGBA64(image.Rect(0, 0, 60, 30))
	for x := range 60 {
		deep.Set(x, 10, color.NRGBA64{0xFFFF, 0x8000, 0, 0xFFFF})
	}
	// A 1×1 interlaced picture: its only pixel is in the first Adam7
	// pass, one filter byte and three colour bytes.
	interlaced := catPNGHeader(1, 1, true, []byte{0, 0xB8, 0x89, 0x2B})
	catCases = append(catCases,
		catCase{name: "image-ok", gen: catImage("images/map.png", map[string][]byte{"images/map.png": good}), ok: true},
		catCase{name: "image-16-bit-ok", gen: catImage("images/deep.png", map[string][]byte{"images/deep.png": catPNG(deep)}), ok: true},
		catCase{name: "image-interlaced-ok", gen: catImage("images/dot.png", map[string][]byte{"images/dot.png": interlaced}), ok: true},
		catCase{name: "image-missing", gen: catImage("images/map.png", nil), want: []string{
			`$E/01-apron.md:5:1: image "images/map.png" not found in $E`}},
		catCase{name: "image-remote", gen: catImage("https://example.org/map.png", nil), want: []string{
			`$E/01-apron.md:5:1: image "https://example.org/map.png" is not a file of the edition; builds never fetch from the network, so save it under images/`}},
		catCase{name: "image-absolute", gen: catImage("/tmp/map.png", nil), want: []string{
			`$E/01-apron.md:5:1: image "/tmp/map.png" is an absolute path; give a path inside the edition folder, like images/map.png`}},
		catCase{name: "image-outside", gen: catImage("../../map.png", nil), want: []string{
			`$E/01-apron.md:5:1: image "../../map.png" is outside the edition folder; copy it into images/`}},
		catCase{name: "image-symlink-outside", gen: func(t *testing.T, dir string) {
			catImage("images/map.png", nil)(t, dir)
			catWrite(t, filepath.Dir(dir), "secret.png", string(good))
			catMkdir(t, filepath.Join(dir, "images"))
			catSymlink(t, filepath.Join(filepath.Dir(dir), "secret.png"), filepath.Join(dir, "images", "map.png"))
		}, want: []string{
			`$E/01-apron.md:5:1: image "images/map.png" is a symlink pointing outside the edition folder; copy the file in instead`}},
		catCase{name: "image-not-an-image", gen: catImage("images/map.png", map[string][]byte{"images/map.png": []byte("notes about the map, not the map")}), want: []string{
			`$E/01-apron.md:5:1: image "images/map.png" is not a PNG or JPEG file`}},
		catCase{name: "image-gif", gen: catImage("images/map.gif", map[string][]byte{"images/map.gif": []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}), want: []string{
			`$E/01-apron.md:5:1: image "images/map.gif" is gif; use PNG or JPEG`}},
		catCase{name: "image-truncated", gen: catImage("images/map.png", map[string][]byte{"images/map.png": good[:len(good)/2]}), want: []string{
			`$E/01-apron.md:5:1: image "images/map.png" is damaged: the file ends inside a chunk`}},
		catCase{name: "image-bomb", gen: catImage("images/map.png", map[string][]byte{"images/map.png": catPNGHeader(200000, 200000, false, nil)}), want: []string{
			`$E/01-apron.md:5:1: image "images/map.png" declares 200000×200000 pixels; the limit is 20000 pixels a side and 40 million in all`}},
		catCase{name: "image-inline", gen: func(t *testing.T, dir string) {
			catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
			catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nThe map ![Route map](images/map.png) sits in a sentence.\n")
		}, want: []string{
			`$E/01-apron.md:5:9: an image must stand in a paragraph of its own; its text becomes the caption`}},
	)
}

// A picture that would print coarsely still builds, with a warning that
// names its place in the article; the build's exit status stays 0.
func TestLowResolutionImageWarns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025-01")
	catImage("images/map.png", map[string][]byte{"images/map.png": catPNG(image.NewNRGBA(image.Rect(0, 0, 500, 200)))})(t, dir)
	code, _, stderr := bulletin(t, "build", "--out", t.TempDir(), dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := dir + `/01-apron.md:5:1: warning: image "images/map.png" prints at 96 dpi; print wants 300 or more (fine on screen)` + "\n"
	if stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"path/filepath"
	"testing"
)

// Images cannot live in git as broken files easily (a decompression bomb
// is a header, an interlaced PNG is not something Go writes), so these
// cases make their pictures when they run.

// catImage writes an edition whose one article shows ![Route map](src
// "...") on line 5, with the files given.
func catImage(src string, files map[string][]byte) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\n![Route map]("+src+" \"Two towns joined by a line\")\n\nText after the map.\n")
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

package source

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bulletin/pipeline/diag"
)

func pngBytes(t *testing.T, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bomb is a PNG that declares w×h pixels and holds none: its header alone
// must get it refused.
func bomb(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestReadImage(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	small := image.NewRGBA(image.Rect(0, 0, 40, 20))
	deep := image.NewRGBA64(image.Rect(0, 0, 30, 10))
	for x := 0; x < 30; x++ {
		deep.Set(x, 5, color.RGBA64{R: 0xffff, A: 0xffff})
	}
	good := pngBytes(t, small)
	files := map[string][]byte{
		"images/map.png":  good,
		"images/deep.png": pngBytes(t, deep),
		"images/cut.png":  good[:len(good)-20],
		"images/note.png": []byte("this is a text file named like a picture"),
		"images/bomb.png": bomb(100000, 100000),
	}
	for name, data := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "images", "album.png"), 0o755)
	os.WriteFile(filepath.Join(outside, "secret.png"), good, 0o644)
	if err := os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(dir, "images", "link.png")); err != nil {
		t.Fatal(err)
	}
	pos := diag.Pos{File: "e/01-a.md", Line: 7, Col: 1}
	tests := []struct {
		src  string
		want string // "" for success
	}{
		{"images/map.png", ""},
		{"./images/../images/map.png", ""},
		{"images/deep.png", ""},
		{"https://example.org/map.png", `image "https://example.org/map.png" is not a file of the edition; builds never fetch from the network`},
		{"/etc/passwd", `image "/etc/passwd" is an absolute path`},
		{"../../x.png", `image "../../x.png" is outside the edition folder`},
		{"images/link.png", `image "images/link.png" is a symlink pointing outside the edition folder`},
		{"images/none.png", `image "images/none.png" not found in`},
		{"images/album.png", `image "images/album.png" is not a regular file (a folder)`},
		{"images/note.png", `image "images/note.png" is not a PNG or JPEG file`},
		{"images/cut.png", `image "images/cut.png" is damaged`},
		{"images/bomb.png", `image "images/bomb.png" declares 100000×100000 pixels; the limit is 20000 pixels a side`},
	}
	for _, tt := range tests {
		img, err := ReadImage(dir, tt.src, pos)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.src, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: err = %v, want %q", tt.src, err, tt.want)
		case tt.want != "" && !strings.HasPrefix(err.Error(), "e/01-a.md:7:1: "):
			t.Errorf("%s: %q lacks the position of the reference", tt.src, err)
		case tt.want == "":
			// What the renderer gets decodes as 8-bit.
			m, _, derr := image.Decode(bytes.NewReader(img.Data))
			if derr != nil {
				t.Errorf("%s: data does not decode: %v", tt.src, derr)
			} else if _, wide := m.(*image.RGBA64); wide {
				t.Errorf("%s: still 16-bit", tt.src)
			}
		}
	}
}

// plain builds an 8-bit greyscale PNG of w×h pixels from pixel data as it
// goes into the zlib stream: a filter byte and w pixels per row.
func plain(w, h int, raw []byte, mangle func(kind string, body []byte) []byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, body []byte) {
		if mangle != nil {
			body = mangle(kind, body)
		}
		binary.Write(&b, binary.BigEndian, uint32(len(body)))
		c := append([]byte(kind), body...)
		b.Write(c)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // 8-bit greyscale, not interlaced
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw)
	zw.Close()
	half := z.Len() / 2 // two IDAT chunks, as encoders split long data
	chunk("IDAT", z.Bytes()[:half])
	chunk("IDAT", z.Bytes()[half:])
	chunk("IEND", nil)
	return b.Bytes()
}

// TestCheckPNG: the check that stands in for decoding a plain PNG catches
// every way its pixel data can be wrong for the PDF, and passes what
// image/png decodes.
func TestCheckPNG(t *testing.T) {
	const w, h = 5, 4
	rows := func(n int, filter byte) []byte {
		return bytes.Repeat(append([]byte{filter}, 1, 2, 3, 4, 5), n)
	}
	flip := func(at string, i int) func(string, []byte) []byte {
		return func(kind string, body []byte) []byte {
			if kind == at {
				body = bytes.Clone(body)
				body[i] ^= 0xff
			}
			return body
		}
	}
	good := plain(w, h, rows(h, 0), nil)
	badCRC := plain(w, h, rows(h, 1), nil)
	badCRC[len(badCRC)-13] ^= 1 // the last byte of the second IDAT's CRC
	tests := []struct {
		name string
		data []byte
		want string // "" when it must pass
	}{
		{"good", good, ""},
		{"every filter", plain(w, h, slices.Concat(rows(1, 1), rows(1, 2), rows(1, 3), rows(1, 4)), nil), ""},
		{"a row short", plain(w, h, rows(h-1, 0), nil), "its pixel data ends early"},
		{"a row more", plain(w, h, rows(h+1, 0), nil), "it has more pixel data than rows"},
		{"unknown filter", plain(w, h, rows(h, 5), nil), "a row has the unknown filter 5"},
		{"a chunk's CRC", badCRC, "its IDAT chunk fails its checksum"},
		{"zlib's checksum", plain(w, h, rows(h, 0), flip("IDAT", 0)), "its pixel data"},
		{"cut short", good[:len(good)-16], "the file ends inside a chunk"},
		{"no IEND", good[:len(good)-12], "the file ends before its last chunk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkPNG(tt.data, w, h)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("checkPNG: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("checkPNG = %v, want %q", err, tt.want)
			}
			// image/png agrees on which are damaged.
			if _, derr := png.Decode(bytes.NewReader(tt.data)); (derr == nil) != (tt.want == "") {
				t.Errorf("image/png says %v; checkPNG %v", derr, err)
			}
		})
	}
}

func BenchmarkReadImage(b *testing.B) {
	for b.Loop() {
		if _, err := ReadImage("../../input/2025-01", "images/route.png", diag.Pos{}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzCheckPNG: a picture is the editor's input too. checkPNG must agree
// with image/png on which plain PNGs are damaged.
func FuzzCheckPNG(f *testing.F) {
	raw := bytes.Repeat([]byte{1, 9, 8, 7}, 3)
	f.Add(plain(3, 3, raw, nil))
	var buf bytes.Buffer
	png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 7, 3)))
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || format != "png" || !plainPNG(data) || cfg.Width*cfg.Height > 1<<16 {
			return
		}
		err = checkPNG(data, cfg.Width, cfg.Height)
		_, derr := png.Decode(bytes.NewReader(data))
		if err == nil && derr != nil {
			t.Fatalf("checkPNG passes a file image/png finds damaged: %v", derr)
		}
		if err != nil && derr == nil {
			t.Fatalf("checkPNG refuses a file image/png decodes: %v", err)
		}
	})
}

package source

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
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

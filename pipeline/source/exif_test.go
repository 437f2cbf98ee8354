package source

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"bulletin/pipeline/diag"
)

// withOrientation returns the JPEG jpg with an EXIF segment after its start
// saying orientation o, in the byte order of a camera (II) or a phone (MM).
func withOrientation(jpg []byte, o int, order binary.ByteOrder) []byte {
	var t bytes.Buffer
	if order == binary.LittleEndian {
		t.WriteString("II*\x00")
	} else {
		t.WriteString("MM\x00*")
	}
	binary.Write(&t, order, uint32(8)) // the first directory
	binary.Write(&t, order, uint16(2)) // two entries: a width, then the orientation
	for _, e := range [][3]uint32{{0x0100, 4, 640}, {0x0112, 3, uint32(o)}} {
		binary.Write(&t, order, uint16(e[0]))
		binary.Write(&t, order, uint16(e[1]))
		binary.Write(&t, order, uint32(1))
		if e[1] == 3 {
			binary.Write(&t, order, uint16(e[2]))
			binary.Write(&t, order, uint16(0))
		} else {
			binary.Write(&t, order, e[2])
		}
	}
	binary.Write(&t, order, uint32(0)) // no next directory
	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(payload)+2))
	out.Write(payload)
	out.Write(jpg[2:])
	return out.Bytes()
}

// quadrants is a 64×32 photo in four colours: red, green above; blue,
// white below.
func quadrants(t *testing.T, gray bool) []byte {
	t.Helper()
	cols := [4]color.Color{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{0, 0, 255, 255}, color.White}
	if gray {
		cols = [4]color.Color{color.Gray{0}, color.Gray{80}, color.Gray{170}, color.Gray{255}}
	}
	var m interface {
		image.Image
		Set(x, y int, c color.Color)
	} = image.NewRGBA(image.Rect(0, 0, 64, 32))
	if gray {
		m = image.NewGray(image.Rect(0, 0, 64, 32))
	}
	for y := range 32 {
		for x := range 64 {
			m.Set(x, y, cols[y/16*2+x/32])
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A photo is turned upright as its EXIF orientation says, for each of the
// eight, in both byte orders, in colour and in grey: the pictures the
// renderer gets show the quadrants where the photographer saw them.
func TestReadImageOrientation(t *testing.T) {
	names := map[byte]string{'R': "red", 'G': "green", 'B': "blue", 'W': "white"}
	for _, tc := range []struct {
		o    int
		want string // the quadrants of the upright picture: top left, top right, bottom left, bottom right
	}{
		{1, "RGBW"}, {2, "GRWB"}, {3, "WBGR"}, {4, "BWRG"},
		{5, "RBGW"}, {6, "BRWG"}, {7, "WGBR"}, {8, "GWRB"},
	} {
		for _, gray := range []bool{false, true} {
			for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
				dir := t.TempDir()
				os.WriteFile(filepath.Join(dir, "photo.jpg"), withOrientation(quadrants(t, gray), tc.o, order), 0o644)
				img, err := ReadImage(dir, "photo.jpg", diag.Pos{})
				if err != nil {
					t.Fatal(err)
				}
				m, err := jpeg.Decode(bytes.NewReader(img.Data))
				if err != nil {
					t.Fatal(err)
				}
				w, h := 64, 32
				if tc.o >= 5 {
					w, h = 32, 64
				}
				if b := m.Bounds(); b.Dx() != w || b.Dy() != h || img.Width != w || img.Height != h {
					t.Errorf("orientation %d: %v, said %d×%d; want %d×%d", tc.o, b, img.Width, img.Height, w, h)
					continue
				}
				for i, at := range []image.Point{{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}} {
					if got := colourName(m.At(at.X, at.Y), gray); got != names[tc.want[i]] {
						t.Errorf("orientation %d (%v, grey %v): quadrant %d is %s, want %s", tc.o, order, gray, i, got, names[tc.want[i]])
					}
				}
			}
		}
	}
}

// colourName names the nearest of the four colours of quadrants.
func colourName(c color.Color, gray bool) string {
	r, g, b, _ := c.RGBA()
	r, g, b = r>>8, g>>8, b>>8
	if gray {
		switch {
		case r < 40:
			return "red"
		case r < 125:
			return "green"
		case r < 210:
			return "blue"
		}
		return "white"
	}
	switch {
	case r > 200 && g > 200 && b > 200:
		return "white"
	case r > 200:
		return "red"
	case g > 200:
		return "green"
	case b > 200:
		return "blue"
	}
	return "unclear"
}

// Orientation tags that are missing, out of range, of the wrong type or
// cut short leave the picture as stored.
func TestOrientationDamaged(t *testing.T) {
	jpg := quadrants(t, false)
	good := withOrientation(jpg, 6, binary.BigEndian)
	if orientation(good) != 6 {
		t.Fatal("the good file does not read as 6")
	}
	for name, data := range map[string][]byte{
		"none":         jpg,
		"out of range": withOrientation(jpg, 9, binary.BigEndian),
		"zero":         withOrientation(jpg, 0, binary.LittleEndian),
		"cut short":    good[:40],
		"not a JPEG":   []byte("GIF89a"),
		"empty":        nil,
	} {
		if o := orientation(data); o != 1 {
			t.Errorf("%s: orientation %d, want 1", name, o)
		}
	}
}

func FuzzOrientation(f *testing.F) {
	f.Add(withOrientation([]byte{0xFF, 0xD8, 0xFF, 0xD9}, 6, binary.BigEndian))
	f.Add(withOrientation([]byte{0xFF, 0xD8, 0xFF, 0xD9}, 3, binary.LittleEndian))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := orientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

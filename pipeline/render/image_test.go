package render

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"

	"bulletin/pipeline/book"
)

// The screen file keeps no more than ScreenDPI pixels per inch of a
// picture's placed width: a larger picture is scaled down and stays in its
// format; one within a quarter of the target, or a file of 64 KB or less,
// is kept byte for byte.
func TestDownsample(t *testing.T) {
	encode := func(format string, w, h int) []byte {
		// Noise, as in a photograph: it does not compress away.
		r := rand.New(rand.NewPCG(uint64(w), uint64(h)))
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		for x := range w {
			for y := range h {
				m.Set(x, y, color.NRGBA{uint8(x), uint8(r.IntN(256)), uint8(x ^ y), 255})
			}
		}
		var buf bytes.Buffer
		var err error
		if format == "png" {
			err = png.Encode(&buf, m)
		} else {
			err = jpeg.Encode(&buf, m, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, tc := range []struct {
		format     string
		pxW, pxH   int
		placedW    float64 // points
		wantW      int     // pixels after; 0: kept as it is
		wantFormat string
	}{
		{"png", 1200, 600, 144, 300, "png"}, // 2 inches at 150 dpi
		{"jpeg", 1600, 400, 288, 600, "jpeg"},
		{"png", 340, 170, 144, 0, "png"}, // within 25% of 300: not worth it
		{"jpeg", 200, 100, 144, 0, "jpeg"},
		{"png", 600, 60, 144, 0, "png"}, // twice the pixels, but a file under 64 KB
	} {
		data := encode(tc.format, tc.pxW, tc.pxH)
		// A case that is kept for its bytes alone must have few of them,
		// and one that is scaled must have many.
		wide := float64(tc.pxW) > tc.placedW/72*ScreenDPI*1.25
		if wide && (tc.wantW == 0) != (len(data) <= smallPicture) {
			t.Fatalf("%s %dx%d: a test picture of %d bytes is on the wrong side of %d", tc.format, tc.pxW, tc.pxH, len(data), smallPicture)
		}
		im := book.Image{W: tc.placedW, H: tc.placedW / 2, Format: tc.format, PxW: tc.pxW, PxH: tc.pxH}
		out, format := downsample(im, data)
		if format != tc.wantFormat {
			t.Errorf("%s %dx%d: format %s, want %s", tc.format, tc.pxW, tc.pxH, format, tc.wantFormat)
		}
		if tc.wantW == 0 {
			if !bytes.Equal(out, data) {
				t.Errorf("%s %dx%d placed %.0f pt: re-encoded, want kept", tc.format, tc.pxW, tc.pxH, tc.placedW)
			}
			continue
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != tc.wantW || cfg.Height != tc.wantW*tc.pxH/tc.pxW {
			t.Errorf("%s %dx%d placed %.0f pt: %dx%d, want %dx%d", tc.format, tc.pxW, tc.pxH, tc.placedW,
				cfg.Width, cfg.Height, tc.wantW, tc.wantW*tc.pxH/tc.pxW)
		}
	}
}

package source

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/draw"
	"image/jpeg"
)

// orientation reads the EXIF orientation of a JPEG file: 1 (as stored) to
// 8, the way the camera was held. Cameras and phones store the pixels as
// the sensor read them and say in this tag how to turn them; 1 when the
// file has no such tag or it cannot be read.
func orientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	for p := data[2:]; len(p) >= 4 && p[0] == 0xFF; {
		marker := p[1]
		n := int(binary.BigEndian.Uint16(p[2:]))
		if marker == 0xDA || n < 2 || n+2 > len(p) { // the pixels start, or a broken segment
			return 1
		}
		seg := p[4 : n+2]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		p = p[n+2:]
	}
	return 1
}

// tiffOrientation finds tag 0x0112 in the first image directory of the
// TIFF structure that EXIF data is.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		order = binary.LittleEndian
	case "MM\x00*":
		order = binary.BigEndian
	default:
		return 1
	}
	off := int64(order.Uint32(t[4:]))
	if off+2 > int64(len(t)) {
		return 1
	}
	count := int64(order.Uint16(t[off:]))
	for i := range count {
		e := off + 2 + 12*i
		if e+12 > int64(len(t)) {
			return 1
		}
		// A SHORT (type 3), one of it, stored in the first two bytes of
		// the value field.
		if order.Uint16(t[e:]) == 0x0112 && order.Uint16(t[e+2:]) == 3 {
			if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// upright returns m turned as orientation o says (EXIF: 2 and 4 mirror,
// 3 turns half round, 5 to 8 swap width and height), so that it prints as
// photographed.
func upright(m image.Image, o int) image.Image {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	// The source as plain RGBA, or Gray for a black-and-white photo, so
	// that pixels can be copied four bytes (or one) at a time.
	var src, dst draw.Image
	var bpp int
	switch m.(type) {
	case *image.Gray:
		src, bpp = m.(*image.Gray), 1
	default:
		rgba := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(rgba, rgba.Bounds(), m, b.Min, draw.Src)
		src, bpp = rgba, 4
	}
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	if bpp == 1 {
		dst = image.NewGray(image.Rect(0, 0, dw, dh))
	} else {
		dst = image.NewRGBA(image.Rect(0, 0, dw, dh))
	}
	sp, ss := pix(src)
	dp, ds := pix(dst)
	for y := range dh {
		for x := range dw {
			sx, sy := from(o, x, y, w, h)
			copy(dp[y*ds+x*bpp:y*ds+x*bpp+bpp], sp[sy*ss+sx*bpp:])
		}
	}
	return dst
}

// from is the source pixel of the pixel (x, y) of the upright picture,
// for a stored picture of w×h.
func from(o, x, y, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return y, h - 1 - x
	case 7:
		return w - 1 - y, h - 1 - x
	case 8:
		return w - 1 - y, x
	}
	return x, y
}

func pix(m draw.Image) ([]byte, int) {
	if g, ok := m.(*image.Gray); ok {
		return g.Pix, g.Stride
	}
	r := m.(*image.RGBA)
	return r.Pix, r.Stride
}

// turnJPEG returns the JPEG m, stored with orientation o, re-encoded
// upright. The renderer then needs to know nothing of EXIF, and every PDF
// reader shows the picture the same way (PDF itself ignores EXIF). The
// re-encoding loses a little: quality 92 is beyond what print shows.
func turnJPEG(m image.Image, o int) ([]byte, int, int, error) {
	u := upright(m, o)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, u, &jpeg.Options{Quality: 92}); err != nil {
		return nil, 0, 0, err
	}
	return buf.Bytes(), u.Bounds().Dx(), u.Bounds().Dy(), nil
}

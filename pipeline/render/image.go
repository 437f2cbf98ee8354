package render

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/draw"

	"bulletin/internal/fingerprint"
	"bulletin/pipeline/asset"
	"bulletin/pipeline/book"
)

// ScreenDPI is the most pixels per inch a picture keeps in the screen
// file: more only makes the email heavier.
const ScreenDPI = 150

// drawImage places a picture, registering its bytes with fpdf on first use
// under its source name, so a picture shown twice is embedded once. With
// screen, it is downsampled (and registered under a name of its own).
func drawImage(f *fpdf.Fpdf, im book.Image, pic *asset.Picture, ox, oy float64, screen bool) {
	name := im.Src
	if screen {
		name += "@screen"
	}
	info := f.GetImageInfo(name)
	if info == nil {
		data, format := pic.Data, im.Format
		if screen {
			data, format = downsample(im, pic.Data)
		}
		opts := fpdf.ImageOptions{ImageType: map[string]string{"png": "PNG", "jpeg": "JPG"}[format]}
		f.RegisterImageOptionsReader(name, opts, bytes.NewReader(data))
	}
	f.ImageOptions(name, im.X+ox, im.Y+oy, im.W, im.H, false, fpdf.ImageOptions{}, 0, "")
}

// smallPicture is the size of a picture file that the screen file keeps
// as it is, whatever its resolution: downsampling is there to keep the
// emailed file small, and scaling and encoding again a file this small
// saves a few kilobytes for 70 to 150 ms of every build (the sample's
// 35 KB map at 2000 pixels: 207 KB of screen file kept, 201 KB scaled).
const smallPicture = 64 << 10

// downsample returns the picture at no more than ScreenDPI at its placed
// size. A photograph (JPEG) stays JPEG; a PNG stays PNG, keeping sharp
// edges and transparency. A picture already small enough, in pixels or
// in bytes, is kept as it is.
func downsample(im book.Image, data []byte) ([]byte, string) {
	wantW := int(im.W / 72 * ScreenDPI)
	if wantW <= 0 || float64(im.PxW) <= float64(wantW)*1.25 || len(data) <= smallPicture { // not worth a second encoding
		return data, im.Format
	}
	if !keptPictures.IsOn() {
		return scale(im, data, wantW)
	}
	k := fingerprint.Of(data, im.Format, wantW)
	if p, ok := keptPictures.Get(k); ok {
		return p.data, p.format
	}
	out, format := scale(im, data, wantW)
	keptPictures.Put(k, picture{out, format})
	return out, format
}

// scale is the picture data of format im.Format at wantW pixels wide.
func scale(im book.Image, data []byte, wantW int) ([]byte, string) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return data, im.Format // read and checked before; keep it whole
	}
	wantH := max(1, im.PxH*wantW/im.PxW)
	dst := image.NewNRGBA(image.Rect(0, 0, wantW, wantH))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	var buf bytes.Buffer
	if im.Format == "jpeg" {
		if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 85}); err == nil {
			return buf.Bytes(), "jpeg"
		}
		return data, im.Format
	}
	// The default level: the best one takes eight times as long for 2%.
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, dst); err == nil {
		return buf.Bytes(), "png"
	}
	return data, im.Format
}

// rgbPicture tells whether fpdf embeds the picture in RGB (a palette of
// RGB colours included), as opposed to grey or CMYK.
func rgbPicture(data []byte) bool {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return false // read and checked before
	}
	switch cfg.ColorModel {
	case color.GrayModel, color.Gray16Model, color.CMYKModel:
		return false
	}
	return true
}

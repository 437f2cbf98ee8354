package source

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"bulletin/internal/plainfile"
	"bulletin/pipeline/diag"
)

// Image is a picture an article shows, read from the edition folder and
// checked: its format, its size in pixels, and bytes that the renderer can
// embed as they are (JPEG) or that were re-encoded to 8-bit, non-interlaced
// PNG, the kind every PDF writer handles.
type Image struct {
	Src    string // as written in the article, e.g. images/map.png
	Format string // "png" or "jpeg"
	Width  int    // pixels
	Height int
	Data   []byte
}

// Limits on pictures, checked from their headers before any pixel is
// decoded: a file that declares a huge canvas is refused rather than
// allowed to take the machine's memory (a decompression bomb), and the
// pictures of an edition together are bounded so that the build stays
// within seconds and a gigabyte. The screen file downsamples every picture
// to 150 dpi at its placed size, so a full A4 page needs under 2.2 million
// pixels on screen and under 9 million at 300 dpi in print: 25 million
// admit any camera's photo of 24 megapixels, and 100 million four of them,
// or eight phone photos. Decoding and downsampling take the time: at these
// limits a build takes about 10 s and 540 MB (BenchmarkProcessBigPictures
// in cmd/bulletin).
const (
	MaxImageBytes    = 32 << 20
	MaxImagePixels   = 25_000_000
	MaxImageSide     = 20_000
	MaxEditionPixels = 100_000_000
)

// Header is a picture file read from the edition folder and its header
// checked against the limits; no pixel has been decoded yet.
type Header struct {
	Src    string   // as written in the article, e.g. images/map.png
	Pos    diag.Pos // where an article first shows it
	Format string   // as image.DecodeConfig names it
	Width  int      // pixels, as the header declares them
	Height int
	data   []byte
}

// Pixels is the picture's area as its header declares it.
func (h Header) Pixels() int { return h.Width * h.Height }

// ReadImage reads and decodes the image src that an article at pos refers
// to (ReadHeader, then Decode).
func ReadImage(dir, src string, pos diag.Pos) (Image, error) {
	h, err := ReadHeader(dir, src, pos)
	if err != nil {
		return Image{Src: src}, err
	}
	return h.Decode()
}

// ReadHeader reads the image src that an article at pos refers to and
// checks its header. Only files inside the edition folder are read: a URL,
// an absolute path, a path that climbs out of the folder or a symlink that
// points out of it is refused.
func ReadHeader(dir, src string, pos diag.Pos) (Header, error) {
	h := Header{Src: src, Pos: pos}
	fail := func(format string, args ...any) (Header, error) {
		var l diag.List
		l.Add(pos, format, args...)
		return h, l
	}
	if u, err := url.Parse(src); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		return fail("image %q is not a file of the edition; builds never fetch from the network, so save it under images/", src)
	}
	if src == "" {
		return fail("image has no file name")
	}
	if filepath.IsAbs(src) || strings.HasPrefix(src, "/") || strings.HasPrefix(src, `\`) || filepath.VolumeName(src) != "" {
		return fail("image %q is an absolute path; give a path inside the edition folder, like images/map.png", src)
	}
	clean := path.Clean(filepath.ToSlash(src))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return fail("image %q is outside the edition folder; copy it into images/", src)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fail("cannot open edition folder: %v", cause(err))
	}
	defer root.Close()
	data, msg := readImageFile(root, clean, src, dir)
	if msg != "" {
		return fail("%s", msg)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fail("image %q is not a PNG or JPEG file", src)
	}
	h.Format, h.Width, h.Height, h.data = format, cfg.Width, cfg.Height, data
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide || cfg.Width*cfg.Height > MaxImagePixels {
		return fail("image %q declares %d×%d pixels; the limit is %d pixels a side and %d million in all", src, cfg.Width, cfg.Height, MaxImageSide, MaxImagePixels/1_000_000)
	}
	return h, nil
}

// Decode decodes every pixel of a picture whose header was checked, once:
// a truncated or corrupt file is caught here, not as garbage on the
// printed page.
func (h Header) Decode() (Image, error) {
	img := Image{Src: h.Src, Format: h.Format, Width: h.Width, Height: h.Height}
	src, data := h.Src, h.data
	fail := func(format string, args ...any) (Image, error) {
		var l diag.List
		l.Add(h.Pos, format, args...)
		return img, l
	}
	switch h.Format {
	case "jpeg":
		m, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return fail("image %q is damaged: %v", src, err)
		}
		img.Data = data
		// A phone photo is stored as the sensor read it, with the way
		// the phone was held in its EXIF data: turn it upright here.
		if o := orientation(data); o != 1 {
			if img.Data, img.Width, img.Height, err = turnJPEG(m, o); err != nil {
				return fail("cannot turn image %q upright: %v", src, err)
			}
		}
	case "png":
		if plainPNG(data) {
			if err := checkPNG(data, h.Width, h.Height); err != nil {
				return fail("image %q is damaged: %v", src, err)
			}
			img.Data = data
			break
		}
		m, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return fail("image %q is damaged: %v", src, err)
		}
		// 16-bit and interlaced PNGs are converted to 8-bit, straight
		// PNG; fpdf would refuse or misdraw them.
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, to8bit(m)); err != nil {
			return fail("cannot convert image %q: %v", src, err)
		}
		img.Data = buf.Bytes()
	default:
		return fail("image %q is %s; use PNG or JPEG", src, h.Format)
	}
	return img, nil
}

// readImageFile reads the picture at path clean in the edition folder,
// checked to be a regular file before it is opened (a named pipe would
// block the build for ever), and says why it cannot when it cannot.
func readImageFile(root *os.Root, clean, src, dir string) ([]byte, string) {
	data, _, err := readRegular(root, clean, MaxImageBytes)
	if err == nil {
		return data, ""
	}
	var big errTooBig
	switch err := cause(err); {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Sprintf("image %q not found in %s", src, dir)
	case err.Error() == "path escapes from parent":
		return nil, fmt.Sprintf("image %q is a symlink pointing outside the edition folder; copy the file in instead", src)
	case errors.As(err, &big):
		return nil, fmt.Sprintf("image %q is %.1f MB; the limit is %d MB", src, float64(big.size)/(1<<20), MaxImageBytes>>20)
	case errors.As(err, new(*plainfile.NotRegularError)):
		return nil, fmt.Sprintf("image %q is %v", src, err)
	default:
		return nil, fmt.Sprintf("cannot read image %q: %v", src, err)
	}
}

// plainPNG reports whether a PNG that decoded cleanly is one fpdf embeds
// as it is: at most 8 bits per channel and not interlaced (IHDR bytes 24
// and 28).
func plainPNG(data []byte) bool {
	return len(data) > 28 && data[24] <= 8 && data[28] == 0
}

// checkPNG checks a plain PNG as the PDF will use it: fpdf embeds its
// compressed pixel data as it is, so every chunk must pass its CRC, the
// data must inflate (zlib's own checksum included) to exactly a filter
// byte and a row of pixels for each row, and each filter byte must be one
// PNG defines. That is what decoding it would prove of the data, in a
// third of the time, without building the picture in memory.
func checkPNG(data []byte, width, height int) error {
	var ihdr []byte
	var idat []io.Reader
	for p := data[8:]; ; {
		if len(p) < 12 {
			return errors.New("the file ends before its last chunk")
		}
		n := binary.BigEndian.Uint32(p)
		if uint64(n) > uint64(len(p)-12) {
			return errors.New("the file ends inside a chunk")
		}
		kind, body := string(p[4:8]), p[8:8+n]
		if crc32.ChecksumIEEE(p[4:8+n]) != binary.BigEndian.Uint32(p[8+n:]) {
			return fmt.Errorf("its %s chunk fails its checksum", kind)
		}
		p = p[12+n:]
		switch kind {
		case "IHDR":
			ihdr = body
		case "IDAT":
			idat = append(idat, bytes.NewReader(body))
		}
		if kind == "IEND" {
			break
		}
	}
	if len(ihdr) != 13 || len(idat) == 0 {
		return errors.New("it has no header or no pixel data")
	}
	channels := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ihdr[9]]
	if channels == 0 {
		return fmt.Errorf("unknown colour type %d", ihdr[9])
	}
	row := make([]byte, 1+(width*channels*int(ihdr[8])+7)/8)
	z, err := zlib.NewReader(io.MultiReader(idat...))
	if err != nil {
		return fmt.Errorf("its pixel data: %w", err)
	}
	for range height {
		if _, err := io.ReadFull(z, row); err != nil {
			return errors.New("its pixel data ends early")
		}
		if row[0] > 4 {
			return fmt.Errorf("a row has the unknown filter %d", row[0])
		}
	}
	// Reading on to the end checks zlib's checksum, and that no data is left.
	switch _, err := io.ReadFull(z, row[:1]); err {
	case io.EOF:
		return nil
	case nil:
		return errors.New("it has more pixel data than rows")
	default:
		return fmt.Errorf("its pixel data: %w", err)
	}
}

// to8bit returns m with 8 bits per channel.
func to8bit(m image.Image) image.Image {
	switch m := m.(type) {
	case *image.Gray, *image.NRGBA, *image.RGBA, *image.Paletted:
		return m
	case *image.Gray16:
		g := image.NewGray(m.Bounds())
		for y := m.Bounds().Min.Y; y < m.Bounds().Max.Y; y++ {
			for x := m.Bounds().Min.X; x < m.Bounds().Max.X; x++ {
				g.Set(x, y, m.At(x, y))
			}
		}
		return g
	}
	b := m.Bounds()
	out := image.NewNRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, m.At(x, y))
		}
	}
	return out
}

package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// What finish adds to the print file to make it PDF/X-4 (ISO 15930-7),
// where fpdf has no way to say it, and what it removes from every file:
//
//   - the header says PDF 1.6, the version PDF/X-4 is built on (fpdf
//     writes the lowest version its features need, 1.3 here, although
//     the file carries XMP metadata and an output intent);
//   - /Info gets /GTS_PDFXVersion (PDF/X-4) and /Trapped /False, as the
//     XMP packet says;
//   - the output intent's profile stream says /N 4 /Alternate /DeviceCMYK
//     (fpdf writes /N 3 /Alternate /DeviceRGB for any profile), and the
//     output intent names its registry, which fpdf cannot write;
//   - an RGB picture's /DeviceRGB becomes [/ICCBased sRGB], the profile
//     added once as an object of its own, so the RIP converts it from a
//     known colour space as PDF/X-4 allows (DeviceRGB it does not, with a
//     CMYK output intent);
//   - every file: the empty /Names /EmbeddedFiles tree fpdf always writes
//     into the catalogue is removed (Ghostscript calls the file repaired
//     because of it);
//   - every file: each subset font gets the six-letter tag ISO 32000-1
//     9.6.4 requires, derived from the font program's bytes, in /BaseFont
//     of both font dictionaries and /FontName of the descriptor (tagFonts).
const (
	rgbProfile  = "<< /N 3 /Alternate /DeviceRGB "
	cmykProfile = "<< /N 4 /Alternate /DeviceCMYK "
	imageStart  = "<</Type /XObject\n/Subtype /Image\n"
	emptyNames  = "/Names <<\n/EmbeddedFiles << /Names [\n  \n] >>\n>>\n"
	pdfXInfo    = "/GTS_PDFXVersion (" + pdfXVersion + ")\n/Trapped /False\n"
)

// pdfXHeader is fpdf's header with the version PDF/X-4 is built on.
func pdfXHeader(h []byte) []byte { return versionHeader(h, '6') }

// versionHeader raises the header's version to 1.minor when it is lower.
func versionHeader(h []byte, minor byte) []byte {
	const v = "%PDF-1."
	if len(h) > len(v) && bytes.HasPrefix(h, []byte(v)) && h[len(v)] < minor {
		return slices.Concat([]byte(v+string(minor)), h[len(v)+1:])
	}
	return h
}

// pdfXInfo adds the PDF/X keys to the information dictionary.
func (pt *patcher) pdfXInfo(o *pdfObject) error {
	head := fmt.Appendf(nil, "%d 0 obj\n<<\n", o.num)
	if !bytes.HasPrefix(o.data, head) {
		return &PatchError{patchPDFX, 0, 1}
	}
	o.data = slices.Concat(head, []byte(pdfXInfo), o.data[len(head):])
	return nil
}

// catalog removes the empty name tree and, in print, names the output
// intent's registry.
func (pt *patcher) catalog(o *pdfObject) error {
	if n := bytes.Count(o.data, []byte(emptyNames)); n != 1 {
		return &PatchError{patchNames, n, 1}
	}
	o.data = bytes.Replace(o.data, []byte(emptyNames), nil, 1)
	pt.names++
	if !pt.opt.pdfX {
		return nil
	}
	const at = "/DestOutputProfile "
	if n := bytes.Count(o.data, []byte("/S /GTS_PDFX ")); n != 1 || bytes.Count(o.data, []byte(at)) != 1 {
		return &PatchError{patchReg, n, 1}
	}
	o.data = bytes.Replace(o.data, []byte(at), []byte("/RegistryName ("+fograRegistry+") "+at), 1)
	return nil
}

// image gives an RGB picture (palette included) the sRGB colour space.
func (pt *patcher) image(o *pdfObject, body []byte) error {
	end := bytes.Index(o.data, []byte(">>\nstream\n"))
	if end < 0 {
		return fmt.Errorf("a picture without a stream")
	}
	dict := o.data[:end]
	icc := fmt.Appendf(nil, "[/ICCBased %d 0 R]", pt.srgb)
	var fixed []byte
	switch {
	case bytes.Contains(dict, []byte("\n/ColorSpace /DeviceRGB\n")):
		fixed = bytes.Replace(dict, []byte("/DeviceRGB"), icc, 1)
	case bytes.Contains(dict, []byte("\n/ColorSpace [/Indexed /DeviceRGB ")):
		fixed = bytes.Replace(dict, []byte("/DeviceRGB"), icc, 1)
	default:
		return nil // grey or CMYK: as it is
	}
	if pt.srgb == 0 {
		return &PatchError{patchImages, pt.images + 1, 0}
	}
	o.data = slices.Concat(fixed, o.data[end:])
	pt.images++
	return nil
}

// srgbObject is object num: the sRGB profile, compressed.
func srgbObject(num int) pdfObject {
	z := compressedSRGB()
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d 0 obj\n<</N 3 /Alternate /DeviceRGB /Filter /FlateDecode /Length %d>>\nstream\n", num, len(z))
	b.Write(z)
	b.WriteString("\nendstream\nendobj\n")
	return pdfObject{num: num, data: b.Bytes()}
}

// compressedSRGB is the sRGB profile, compressed once per process.
var compressedSRGB = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.DefaultCompression)
	w.Write(sRGB)
	w.Close()
	return b.Bytes()
})

var (
	fontFile2   = regexp.MustCompile(`/FontFile2 (\d+) 0 R`)
	fontDesc    = regexp.MustCompile(`/FontDescriptor (\d+) 0 R`)
	descendants = regexp.MustCompile(`/DescendantFonts \[(\d+) 0 R\]`)
	baseFont    = regexp.MustCompile(`/(BaseFont|FontName) /([A-Za-z0-9_.-]+)`)
)

// tagFonts names every subset font ABCDEF+name, the tag made of the
// SHA-256 of its font program's stream: the same subset gets the same tag
// in every file and every build, two different subsets (almost surely)
// different ones. It follows the references from each font program to its
// descriptor, its CIDFont and its Type0 font, and fails unless each has
// exactly one of each.
func tagFonts(objs []pdfObject, programs []int) error {
	// referrer[re][n] is the object whose re names object n.
	referrers := func(re *regexp.Regexp) map[int][]int {
		out := map[int][]int{}
		for i, o := range objs {
			if bytes.Contains(o.data, []byte("stream\n")) {
				continue
			}
			for _, m := range re.FindAllSubmatch(o.data, -1) {
				n, _ := strconv.Atoi(string(m[1]))
				out[n] = append(out[n], i)
			}
		}
		return out
	}
	byFile, byDesc, byCID := referrers(fontFile2), referrers(fontDesc), referrers(descendants)
	for _, p := range programs {
		o := objs[p]
		sum := sha256.Sum256(o.data[bytes.Index(o.data, []byte("stream\n")):])
		var tag [7]byte
		for i := range 6 {
			tag[i] = 'A' + sum[i]%26
		}
		tag[6] = '+'
		chain := []int{}
		for _, refs := range []map[int][]int{byFile, byDesc, byCID} {
			if len(refs[o.num]) != 1 {
				return &PatchError{patchTags, len(refs[o.num]), 1}
			}
			chain = append(chain, refs[o.num][0])
			o = objs[refs[o.num][0]]
		}
		for _, i := range chain {
			if n := len(baseFont.FindAllIndex(objs[i].data, -1)); n != 1 {
				return &PatchError{patchTags, n, 1}
			}
			objs[i].data = baseFont.ReplaceAll(objs[i].data, slices.Concat([]byte("/$1 /"), tag[:], []byte("$2")))
		}
	}
	return nil
}

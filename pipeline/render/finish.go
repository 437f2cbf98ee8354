package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zlib"

	"bulletin/internal/work"
)

// finish rewrites the file fpdf wrote, object by object, for what fpdf
// cannot do itself, and writes a fresh cross-reference table:
//
//   - page boxes: fpdf keeps a page's boxes in a map and writes them in map
//     order, so a page with two boxes comes out differently from run to run.
//     fpdf is therefore given no boxes; finish writes /TrimBox and then
//     /BleedBox into each page dictionary itself, always in that order.
//   - annotations become objects of their own, as the PDF specification
//     asks of a page's /Annots (fpdf writes them inline in the array), and
//     link annotations get /F 4 (the Print flag), which PDF/A requires and
//     fpdf never writes.
//   - an outline item with children gets /Count -n (closed, n children)
//     instead of fpdf's /Count 0, which the specification does not allow
//     for an item with children.
//   - the dates of the information dictionary get their time zone
//     (Z00'00: fpdf writes them without one), so that they say the same
//     instant as the XMP dates.
//   - for the screen file, every stream is compressed at zlib's default
//     level, on every core: the page contents, which fpdf is told to leave
//     plain, and the fonts, which fpdf compresses at the fastest level,
//     again. About 10% smaller. klauspost/compress does it in a third of
//     the time of compress/flate at the same level, for streams 2% larger
//     (the sample: 4.4 ms against 12 ms, 119.4 KB against 117.0 KB; the
//     best level saves 2% more and takes five times as long).
//   - the trailer names the right information dictionary (fpdf's names
//     the object before the catalogue, which is the sRGB profile once an
//     output intent is added).
//   - the trailer gets a document /ID (fpdf writes one only when it
//     encrypts): the first 16 bytes of the SHA-256 of the file up to the
//     trailer, twice, so that it is fixed by the content.
//
// fpdf's output is regular: one classic cross-reference table, no object
// streams, no incremental updates, every object "N 0 obj ... endobj". finish
// checks that and fails rather than guess.
type finishing struct {
	boxes      *pageBoxes // nil: none
	recompress bool
	printLinks bool // link annotations get the Print flag
	// What the renderer drew, so that each patch knows how many places it
	// must find: an fpdf that writes something differently makes finish
	// fail, naming the patch, instead of leaving the fix undone.
	pages   int // page objects
	links   int // link annotations
	parents int // outline items with children
	fonts   int // font programs, each repaired
	// pdfX: the PDF/X-4 entries of the print file (finish_print.go).
	pdfX bool
	// rgbImages: the RGB pictures, which get the sRGB colour space (pdfX).
	rgbImages int
	// structure is the structure tree of a tagged book (tags.go); nil:
	// the file is not tagged.
	structure *structTree
	// runes are the runes drawn in each font, by fpdf's font key, for
	// its ToUnicode map (tounicode.go).
	runes map[string][]rune
}

// PatchError is a patch of fpdf's output that found a different number of
// places to patch than the renderer expects.
type PatchError struct {
	Patch        string
	Found, Wants int
}

func (e *PatchError) Error() string {
	return fmt.Sprintf("patch %q found %d places in fpdf's output, want %d", e.Patch, e.Found, e.Wants)
}

// The patches, by name.
const (
	patchPages   = "page boxes"
	patchAnnots  = "annotations as objects"
	patchPrint   = "link annotation print flag"
	patchOutline = "outline /Count of items with children"
	patchDates   = "information dictionary dates"
	patchInfo    = "trailer /Info"
	patchFonts   = "TrueType font program repair"
	patchNames   = "empty name tree removed"
	patchTags    = "subset font names tagged"
	patchPDFX    = "PDF/X entries of /Info"
	patchIntent  = "CMYK output intent profile"
	patchReg     = "output intent registry"
	patchImages  = "sRGB colour space of RGB pictures"
	patchTagged  = "tagged PDF entries of the catalogue"
	patchCMaps   = "ToUnicode maps of the runes used"
)

// pageBoxes are the boxes every page gets, in PDF user space (origin at the
// bottom left of the sheet).
type pageBoxes struct {
	trim, bleed [4]float64 // llx lly urx ury
}

type pdfObject struct {
	num  int
	data []byte // "N 0 obj\n ... endobj\n"
}

var (
	trailerRoot = regexp.MustCompile(`/Root (\d+) 0 R`)
	streamLen   = regexp.MustCompile(`/Length (\d+)`)
	plainStream = regexp.MustCompile(`^<</Length \d+>>$`)
	infoDate    = regexp.MustCompile(`/(CreationDate|ModDate) \(D:(\d{14})\)`)
)

const (
	pageStart  = "<</Type /Page\n"
	linkAnnot  = "<</Type /Annot /Subtype /Link "
	printAnnot = "<</Type /Annot /F 4 /Subtype /Link "
)

func finish(ctx context.Context, pdf []byte, opt finishing) ([]byte, error) {
	header, objs, root, info, err := parsePDF(pdf)
	if err != nil {
		return nil, fmt.Errorf("finishing fpdf's output: %w", err)
	}
	pt := &patcher{opt: opt, info: info, root: root, next: len(objs) + 1, byNum: map[int][]byte{}}
	for _, o := range objs {
		pt.byNum[o.num] = o.data
	}
	if opt.structure != nil && !opt.pdfX {
		// A tagged file is PDF 1.7: /Tabs is 1.5, and PDF/UA-1 is built
		// on ISO 32000-1. The print file stays 1.6, as PDF/X-4 wants.
		header = versionHeader(header, '7')
	}
	if opt.pdfX {
		header = pdfXHeader(header)
		if opt.rgbImages > 0 {
			pt.srgb = pt.next
			pt.added = append(pt.added, srgbObject(pt.srgb))
			pt.next++
		}
	}
	for i := range objs {
		if err := pt.object(objs, i); err != nil {
			return nil, fmt.Errorf("finishing fpdf's output: object %d: %w", objs[i].num, err)
		}
	}
	if err := pt.counted(); err != nil {
		return nil, fmt.Errorf("finishing fpdf's output: %w", err)
	}
	if err := pt.tagged(objs); err != nil {
		return nil, fmt.Errorf("finishing fpdf's output: %w", err)
	}
	if err := recompressAll(ctx, objs, pt.squeeze, pt.fontPrograms); err != nil {
		return nil, err
	}
	if err := tagFonts(objs, pt.fontPrograms); err != nil {
		return nil, fmt.Errorf("finishing fpdf's output: %w", err)
	}
	return write(header, append(objs, pt.added...), root, info), nil
}

// patcher patches fpdf's objects one by one and counts what it patched.
type patcher struct {
	opt          finishing
	info, root   int            // the information dictionary's and the catalogue's numbers
	srgb         int            // the sRGB profile's object for pictures (print), or 0
	byNum        map[int][]byte // every object, by number
	next         int            // the number of the next new object
	added        []pdfObject    // the annotations, as objects of their own
	squeeze      []int          // objects whose streams are compressed again
	fontPrograms []int          // objects holding a font program (/FontFile2)
	pages        int
	annots       int // annotations made objects of their own
	names        int // empty name trees removed
	intents      int // CMYK output intent profiles
	images       int // RGB pictures given the sRGB colour space
	flagged      int // link annotations given the Print flag
	parents      int // outline items with children given their /Count
	// The page objects' numbers and each page's annotations', for the
	// structure tree.
	pageNums  []int
	annotNums [][]int
	// cmaps are the ToUnicode maps' objects, each with its font's key;
	// cmapsDone counts those written again.
	cmaps     map[int]string
	cmapsDone int
}

func (pt *patcher) object(objs []pdfObject, i int) error {
	o := &objs[i]
	if key, ok := pt.cmaps[o.num]; ok {
		if err := pt.toUnicode(o, key); err != nil {
			return err
		}
	}
	body := o.data[len(strconv.Itoa(o.num))+len(" 0 obj\n"):]
	switch {
	case bytes.HasPrefix(body, []byte(pageStart)):
		pt.pages++
		data, annots, flagged, err := finishPage(o.data, pt.opt, pt.next)
		if err != nil {
			return err
		}
		if st := pt.opt.structure; st != nil {
			data, annots = structParents(data, annots, st, len(pt.pageNums))
		}
		o.data = data
		pt.pageNums = append(pt.pageNums, o.num)
		nums := make([]int, len(annots))
		for k, a := range annots {
			nums[k] = a.num
		}
		pt.annotNums = append(pt.annotNums, nums)
		pt.next += len(annots)
		pt.annots += len(annots)
		pt.flagged += flagged
		pt.added = append(pt.added, annots...)
	case o.num == pt.info:
		// Both dates, always: fpdf's putinfo writes them.
		if n := len(infoDate.FindAllIndex(o.data, -1)); n != 2 {
			return &PatchError{patchDates, n, 2}
		}
		o.data = infoDate.ReplaceAll(o.data, []byte("/$1 (D:${2}Z00'00)"))
		if pt.opt.pdfX {
			return pt.pdfXInfo(o)
		}
	case o.num == pt.root:
		return pt.catalog(o)
	case pt.opt.pdfX && bytes.HasPrefix(body, []byte(rgbProfile)):
		o.data = slices.Concat(o.data[:len(o.data)-len(body)], []byte(cmykProfile), body[len(rgbProfile):])
		pt.intents++
	case pt.opt.pdfX && bytes.HasPrefix(body, []byte(imageStart)):
		return pt.image(o, body)
	case bytes.HasPrefix(body, []byte("<</Title ")) && bytes.Contains(body, []byte("\n/First ")):
		data, err := closeOutlineItem(o.data, pt.byNum)
		if err != nil {
			return err
		}
		o.data = data
		pt.parents++
	case bytes.HasPrefix(body, []byte("<</Type /Font\n/Subtype /Type0\n")):
		return pt.type0(body)
	case isFontProgram(body):
		pt.fontPrograms = append(pt.fontPrograms, i)
	case pt.opt.recompress:
		pt.squeeze = append(pt.squeeze, i)
	}
	return nil
}

// counted checks that each patch found as many places as the renderer
// drew things.
func (pt *patcher) counted() error {
	wantFlagged := 0
	if pt.opt.printLinks {
		wantFlagged = pt.opt.links
	}
	pdfXOnly := 0
	if pt.opt.pdfX {
		pdfXOnly = 1
	}
	for _, c := range []PatchError{
		{patchPages, pt.pages, pt.opt.pages},
		{patchAnnots, pt.annots, pt.opt.links},
		{patchPrint, pt.flagged, wantFlagged},
		{patchOutline, pt.parents, pt.opt.parents},
		{patchFonts, len(pt.fontPrograms), pt.opt.fonts},
		{patchCMaps, pt.cmapsDone, pt.opt.fonts},
		{patchNames, pt.names, 1},
		{patchIntent, pt.intents, pdfXOnly},
		{patchImages, pt.images, pt.opt.rgbImages * pdfXOnly},
	} {
		if c.Found != c.Wants {
			return &c
		}
	}
	return nil
}

// write lays the objects out after the header, with a fresh
// cross-reference table and a trailer with a document /ID.
func write(header []byte, objs []pdfObject, root, info int) []byte {
	// The output's size is known now: the objects, the cross-reference
	// table (20 bytes an entry) and a trailer under 300 bytes. fpdf's
	// file can be ten times larger (the screen file's page contents come
	// plain), so growing to its size would hold that much memory twice.
	size := len(header) + 20*(len(objs)+1) + 300
	for _, o := range objs {
		size += len(o.data)
	}
	var out bytes.Buffer
	out.Grow(size)
	out.Write(header)
	offsets := make([]int, len(objs)+1)
	for _, o := range objs {
		offsets[o.num] = out.Len()
		out.Write(o.data)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	sum := sha256.Sum256(out.Bytes())
	id := fmt.Sprintf("<%x>", sum[:16])
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n/ID [%s %s]\n>>\nstartxref\n%d\n%%%%EOF\n",
		len(objs)+1, root, info, id, id, xref)
	return out.Bytes()
}

// finishPage adds the boxes to a page dictionary and moves its annotations
// into objects of their own, numbered from next, with the Print flag on the
// links that fpdf wrote as it always does; flagged counts those. Page
// dictionaries hold no streams, so their bytes are plain text.
func finishPage(data []byte, opt finishing, next int) (_ []byte, annots []pdfObject, flagged int, err error) {
	if i := bytes.Index(data, []byte("\n/Annots [")); i >= 0 {
		start := i + len("\n/Annots [")
		dicts, end, err := splitDicts(data, start)
		if err != nil {
			return nil, nil, 0, err
		}
		var refs bytes.Buffer
		for k, d := range dicts {
			if k > 0 {
				refs.WriteByte(' ')
			}
			num := next + len(annots)
			fmt.Fprintf(&refs, "%d 0 R", num)
			if opt.printLinks && bytes.HasPrefix(d, []byte(linkAnnot)) {
				d = slices.Concat([]byte(printAnnot), d[len(linkAnnot):])
				flagged++
			}
			annots = append(annots, pdfObject{num: num, data: fmt.Appendf(nil, "%d 0 obj\n%s\nendobj\n", num, d)})
		}
		data = slices.Concat(data[:start], refs.Bytes(), data[end:])
	}
	if b := opt.boxes; b != nil {
		i := bytes.Index(data, []byte(pageStart)) + len(pageStart) // found: that is how a page was told
		data = slices.Concat(data[:i],
			fmt.Appendf(nil, "/TrimBox [%s]\n/BleedBox [%s]\n", pdfRect(b.trim), pdfRect(b.bleed)),
			data[i:])
	}
	return data, annots, flagged, nil
}

// splitDicts reads the dictionaries of an array from data[i:] up to its
// closing bracket, and returns them and the index of that bracket. It
// skips literal strings, which may hold any bracket.
func splitDicts(data []byte, i int) ([][]byte, int, error) {
	var dicts [][]byte
	depth, start := 0, 0
	for i < len(data) {
		switch c := data[i]; {
		case c == '(':
			n, err := skipString(data, i)
			if err != nil {
				return nil, 0, err
			}
			i = n
			continue
		case c == '<' && i+1 < len(data) && data[i+1] == '<':
			if depth == 0 {
				start = i
			}
			depth++
			i += 2
			continue
		case c == '>' && i+1 < len(data) && data[i+1] == '>':
			depth--
			i += 2
			if depth == 0 {
				dicts = append(dicts, data[start:i])
			}
			continue
		case c == ']' && depth == 0:
			return dicts, i, nil
		case depth == 0 && c != ' ' && c != '\n':
			return nil, 0, fmt.Errorf("unexpected %q in /Annots", c)
		}
		i++
	}
	return nil, 0, errors.New("/Annots never closes")
}

// skipString returns the index after the literal string that starts at
// data[i] == '(': balanced parentheses, backslash escapes.
func skipString(data []byte, i int) (int, error) {
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		}
	}
	return 0, errors.New("a string never closes")
}

var (
	outlineFirst = regexp.MustCompile(`\n/First (\d+) 0 R`)
	outlineNext  = regexp.MustCompile(`\n/Next (\d+) 0 R`)
)

// closeOutlineItem gives an outline item with children the count of a
// closed item: minus the number of its children, in place of the /Count 0
// fpdf writes.
func closeOutlineItem(data []byte, byNum map[int][]byte) ([]byte, error) {
	m := outlineFirst.FindSubmatch(data)
	if n := bytes.Count(data, []byte("\n/Count 0>>")); m == nil || n != 1 {
		return nil, &PatchError{patchOutline, n, 1}
	}
	child, _ := strconv.Atoi(string(m[1]))
	n := 0
	for child != 0 && n <= len(byNum) { // bounded, should fpdf ever link a loop
		if byNum[child] == nil {
			return nil, fmt.Errorf("outline item names a missing object %d", child)
		}
		n++
		next := outlineNext.FindSubmatch(byNum[child])
		if next == nil {
			break
		}
		child, _ = strconv.Atoi(string(next[1]))
	}
	return bytes.Replace(data, []byte("\n/Count 0>>"), fmt.Appendf(nil, "\n/Count -%d>>", n), 1), nil
}

func pdfRect(r [4]float64) string {
	var b []byte
	for i, v := range r {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendFloat(b, v, 'f', 3, 64)
	}
	return string(b)
}

// isFontProgram tells a font program's stream (fpdf writes /Length1, the
// length of the decoded program, for /FontFile2 only) from the others.
func isFontProgram(body []byte) bool {
	dict, _, ok := bytes.Cut(body, []byte(">>\nstream\n"))
	return ok && bytes.Contains(dict, []byte("\n/Length1 "))
}

// recompressAll compresses the streams of objs[squeeze] again and repairs
// the font programs of objs[fontPrograms] (repairTrueType), on every core:
// each object's bytes depend on that object alone, so the file is the same
// whatever the order.
func recompressAll(ctx context.Context, objs []pdfObject, squeeze, fontPrograms []int) error {
	idx := slices.Concat(squeeze, fontPrograms)
	return work.Do(ctx, len(idx), func(_ context.Context, k int) (err error) {
		z := zlibbers.Get().(*zlibber)
		defer zlibbers.Put(z)
		o := &objs[idx[k]]
		fix := repairTrueType
		if k < len(squeeze) {
			fix = nil
		}
		o.data, err = z.recompress(o.num, o.data, fix)
		return err
	})
}

// zlibbers keeps compressors for reuse: each new one costs about a
// megabyte of allocation.
var zlibbers = sync.Pool{New: func() any { return new(zlibber) }}

// zlibber recompresses streams with one reused compressor (each new one
// costs about a megabyte of allocation).
type zlibber struct {
	buf bytes.Buffer
	w   *zlib.Writer
}

// recompress compresses a Flate stream again at the default level, when that
// makes it smaller, and compresses the page contents that fpdf left plain
// (the screen file's: "<</Length N>>"). With fix, the decoded stream is
// passed through fix and always written again, whatever its size.
func (zb *zlibber) recompress(num int, data []byte, fix func([]byte) ([]byte, error)) ([]byte, error) {
	const head, tail = ">>\nstream\n", "\nendstream\nendobj\n"
	i := bytes.Index(data, []byte(head))
	if i < 0 || !bytes.HasSuffix(data, []byte(tail)) {
		if fix != nil {
			return nil, fmt.Errorf("finishing fpdf's output: object %d: not a stream", num)
		}
		return data, nil // not a stream
	}
	dict := data[:i+2]
	plainContents := plainStream.Match(dict[bytes.IndexByte(dict, '\n')+1:])
	if !plainContents && (!bytes.Contains(dict, []byte("/Filter /FlateDecode")) || bytes.Contains(dict, []byte("/DecodeParms"))) {
		if fix != nil {
			return nil, fmt.Errorf("finishing fpdf's output: object %d: not a Flate stream", num)
		}
		return data, nil
	}
	m := streamLen.FindSubmatchIndex(dict)
	if m == nil {
		return nil, fmt.Errorf("finishing fpdf's output: object %d: stream without /Length", num)
	}
	n, _ := strconv.Atoi(string(dict[m[2]:m[3]]))
	raw := data[i+len(head) : len(data)-len(tail)]
	if len(raw) != n {
		return nil, fmt.Errorf("finishing fpdf's output: object %d: /Length %d, stream of %d bytes", num, n, len(raw))
	}
	plain := raw
	if !plainContents {
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("finishing fpdf's output: object %d: %w", num, err)
		}
		if plain, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("finishing fpdf's output: object %d: %w", num, err)
		}
	}
	if fix != nil {
		var err error
		if plain, err = fix(plain); err != nil {
			return nil, fmt.Errorf("finishing fpdf's output: object %d: %w", num, err)
		}
	}
	z := zb.deflate(plain)
	if fix == nil && len(z) >= len(raw) {
		return data, nil
	}
	var b bytes.Buffer
	if plainContents {
		fmt.Fprintf(&b, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", num, len(z))
		b.Write(z)
		b.WriteString(tail)
		return b.Bytes(), nil
	}
	b.Write(dict[:m[2]])
	b.WriteString(strconv.Itoa(len(z)))
	b.Write(dict[m[3]:])
	b.WriteString(head[2:])
	b.Write(z)
	b.WriteString(tail)
	return b.Bytes(), nil
}

// compress is plain compressed at zlib's default level, in zb's buffer.
func (zb *zlibber) compress(plain []byte) []byte {
	z := &zb.buf
	z.Reset()
	if zb.w == nil {
		zb.w, _ = zlib.NewWriterLevel(z, zlib.DefaultCompression)
	} else {
		zb.w.Reset(z)
	}
	zb.w.Write(plain)
	zb.w.Close()
	return z.Bytes()
}

// parsePDF splits fpdf's output into the header, the objects in file order,
// the trailer's /Root and the information dictionary's object number.
func parsePDF(pdf []byte) (header []byte, objs []pdfObject, root, info int, err error) {
	i := bytes.LastIndex(pdf, []byte("startxref\n"))
	if i < 0 {
		return nil, nil, 0, 0, errors.New("no startxref")
	}
	var xref int
	if _, err := fmt.Sscanf(string(pdf[i:]), "startxref\n%d\n", &xref); err != nil || xref <= 0 || xref >= i {
		return nil, nil, 0, 0, errors.New("bad startxref")
	}
	var first, count int
	if _, err := fmt.Sscanf(string(pdf[xref:]), "xref\n%d %d\n", &first, &count); err != nil || first != 0 || count < 2 {
		return nil, nil, 0, 0, errors.New("bad cross-reference table")
	}
	table := xref + len(fmt.Sprintf("xref\n0 %d\n", count))
	const entry = 20
	if table+count*entry > len(pdf) || string(pdf[table:table+entry]) != "0000000000 65535 f \n" {
		return nil, nil, 0, 0, errors.New("bad cross-reference table")
	}
	type at struct{ num, off int }
	var ats []at
	for n := 1; n < count; n++ {
		e := pdf[table+n*entry : table+(n+1)*entry]
		if string(e[10:]) != " 00000 n \n" {
			return nil, nil, 0, 0, fmt.Errorf("cross-reference entry %d: %q", n, e)
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off <= 0 || off >= xref {
			return nil, nil, 0, 0, fmt.Errorf("cross-reference entry %d: %q", n, e)
		}
		ats = append(ats, at{n, off})
	}
	sort.Slice(ats, func(i, j int) bool { return ats[i].off < ats[j].off })
	for k, a := range ats {
		end := xref
		if k+1 < len(ats) {
			end = ats[k+1].off
		}
		data := pdf[a.off:end]
		if !bytes.HasPrefix(data, fmt.Appendf(nil, "%d 0 obj\n", a.num)) || !bytes.HasSuffix(data, []byte("endobj\n")) {
			return nil, nil, 0, 0, fmt.Errorf("object %d at %d is not N 0 obj ... endobj", a.num, a.off)
		}
		objs = append(objs, pdfObject{num: a.num, data: data}) // finish never writes into data
	}
	trailer := pdf[table+count*entry:]
	if !bytes.HasPrefix(trailer, []byte("trailer\n")) || bytes.Contains(trailer, []byte("/Encrypt")) {
		return nil, nil, 0, 0, errors.New("unexpected trailer")
	}
	r := trailerRoot.FindSubmatch(trailer)
	if r == nil {
		return nil, nil, 0, 0, errors.New("trailer without /Root")
	}
	root, _ = strconv.Atoi(string(r[1]))
	// fpdf's trailer names object n-1 as /Info, which is wrong when it
	// has written output intent profiles after the information
	// dictionary (as in the archive file). The information dictionary is
	// the one object that holds the dates putinfo always writes.
	found := 0
	for _, o := range objs {
		if bytes.Contains(o.data, []byte("\n/CreationDate (D:")) && !bytes.Contains(o.data, []byte("stream\n")) {
			info = o.num
			found++
		}
	}
	if found != 1 {
		return nil, nil, 0, 0, &PatchError{patchInfo, found, 1}
	}
	return pdf[:ats[0].off], objs, root, info, nil
}

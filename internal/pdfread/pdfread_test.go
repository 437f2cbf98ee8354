package pdfread

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// tiny writes a one-page PDF by hand, with a correct cross-reference table,
// a TrimBox and a BleedBox.
func tiny() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] /TrimBox [20 20 180 280] /BleedBox [10 10 190 290] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
		"<< /Length 22 >>\nstream\n0 0 1 rg 20 20 50 50 re f\nendstream",
		"<< /Type /XObject /Subtype /Image /Width 2 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 2 >>\nstream\n\x80\x80\nendstream",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xb5\xb6\xb5\xb6\n")
	offs := []int{}
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestReadersAgreeOnAHandMadeFile(t *testing.T) {
	pdf := tiny()
	if err := CheckXref(pdf); err != nil {
		t.Fatal(err)
	}
	s, err := Inspect(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.ID) != 2 || fmt.Sprintf("%x", s.ID[0]) != "00112233445566778899aabbccddeeff" || s.XMP != nil || s.Encrypted || s.JavaScript || s.ImageBytes != 2 {
		t.Errorf("structure %+v", s)
	}
	d, err := Read(pdf)
	if err != nil {
		t.Fatal(err)
	}
	want := Boxes{Media: Box{0, 0, 200, 300}, Trim: Box{20, 20, 180, 280}, Bleed: Box{10, 10, 190, 290}, HasTrim: true, HasBleed: true}
	if len(d.Boxes) != 1 || d.Boxes[0] != want {
		t.Errorf("boxes %+v, want %+v", d.Boxes, want)
	}
	img, err := Render(pdf, 0, 72)
	if err != nil {
		t.Fatal(err)
	}
	// The blue square at (20,20)-(70,70) from the bottom left.
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 300 {
		t.Fatalf("image %v", b)
	}
	if c := img.RGBAAt(40, 300-40); c.B < 200 || c.R > 50 {
		t.Errorf("inside the square: %v", c)
	}
	if c := img.RGBAAt(100, 100); c.R < 250 || c.G < 250 || c.B < 250 {
		t.Errorf("outside the square: %v, want white", c)
	}
}

// PDFium and pdfcpu both repair a wrong cross-reference table without a
// word; CheckXref does not.
func TestCheckXrefFindsAWrongOffset(t *testing.T) {
	pdf := tiny()
	// Shift the offset of object 1 by one byte.
	entry := bytes.Index(pdf, []byte("xref\n")) + len("xref\n0 6\n") + 20
	var n int
	fmt.Sscanf(string(pdf[entry:entry+10]), "%d", &n)
	bad := bytes.Join([][]byte{pdf[:entry], fmt.Appendf(nil, "%010d", n+1), pdf[entry+10:]}, nil)
	if err := CheckXref(bad); err == nil || !strings.Contains(err.Error(), "entry 1") {
		t.Errorf("CheckXref = %v, want an error for entry 1", err)
	}
}

package pdfread

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// A second reader, independent of PDFium: pdfcpu, pure Go, validates the
// file against the PDF specification and reads the catalogue's objects that
// PDFium's API does not show (XMP metadata, output intents, the trailer).
// Both readers repair damaged files quietly, so CheckXref also checks the
// cross-reference table byte by byte.

func init() { api.DisableConfigDir() } // pdfcpu would otherwise write ~/.config/pdfcpu

// Structure is the file's structure as pdfcpu reads it.
type Structure struct {
	Encrypted     bool
	ID            [][]byte // the trailer's /ID strings
	XMP           []byte   // the catalogue's /Metadata stream, decoded; nil when absent
	OutputIntents []OutputIntent
	// JavaScript is set when the catalogue has a JavaScript name tree or
	// an additional-actions dictionary, or opens with a JavaScript action.
	JavaScript bool
	// ImageBytes is the size of every image XObject's stream as stored.
	ImageBytes int64
}

// OutputIntent is one entry of the catalogue's /OutputIntents.
type OutputIntent struct {
	S         string // GTS_PDFA1, GTS_PDFX, ...
	Condition string // /OutputConditionIdentifier
	Profile   []byte // /DestOutputProfile, decoded
	N         int    // the profile's number of components
}

func config() *model.Configuration {
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationStrict
	return c
}

// Validate checks pdf against the PDF specification with pdfcpu in strict
// mode.
func Validate(pdf []byte) error {
	return api.Validate(bytes.NewReader(pdf), config())
}

// Inspect validates pdf strictly and reads its structure.
func Inspect(pdf []byte) (*Structure, error) {
	ctx, err := api.ReadAndValidate(bytes.NewReader(pdf), config())
	if err != nil {
		return nil, err
	}
	x := ctx.XRefTable
	s := &Structure{Encrypted: x.Encrypt != nil}
	for _, o := range x.ID {
		switch v := o.(type) {
		case types.HexLiteral:
			b, err := v.Bytes()
			if err != nil {
				return nil, err
			}
			s.ID = append(s.ID, b)
		case types.StringLiteral:
			s.ID = append(s.ID, []byte(v.Value()))
		}
	}
	cat, err := x.Catalog()
	if err != nil {
		return nil, err
	}
	if o, ok := cat.Find("Metadata"); ok {
		if s.XMP, err = stream(x, o); err != nil {
			return nil, fmt.Errorf("metadata: %w", err)
		}
	}
	if s.OutputIntents, err = outputIntents(x, cat); err != nil {
		return nil, err
	}
	s.JavaScript = hasScript(x, cat)
	for nr, e := range x.Table {
		if nr == 0 || e == nil || e.Free {
			continue
		}
		if sd, ok := e.Object.(types.StreamDict); ok {
			if st := sd.Subtype(); st != nil && *st == "Image" && sd.StreamLength != nil {
				s.ImageBytes += *sd.StreamLength
			}
		}
	}
	return s, nil
}

func stream(x *model.XRefTable, o types.Object) ([]byte, error) {
	sd, _, err := x.DereferenceStreamDict(o)
	if err != nil {
		return nil, err
	}
	if sd == nil {
		return nil, errors.New("not a stream")
	}
	if err := sd.Decode(); err != nil {
		return nil, err
	}
	return sd.Content, nil
}

var objHeader = regexp.MustCompile(`^(\d+) (\d+) obj\s`)

// CheckXref checks the cross-reference table of a file with one classic
// table (no streams, no updates): startxref points at "xref", every entry
// in use points at its own "N G obj", and the trailer's /Size counts them.
// Readers repair a wrong table without a word; a printer's RIP may not.
func CheckXref(pdf []byte) error {
	i := bytes.LastIndex(pdf, []byte("startxref"))
	if i < 0 {
		return errors.New("no startxref")
	}
	var xref int
	if _, err := fmt.Sscanf(string(pdf[i:]), "startxref\n%d", &xref); err != nil || xref >= len(pdf) {
		return errors.New("bad startxref")
	}
	if !bytes.HasPrefix(pdf[xref:], []byte("xref")) {
		return fmt.Errorf("startxref %d does not point at xref", xref)
	}
	var first, count int
	if _, err := fmt.Sscanf(string(pdf[xref:]), "xref\n%d %d\n", &first, &count); err != nil {
		return fmt.Errorf("bad xref subsection header: %v", err)
	}
	table := xref + len(fmt.Sprintf("xref\n%d %d\n", first, count))
	for n := 0; n < count; n++ {
		at := table + 20*n
		if at+20 > len(pdf) {
			return errors.New("xref table runs past the end")
		}
		e := string(pdf[at : at+20])
		off, err1 := strconv.Atoi(e[:10])
		gen, err2 := strconv.Atoi(e[11:16])
		if err1 != nil || err2 != nil || e[10] != ' ' || e[16] != ' ' || e[18:] != " \n" && e[18:] != "\r\n" {
			return fmt.Errorf("xref entry %d is malformed: %q", first+n, e)
		}
		if e[17] == 'f' {
			continue
		}
		m := objHeader.FindSubmatch(pdf[off:min(off+40, len(pdf))])
		if m == nil || string(m[1]) != strconv.Itoa(first+n) || string(m[2]) != strconv.Itoa(gen) {
			return fmt.Errorf("xref entry %d points at offset %d, which does not start object %d %d", first+n, off, first+n, gen)
		}
	}
	trailer := pdf[table+20*count:]
	m := regexp.MustCompile(`/Size (\d+)`).FindSubmatch(trailer)
	if m == nil || string(m[1]) != strconv.Itoa(first+count) {
		return fmt.Errorf("trailer /Size does not match the %d entries", first+count)
	}
	return nil
}

// outputIntents reads the catalogue's output intents.
func outputIntents(x *model.XRefTable, cat types.Dict) ([]OutputIntent, error) {
	o, ok := cat.Find("OutputIntents")
	if !ok {
		return nil, nil
	}
	arr, err := x.DereferenceArray(o)
	if err != nil {
		return nil, err
	}
	var out []OutputIntent
	for _, e := range arr {
		d, err := x.DereferenceDict(e)
		if err != nil {
			return nil, err
		}
		var oi OutputIntent
		if n := d.NameEntry("S"); n != nil {
			oi.S = *n
		}
		if c, err := x.DereferenceStringOrHexLiteral(d["OutputConditionIdentifier"], model.V10, nil); err == nil {
			oi.Condition = c
		}
		if p, ok := d.Find("DestOutputProfile"); ok {
			sd, _, err := x.DereferenceStreamDict(p)
			if err != nil || sd == nil {
				return nil, fmt.Errorf("output intent profile: %v", err)
			}
			if n := sd.IntEntry("N"); n != nil {
				oi.N = *n
			}
			if oi.Profile, err = stream(x, p); err != nil {
				return nil, err
			}
		}
		out = append(out, oi)
	}
	return out, nil
}

// hasScript reports whether the catalogue runs anything by itself:
// additional actions, document JavaScript, or a JavaScript open action.
func hasScript(x *model.XRefTable, cat types.Dict) bool {
	if _, ok := cat.Find("AA"); ok {
		return true
	}
	if o, ok := cat.Find("Names"); ok {
		if d, err := x.DereferenceDict(o); err == nil && d != nil {
			if _, ok := d.Find("JavaScript"); ok {
				return true
			}
		}
	}
	if o, ok := cat.Find("OpenAction"); ok {
		if d, err := x.DereferenceDict(o); err == nil && d != nil {
			if n := d.NameEntry("S"); n != nil && *n == "JavaScript" {
				return true
			}
		}
	}
	return false
}

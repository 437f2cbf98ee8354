package fontcheck

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() { api.DisableConfigDir() } // pdfcpu would otherwise write ~/.config/pdfcpu

// Embedded is one font program a PDF embeds (a /FontFile2 stream).
type Embedded struct {
	Name    string // the font descriptor's /FontName
	Object  int    // the number of the stream object
	Program []byte // decoded
}

// Programs returns every TrueType font program pdf embeds, in the order
// of their object numbers.
func Programs(pdf []byte) ([]Embedded, error) {
	x, err := read(pdf)
	if err != nil {
		return nil, err
	}
	var out []Embedded
	for _, nr := range objects(x) {
		d, ok := x.Table[nr].Object.(types.Dict)
		if !ok || d.Type() == nil || *d.Type() != "FontDescriptor" {
			continue
		}
		e, ok, err := program(x, d)
		if err != nil {
			return nil, fmt.Errorf("font descriptor %d: %w", nr, err)
		}
		if ok {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Embedded) int { return a.Object - b.Object })
	return out, nil
}

// CheckPDF checks every font program pdf embeds strictly (Check), and, for
// every CIDFontType2 font, that each width of /W is the advance width that
// the program's hmtx gives the glyph the CID maps to through /CIDToGIDMap,
// scaled to 1000 units per em (PDF/A, ISO 19005-2, 6.2.11.5), to within
// one unit. It returns the number of programs checked and every problem.
func CheckPDF(pdf []byte) (int, error) {
	x, err := read(pdf)
	if err != nil {
		return 0, err
	}
	var problems []error
	programs := 0
	for _, nr := range objects(x) {
		d, ok := x.Table[nr].Object.(types.Dict)
		if !ok || d.Subtype() == nil || *d.Subtype() != "CIDFontType2" {
			continue
		}
		name := d.NameEntry("BaseFont")
		if name == nil {
			problems = append(problems, fmt.Errorf("CID font %d: no /BaseFont", nr))
			continue
		}
		if err := cidFont(x, d); err != nil {
			problems = append(problems, fmt.Errorf("font %s (object %d): %w", *name, nr, err))
		}
		programs++
	}
	all, err := Programs(pdf)
	if err != nil {
		return programs, err
	}
	if len(all) != programs {
		problems = append(problems, fmt.Errorf("%d font programs, %d of them behind CID fonts (the only kind this checks)", len(all), programs))
	}
	return programs, errors.Join(problems...)
}

func read(pdf []byte) (*model.XRefTable, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, fmt.Errorf("pdfcpu: %w", err)
	}
	return ctx.XRefTable, nil
}

// objects lists the numbers of the objects in use, in order.
func objects(x *model.XRefTable) []int {
	var nrs []int
	for nr, e := range x.Table {
		if nr != 0 && e != nil && !e.Free && e.Object != nil {
			nrs = append(nrs, nr)
		}
	}
	slices.Sort(nrs)
	return nrs
}

// program reads the /FontFile2 of a font descriptor; ok is false when it
// has none.
func program(x *model.XRefTable, desc types.Dict) (e Embedded, ok bool, err error) {
	o, has := desc.Find("FontFile2")
	if !has {
		return e, false, nil
	}
	ref, isRef := o.(types.IndirectRef)
	if !isRef {
		return e, false, errors.New("/FontFile2 is not a reference")
	}
	sd, _, err := x.DereferenceStreamDict(ref)
	if err != nil || sd == nil {
		return e, false, fmt.Errorf("/FontFile2: %v", err)
	}
	if err := sd.Decode(); err != nil {
		return e, false, fmt.Errorf("/FontFile2: %w", err)
	}
	if l1 := sd.IntEntry("Length1"); l1 == nil || *l1 != len(sd.Content) {
		return e, false, fmt.Errorf("/FontFile2: /Length1 %v for %d bytes", l1, len(sd.Content))
	}
	if n := desc.NameEntry("FontName"); n != nil {
		e.Name = *n
	}
	return Embedded{Name: e.Name, Object: ref.ObjectNumber.Value(), Program: sd.Content}, true, nil
}

// cidFont checks a CIDFontType2's program and its widths.
func cidFont(x *model.XRefTable, d types.Dict) error {
	desc, err := x.DereferenceDict(d["FontDescriptor"])
	if err != nil || desc == nil {
		return fmt.Errorf("/FontDescriptor: %v", err)
	}
	e, ok, err := program(x, desc)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("no embedded font program")
	}
	f, err := Parse(e.Program)
	if err != nil {
		return fmt.Errorf("font program: %w", err)
	}
	gids, err := cidToGID(x, d)
	if err != nil {
		return err
	}
	ws, err := widths(x, d)
	if err != nil {
		return err
	}
	var problems []error
	for _, cid := range sortedKeys(ws) {
		g := cid
		if gids != nil {
			g = 0
			if 2*cid+2 <= len(gids) {
				g = int(gids[2*cid])<<8 | int(gids[2*cid+1])
			}
		}
		if g >= f.NumGlyphs {
			problems = append(problems, fmt.Errorf("CID %d maps to glyph %d of %d", cid, g, f.NumGlyphs))
			continue
		}
		want := float64(f.Advance[g]) * 1000 / float64(f.UnitsPerEm)
		if math.Abs(ws[cid]-want) > 1 {
			problems = append(problems, fmt.Errorf("CID %d (glyph %d): /W says %g, hmtx %.1f", cid, g, ws[cid], want))
		}
	}
	return errors.Join(problems...)
}

// cidToGID is the decoded /CIDToGIDMap stream, nil for /Identity.
func cidToGID(x *model.XRefTable, d types.Dict) ([]byte, error) {
	o, ok := d.Find("CIDToGIDMap")
	if !ok {
		return nil, nil // Identity is the default
	}
	if n, isName := o.(types.Name); isName {
		if n != "Identity" {
			return nil, fmt.Errorf("/CIDToGIDMap /%s", n)
		}
		return nil, nil
	}
	sd, _, err := x.DereferenceStreamDict(o)
	if err != nil || sd == nil {
		return nil, fmt.Errorf("/CIDToGIDMap: %v", err)
	}
	if err := sd.Decode(); err != nil {
		return nil, fmt.Errorf("/CIDToGIDMap: %w", err)
	}
	return sd.Content, nil
}

// widths reads /W: "c [w1 w2 ...]" and "cfirst clast w" entries.
func widths(x *model.XRefTable, d types.Dict) (map[int]float64, error) {
	ws := map[int]float64{}
	o, ok := d.Find("W")
	if !ok {
		return ws, nil
	}
	arr, err := x.DereferenceArray(o)
	if err != nil {
		return nil, fmt.Errorf("/W: %w", err)
	}
	num := func(o types.Object) (float64, error) { return x.DereferenceNumber(o) }
	for i := 0; i < len(arr); {
		first, err := num(arr[i])
		if err != nil || i+1 >= len(arr) {
			return nil, fmt.Errorf("/W: entry %d is not a CID with widths", i)
		}
		if list, isArr := arr[i+1].(types.Array); isArr {
			for k, w := range list {
				v, err := num(w)
				if err != nil {
					return nil, fmt.Errorf("/W: width %d after CID %g: %w", k, first, err)
				}
				ws[int(first)+k] = v
			}
			i += 2
			continue
		}
		if i+2 >= len(arr) {
			return nil, fmt.Errorf("/W: range at entry %d has no width", i)
		}
		last, err1 := num(arr[i+1])
		w, err2 := num(arr[i+2])
		if err1 != nil || err2 != nil || last < first {
			return nil, fmt.Errorf("/W: bad range at entry %d", i)
		}
		for c := int(first); c <= int(last); c++ {
			ws[c] = w
		}
		i += 3
	}
	return ws, nil
}

func sortedKeys(m map[int]float64) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

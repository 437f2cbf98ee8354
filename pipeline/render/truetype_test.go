package render

import (
	"bytes"
	"os"
	"testing"

	"bulletin/fonts"
	"bulletin/internal/fontcheck"
)

// The font program fpdf v0.12.0 wrote for the Azerbaijani sample before
// issue #18, which a strict reader rejects, comes out of repairTrueType
// accepted, the same size, and a second repair changes nothing.
func TestRepairTrueTypeMendsFpdfsSubset(t *testing.T) {
	broken, err := os.ReadFile("../../internal/fontcheck/testdata/fpdf-0.12.0-serif-az.ttf")
	if err != nil {
		t.Fatal(err)
	}
	if fontcheck.Check(broken) == nil {
		t.Fatal("the fixture is no longer broken")
	}
	fixed, err := repairTrueType(broken)
	if err != nil {
		t.Fatal(err)
	}
	if err := fontcheck.Check(fixed); err != nil {
		t.Errorf("repaired: %v", err)
	}
	if len(fixed) != len(broken) {
		t.Errorf("repaired program of %d bytes, was %d", len(fixed), len(broken))
	}
	again, err := repairTrueType(fixed)
	if err != nil || !bytes.Equal(again, fixed) {
		t.Errorf("a second repair changed the program (%v)", err)
	}
	// A sound font passes through unchanged.
	whole := fonts.TTF(fonts.Face{Family: fonts.Mono})
	if same, err := repairTrueType(whole); err != nil || !bytes.Equal(same, whole) {
		t.Errorf("Liberation Mono as shipped changed by the repair (%v)", err)
	}
}

func TestRepairTrueTypeRefusesWhatItCannotRead(t *testing.T) {
	mono := fonts.TTF(fonts.Face{Family: fonts.Mono})
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"OpenType with CFF outlines", append([]byte("OTTO"), mono[4:]...)},
		{"directory cut short", mono[:40]},
		{"no cmap", bytes.Replace(mono, []byte("cmap"), []byte("cmaq"), 1)},
	} {
		if _, err := repairTrueType(c.b); err == nil {
			t.Errorf("%s: repaired without a word", c.name)
		}
	}
}

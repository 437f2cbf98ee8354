package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// An output folder that is, lies inside or holds an edition folder is
// refused, by any name (relative, with .., through a symlink); one beside
// the editions is fine, also when it does not exist yet.
func TestCheckOut(t *testing.T) {
	base := t.TempDir()
	ed := filepath.Join(base, "input", "2025-01")
	if err := os.MkdirAll(ed, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(ed, filepath.Join(base, "alias")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		out     string
		refused bool
	}{
		{filepath.Join(base, "out"), false},
		{filepath.Join(base, "out", "deeper", "still"), false},
		{filepath.Join(base, "input", "2025-01x"), false},
		{filepath.Join(base, "input", "..2025-01"), false},
		{ed, true},
		{ed + "/", true},
		{filepath.Join(ed, "out"), true},
		{filepath.Join(ed, "images", "..", "out", "x"), true},
		{filepath.Join(base, "input"), true},
		{base, true},
		{"/", true},
		{filepath.Join(base, "alias"), true},
		{filepath.Join(base, "alias", "out"), true},
	} {
		err := CheckOut(tc.out, []string{ed})
		if got := errors.Is(err, ErrOutInSources); got != tc.refused {
			t.Errorf("--out %s: %v, want refused %v", tc.out, err, tc.refused)
		}
	}
	if err := CheckOut("", []string{ed}); err == nil {
		t.Error("an empty --out passed")
	}
}

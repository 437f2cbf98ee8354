package testedition

import (
	"os"
	"path/filepath"
	"strings"
)

// CopySample copies the sample edition folder src (input/2025-01) to dir:
// all of it, or, when bilingual is false, its English articles and
// pictures with an edition.yaml of English alone (what the benchmarks of
// one screen file build).
func CopySample(src, dir string, bilingual bool) error {
	if err := os.MkdirAll(filepath.Join(dir, "images"), 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && (bilingual || name != "edition.yaml" && !strings.HasSuffix(name, ".az.md")) {
			names = append(names, name)
		}
	}
	pictures, err := os.ReadDir(filepath.Join(src, "images"))
	if err != nil {
		return err
	}
	for _, e := range pictures {
		names = append(names, filepath.Join("images", e.Name()))
	}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	if bilingual {
		return nil
	}
	return os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte("edition: 2025-01\n"), 0o644)
}

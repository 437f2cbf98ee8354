package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Whatever manifest.json holds, verify neither panics nor names, hashes or
// opens anything outside its folder: every problem is about a path in it.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{"edition": "2025-01", "files": [{"name": "a.pdf", "bytes": 4, "sha256": "00"}]}`))
	f.Add([]byte(`{"files": [{"name": "../secret.pdf", "bytes": 9}, {"name": "/etc/hostname"}, {"name": ""}, {"name": "a.pdf"}, {"name": "a.pdf"}]}`))
	f.Add([]byte(`{"files": [{"name": "sub/../../secret.pdf", "bytes": -1}], "releases": [{"number": 1}]}`))
	f.Add([]byte(`{"edition": `))
	f.Fuzz(func(t *testing.T, manifest []byte) {
		base := t.TempDir()
		dir := filepath.Join(base, "2025-01")
		if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(base, "secret.pdf"), []byte("elsewhere"), 0o644)
		os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("aaaa"), 0o644)
		os.WriteFile(filepath.Join(dir, ManifestName), manifest, 0o644)
		probs, err := Verify(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			if filepath.Dir(p.Path) != dir || strings.Contains(p.What, "elsewhere") {
				t.Errorf("a problem outside the folder: %v", p)
			}
		}
		m, err := ReadManifest(dir)
		if err != nil {
			return
		}
		for _, e := range m.Files {
			if data, err := ReadEntry(dir, e); err == nil && string(data) != "aaaa" {
				t.Errorf("ReadEntry(%q) read %q", e.Name, data)
			}
		}
	})
}

package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ReadListed reads the file of dir that e lists, with a bound: it refuses
// a name that is not a plain name of dir, a file bigger than limit or of
// another size than e.Bytes, and bytes whose SHA-256 is not e.SHA256. It
// is how a later stage (delivery) reads what a build wrote.
func ReadListed(dir string, e Entry, limit int64) ([]byte, error) {
	if e.Name == "" || e.Name != filepath.Base(e.Name) || strings.HasPrefix(e.Name, ".") {
		return nil, fmt.Errorf("%s: %q is not a plain file name of the folder", filepath.Join(dir, ManifestName), e.Name)
	}
	path := filepath.Join(dir, e.Name)
	if e.Bytes > limit {
		return nil, fmt.Errorf("%s: the manifest says %d bytes; the limit is %d", path, e.Bytes, limit)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); int64(len(data)) != e.Bytes || got != e.SHA256 {
		return nil, fmt.Errorf("%s: changed since the build: %d bytes, SHA-256 %s; manifest.json says %d bytes, %s",
			path, len(data), got, e.Bytes, e.SHA256)
	}
	return data, nil
}

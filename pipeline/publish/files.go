package publish

import (
	"bulletin/internal/plainfile"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxManifestBytes bounds the manifest.json that is read back: a thousand
// articles with 300-character titles in nine files and a few corrections
// stay well under it, and a link to /dev/zero is stopped at it.
const MaxManifestBytes = 32 << 20

// PlainName reports whether name is a plain file name, the only kind an
// edition folder holds: not empty, not . or .., no separator, no NUL. Only
// such names from a manifest are ever opened, so a manifest cannot lead
// verify or a build out of its folder.
func PlainName(name string) bool {
	return name != "" && name != "." && name != ".." &&
		!strings.ContainsAny(name, "/\\\x00") && !filepath.IsAbs(name)
}

// openRegular opens name in dir for reading only if it is a regular file,
// without following a symlink (plainfile.Open): an output folder holds
// only the files bulletin writes, never a link to somewhere else.
func openRegular(dir, name string) (*os.File, fs.FileInfo, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close() // an open file outlives its root
	return plainfile.Open(root, name, false)
}

// readBounded reads a regular file of dir whole if it holds at most limit
// bytes; a bigger one is an error, read no further than the limit.
func readBounded(dir, name string, limit int64) ([]byte, error) {
	f, _, err := openRegular(dir, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return data, nil
}

// hashBounded hashes a regular file of dir, reading at most limit+1 bytes:
// enough to tell that a file is longer than the limit, never more, so a
// huge file costs no time and a stream no memory.
func hashBounded(dir, name string, limit int64) (sum string, n int64, err error) {
	f, _, err := openRegular(dir, name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err = io.Copy(h, io.LimitReader(f, limit+1))
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// sameBytes reports whether name in dir is a regular file holding exactly
// data; it reads at most one byte more than data.
func sameBytes(dir, name string, data []byte) bool {
	old, err := readBounded(dir, name, int64(len(data)))
	return err == nil && string(old) == string(data)
}

// ReadEntry reads the file of a manifest entry from dir, as delivery
// reads the screen files it mails: only a plain name of dir, only a
// regular file, at most the entry's size, and only if the bytes are the
// ones the manifest records.
func ReadEntry(dir string, e Entry) ([]byte, error) {
	path := filepath.Join(dir, e.Name)
	if !PlainName(e.Name) {
		return nil, fmt.Errorf("%s: manifest entry %q is not a file name in the folder", filepath.Join(dir, ManifestName), e.Name)
	}
	data, err := readBounded(dir, e.Name, max(e.Bytes, 0))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != e.SHA256 {
		return nil, fmt.Errorf("%s: changed since the manifest was written (run bulletin verify)", path)
	}
	return data, nil
}

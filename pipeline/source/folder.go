package source

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"bulletin/internal/plainfile"
	"bulletin/pipeline/diag"
)

// Limits on the edition folder as a whole. Every file in it, used or not,
// goes into the edition digest, so a forgotten video or a folder of scans
// would cost time on every build; the limits refuse such a folder from its
// listing, before anything is read.
const (
	// MaxFolderFiles is the number of files and folders under the edition
	// folder (dot files and dot folders are not looked into): a thousand
	// articles, a thousand translations and their pictures.
	MaxFolderFiles = 10_000
	// MaxFolderBytes is the size of all the files under the edition
	// folder: hashing it for the digest takes about a second.
	MaxFolderBytes = 1 << 30
)

// entry is one name under the edition folder, as the listing shows it: a
// symlink is not followed.
type entry struct {
	path string      // relative to the folder, with / between names
	mode fs.FileMode // type bits only
	size int64
	info fs.FileInfo // the listing's stat of a regular file; else nil
}

// list walks the edition folder, reads every directory in bounded batches
// and returns what is in it, sorted by path in byte order, leaving out
// names that start with a dot and what is under them (editor and OS
// litter: .DS_Store, ._name.md, .git). A named pipe, socket or device is
// reported with its path: it cannot be hashed, and opening it would hang
// the build. It reports false when the folder could not be listed in full.
func (l *loader) list() ([]entry, bool) {
	var out []entry
	var total int64
	largest := -1
	dirs := []string{"."}
	for len(dirs) > 0 {
		d := dirs[0]
		dirs = dirs[1:]
		entries, err := l.readDir(d, MaxFolderFiles-len(out)+1)
		if err != nil {
			l.errs.Add(diag.Pos{File: l.show(d)}, "cannot list folder: %v", cause(err))
			return out, false
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			p := path.Join(d, e.Name())
			if len(out) == MaxFolderFiles {
				l.errs.Add(start(l.ed.Settings.File), "the edition folder holds more than %d files and folders; the limit is %d", MaxFolderFiles, MaxFolderFiles)
				return out, false
			}
			en := entry{path: p, mode: e.Type()}
			switch {
			case e.IsDir():
				dirs = append(dirs, p)
			case e.Type().IsRegular():
				if fi, err := e.Info(); err == nil {
					en.size, en.info = fi.Size(), fi
				}
				total += en.size
				if largest < 0 || en.size > out[largest].size {
					largest = len(out)
				}
			case e.Type()&fs.ModeSymlink == 0:
				l.errs.Add(start(l.show(p)), "%v", &plainfile.NotRegularError{Mode: e.Type()})
			}
			out = append(out, en)
		}
	}
	if total > MaxFolderBytes {
		big := out[largest]
		l.errs.Add(start(l.show(big.path)), "the edition folder holds %s of files; the limit is %s (this file is %s): move what the edition does not use out of the folder",
			size(total), limit(MaxFolderBytes), size(big.size))
	}
	// Byte order of the whole path, as the digest's "LC_ALL=C sort" has it.
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, true
}

// readDir lists the directory d inside the root, at most max entries,
// reading it in batches so that a folder of millions of names costs no
// more memory than the limit allows.
func (l *loader) readDir(d string, max int) ([]fs.DirEntry, error) {
	f, err := l.root.Open(d)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []fs.DirEntry
	for len(out) <= max {
		batch, err := f.ReadDir(256)
		for _, e := range batch {
			// Dot names are skipped by the caller and not counted.
			if !strings.HasPrefix(e.Name(), ".") {
				out = append(out, e)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// show is the path of a name inside the folder as the user sees it.
func (l *loader) show(p string) string {
	return filepath.Join(l.ed.Dir, filepath.FromSlash(p))
}

// digest computes the edition digest: the SHA-256 of one line
// "<SHA-256 of the file in hex>  <path>\n" per regular file of the folder
// (subfolders included, dot names and symlinks left out, as find -type f
// leaves out symlinks), sorted by path. That is what
//
//	cd input/2025-01 && find . -type f ! -path '*/.*' | cut -c3- | LC_ALL=C sort | xargs sha256sum | sha256sum
//
// prints, so the digest can be checked without this program. The files
// already read (edition.yaml and the articles) are hashed from the bytes
// read; every other file is streamed through the hash.
func (l *loader) digest(files []entry) string {
	list := sha256.New()
	h := sha256.New()
	for _, f := range files {
		if !f.mode.IsRegular() {
			continue
		}
		sum, ok := l.sums[f.path]
		if !ok {
			if sum, ok = l.hash(f, h); !ok {
				return ""
			}
		}
		fmt.Fprintf(list, "%s  %s\n", hex.EncodeToString(sum[:]), f.path)
	}
	return hex.EncodeToString(list.Sum(nil))
}

// hash is the SHA-256 of the file f of the listing, streamed through h,
// or kept from an earlier load when the file has not changed since
// (KeepReads). It reports false when the file could not be read.
func (l *loader) hash(f entry, h hash.Hash) ([sha256.Size]byte, bool) {
	if k, ok := l.kept(l.show(f.path), f.info); ok {
		return k.sum, true
	}
	var sum [sha256.Size]byte
	h.Reset()
	fi, err := hashRegular(l.root, f.path, MaxFolderBytes, h)
	if err != nil {
		l.problem(f.path, err)
		return sum, false
	}
	h.Sum(sum[:0])
	l.keep(l.show(f.path), fi, keptFile{sum: sum})
	return sum, true
}

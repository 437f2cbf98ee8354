package source

import (
	"bulletin/internal/plainfile"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
)

// errGrew says that a file grew past its bound while it was read.
var errGrew = errors.New("the file grew while it was read")

// openRegular opens name inside root for reading if it is a regular file
// (plainfile.Open: a symlink inside the folder is read as its target) of at
// most max bytes.
func openRegular(root *os.Root, name string, max int64) (*os.File, os.FileInfo, error) {
	f, fi, err := plainfile.Open(root, name, true)
	if err != nil {
		return nil, nil, err
	}
	if err := regular(fi, nil, max); err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// regular checks what a Stat returned: a regular file of at most max
// bytes, or the error that says why not.
func regular(fi os.FileInfo, err error, max int64) error {
	switch {
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		return &plainfile.NotRegularError{Mode: fi.Mode()}
	case fi.Size() > max:
		return errTooBig{fi.Size(), max}
	}
	return nil
}

// errTooBig says that a file is larger than the bound it is read with.
type errTooBig struct{ size, max int64 }

func (e errTooBig) Error() string {
	return fmt.Sprintf("the file is %s; the limit is %s", size(e.size), limit(e.max))
}

// readRegular reads the regular file name inside root, at most max bytes.
// It also returns the stat of the open file.
func readRegular(root *os.Root, name string, max int64) ([]byte, os.FileInfo, error) {
	f, fi, err := openRegular(root, name, max)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, nil, fmt.Errorf("the file shrank while it was read: %w", err)
	}
	// One byte more than the size it had when it was opened means it grew.
	if k, _ := f.Read(make([]byte, 1)); k > 0 {
		return nil, nil, errGrew
	}
	return data, fi, nil
}

// hashRegular streams the regular file name inside root through h, at
// most max bytes, in constant memory, and returns the stat of the open
// file.
func hashRegular(root *os.Root, name string, max int64, h hash.Hash) (os.FileInfo, error) {
	f, fi, err := openRegular(root, name, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n := fi.Size()
	switch k, err := io.Copy(h, io.LimitReader(f, n+1)); {
	case err != nil:
		return nil, err
	case k > n:
		return nil, errGrew
	case k < n:
		return nil, errors.New("the file shrank while it was read")
	}
	return fi, nil
}

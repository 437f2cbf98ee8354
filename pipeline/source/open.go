package source

import (
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
)

// errNotRegular says that a name is a folder, a pipe, a socket or a device.
// Such a file is never opened for reading: a pipe would block the build for
// ever and a device may never end.
type errNotRegular struct{ mode fs.FileMode }

func (e errNotRegular) Error() string { return "not a regular file (" + kind(e.mode) + ")" }

// errGrew says that a file grew past its bound while it was read.
var errGrew = errors.New("the file grew while it was read")

// openRegular opens name inside root for reading after checking that it is
// a regular file of at most max bytes, and checks again on the open file,
// so that a file swapped in between is caught too. Opening does not block,
// even if the name was swapped for a named pipe.
func openRegular(root *os.Root, name string, max int64) (*os.File, int64, error) {
	fi, err := root.Stat(name)
	if err = regular(fi, err, max); err != nil {
		return nil, 0, err
	}
	f, err := root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, 0, err
	}
	fi, err = f.Stat()
	if err = regular(fi, err, max); err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, fi.Size(), nil
}

// regular checks what a Stat returned: a regular file of at most max
// bytes, or the error that says why not.
func regular(fi os.FileInfo, err error, max int64) error {
	switch {
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		return errNotRegular{fi.Mode()}
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
func readRegular(root *os.Root, name string, max int64) ([]byte, error) {
	f, n, err := openRegular(root, name, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, n)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("the file shrank while it was read: %w", err)
	}
	// One byte more than the size it had when it was opened means it grew.
	if k, _ := f.Read(make([]byte, 1)); k > 0 {
		return nil, errGrew
	}
	return data, nil
}

// hashRegular streams the regular file name inside root through h, at
// most max bytes, in constant memory.
func hashRegular(root *os.Root, name string, max int64, h hash.Hash) error {
	f, n, err := openRegular(root, name, max)
	if err != nil {
		return err
	}
	defer f.Close()
	switch k, err := io.Copy(h, io.LimitReader(f, n+1)); {
	case err != nil:
		return err
	case k > n:
		return errGrew
	case k < n:
		return errors.New("the file shrank while it was read")
	}
	return nil
}

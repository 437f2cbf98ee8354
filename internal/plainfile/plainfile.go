// Package plainfile opens the files a user or an earlier build left in a
// folder only when they are regular files: a named pipe would block the
// program for ever, a device may never end and a symlink could lead out of
// the folder. The source stage reads the edition folder with it, and
// publish the output folder.
package plainfile

import (
	"fmt"
	"io/fs"
	"os"
)

// NotRegularError says that a name is a folder, a pipe, a socket, a
// device or (when links are not followed) a symlink.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string { return "not a regular file (" + Kind(e.Mode) + ")" }

// Kind names a file mode for a message: "a named pipe", "a folder", ...
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsRegular():
		return "a file"
	}
	return m.String()
}

// Open opens name inside root for reading only if it is a regular file:
// checked before it is opened, opened without blocking (and, unless
// follow, without following a symlink), and checked again on the open
// file, so that a file swapped in between is caught too. With follow, a
// symlink that stays inside root is read as its target.
func Open(root *os.Root, name string, follow bool) (*os.File, fs.FileInfo, error) {
	stat, flags := root.Lstat, openFlags|noFollow
	if follow {
		stat, flags = root.Stat, openFlags
	}
	before, err := stat(name)
	if err != nil {
		return nil, nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, nil, &NotRegularError{before.Mode()}
	}
	f, err := root.OpenFile(name, flags, 0)
	if err != nil {
		return nil, nil, err
	}
	got, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, nil, err
	case !got.Mode().IsRegular():
		f.Close()
		return nil, nil, &NotRegularError{got.Mode()}
	case !os.SameFile(before, got):
		f.Close()
		return nil, nil, fmt.Errorf("%s: it changed while being opened", name)
	}
	return f, got, nil
}

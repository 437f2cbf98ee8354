//go:build linux

package publish

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders at a and b in one step
// (renameat2(RENAME_EXCHANGE)): a reader sees one or the other at b, never
// neither and never a mix. It reports false, with no error, where the
// file system cannot do it (EINVAL) or the kernel is older (ENOSYS).
func exchange(a, b string) (bool, error) {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return false, nil
	}
	return err == nil, err
}

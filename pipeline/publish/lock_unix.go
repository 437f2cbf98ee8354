//go:build unix

package publish

import (
	"fmt"
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on the folder itself, waiting for any
// other build writing into it, so that two builds never interleave: one
// would otherwise remove the other's temporary files as leftovers. Locking
// the folder rather than a lock file leaves nothing behind for verify to
// find, and the kernel drops the lock of a killed build.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("publish: locking %s: %w", dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

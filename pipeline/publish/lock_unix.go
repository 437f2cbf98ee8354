//go:build unix

package publish

import (
	"fmt"
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on a folder, waiting for any other build
// holding it, so that two builds never interleave. Write locks the output
// folder that holds the edition folders, since the edition folder itself
// is replaced by a new one: a lock on it would be a lock on a folder that
// is about to go. Locking a folder rather than a lock file leaves nothing
// behind for verify to find, and the kernel drops the lock of a killed
// build.
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

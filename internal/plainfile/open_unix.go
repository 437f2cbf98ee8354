//go:build unix

package plainfile

import (
	"os"
	"syscall"
)

// openFlags opens without blocking: a file swapped for a named pipe after
// it was checked would otherwise wait for a writer for ever.
const (
	openFlags = os.O_RDONLY | syscall.O_NONBLOCK
	noFollow  = syscall.O_NOFOLLOW
)

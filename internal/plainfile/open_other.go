//go:build !unix

package plainfile

import "os"

// Systems without named pipes in the file system need no more.
const (
	openFlags = os.O_RDONLY
	noFollow  = 0
)

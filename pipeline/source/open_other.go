//go:build !unix

package source

import "os"

// openFlags: systems without named pipes in the file system need no more.
const openFlags = os.O_RDONLY

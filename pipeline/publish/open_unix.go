//go:build unix

package publish

import "syscall"

// openNoFollow makes an open fail on a symlink and return at once on a
// named pipe instead of waiting for a writer.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

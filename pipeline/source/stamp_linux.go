package source

import (
	"io/fs"
	"syscall"
)

// stampOf is the stamp of a file from its stat.
func stampOf(fi fs.FileInfo) (stamp, bool) {
	s, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return stamp{}, false
	}
	return stamp{
		dev: uint64(s.Dev), ino: uint64(s.Ino), size: s.Size,
		mtime: s.Mtim.Nano(), ctime: s.Ctim.Nano(),
	}, true
}

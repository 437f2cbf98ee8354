package source

import (
	"crypto/sha256"
	"io/fs"
	"time"

	"bulletin/internal/fingerprint"
)

// A process that loads the same edition again and again (bulletin watch,
// after each save) keeps what it read from each file, as git's index
// does: while a file's stat (device and inode, size, modification and
// change times to the nanosecond) is the one it had when it was read, it
// is not opened, read, hashed or parsed again. A save changes the size or
// the times, and a file replaced by a rename is another inode. Only the
// watch turns this on; a build reads every file.
//
// The racily clean rule: a file modified in the same tick of the file
// system's clock as it was read could change again with the same stat.
// So a file is trusted only when its times are older than the start of
// the load that read it, by a margin (keptMargin); a file modified just
// before that load is read again at the next one, which then trusts it.
var keptFiles fingerprint.Keeper[keptFile]

// keptFile is what a load made of one file.
type keptFile struct {
	stamp stamp
	since int64 // the start of the load that read it, in Unix nanoseconds
	sum   [sha256.Size]byte
	data  []byte         // edition.yaml's bytes; nil for the other files
	art   *parsedArticle // an article's front matter and body; nil for the other files
}

type parsedArticle struct {
	a   Article
	err error
}

// stamp is what a stat says of a file's identity and last change.
type stamp struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64 // Unix nanoseconds
}

// KeepReads turns on keeping what was read from each file for the rest of
// the process.
func KeepReads() { keptFiles.On() }

// Rebuilt tells the keeper that a rebuild is done: files no load has
// looked at for a while (an edition no longer watched) are let go.
func Rebuilt() { keptFiles.Rebuilt() }

// keptMargin is how much older than the load that read it a file's times
// must be for the file to be trusted. Linux stamps files from a clock
// that advances by ticks of up to 10 ms; a file system that keeps whole
// seconds (or FAT's two) shows it in the times themselves, whose last
// nine digits are then zeros: the margin is twice the step the time is a
// multiple of, and at least 100 ms.
func keptMargin(t int64) int64 {
	step := int64(1)
	for step < int64(time.Second) && t%(step*10) == 0 {
		step *= 10
	}
	return max(int64(100*time.Millisecond), 2*step)
}

// trusted reports whether k still holds what a file with stamp st holds.
func (k keptFile) trusted(st stamp) bool {
	return k.stamp == st && st.mtime < k.since-keptMargin(st.mtime) && st.ctime < k.since-keptMargin(st.ctime)
}

// keptKey is where a file's entry is kept: by its path as shown.
func keptKey(path string) fingerprint.Sum {
	return fingerprint.Sum(sha256.Sum256([]byte(path)))
}

// kept is the entry of the file at path when keeping is on and fi, a stat
// of it made in this load, says it has not changed since it was read.
func (l *loader) kept(path string, fi fs.FileInfo) (keptFile, bool) {
	if l.since == 0 || fi == nil {
		return keptFile{}, false
	}
	st, ok := stampOf(fi)
	if !ok {
		return keptFile{}, false
	}
	k, ok := keptFiles.Get(keptKey(path))
	if !ok || !k.trusted(st) {
		return keptFile{}, false
	}
	return k, true
}

// keep stores what this load read from the file at path, whose open file
// had the stat fi.
func (l *loader) keep(path string, fi fs.FileInfo, k keptFile) {
	if l.since == 0 || fi == nil {
		return
	}
	st, ok := stampOf(fi)
	if !ok {
		return
	}
	k.stamp, k.since = st, l.since
	keptFiles.Put(keptKey(path), k)
}

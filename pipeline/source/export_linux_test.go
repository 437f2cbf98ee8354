package source

import (
	"time"

	"bulletin/internal/fingerprint"
)

// KeepReadsOff turns KeepReads off again and forgets every file, so that
// the other tests of the package read as a build does.
func KeepReadsOff() { keptFiles = fingerprint.Keeper[keptFile]{} }

// AgeKept makes the files at paths look read an hour later than they
// were, as if their last change was long before the load that read them:
// they are trusted from then on while their stat stays the same.
func AgeKept(paths ...string) {
	for _, p := range paths {
		if k, ok := keptFiles.Get(keptKey(p)); ok {
			k.since += int64(time.Hour)
			keptFiles.Put(keptKey(p), k)
		}
	}
}

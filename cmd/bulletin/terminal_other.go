//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package main

import "os"

// isTerminal: progress lines are for the Unix terminals this is used on;
// elsewhere a build prints what it prints into a pipe.
func isTerminal(*os.File) bool { return false }

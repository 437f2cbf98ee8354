package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"bulletin/pipeline"
)

// progress returns what build calls after each edition it writes: a line
// with the edition, its files and its time, and how many of the n
// editions are done, so that a long build of many editions shows it is
// moving. It is nil when w is not a terminal: a pipe or a file (make,
// scripts, CI) gets exactly the lines it got before.
func progress(w io.Writer, n int) func(pipeline.Result, time.Duration) {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	done := 0
	return func(r pipeline.Result, took time.Duration) {
		done++
		fmt.Fprintf(w, "%s  %d files  %d ms  [%d/%d]\n", r.Edition, len(r.Files), took.Milliseconds(), done, n)
	}
}

package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
)

// Exit statuses of a build stopped by a signal: 128 plus the signal's
// number, as a shell reports a process the signal killed, so that scripts
// and make see it the same way.
const (
	exitSIGINT  = 130
	exitSIGTERM = 143
)

// interrupted is the error of a build that a signal stopped.
type interrupted struct {
	signal string
	code   int
	err    error // pipeline.ErrStopped, naming the folder not written
}

func (e interrupted) Error() string {
	return fmt.Sprintf("interrupted by %s: %v, which keeps the files of the previous build", e.signal, e.err)
}

func (e interrupted) Unwrap() error { return e.err }

// catchSignals runs a command with SIGINT and SIGTERM turned into the
// cancellation of c.Context (signal.NotifyContext) instead of killing the
// process at once: the build then stops before it writes the next edition,
// so no temporary file is left and out/ keeps only complete files, and the
// command exits with exitSIGINT or exitSIGTERM. A second signal kills at
// once, for whoever cannot wait for the edition being written.
func catchSignals(action cli.ActionFunc) cli.ActionFunc {
	return func(c *cli.Context) error {
		intr, stopIntr := signal.NotifyContext(c.Context, os.Interrupt)
		term, stopTerm := signal.NotifyContext(intr, syscall.SIGTERM)
		defer stopIntr()
		defer stopTerm()
		which := make(chan interrupted, 1)
		go func() {
			<-term.Done()
			// Which signal, decided before the handlers go.
			if intr.Err() != nil {
				which <- interrupted{signal: "SIGINT", code: exitSIGINT}
			} else {
				which <- interrupted{signal: "SIGTERM", code: exitSIGTERM}
			}
			stopTerm()
			stopIntr()
		}()
		c.Context = term
		err := action(c)
		// Only a signal cancels the context while the action runs.
		if errors.Is(err, pipeline.ErrStopped) {
			sig := <-which
			sig.err = err
			return sig
		}
		return err
	}
}

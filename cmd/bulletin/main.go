// Command bulletin builds the monthly bulletin PDFs from edition folders.
//
//	bulletin build [--out DIR] [--variant print,screen,archive] [--force] [EDITION...]
//	bulletin validate [EDITION...]
//	bulletin verify [--out DIR] [OUT/EDITION...]
//
// Exit status: 0 on success; 1 when the sources are invalid (every problem
// on stderr as path:line:col: message) or when verify finds a file
// changed, missing or extra; 2 for a usage or internal error, and when a
// build refuses to change an archived file (rebuild with --force).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
	"bulletin/pipeline/publish"
)

// version is set at link time (-ldflags "-X main.version=...").
var version = "dev"

// memoryLimit is the soft limit on the heap the runtime keeps to unless
// GOMEMLIMIT says otherwise. A 600-article edition holds about 125 MB live
// while it is rendered (the book, and fpdf's page contents three times
// over: its pages, its output and our copy); with Go's default the heap
// runs to twice that. At this limit the screen file of that edition peaks
// at 184 MiB (193 MB) resident in the same time; 192 MiB gave 200 MB, and
// 160 MiB made the three variants at once a third slower.
const memoryLimit = 176 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1 // the sources are invalid, or verify found a difference
	exitUsage   = 2 // the command line is wrong
	// exitInternal is a bug of this program (a panic) or a failure of the
	// machine; exitRefused a build that would change a released file. Both
	// share 2 with a usage error: someone has to look, and the sources are
	// not at fault.
	exitInternal = 2
	exitRefused  = 2
)

// run is main without os.Exit, so tests can drive the whole command.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A panic is a bug in this program, never the editor's fault:
		// say so plainly and keep the stack for the report.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "bulletin: internal error: %v\n%s", r, debug.Stack())
			code = exitInternal
		}
	}()
	app := newApp(stdout, stderr)
	err := app.Run(args)
	var sig interrupted // a build stopped by SIGINT or SIGTERM
	var ex exitError    // a command that chose its status (send)
	switch {
	case err == nil:
		return exitOK
	case pipeline.IsInvalid(err):
		fmt.Fprintln(stderr, err)
		return exitInvalid
	case errors.As(err, &sig):
		fmt.Fprintf(stderr, "bulletin: %v\n", err)
		return sig.code
	case errors.As(err, &ex):
		if ex.msg != "" {
			fmt.Fprintln(stderr, ex.msg)
		}
		return ex.code
	case errors.Is(err, errVerify):
		return exitInvalid // verify has listed the problems
	case errors.Is(err, publish.ErrArchiveChanged):
		fmt.Fprintf(stderr, "bulletin: refused: %v\n", err)
		return exitRefused
	default: // a usage error, or an internal one
		fmt.Fprintf(stderr, "bulletin: %v\n", err)
		return exitUsage
	}
}

// errVerify says that verify found problems (and has listed them).
var errVerify = errors.New("verification failed")

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:      "bulletin",
		Usage:     "turn edition folders of Markdown articles into the bulletin PDF",
		Version:   version,
		Writer:    stdout,
		ErrWriter: stderr,
		// Errors are printed by run, once, in our own format.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return err
		},
		Commands: []*cli.Command{
			buildCommand(stdout, stderr),
			validateCommand(stdout, stderr),
			verifyCommand(stdout, stderr),
			statsCommand(stdout, stderr),
			sendCommand(stdout, stderr),
			unsubscribeCommand(stdout),
			unsubscribeServerCommand(stdout),
		},
	}
}

// loadEditions reads and checks the editions the command line names.
func loadEditions(c *cli.Context) ([]*pipeline.Edition, error) {
	dirs, err := editions(c)
	if err != nil {
		return nil, err
	}
	return pipeline.LoadAll(dirs)
}

// editions returns the folders named on the command line, or every edition
// under input/ when none is named.
func editions(c *cli.Context) ([]string, error) {
	if c.NArg() > 0 {
		return c.Args().Slice(), nil
	}
	dirs, err := pipeline.Editions("input")
	if err != nil {
		return nil, fmt.Errorf("no edition named and %w", err)
	}
	if len(dirs) == 0 {
		return nil, errors.New("no edition named and none under input/")
	}
	return dirs, nil
}

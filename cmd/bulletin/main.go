// Command bulletin builds the monthly bulletin PDFs from edition folders.
//
//	bulletin build [--out DIR] [--variant print,screen] [EDITION...]
//	bulletin release [--out DIR] [--force] EDITION...
//	bulletin validate [EDITION...]
//	bulletin verify [--out DIR] [OUT/EDITION...]
//
// Exit status: 0 on success, also when a build leaves a released edition
// as it is (it says so on stderr); 1 when the sources are invalid (every
// problem on stderr as path:line:col: message) or when verify finds a
// file changed, missing or extra; 2 for a usage or internal error, and
// when a release without --force would change a released edition.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"

	"bulletin/internal/work"
	"bulletin/pipeline"
	"bulletin/pipeline/publish"
)

// version is set at link time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		limitMemory = true
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// Exit statuses. A usage error, an internal error (a bug of this program,
// or a failure of the machine) and a refused build (one that would change
// a released file) share 2: someone has to look, and the sources are not
// at fault. They are named apart for the reader.
const (
	exitOK       = 0
	exitInvalid  = 1 // the sources are invalid, or verify found a difference
	exitUsage    = 2 // the command line is wrong
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
	var bug *work.PanicError
	var ex exitError // a command that chose its status (send)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &bug): // a panic on a worker goroutine
		fmt.Fprintf(stderr, "bulletin: internal error: %v\n%s", bug.Value, bug.Stack)
		return exitInternal
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
	case errors.Is(err, publish.ErrReleased):
		fmt.Fprintf(stderr, "bulletin: refused: %v; to publish a correction, a new release that keeps the released files as NAME.1: bulletin release --force EDITION\n", err)
		return exitRefused
	default: // a usage error, or a failure of the machine
		fmt.Fprintf(stderr, "bulletin: %v\n", err)
		return exitUsage
	}
}

// sourceDate is the date the PDFs carry: SOURCE_DATE_EPOCH when set (the
// reproducible-builds convention); zero otherwise, which the pipeline
// takes as the first day of the edition month.
func sourceDate() (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// errVerify says that verify found problems (and has listed them).
var errVerify = errors.New("verification failed")

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:    "bulletin",
		Usage:   "turn edition folders of Markdown articles into the bulletin PDF",
		Version: version,
		// bulletin --generate-bash-completion lists the commands and
		// flags for a shell's completion script (see README).
		EnableBashCompletion: true,
		Writer:               stdout,
		ErrWriter:            stderr,
		// Errors are printed by run, once, in our own format.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return err
		},
		Commands: []*cli.Command{
			buildCommand(stdout, stderr),
			releaseCommand(stdout, stderr),
			validateCommand(stdout, stderr),
			verifyCommand(stdout, stderr),
			statsCommand(stdout, stderr),
			sendCommand(stdout, stderr),
			unsubscribeCommand(stdout),
			unsubscribeServerCommand(stdout),
			newCommand(stdout),
			watchCommand(stdout, stderr),
			schemaCommand(stdout),
		},
	}
}

// loadEditions reads and checks the editions the command line names.
func loadEditions(c *cli.Context) ([]*pipeline.Checked, error) {
	dirs, err := editions(c)
	if err != nil {
		return nil, err
	}
	return pipeline.LoadAll(c.Context, dirs)
}

// editions returns the folders named on the command line, or every edition
// under input/ when none is named.
func editions(c *cli.Context) ([]string, error) {
	if c.NArg() > 0 {
		setMemoryLimit(c.Args().Slice())
		return c.Args().Slice(), nil
	}
	dirs, err := pipeline.Editions("input")
	if err != nil {
		return nil, fmt.Errorf("no edition named and %w", err)
	}
	if len(dirs) == 0 {
		return nil, errors.New("no edition named and none under input/")
	}
	setMemoryLimit(dirs)
	return dirs, nil
}

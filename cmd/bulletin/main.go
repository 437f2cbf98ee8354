// Command bulletin builds the monthly bulletin PDFs from edition folders.
//
//	bulletin build [--out DIR] [EDITION...]
//	bulletin validate [EDITION...]
//
// Exit status: 0 on success, 1 when the sources are invalid (every problem
// on stderr as path:line:col: message), 2 for a usage or internal error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
)

// version is set at link time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

// run is main without os.Exit, so tests can drive the whole command.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A panic is a bug in this program, never the editor's fault:
		// say so plainly and keep the stack for the report.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "bulletin: internal error: %v\n%s", r, debug.Stack())
			code = exitUsage
		}
	}()
	app := newApp(stdout, stderr)
	err := app.Run(args)
	switch {
	case err == nil:
		return exitOK
	case pipeline.IsInvalid(err):
		fmt.Fprintln(stderr, err)
		return exitInvalid
	default:
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "bulletin: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "bulletin: %v\n", err)
		return exitUsage
	}
}

type usageError struct{ error }

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
			return usageError{err}
		},
		Commands: []*cli.Command{
			{
				Name:      "build",
				Usage:     "validate and write the PDFs of each edition into OUT/<edition>/",
				ArgsUsage: "[EDITION...]  (default: every edition under input/)",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "out", Value: "out", Usage: "output folder"},
				},
				Action: func(c *cli.Context) error {
					dirs, err := editions(c)
					if err != nil {
						return err
					}
					res, err := pipeline.Build(dirs, c.String("out"))
					for _, r := range res {
						for _, f := range r.Files {
							fmt.Fprintf(stdout, "wrote %s/%s (%d bytes)\n", r.Dir, f.Name, len(f.Data))
						}
					}
					return err
				},
			},
			{
				Name:      "validate",
				Usage:     "check each edition and list every problem; write nothing",
				ArgsUsage: "[EDITION...]  (default: every edition under input/)",
				Action: func(c *cli.Context) error {
					dirs, err := editions(c)
					if err != nil {
						return err
					}
					eds, err := pipeline.LoadAll(dirs)
					for _, e := range eds {
						fmt.Fprintf(stdout, "%s: ok (%d articles)\n", e.Source.Dir, len(e.Source.Articles))
					}
					return err
				},
			},
		},
	}
}

// editions returns the folders named on the command line, or every edition
// under input/ when none is named.
func editions(c *cli.Context) ([]string, error) {
	if c.NArg() > 0 {
		return c.Args().Slice(), nil
	}
	dirs, err := pipeline.Editions("input")
	if err != nil {
		return nil, usageError{fmt.Errorf("no edition named and %w", err)}
	}
	if len(dirs) == 0 {
		return nil, usageError{errors.New("no edition named and none under input/")}
	}
	return dirs, nil
}

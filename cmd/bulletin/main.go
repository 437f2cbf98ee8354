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
	"path/filepath"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
	"bulletin/pipeline/publish"
	"bulletin/pipeline/render"
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
	var sig interrupted // a build stopped by SIGINT or SIGTERM
	switch {
	case err == nil:
		return exitOK
	case pipeline.IsInvalid(err):
		fmt.Fprintln(stderr, err)
		return exitInvalid
	case errors.As(err, &sig):
		fmt.Fprintf(stderr, "bulletin: %v\n", err)
		return sig.code
	case errors.Is(err, errVerify):
		return exitInvalid // verify has listed the problems
	case errors.Is(err, publish.ErrArchiveChanged):
		fmt.Fprintf(stderr, "bulletin: refused: %v\n", err)
		return exitUsage
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
			{
				Name:      "build",
				Usage:     "validate and write the PDFs of each edition into OUT/<edition>/",
				ArgsUsage: "[EDITION...]  (default: every edition under input/)",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "out", Value: "out", Usage: "output folder"},
					&cli.StringFlag{Name: "variant", Value: "print,screen,archive",
						Usage: "which files to write, comma-separated: print (bleed and crop marks), screen (small, for email), archive (PDF/A)"},
					&cli.BoolFlag{Name: "force", Usage: "let a build change an archived file; the old one is kept as NAME.1, NAME.2, ..."},
				},
				Action: catchSignals(func(c *cli.Context) error {
					variants, err := render.ParseVariants(c.String("variant"))
					if err != nil {
						return err
					}
					dirs, err := editions(c)
					if err != nil {
						return err
					}
					res, err := pipeline.Build(dirs, pipeline.Options{
						Out:      c.String("out"),
						Variants: variants,
						Force:    c.Bool("force"),
						Version:  version,
						Context:  c.Context,
					})
					for _, r := range res {
						for _, w := range r.Warnings {
							fmt.Fprintln(stderr, w)
						}
						for _, k := range r.Kept {
							fmt.Fprintf(stdout, "kept the old %s as %s\n", filepath.Join(r.Dir, k.Name), k.As)
						}
						unchanged := map[string]bool{}
						for _, n := range r.Unchanged {
							unchanged[n] = true
						}
						for _, f := range r.Files {
							verb := "wrote"
							if unchanged[f.Name] {
								verb = "unchanged"
							}
							fmt.Fprintf(stdout, "%s %s (%d bytes, %d pages)\n", verb, filepath.Join(r.Dir, f.Name), len(f.Data), f.Pages)
						}
					}
					return err
				}),
			},
			{
				Name:      "stats",
				Usage:     "typeset each edition and report its typography: word spacing, widows, orphans, stranded headings",
				ArgsUsage: "[EDITION...]  (default: every edition under input/)",
				Action: func(c *cli.Context) error {
					eds, err := loadEditions(c)
					if err != nil {
						return err
					}
					for _, e := range eds {
						for _, d := range e.Docs {
							r, err := pipeline.Report(e, d)
							if err != nil {
								return err
							}
							fmt.Fprintf(stdout, "%s: %s\n", pipeline.FileName(e, d), r)
							for _, p := range r.Problems {
								fmt.Fprintf(stdout, "  %s\n", p)
							}
						}
					}
					return nil
				},
			},
			{
				Name:      "verify",
				Usage:     "hash the files of each output folder again and compare them with its manifest.json",
				ArgsUsage: "[OUT/EDITION...]  (default: every folder under --out with a manifest.json)",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "out", Value: "out", Usage: "output folder to look in when no folder is named"},
				},
				Action: func(c *cli.Context) error {
					dirs := c.Args().Slice()
					if len(dirs) == 0 {
						matches, _ := filepath.Glob(filepath.Join(c.String("out"), "*", publish.ManifestName))
						for _, m := range matches {
							dirs = append(dirs, filepath.Dir(m))
						}
						if len(dirs) == 0 {
							return fmt.Errorf("no folder named and no %s under %s", publish.ManifestName, c.String("out"))
						}
					}
					failed := false
					for _, dir := range dirs {
						probs, err := publish.Verify(dir)
						if err != nil {
							return err
						}
						for _, p := range probs {
							fmt.Fprintln(stderr, p)
						}
						if len(probs) > 0 {
							failed = true
							continue
						}
						m, _ := publish.ReadManifest(dir)
						fmt.Fprintf(stdout, "%s: ok (%d files match %s)\n", dir, len(m.Files), publish.ManifestName)
					}
					if failed {
						return errVerify
					}
					return nil
				},
			},
			{
				Name:      "validate",
				Usage:     "check each edition and list every problem; write nothing",
				ArgsUsage: "[EDITION...]  (default: every edition under input/)",
				Action: func(c *cli.Context) error {
					eds, err := loadEditions(c)
					for _, e := range eds {
						fmt.Fprintf(stdout, "%s: ok (%d articles)\n", e.Source.Dir, len(e.Source.Articles))
					}
					return err
				},
			},
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

package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
	"bulletin/pipeline/render"
)

// buildCommand is `bulletin build`: validate, then write the draft PDFs
// (print and screen) of each edition.
func buildCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "build",
		Usage:     "validate and write the draft PDFs (print, screen) of each edition into OUT/<edition>/",
		ArgsUsage: "[EDITION...]  (default: every edition under input/)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "out", Usage: "output folder"},
			&cli.StringFlag{Name: "variant", Value: "print,screen",
				Usage: "which files to write, comma-separated: print (bleed and crop marks), screen (small, for email); the archive file is written by release"},
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
			date, err := sourceDate()
			if err != nil {
				return err
			}
			res, err := pipeline.Build(dirs, pipeline.Options{
				Out:      c.String("out"),
				Variants: variants,
				Version:  version,
				Date:     date,
				Context:  c.Context,
				Done:     progress(stdout, len(dirs)),
			})
			report(stdout, stderr, res)
			return err
		}),
	}
}

// report prints what a build or a release did, edition by edition: the
// warnings, the files kept and written, and the editions a build left as
// released.
func report(stdout, stderr io.Writer, res []pipeline.Result) {
	for _, r := range res {
		for _, w := range r.Warnings {
			fmt.Fprintln(stderr, w)
		}
		if r.Held != nil {
			fmt.Fprintf(stderr, "bulletin: %v.\n  The edition is released: its files stay as they are. To publish this change as a correction\n  (the released files are kept as NAME.1): bulletin release --force %s\n",
				r.Held, r.Source)
			continue
		}
		for _, k := range r.Kept {
			fmt.Fprintf(stdout, "kept the released %s as %s\n", filepath.Join(r.Dir, k.Name), k.As)
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
}

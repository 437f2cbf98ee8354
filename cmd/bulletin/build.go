package main

import (
	"bulletin/pipeline"
	"bulletin/pipeline/render"
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"
)

// buildCommand is `bulletin build`: validate, then write the PDFs of each edition.
func buildCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
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
			date, err := sourceDate()
			if err != nil {
				return err
			}
			res, err := pipeline.Build(dirs, pipeline.Options{
				Out:      c.String("out"),
				Variants: variants,
				Force:    c.Bool("force"),
				Version:  version,
				Date:     date,
				Context:  c.Context,
				Done:     progress(stdout, len(dirs)),
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
	}
}

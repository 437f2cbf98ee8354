package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
	"bulletin/pipeline/render"
)

// statsCommand is `bulletin stats`: typeset and report the typography.
func statsCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "stats",
		Usage:     "typeset each edition and report its typography: word spacing, widows, orphans, stranded headings, last-line fragments",
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
					fmt.Fprintf(stdout, "%s: %s\n", pipeline.FileName(d, render.Screen), r)
					for _, p := range r.Problems {
						fmt.Fprintf(stdout, "  %s\n", p)
					}
					for _, l := range r.TrackedLines {
						fmt.Fprintf(stdout, "  %s\n", l)
					}
				}
			}
			return nil
		},
	}
}

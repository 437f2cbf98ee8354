package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
)

// releaseCommand is `bulletin release`: the edition is final. It writes
// every variant, the archive file included, read-only, and records the
// release in manifest.json; --force makes a correction of a released
// edition.
func releaseCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "release",
		Usage:     "make the edition final: validate, write print, screen and archive files read-only, record the release",
		ArgsUsage: "EDITION...",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "out", Usage: "output folder"},
			&cli.BoolFlag{Name: "force", Usage: "correct a released edition: a new release; the released files are kept as NAME.1, NAME.2, ..."},
		},
		Action: catchSignals(func(c *cli.Context) error {
			if c.NArg() == 0 {
				// A release is a decision about one edition, never a
				// sweep over everything under input/.
				return errors.New("release: name the edition folder to release, like: bulletin release input/2025-01")
			}
			date, err := sourceDate()
			if err != nil {
				return err
			}
			res, err := pipeline.Release(c.Args().Slice(), pipeline.Options{
				Out:         c.String("out"),
				Force:       c.Bool("force"),
				Version:     version,
				Date:        date,
				ReleaseTime: date, // zero: the clock
				Context:     c.Context,
			})
			report(stdout, stderr, res)
			for _, r := range res {
				if len(r.Written) == 0 && len(r.Kept) == 0 {
					fmt.Fprintf(stdout, "%s: release %d stands; nothing differs from it\n", r.Dir, r.Release)
				} else {
					fmt.Fprintf(stdout, "%s: release %d\n", r.Dir, r.Release)
				}
			}
			return err
		}),
	}
}

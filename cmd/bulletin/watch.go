package main

import (
	"io"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline/watch"
)

// watchCommand is `bulletin watch`: build the screen files, then again on
// every save, until Ctrl-C.
func watchCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "watch",
		Usage:     "build the screen files of each edition, then again each time a file of it is saved; Ctrl-C ends",
		ArgsUsage: "[EDITION...]  (default: every edition under input/)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "out", Usage: "output folder"},
		},
		Action: catchSignals(func(c *cli.Context) error {
			dirs, err := editions(c)
			if err != nil {
				return err
			}
			date, err := sourceDate()
			if err != nil {
				return err
			}
			opt := watch.Options{Out: c.String("out"), Version: version, Date: date}
			return watch.Run(c.Context, dirs, opt, stdout, stderr)
		}),
	}
}

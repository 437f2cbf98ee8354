package main

import (
	"io"
	"os"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline/watch"
)

// watchMemoryLimit replaces build's soft memory limit (memoryLimit) in a
// watch, which keeps on purpose what a one-shot build lets go: the screen
// files, the boxes of every article, the pages of the last book and the
// compressed page streams. With 600 articles that is 180 to 270 MB live,
// and under 320 MiB the collector ran all the time (0.75 to 0.85 s a
// rebuild instead of 0.45 s); with this limit the process peaks at about
// 465 MB. A real edition is far below it. GOMEMLIMIT overrides it.
const watchMemoryLimit = 448 << 20

// watchCommand is `bulletin watch`: build the screen files, then again on
// every save, until Ctrl-C.
func watchCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "watch",
		Usage:     "build the screen files of each edition, then again each time a file of it is saved; Ctrl-C ends",
		ArgsUsage: "[EDITION...]  (default: every edition under input/)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "out", Usage: "output folder"},
			&cli.DurationFlag{Name: "wait", Value: watch.Quiet,
				Usage: "how long to wait after a change, for the save to finish, before rebuilding"},
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
			if os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(watchMemoryLimit)
			}
			opt := watch.Options{Out: c.String("out"), Version: version, Date: date, Quiet: c.Duration("wait")}
			return watch.Run(c.Context, dirs, opt, stdout, stderr)
		}),
	}
}

package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// validateCommand is `bulletin validate`: check only, list every problem.
func validateCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
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
	}
}

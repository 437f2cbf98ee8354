package main

import (
	"bulletin/pipeline/publish"
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"
)

// verifyCommand is `bulletin verify`: hash the written files again against manifest.json.
func verifyCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
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
				m, err := publish.ReadManifest(dir)
				if err != nil {
					return err
				}
				state := "a draft, not released"
				if r, ok := m.Latest(); ok {
					state = fmt.Sprintf("release %d of %s", r.Number, r.Time)
				}
				fmt.Fprintf(stdout, "%s: ok (%d files match %s; %s)\n", dir, len(m.Files), publish.ManifestName, state)
			}
			if failed {
				return errVerify
			}
			return nil
		},
	}
}

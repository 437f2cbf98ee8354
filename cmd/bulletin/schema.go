package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/urfave/cli/v2"

	"bulletin/schema"
)

// schemaDir is where the repository keeps the schemas, and where
// `bulletin schema` writes them by default.
const schemaDir = "schema"

// schemaCommand is `bulletin schema`: write the JSON Schemas of
// edition.yaml and of the front matter, for editors.
func schemaCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "schema",
		Usage:     "write the JSON Schemas of edition.yaml and of the front matter into DIR (default schema/)",
		ArgsUsage: "[DIR]",
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return errors.New("schema takes at most one folder")
			}
			dir := schemaDir
			if c.NArg() == 1 {
				dir = c.Args().First()
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("schema: %w", err)
			}
			files := schema.Files()
			for _, name := range slices.Sorted(maps.Keys(files)) {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, files[name], 0o644); err != nil {
					return fmt.Errorf("schema: %w", err)
				}
				fmt.Fprintf(stdout, "wrote %s\n", p)
			}
			return nil
		},
	}
}

// schemaFor returns the path of the edition schema relative to the
// edition folder dir, when the schemas are where the repository keeps
// them (schema/ in the working folder).
func schemaFor(dir string) (string, bool) {
	p, err := filepath.Abs(filepath.Join(schemaDir, schema.EditionFile))
	if err != nil {
		return "", false
	}
	if _, err := os.Stat(p); err != nil {
		return "", false
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(abs, p)
	if err != nil {
		return "", false
	}
	return rel, true
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
	"bulletin/pipeline/scaffold"
	"bulletin/pipeline/source"
)

// newCommand is `bulletin new`: start the folder of a new edition.
func newCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "new",
		Usage:     "start INPUT/YYYY-MM from the settings of the latest edition (or --from EDITION)",
		ArgsUsage: "YYYY-MM",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "from", Usage: "the edition whose settings to take (a folder, or a name under --input); default: the latest"},
			&cli.StringFlag{Name: "input", Value: "input", Usage: "the folder that holds the editions"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errors.New("new takes one month, written YYYY-MM (bulletin new 2025-02)")
			}
			edition, root := c.Args().First(), c.String("input")
			from, err := fromSettings(root, c.String("from"))
			if err != nil {
				return err
			}
			dir := filepath.Join(root, edition)
			opt := scaffold.Options{From: from}
			if schema, ok := schemaFor(dir); ok {
				opt.Schema = schema
			}
			wrote, err := scaffold.New(dir, edition, opt)
			for _, p := range wrote {
				fmt.Fprintf(stdout, "wrote %s\n", p)
			}
			return err
		},
	}
}

// fromSettings reads the edition.yaml a new edition starts from: the
// folder from (or root/from), or the latest edition under root when from
// is empty; nil when root holds no edition.
func fromSettings(root, from string) (*source.Settings, error) {
	if from == "" {
		return latest(root)
	}
	dir := from
	if _, err := os.Stat(filepath.Join(dir, "edition.yaml")); err != nil {
		dir = filepath.Join(root, from)
	}
	m, err := readSettings(dir)
	if err != nil {
		return nil, fmt.Errorf("--from %s: %w", from, err)
	}
	return m, nil
}

// latest returns the settings of the latest month under root whose
// edition.yaml is valid.
func latest(root string) (*source.Settings, error) {
	dirs, err := pipeline.Editions(root)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var best *source.Settings
	for _, d := range dirs {
		m, err := readSettings(d)
		if err == nil && (best == nil || m.Edition > best.Edition) {
			best = m
		}
	}
	return best, nil
}

func readSettings(dir string) (*source.Settings, error) {
	p := filepath.Join(dir, "edition.yaml")
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One byte past the limit, so that ParseSettings is not handed a
	// file cut short as if it were whole.
	data, err := io.ReadAll(io.LimitReader(f, source.MaxSettingsBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > source.MaxSettingsBytes {
		return nil, fmt.Errorf("%s: larger than %d KB", p, source.MaxSettingsBytes>>10)
	}
	m, err := source.ParseSettings(p, data)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

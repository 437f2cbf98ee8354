package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/validate"
)

// validateCommand is `bulletin validate`: check only, list every problem.
func validateCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check each edition and list every problem; write nothing",
		ArgsUsage: "[EDITION...]  (default: every edition under input/)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text",
				Usage: "text: path:line:col: message on stderr; json: one JSON object per problem on stdout, for editors"},
		},
		Action: func(c *cli.Context) error {
			format := c.String("format")
			if format != "text" && format != "json" {
				return fmt.Errorf("--format %q: want text or json", format)
			}
			eds, err := loadEditions(c)
			var problems diag.List
			if format == "json" && errors.As(err, &problems) {
				return problemsJSON(stdout, problems)
			}
			if format == "json" {
				return warningsJSON(stdout, eds)
			}
			if format == "text" {
				for _, e := range eds {
					for _, w := range e.Warnings {
						fmt.Fprintln(stderr, w)
					}
					fmt.Fprintf(stdout, "%s: ok (%d articles)\n", e.Source.Dir, len(e.Source.Articles))
				}
			}
			return err
		},
	}
}

// problem is one line of `validate --format json`. Line and col are
// 1-based, col in characters; 0 when the problem is with a whole file
// (line) or a whole line (col).
type problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// warningsJSON writes each warning of eds as a problem of severity
// "warning", its message without the "warning: " that the text has.
func warningsJSON(w io.Writer, eds []*pipeline.Checked) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range eds {
		for _, d := range e.Warnings {
			p := problem{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Severity: "warning", Message: strings.TrimPrefix(d.Msg, validate.WarningPrefix)}
			if err := enc.Encode(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// problemsJSON writes each problem as a JSON object on a line of its own
// and returns an error that exits with status 1 and prints nothing more.
func problemsJSON(w io.Writer, l diag.List) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // messages quote <div> and the like as written
	for _, d := range l {
		p := problem{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Severity: "error", Message: d.Msg}
		if err := enc.Encode(p); err != nil {
			return err
		}
	}
	// errVerify: exit status 1 with the problems already listed.
	return fmt.Errorf("%d problems listed: %w", len(l), errVerify)
}

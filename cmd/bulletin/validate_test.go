package main

import (
	"bufio"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/pipeline/diag"
)

// TestValidateJSON: for every edition of the catalogue, `validate --format
// json` lists on stdout, one JSON object a line, exactly the problems that
// `validate` prints as text, with the same exit status, the warnings
// among them (severity "warning"); a valid edition without warnings
// prints nothing.
func TestValidateJSON(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/catalogue/*")
	dirs = append(dirs, "../../input/2025-01")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			code, _, text := bulletin(t, "validate", dir)
			jcode, out, errs := bulletin(t, "validate", "--format", "json", dir)
			if jcode != code || errs != "" {
				t.Fatalf("json: exit %d, stderr %q; text: exit %d", jcode, errs, code)
			}
			var got []string
			sc := bufio.NewScanner(strings.NewReader(out))
			for sc.Scan() {
				var p problem
				if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
					t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
				}
				switch p.Severity {
				case "warning":
					p.Message = "warning: " + p.Message
				case "error":
				default:
					t.Errorf("severity %q", p.Severity)
				}
				d := diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: p.Line, Col: p.Col}, Msg: p.Message}
				got = append(got, d.Error())
			}
			if want := strings.TrimSuffix(text, "\n"); strings.Join(got, "\n") != want {
				t.Errorf("json lines say\n%s\ntext says\n%s", strings.Join(got, "\n"), want)
			}
		})
	}
}

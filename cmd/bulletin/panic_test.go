package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/faults"
)

// A panic in any stage, on whichever goroutine the stage runs, is reported
// by every command that runs the stage as an internal error with the
// panicking goroutine's own stack, exit status 2, and nothing written
// (#11 class 14). The panic is injected where each stage starts its work.
func TestPanicInEveryStage(t *testing.T) {
	stages := map[string][]string{ // the commands that run each stage
		"source":   {"validate", "build", "stats"},
		"markdown": {"validate", "build", "stats"},
		"assemble": {"validate", "build", "stats"},
		"validate": {"validate", "build", "stats"},
		"pictures": {"validate", "build", "stats"},
		"typeset":  {"build", "stats"},
		"render":   {"build"},
		"publish":  {"build"},
	}
	for _, stage := range []string{"source", "markdown", "assemble", "validate", "pictures", "typeset", "render", "publish"} {
		for _, cmd := range stages[stage] {
			t.Run(stage+"/"+cmd, func(t *testing.T) {
				reached := false
				faults.Inject = func(s string) {
					if s == stage {
						reached = true
						panic(fmt.Sprintf("injected into %s", stage))
					}
				}
				t.Cleanup(func() { faults.Inject = nil })
				out := filepath.Join(t.TempDir(), "out")
				args := []string{"bulletin", cmd, "../../input/2025-01"}
				if cmd == "build" {
					args = []string{"bulletin", cmd, "--out", out, "../../input/2025-01"}
				}
				var stdout, stderr bytes.Buffer
				code := run(args, &stdout, &stderr)
				if !reached {
					t.Fatalf("the %s stage never ran under %s", stage, cmd)
				}
				msg := stderr.String()
				if code != exitInternal || !strings.HasPrefix(msg, "bulletin: internal error: injected into "+stage+"\n") {
					t.Fatalf("exit %d, stderr:\n%s", code, msg)
				}
				// The stack is the one of the goroutine that panicked.
				if !strings.Contains(msg, "bulletin/internal/faults.At(") || !strings.Contains(msg, "goroutine ") {
					t.Errorf("stderr does not carry the panic's stack:\n%s", msg)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("%s was written after a panic (%v)", out, err)
				}
			})
		}
	}
}

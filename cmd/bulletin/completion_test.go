package main

import (
	"os"
	"strings"
	"testing"
)

// TestCompletion: what docs/completion.bash asks the program for, the
// commands and each command's flags.
func TestCompletion(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--generate-bash-completion"}, []string{"build", "validate", "verify", "stats", "new", "watch", "schema"}},
		{[]string{"build", "-", "--generate-bash-completion"}, []string{"--out", "--variant"}},
		{[]string{"watch", "-", "--generate-bash-completion"}, []string{"--out"}},
		{[]string{"new", "-", "--generate-bash-completion"}, []string{"--from", "--input"}},
		{[]string{"validate", "-", "--generate-bash-completion"}, []string{"--format"}},
	}
	defer func(args []string) { os.Args = args }(os.Args)
	for _, tt := range tests {
		// urfave/cli reads the word being completed from os.Args, not
		// from the arguments given to Run.
		os.Args = append([]string{"bulletin"}, tt.args...)
		code, out, errs := bulletin(t, tt.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errs)
		}
		got := strings.Fields(out)
		for _, w := range tt.want {
			if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+w+" ") {
				t.Errorf("%v: %q is not offered (got %q)", tt.args, w, got)
			}
		}
	}
}

package tagcheck

import (
	"slices"
	"strings"
	"testing"
)

// Content finds what the renderer must never write, and accepts what it
// writes.
func TestContent(t *testing.T) {
	for _, c := range []struct {
		name, content string
		mcids         []int
		problem       string // in the problems; "" none
	}{
		{"tagged text", "/P <</MCID 0>> BDC BT /F1 10 Tf 1 0 0 1 5 5 Tm (Hi) Tj ET EMC", []int{0}, ""},
		{"artifact rule", "/Artifact BMC 0 0 m 5 5 l S EMC", nil, ""},
		{"actual text inside", "/P <</MCID 3>> BDC /Span <</ActualText (x)>> BDC BT (a) Tj ET EMC EMC", []int{3}, ""},
		{"parenthesis in a string", "/P <</MCID 1>> BDC BT (a\\) Tj [(b)] TJ) Tj ET EMC", []int{1}, ""},
		{"untagged paint", "BT (Hi) Tj ET", nil, "inside 0 tagged"},
		{"untagged image", "/Span <</ActualText (x)>> BDC /Im1 Do EMC", nil, "inside 0 tagged"},
		{"tagged twice", "/P <</MCID 0>> BDC /Artifact BMC 0 0 5 5 re f EMC EMC", []int{0}, "inside 2 tagged"},
		{"EMC alone", "EMC", nil, "no sequence open"},
		{"never closed", "/Artifact BMC", nil, "never closed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mcids, problems := Content([]byte(c.content))
			if !slices.Equal(mcids, c.mcids) {
				t.Errorf("MCIDs %v, want %v", mcids, c.mcids)
			}
			got := strings.Join(problems, "\n")
			if c.problem == "" && got != "" || c.problem != "" && !strings.Contains(got, c.problem) {
				t.Errorf("problems %q, want %q", got, c.problem)
			}
		})
	}
}

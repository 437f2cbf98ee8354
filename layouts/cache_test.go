package layouts

import "testing"

// TestLoadParsesOnce: a watch loads the layout on every rebuild; after
// the first, Load hands back the parsed layout without parsing again.
func TestLoadParsesOnce(t *testing.T) {
	first, err := Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(10, func() {
		if l, _ := Load("aircenter"); l != first {
			t.Fatal("Load returned another layout")
		}
	}); allocs != 0 {
		t.Errorf("Load allocates %v times when warm; it parses again", allocs)
	}
	if _, err := Load("no-such-layout"); err == nil {
		t.Error("an unknown layout loaded")
	}
}

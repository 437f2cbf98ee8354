package deliver

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"bulletin/internal/smtptest"
)

func TestSuppressionList(t *testing.T) {
	path := filepath.Join(t.TempDir(), "suppressed.txt")
	if got, err := ReadSuppressed(path); err != nil || len(got) != 0 {
		t.Fatalf("a missing list: %v %v", got, err)
	}
	// The unsubscribe server and the command may add at once.
	var wg sync.WaitGroup
	for _, a := range []string{"a@example.org", "B@example.org", "a@example.org", "c@example.org"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := Suppress(path, a); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	added, err := Suppress(path, "b@EXAMPLE.org", "d@example.org")
	if err != nil || strings.Join(added, ",") != "d@example.org" {
		t.Errorf("added %v, %v", added, err)
	}
	got, err := ReadSuppressed(path)
	if err != nil || len(got) != 4 || !got["b@example.org"] {
		t.Errorf("%v %v", got, err)
	}
	// The list wins over the subscriber file.
	plan := MakePlan([]Subscriber{{Email: "B@Example.org", Lang: "en"}, {Email: "e@example.org", Lang: "en"}}, got, &Ledger{States: map[string]*State{}}, false)
	if len(plan.Suppressed) != 1 || len(plan.Send) != 1 || plan.Send[0].Email != "e@example.org" {
		t.Errorf("plan %+v", plan)
	}
	os.WriteFile(path, []byte("# comment\nok@example.org # kept\nnot an address\n"), 0o644)
	if _, err := ReadSuppressed(path); err == nil || err.Error() != path+`:3:1: "not an address" is not an e-mail address like name@example.org` {
		t.Errorf("bad line: %v", err)
	}
}

// TestUnsubscribedDuringRun: an address that joins the suppression list
// while the run goes on is not mailed.
func TestUnsubscribedDuringRun(t *testing.T) {
	f := newFixture(t, 4)
	path := filepath.Join(f.dir, "suppressed.txt")
	list, err := OpenSuppressionList(path)
	if err != nil {
		t.Fatal(err)
	}
	f.suppressed = list
	f.srv.SetHold(func(m smtptest.Message) {
		if m.To[0] == "reader01@example.org" {
			if _, err := Suppress(path, "READER03@example.org"); err != nil {
				t.Error(err)
			}
		}
	})
	res, _ := f.send(t, context.Background(), false)
	if res.Sent != 3 || res.Suppressed != 1 || f.received(t)["reader03@example.org"] != 0 {
		t.Errorf("%+v\n%s", res, f.log.String())
	}
	if !strings.Contains(f.log.String(), "[4/4] skipped  reader03@example.org  az  unsubscribed during the run\n") {
		t.Errorf("log:\n%s", f.log.String())
	}
}

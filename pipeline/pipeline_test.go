package pipeline

import (
	"strings"
	"testing"
)

// A panic in a worker goroutine comes back as an error that says it is an
// internal error, which the command reports with exit status 2.
func TestCatchPanic(t *testing.T) {
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer catchPanic(&err)
		var m map[string]int
		m["boom"]++ // a bug: assignment to a nil map
	}()
	<-done
	if err == nil || !strings.HasPrefix(err.Error(), "internal error: assignment to entry in nil map") {
		t.Errorf("err = %v", err)
	}
}

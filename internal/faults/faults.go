// Package faults lets a test make a stage of the pipeline panic where it
// runs, on whichever goroutine that is, to prove that every command turns
// a panic into an internal error. Only tests set Inject.
package faults

// Inject, when set, is called with the name of each stage as the stage
// starts its work: "source", "markdown", "validate", "assemble",
// "pictures", "typeset", "render", "publish".
var Inject func(stage string)

// At marks the start of a stage's work.
func At(stage string) {
	if Inject != nil {
		Inject(stage)
	}
}

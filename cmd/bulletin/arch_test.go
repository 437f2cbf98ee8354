package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"bulletin/internal/testedition"
)

// The same sources give the same bytes on another architecture too: the
// program built for the other of amd64 and arm64 runs under qemu-user
// (Debian's package, installed by `make test-tools`) and its release of
// the sample and of a generated edition must equal this process's, file
// for file. arm64's compiler fuses x*y+z into one rounding where amd64's
// does not, which once moved words by 0.01 pt; the typesetter writes its
// products as float64(x*y), which the Go spec keeps from fusing.
func TestSameBytesOnTheOtherArchitecture(t *testing.T) {
	pair := map[string][2]string{
		"amd64": {"arm64", "qemu-aarch64"},
		"arm64": {"amd64", "qemu-x86_64"},
	}[runtime.GOARCH]
	other, emulator := pair[0], pair[1]
	if other == "" {
		t.Fatalf("no second architecture known for %s", runtime.GOARCH)
	}
	qemu, err := exec.LookPath(emulator)
	if err != nil {
		t.Fatalf("%s is needed (Debian's qemu-user; make test-tools installs it): %v", emulator, err)
	}
	bin := filepath.Join(t.TempDir(), "bulletin-"+other)
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOARCH="+other, "CGO_ENABLED=0")
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build for %s: %v\n%s", other, err, msg)
	}
	generated := filepath.Join(t.TempDir(), "2030-06") // the edition testedition writes
	if err := testedition.Write(generated, 40, 400); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1738368000")
	for _, tc := range []struct {
		src   string
		files int
	}{{"../../input/2025-01", 10}, {generated, 4}} {
		here, there := t.TempDir(), t.TempDir()
		if code, _, stderr := bulletin(t, "release", "--out", here, tc.src); code != 0 {
			t.Fatalf("release on %s: %s", runtime.GOARCH, stderr)
		}
		cmd := exec.Command(qemu, bin, "release", "--out", there, tc.src)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("release on %s under %s: %v\n%s", other, emulator, err, msg)
		}
		name := filepath.Base(tc.src)
		sameOutput(t, runtime.GOARCH+" release", readOutput(t, filepath.Join(here, name), tc.files),
			other+" release", readOutput(t, filepath.Join(there, name), tc.files))
	}
}

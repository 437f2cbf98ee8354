package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"

	"bulletin/internal/testedition"
)

// openPTY opens a pseudo-terminal and returns its two ends: what the
// program writes to tty, the test reads from ptm.
func openPTY(t *testing.T) (ptm, tty *os.File) {
	t.Helper()
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	ptm = os.NewFile(uintptr(fd), "/dev/ptmx")
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ptm.Close(); tty.Close() })
	return ptm, tty
}

// TestBuildProgress: a build of several editions prints a line per
// edition with its time when stdout is a terminal, and not one line more
// into a pipe or /dev/null.
func TestBuildProgress(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(gen, 3, 120); err != nil {
		t.Fatal(err)
	}
	args := []string{"bulletin", "build", "--variant", "screen", "--out", t.TempDir(), "../../input/2025-01", gen}
	line := regexp.MustCompile(`(?m)^(2025-01|2030-06)  [0-9]+ files  [0-9]+ ms  \[([12])/2\]\r?$`)

	ptm, tty := openPTY(t)
	read := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, ptm) // ends with EIO once the last tty is closed
		read <- b.String()
	}()
	if code := run(args, tty, io.Discard); code != 0 {
		t.Fatalf("build on a terminal: exit %d", code)
	}
	tty.Close()
	got := line.FindAllStringSubmatch(<-read, -1)
	if len(got) != 2 || got[0][1] != "2025-01" || got[0][2] != "1" || got[1][1] != "2030-06" || got[1][2] != "2" {
		t.Errorf("on a terminal: progress lines %q, want one per edition in order", got)
	}

	var piped bytes.Buffer
	if code := run(args, &piped, io.Discard); code != 0 {
		t.Fatalf("build into a pipe: exit %d", code)
	}
	if line.MatchString(piped.String()) {
		t.Errorf("into a pipe: progress lines printed:\n%s", piped.String())
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if progress(null, 2) != nil {
		t.Error("/dev/null was taken for a terminal")
	}
}

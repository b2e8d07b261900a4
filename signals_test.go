package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLongReportStopsOnSignal runs the real binary on the largest labels
// report allowed, signals it once it has begun writing, and checks that it
// stops with the shell's code for the signal (130, 143), leaving neither
// the report nor its temporary file.
func TestLongReportStopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a 10,000-asset register")
	}
	bin := stewardBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	if out, err := exec.Command(bin, "demo", "--db", db, "--assets", "10000", "--people", "50").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		out := filepath.Join(dir, "labels.pdf")
		cmd := exec.Command(bin, "report", "labels", "--db", db, "--out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Signal once the temporary file exists: the report is being written.
		var err error
		for started := false; !started; {
			select {
			case err = <-exited:
				t.Fatalf("the report ended before it was signalled (%v): it is too short for this test", err)
			case <-time.After(20 * time.Millisecond):
				tmp, _ := filepath.Glob(filepath.Join(dir, ".*"))
				started = len(tmp) > 0
			}
		}
		sent := time.Now()
		if err := cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		err = <-exited
		t.Logf("%v: stopped %v after the signal", c.sig, time.Since(sent).Round(time.Millisecond))
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != c.code {
			t.Errorf("%v: %v, want exit code %d", c.sig, err, c.code)
		}
		tmp, _ := filepath.Glob(filepath.Join(dir, ".*"))
		if _, err := os.Stat(out); err == nil || len(tmp) > 0 {
			left := append(tmp, out)
			t.Errorf("%v: left %v", c.sig, left)
		}
		if _, err := os.Stat(db); err != nil {
			t.Fatal(err)
		}
	}
}

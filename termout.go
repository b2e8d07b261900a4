package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"steward/assets/termtext"
)

// stdout and stderr are where every command prints (tables, messages,
// errors, JSON): through termtext, so that a name read from a file or from
// another computer can never drive the terminal (retitle it, move the
// cursor, write to the clipboard). TestOutputGoesThroughTermtext keeps
// os.Stdout and os.Stderr out of the commands.
var (
	stdout = termtext.NewWriter(current(func() *os.File { return os.Stdout }))
	stderr = termtext.NewWriter(current(func() *os.File { return os.Stderr }))
)

// current writes to whichever file os.Stdout (or os.Stderr) is at the time
// (tests swap them for pipes).
type current func() *os.File

func (c current) Write(p []byte) (int, error) { return c().Write(p) }

func init() { log.SetOutput(stderr) }

// dataOut is where export writes without --out: the exact bytes into a pipe
// or a file, escaped like everything else on a terminal.
func dataOut() io.Writer {
	if fi, err := os.Stdout.Stat(); err == nil && fi.Mode()&os.ModeCharDevice == 0 {
		return os.Stdout
	}
	return stdout
}

// flushOutput writes out what the escaping writers hold back (a UTF-8
// sequence cut between two writes).
func flushOutput() {
	stdout.Flush()
	stderr.Flush()
}

// countOf says how many of something there are, in the right number:
// "1 row", "3 rows".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// notImported says how many of the files named were refused.
func notImported(failed, files int) string {
	if files == 1 {
		return "the file had problems and was not imported"
	}
	verb := "were"
	if failed == 1 {
		verb = "was"
	}
	return fmt.Sprintf("%d of %d files had problems and %s not imported", failed, files, verb)
}

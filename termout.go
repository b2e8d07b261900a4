package main

import (
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
	stdout = termtext.NewWriter(os.Stdout)
	stderr = termtext.NewWriter(os.Stderr)
)

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

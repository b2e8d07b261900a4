// Command steward is a desktop IT asset and endpoint manager. With no
// subcommand it opens the window; subcommands give the headless side.
//
// main.go only wires: it parses the command line and hands over to a
// subcommand (cmd_*.go, one file each) or to the GUI.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"steward/assets"
)

// command is one subcommand of the steward binary.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) error
}

var commands = map[string]command{}

// register adds a subcommand; each cmd_*.go file calls it from init.
func register(c command) { commands[c.name] = c }

// usageError marks a mistake on the command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func main() {
	ctx, stop := signalContext(context.Background())
	code := run(ctx, os.Args[1:])
	flushOutput()
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string) int {
	name, label := "gui", "steward"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
		label = "steward " + name
	}
	if name == "help" {
		printUsage(stdout)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "steward: unknown command %q\n\n", name)
		printUsage(stderr)
		return 2
	}
	err := c.run(ctx, args)
	var ue usageError
	var sig stopSignal
	switch {
	case err == nil, errors.Is(err, errHelpShown):
		return 0
	case errors.As(context.Cause(ctx), &sig):
		fmt.Fprintf(stderr, "%s: %v\n", label, sig)
		return sig.exitCode()
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %v\n", label, err)
		return 2
	default:
		// The person's words: without the store operation (assets.Wrap)
		// an internal error's text starts with.
		fmt.Fprintf(stderr, "%s: %s\n", label, assets.Message(err))
		return 1
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: steward [COMMAND] [--db PATH] [flags]")
	fmt.Fprintln(w, "\nWith no command, steward opens its window.\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'steward COMMAND --help' for a command's flags.")
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Every command parses its flags with parseFlags, which keeps the command
// line's conventions in one place: --help prints the help on standard
// output and exits 0; a mistake is printed once (by main), naming flags as
// --flag, with a pointer to the help; usages show --flag.

// errHelpShown ends a command whose help was asked for and printed.
var errHelpShown = errors.New("help shown")

// newFlagSet makes a command's flags. head is the help text above the
// flags (a "Usage:" line and what the command does); "" gives a plain
// usage line.
func newFlagSet(name, head string) *flag.FlagSet {
	fs := flag.NewFlagSet("steward "+name, flag.ContinueOnError)
	if head == "" {
		head = "Usage: steward " + name + " [flags]\n"
	}
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), strings.TrimRight(head, "\n")+"\n\nFlags:\n")
		printFlags(fs.Output(), fs)
	}
	return fs
}

// parseFlags parses flags that may come before, between or after the
// positional arguments ("import --kind assets a.csv --dry-run"), returning
// the positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	usage := fs.Usage
	// The flag package prints the usage on every error; here the error
	// alone is returned, and the help printed only when asked for.
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage }()
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stdout)
				if usage != nil {
					usage()
				} else {
					printFlags(stdout, fs)
				}
				return nil, errHelpShown
			}
			return nil, usagef("%s (see '%s --help')", doubleDash(err.Error()), fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// singleDash finds the flag package's "-name" in its messages.
var singleDash = regexp.MustCompile(`(^|[\s:])-([A-Za-z][\w-]*)`)

// doubleDash rewrites the flag package's messages ("flag provided but not
// defined: -x") to name flags as the help shows them (--x).
func doubleDash(msg string) string {
	return singleDash.ReplaceAllString(msg, "$1--$2")
}

// printFlags lists a command's flags as --name VALUE, their help and
// default.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			help += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(w, "%-28s %s\n", line, strings.TrimSpace(help))
	})
}

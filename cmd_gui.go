package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"steward/app"
)

// started is when the process began, for --trace-startup.
var started = time.Now()

func init() {
	register(command{name: "gui", summary: "open the window (the default)", run: runGUI})
}

func runGUI(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("steward", flag.ContinueOnError)
	db := dbFlag(fs)
	screen := fs.String("screen", "", "open on this screen (Dashboard, Assets, ...)")
	trace := fs.Bool("trace-startup", false, "print how long the window took to show its first screen's data")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	svc := app.Services{Store: store, Version: version, StartScreen: *screen}
	if *trace {
		opened := time.Since(started)
		svc.Ready = func() {
			fmt.Fprintf(os.Stderr, "steward: database open after %d ms; first screen ready after %d ms\n",
				opened.Milliseconds(), time.Since(started).Milliseconds())
		}
	}
	return app.Run(ctx, svc)
}

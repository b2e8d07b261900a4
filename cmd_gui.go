package main

import (
	"context"
	"flag"

	"steward/app"
)

func init() {
	register(command{name: "gui", summary: "open the window (the default)", run: runGUI})
}

func runGUI(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("steward", flag.ContinueOnError)
	db := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	return app.Run(ctx, app.Services{Store: store, Version: version, Portable: *db == "" && defaultDB() != ""})
}

package main

import (
	"context"
	"flag"
	"log"
	"strconv"

	"steward/app"
	"steward/assets/sqlite"
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
	dailyBackup(ctx, store)
	return app.Run(ctx, app.Services{Store: store, Version: version})
}

// dailyBackup keeps a rotating copy of the register for each day Steward is
// opened (setting backup_keep copies, default 7). A failure is logged, not
// fatal: the person can still work, and Settings shows the backups.
func dailyBackup(ctx context.Context, store *sqlite.Store) {
	keep := 7
	if v, _ := store.Setting(ctx, "backup_keep"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			keep = n
		}
	}
	if path, made, err := store.DailyBackup(ctx, "", keep); err != nil {
		log.Printf("daily backup failed: %v", err)
	} else if made {
		log.Printf("daily backup written to %s", path)
	}
}

package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"steward/assets/postgres"
	"steward/assets/sqlite"
)

func init() {
	register(command{name: "backup", summary: "copy the register to a file, safely while Steward runs (--out)", run: runBackup})
	register(command{name: "restore", summary: "replace the register with a checked backup (keeps the replaced file)", run: runRestore})
}

func runBackup(ctx context.Context, args []string) error {
	fs := newFlagSet("backup", "Usage: steward backup [--out FILE] [flags]\n\nWith --db postgres://..., writes the shared register to a new register\nfile (--out, required), which 'steward restore' and 'steward db push' take.")
	db := dbFlag(fs)
	out := fs.String("out", "", "backup `file` (default: backups/steward-DATE-TIME.db next to the database)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if postgres.IsURL(*db) {
		return runBackupShared(ctx, *db, *out)
	}
	store, err := openStore(ctx, *db, readRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	dest := *out
	if dest == "" {
		// A name Steward chooses: a second backup in the same second gets
		// its own (steward-DATE-TIME-2.db).
		base := filepath.Join(filepath.Dir(store.Path()), "backups", "steward-"+time.Now().Format("2006-01-02-150405"))
		dest, err = store.BackupToNew(ctx, base, ".db")
	} else {
		// A backup never replaces a file, but it must not take the name of
		// one of the register's own files that is not there yet (-journal).
		keep := outputRules(store.Path(), true)
		keep.KeepDirs = nil
		if err := keep.Check(dest); err != nil {
			return err
		}
		err = store.BackupTo(ctx, dest)
	}
	if err != nil {
		return err
	}
	info, err := sqlite.CheckBackup(ctx, dest)
	if err != nil {
		return fmt.Errorf("the backup was written but does not check out: %w", err)
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (checked: integrity ok, schema %d)\n", countOf(info.Assets, "asset", "assets"), dest, info.SchemaVersion)
	return nil
}

func runRestore(ctx context.Context, args []string) error {
	fs := newFlagSet("restore", "Usage: steward restore [flags] FILE")
	db := dbFlag(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if postgres.IsURL(*db) {
		return usagef("a shared register is not restored over: make an empty one (steward db init) and copy the backup into it with 'steward db push --from FILE --to %s'", postgres.WithoutPassword(*db))
	}
	if len(files) != 1 {
		return usagef("name the one backup file to restore: steward restore FILE")
	}
	store, err := openStore(ctx, *db, createRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	kept, err := store.RestoreFrom(ctx, files[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s into %s.\nThe register it replaced is kept at %s\n", files[0], store.Path(), kept)
	return nil
}

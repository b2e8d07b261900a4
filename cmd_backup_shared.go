package main

import (
	"context"
	"fmt"
	"time"

	"steward/assets/move"
	"steward/assets/postgres"
)

// runBackupShared writes the shared register at url to a new register
// file at out (steward backup --db URL --out FILE): a file 'steward
// restore' and 'steward db push' take.
func runBackupShared(ctx context.Context, url, out string) error {
	if out == "" {
		return usagef("a shared register is backed up to a file you name: steward backup --db %s --out FILE.db", postgres.WithoutPassword(url))
	}
	if postgres.HasPassword(url) {
		fmt.Fprintln(stderr, "steward: the password in the address is used for this run only and is not saved; keep it in your password file (PGPASSFILE) instead")
	}
	conn, err := postgres.Connect(ctx, url, dbOptions())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	sum, info, err := move.Backup(ctx, conn, out, move.Options{Progress: progressLines("backup")})
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "steward backup: nothing was written to %s\n", out)
		}
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s from %s to %s in %s (checked: integrity ok, schema %d)\n", countOf(info.Assets, "asset", "assets"),
		postgres.WithoutPassword(url), out, sum.Elapsed.Round(100*time.Millisecond), info.SchemaVersion)
	return nil
}

package main

import (
	"context"
	"flag"
	"os"

	"steward/assets/sqlite"
)

// dbFlag adds --db to a command's flags. Its default is $STEWARD_DB or the
// per-user database file.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", os.Getenv("STEWARD_DB"), "database `file` (default: your config folder's Steward/steward.db)")
}

// openStore opens the database at path, or the default one when path is "".
func openStore(ctx context.Context, path string) (*sqlite.Store, error) {
	if path == "" {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return sqlite.Open(ctx, path)
}

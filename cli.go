package main

import (
	"context"
	"flag"
	"os"

	"steward/assets/sqlite"
)

// dbFlag adds --db (and --portable) to a command's flags. Its default is
// $STEWARD_DB or the per-user database file.
func dbFlag(fs *flag.FlagSet) *string {
	fs.BoolVar(&portable, "portable", portable, "keep the database next to the steward binary (also on when a file named 'portable' is there)")
	return fs.String("db", os.Getenv("STEWARD_DB"), "database `file` (default: your config folder's Steward/steward.db)")
}

// openStore opens the database at path, or the default one when path is ""
// (next to the binary in portable mode).
func openStore(ctx context.Context, path string) (*sqlite.Store, error) {
	if path == "" {
		path = defaultDB()
	}
	if path == "" {
		p, err := sqlite.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return sqlite.Open(ctx, path)
}

// defaultDB is the portable database when portable mode is on, else "".
func defaultDB() string {
	p, _ := portablePath(executable(), portable)
	return p
}

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

// parseInterspersed parses flags that may come before, between or after the
// positional arguments ("import --kind assets a.csv --dry-run"), returning
// the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"steward/assets/postgres"
	"steward/assets/sqlite"
)

// dbFlag adds --db (and --portable) to a command's flags. Its default is
// $STEWARD_DB or the per-user database file.
func dbFlag(fs *flag.FlagSet) *string {
	fs.BoolVar(&portable, "portable", portable, "keep the database next to the steward binary (also on when a file named 'portable' is there)")
	return fs.String("db", os.Getenv("STEWARD_DB"), "database `file`, or a shared register's postgres://USER@HOST/DATABASE (default: your config folder's Steward/steward.db)")
}

// registerUse says what a command does with the register, which decides
// how it is opened.
type registerUse int

const (
	// readRegister: the command only reads. The register is opened
	// read-only, so it writes nothing and never waits on another
	// program's writer at close.
	readRegister registerUse = iota
	// changeRegister: the command writes to an existing register.
	changeRegister
	// createRegister: the command may make a new register where there is
	// none (the window's first start, demo, import, restore), and says so.
	createRegister
)

// openStore opens the register at path, or the default one when path is ""
// (next to the binary in portable mode), as use allows. A missing or empty
// register is refused ("no register at PATH") unless use is createRegister.
// A postgres:// address opens the shared register there (openShared).
func openStore(ctx context.Context, path string, use registerUse) (registerStore, error) {
	if postgres.IsURL(path) {
		return openShared(ctx, path)
	}
	path, err := registerPath(path)
	if err != nil {
		return nil, err
	}
	switch use {
	case readRegister:
		return sqlite.Open(ctx, path, sqlite.Options{ReadOnly: true})
	case changeRegister:
		return sqlite.Open(ctx, path)
	}
	store, err := sqlite.Create(ctx, path)
	if err == nil && store.Created() {
		fmt.Fprintf(stderr, "steward: created a new register at %s\n", path)
	}
	return store, err
}

// openShared opens the shared register at url. Its password comes from the
// address (for this run only, and said so), PGPASSFILE or ~/.pgpass, or a
// prompt on the terminal; a database with no register yet is refused ("run
// steward db init": that makes the roles too), whatever the command.
func openShared(ctx context.Context, url string) (registerStore, error) {
	if postgres.HasPassword(url) {
		fmt.Fprintln(stderr, "steward: the password in the address is used for this run only and is not saved; keep it in your password file (PGPASSFILE) instead")
	}
	store, err := postgres.Open(ctx, url, dbOptions())
	if err != nil {
		return nil, err
	}
	return store, nil
}

// registerPath is path, or the default register when path is "".
func registerPath(path string) (string, error) {
	if path == "" {
		path = defaultDB()
	}
	if path == "" {
		return sqlite.DefaultPath()
	}
	return path, nil
}

// defaultDB is the portable database when portable mode is on, else "".
func defaultDB() string {
	p, _ := portablePath(executable(), portable)
	return p
}

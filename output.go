package main

import (
	"flag"

	"steward/assets/safefile"
)

// Files the command line writes (reports, exports, inventory reports,
// backups) go through safefile: never over the register, its journal files
// or its backups, never over another SQLite database without --force, and
// always whole or not at all, readable by their owner only.

// outputMode is the mode of every file the command line writes: reports,
// exports and inventory reports hold names, serial numbers and costs.
const outputMode = 0o600

// forceFlag adds --force, which lets --out replace an SQLite database that
// is not the register.
func forceFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("force", false, "let --out replace an existing SQLite database (never the register or its backups)")
}

// outputRules are the paths an output file may not take while the register
// at db is in use (safefile.ForRegister).
func outputRules(db string, force bool) safefile.Rules {
	return safefile.ForRegister(db, force)
}

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"

	"steward/assets/postgres"
)

func init() {
	register(command{name: "db", summary: "set up a register shared by a team in PostgreSQL: init, grant, status, push", run: runDB})
}

const dbHelp = `Usage: steward db COMMAND [flags]

A register shared by a team lives in a PostgreSQL database, named by its
address: postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full
Keep the password in your password file (PGPASSFILE, or ~/.pgpass), or type
it when asked. A password written in the address is used for that run only
and never saved.

Commands:
  init URL          make the register in an empty database (or bring it up to
                    date), with the three Steward roles and their rights. Run
                    it as a superuser, or as the database's owner with CREATEROLE.
  grant USER ROLE   give a database user a Steward role: readonly, technician
                    (changes the data) or admin (also settings, roles and
                    upgrades); none takes the role away. --db URL names the
                    register (or STEWARD_DB).
  status [URL]      who you are connected as, your role and the register's
                    schema version (--json for scripts).
  push --from FILE --to URL
                    copy a whole register from its file (history, settings
                    and sealed licence keys included) into an empty shared
                    one made by 'db init'. The file is only read.

Run 'steward db COMMAND --help' for a command's flags.
`

func runDB(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("which one: init, grant, status or push? (see 'steward db --help')")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, dbHelp)
		return errHelpShown
	case "init":
		return runDBInit(ctx, args[1:])
	case "grant":
		return runDBGrant(ctx, args[1:])
	case "status":
		return runDBStatus(ctx, args[1:])
	case "push":
		return runDBPush(ctx, args[1:])
	}
	return usagef("unknown command %q: use init, grant, status or push (see 'steward db --help')", args[0])
}

// dbURLFlag adds --db for a register's PostgreSQL address; its default is
// $STEWARD_DB when that is one.
func dbURLFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("STEWARD_DB")
	if !postgres.IsURL(def) {
		def = ""
	}
	return fs.String("db", def, "the register's PostgreSQL `URL` (postgres://user@host/database); default $STEWARD_DB")
}

// registerURL picks the address from the arguments or --db, and checks it
// is a PostgreSQL one.
func registerURL(pos []string, flagURL, cmd string) (string, error) {
	url := flagURL
	if len(pos) > 0 {
		url = pos[0]
	}
	if url == "" {
		return "", usagef("give the register's address: steward db %s postgres://USER@HOST/DATABASE (or --db)", cmd)
	}
	if !postgres.IsURL(url) {
		return "", usagef("%q is not a PostgreSQL address: it starts with postgres:// (a register in a file needs no 'steward db')", postgres.WithoutPassword(url))
	}
	if postgres.HasPassword(url) {
		fmt.Fprintln(stderr, "steward: the password in the address is used for this run only and is not saved; keep it in your password file (PGPASSFILE) instead")
	}
	return url, nil
}

// dbOptions asks for a password on the terminal when the server wants one
// (once per run: the answer is kept for the run's other connections).
func dbOptions() postgres.Options {
	var once sync.Once
	var pw string
	var err error
	return postgres.Options{Password: func(ctx context.Context, user, host string) (string, error) {
		once.Do(func() { pw, err = promptPassword(user, host) })
		return pw, err
	}}
}

func runDBInit(ctx context.Context, args []string) error {
	fs := newFlagSet("db init", "Usage: steward db init URL [flags]\n\nMakes the register in the database at URL (an empty one), or brings it up to\ndate, with the Steward roles (steward_readonly, steward_technician,\nsteward_admin) and their rights. Running it again repairs the rights.")
	dbFlag := dbURLFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("db init takes one address")
	}
	url, err := registerURL(pos, *dbFlag, "init")
	if err != nil {
		return err
	}
	opts := dbOptions()
	conn, err := postgres.Connect(ctx, url, opts)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if err := postgres.InitRegister(ctx, conn, url, opts); err != nil {
		return err
	}
	st, err := postgres.ReadStatus(ctx, conn)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "The register in database %q is ready (schema %d), with the roles steward_readonly, steward_technician and steward_admin.\n", st.Database, st.Version)
	fmt.Fprintf(stdout, "Next, give each person's database user a role:\n  steward db grant USER technician --db %s\n", postgres.WithoutPassword(url))
	return nil
}

func runDBGrant(ctx context.Context, args []string) error {
	fs := newFlagSet("db grant", "Usage: steward db grant USER ROLE [--db URL]\n\nGives the database user USER the Steward role ROLE: readonly, technician or\nadmin (none takes it away). The user must exist on the server. It takes a\nSteward administrator (or a superuser).")
	dbFlag := dbURLFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("give a user and a role: steward db grant USER ROLE --db URL")
	}
	role, err := postgres.ParseRole(pos[1])
	if err != nil {
		return usageError{err.Error()}
	}
	url, err := registerURL(nil, *dbFlag, "grant USER ROLE --db")
	if err != nil {
		return err
	}
	conn, err := postgres.Connect(ctx, url, dbOptions())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if err := postgres.Grant(ctx, conn, pos[0], role); err != nil {
		return err
	}
	if role == postgres.RoleNone {
		fmt.Fprintf(stdout, "%s has no Steward role now.\n", pos[0])
	} else {
		fmt.Fprintf(stdout, "%s is now %s %s.\n", pos[0], article(role.String()), role)
	}
	return nil
}

func article(word string) string {
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func runDBStatus(ctx context.Context, args []string) error {
	fs := newFlagSet("db status", "Usage: steward db status [URL] [flags]\n\nSays who you are connected as, your Steward role and the register's schema\nversion.")
	dbFlag := dbURLFlag(fs)
	asJSON := fs.Bool("json", false, "print one JSON object")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("db status takes one address")
	}
	url, err := registerURL(pos, *dbFlag, "status")
	if err != nil {
		return err
	}
	conn, err := postgres.Connect(ctx, url, dbOptions())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	st, err := postgres.ReadStatus(ctx, conn)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(struct {
			URL       string `json:"url"`
			Database  string `json:"database"`
			Server    string `json:"server_version"`
			User      string `json:"user"`
			Role      string `json:"role"`
			Superuser bool   `json:"superuser"`
			Schema    int    `json:"schema"`
			Latest    int    `json:"latest_schema"`
		}{postgres.WithoutPassword(url), st.Database, st.Server, st.User, string(st.Role), st.Superuser, st.Version, st.Latest})
	}
	role := st.Role.String()
	switch {
	case st.Superuser:
		role = "superuser (may do anything)"
	case !st.Roles:
		role = "none (this server has no Steward roles: run 'steward db init')"
	case st.Role == postgres.RoleNone:
		role += " (ask a Steward administrator: steward db grant)"
	}
	fmt.Fprintf(stdout, "Register: %s\nServer:   PostgreSQL %s\nUser:     %s\nRole:     %s\n", postgres.WithoutPassword(url), st.Server, st.User, role)
	switch {
	case st.Version == 0:
		fmt.Fprintf(stdout, "Schema:   none: database %q has no register yet (steward db init)\n", st.Database)
	case st.Version < st.Latest:
		fmt.Fprintf(stdout, "Schema:   %d, older than this Steward's %d: it is upgraded when an administrator opens it\n", st.Version, st.Latest)
	case st.Version > st.Latest:
		fmt.Fprintf(stdout, "Schema:   %d, written by a newer Steward (this one knows %d): update Steward\n", st.Version, st.Latest)
	default:
		fmt.Fprintf(stdout, "Schema:   %d (up to date)\n", st.Version)
	}
	return nil
}

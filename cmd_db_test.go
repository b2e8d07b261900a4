package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// steward db init, grant and status against a real server (pgtest: the
// throwaway cluster this test starts, or STEWARD_TEST_PG).
func TestDBCommands(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewEmptyDB(t)
	run := func(want int, args ...string) string {
		t.Helper()
		code, out := captureAll(t, args...)
		if code != want {
			t.Errorf("steward %s: exit %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
		}
		if strings.Contains(out, "s3cret") {
			t.Errorf("steward %s shows the password:\n%s", strings.Join(args, " "), out)
		}
		return out
	}

	out := run(0, "db", "status", url)
	if !strings.Contains(out, "has no register yet") {
		t.Errorf("status of an empty database:\n%s", out)
	}
	// A password in the address works for the run, is never shown, and
	// the command says it is not kept.
	out = run(0, "db", "init", pgtest.WithUser(url, "postgres", "s3cret"))
	if !strings.Contains(out, fmt.Sprintf("is ready (schema %d)", postgres.SchemaVersion())) || !strings.Contains(out, "used for this run only") {
		t.Errorf("db init:\n%s", out)
	}
	out = run(0, "db", "status", url)
	if !strings.Contains(out, fmt.Sprintf("Schema:   %d (up to date)", postgres.SchemaVersion())) || !strings.Contains(out, "superuser") {
		t.Errorf("status after init:\n%s", out)
	}

	admin, err := pgx.Connect(ctx, pgtest.AdminURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	tess := "tess_dbcommands"
	if _, err := admin.Exec(ctx, "CREATE ROLE "+tess+" LOGIN"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, pgtest.AdminURL(t))
		if err == nil {
			c.Exec(ctx, "DROP ROLE IF EXISTS "+tess)
			c.Close(ctx)
		}
	})
	out = run(0, "db", "grant", tess, "technician", "--db", url)
	if !strings.Contains(out, tess+" is now a technician") {
		t.Errorf("db grant:\n%s", out)
	}
	asTess := pgtest.WithUser(url, tess, "")
	out = run(0, "db", "status", "--json", asTess)
	var st struct {
		User, Role string
		Schema     int
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.User != tess || st.Role != "technician" || st.Schema != postgres.SchemaVersion() {
		t.Errorf("status --json as the technician: %v\n%s", err, out)
	}
	// A technician cannot grant; the database says no, in plain words.
	out = run(1, "db", "grant", tess, "admin", "--db", asTess)
	if !strings.Contains(out, "you may not") {
		t.Errorf("a technician granting admin:\n%s", out)
	}
	out = run(0, "db", "grant", tess, "none", "--db", url)
	if !strings.Contains(out, "has no Steward role now") {
		t.Errorf("db grant none:\n%s", out)
	}
	out = run(1, "db", "status", asTess)
	if !strings.Contains(out, "may not connect") {
		t.Errorf("status as a user without a role:\n%s", out)
	}

	// Mistakes.
	if out := run(2, "db", "grant", tess, "owner", "--db", url); !strings.Contains(out, "not a Steward role") {
		t.Errorf("a bad role:\n%s", out)
	}
	if out := run(2, "db", "init", "/tmp/steward.db"); !strings.Contains(out, "not a PostgreSQL address") {
		t.Errorf("a file for db init:\n%s", out)
	}
	if out := run(1, "db", "status", pgtest.WithDatabase(url, "steward_no_such_db")); !strings.Contains(out, `has no database "steward_no_such_db"`) {
		t.Errorf("status of a missing database:\n%s", out)
	}
	run(2, "db")
	run(2, "db", "bogus")
	for _, sub := range []string{"init", "grant", "status"} {
		if out := run(0, "db", sub, "--help"); !strings.Contains(out, "--db") {
			t.Errorf("db %s --help:\n%s", sub, out)
		}
	}
	if out := run(0, "db", "--help"); !strings.Contains(out, "grant USER ROLE") {
		t.Errorf("db --help:\n%s", out)
	}
}

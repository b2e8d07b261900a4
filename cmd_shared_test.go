package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets/postgres/pgtest"
)

// Every command's --db takes a postgres:// address: the same import and
// export give the same file on both engines, and what only a register file
// can do is refused in plain words.
func TestCommandsOnSharedRegister(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "s.db")
	csv := filepath.Join(dir, "a.csv")
	os.WriteFile(csv, []byte("tag,name,category,purchase_date,warranty_end,location\nLT-1,Old laptop,laptop,2020-01-10,2026-04-10,Leeds\nLT-2,New laptop,laptop,2025-05-01,,Leeds\n"), 0o600)
	run := func(want int, args ...string) string {
		t.Helper()
		code, out := captureAll(t, args...)
		if code != want {
			t.Errorf("steward %s: exit %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
		}
		return out
	}

	for _, db := range []string{file, url} {
		if out := run(0, "import", "--db", db, "--kind", "assets", csv); !strings.Contains(out, "2 new") {
			t.Errorf("import into %s:\n%s", db, out)
		}
	}
	fromFile := run(0, "export", "--db", file, "--kind", "assets", "--format", "csv")
	fromShared := run(0, "export", "--db", url, "--kind", "assets", "--format", "csv")
	if !strings.Contains(fromShared, "LT-1") || fromShared != fromFile {
		t.Errorf("export from the shared register differs from the file's:\n%s\nfile:\n%s", fromShared, fromFile)
	}
	// STEWARD_DB takes an address too.
	t.Setenv("STEWARD_DB", url)
	if out := run(0, "export", "--kind", "assets", "--format", "json"); !strings.Contains(out, "New laptop") {
		t.Errorf("export with STEWARD_DB=URL:\n%s", out)
	}
	t.Setenv("STEWARD_DB", "")

	// The alerts: listed once the PostgreSQL store has them, refused
	// plainly until then.
	if out := run(0, "alerts", "--db", url, "--as-of", "2026-03-01"); !strings.Contains(out, "LT-1") {
		t.Errorf("alerts of the shared register:\n%s", out)
	}

	// File operations refuse and say what to do instead.
	if out := run(2, "restore", "--db", url, file); !strings.Contains(out, "a shared register is not restored over") || !strings.Contains(out, "steward db push") {
		t.Errorf("restore into the shared register:\n%s", out)
	}
	if out := run(1, "visit", "checkout", "--db", url, "--location", "Leeds", "--out", filepath.Join(dir, "v.steward")); !strings.Contains(out, "visit bundles are taken from a register file") {
		t.Errorf("visit checkout of the shared register:\n%s", out)
	}
	// A backup of the shared register to a file: cmd_db_push_test.go.
	if out := run(0, "keys", "status", "--db", url); !strings.Contains(out, "licence key encryption: off") {
		t.Errorf("keys status of the shared register:\n%s", out)
	}

	// A wrong database name is said plainly; a password in the address is
	// used for the run only, and never shown.
	wrong := pgtest.WithDatabase(url, "no_such_register")
	if out := run(1, "export", "--db", wrong, "--kind", "assets"); !strings.Contains(out, `has no database "no_such_register"`) {
		t.Errorf("export from a missing database:\n%s", out)
	}
	withPw := pgtest.WithUser(url, "postgres", "s3cret")
	out := run(0, "export", "--db", withPw, "--kind", "assets")
	if !strings.Contains(out, "used for this run only") || strings.Contains(out, "s3cret") {
		t.Errorf("export with a password in the address:\n%s", out)
	}
}

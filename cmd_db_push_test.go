package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
)

// steward db push and steward backup --db URL against a real server: a
// desk's register moves into an empty shared one, a second push is
// refused, the shared register backs up to a file that restore and push
// take.
func TestDBPushAndSharedBackup(t *testing.T) {
	url := pgtest.NewDB(t) // a new register, as 'steward db init' leaves it
	t.Setenv("STEWARD_DB", "")
	dir := t.TempDir()
	run := func(want int, args ...string) string {
		t.Helper()
		code, out := captureAll(t, args...)
		if code != want {
			t.Errorf("steward %s: exit %d, want %d:\n%s", strings.Join(args, " "), code, want, out)
		}
		return out
	}
	desk := filepath.Join(dir, "desk.db")
	run(0, "demo", "--db", desk, "--assets", "40", "--people", "6")

	out := run(0, "db", "push", "--from", desk, "--to", url, "--verbose")
	for _, want := range []string{"Copied " + desk + " into", "40 assets, 6 people", "history rows", desk + " was not changed", "steward --db "} {
		if !strings.Contains(out, want) {
			t.Errorf("db push says:\n%s\nwant %q", out, want)
		}
	}
	if !strings.Contains(out, "  assets ") {
		t.Errorf("--verbose lists no tables:\n%s", out)
	}
	if out := run(1, "db", "push", "--from", desk, "--to", url); !strings.Contains(out, "is not empty (it has 40 rows of assets)") {
		t.Errorf("a second push:\n%s", out)
	}
	if out := run(2, "db", "push", "--from", desk); !strings.Contains(out, "give the shared register's address") {
		t.Errorf("push without --to:\n%s", out)
	}
	if out := run(2, "db", "push", "--from", url, "--to", url); !strings.Contains(out, "--from names a register file") {
		t.Errorf("push from a URL:\n%s", out)
	}

	team := filepath.Join(dir, "team.db")
	out = run(0, "backup", "--db", url, "--out", team)
	if !strings.Contains(out, "Backed up 40 assets from") || !strings.Contains(out, fmt.Sprintf("schema %d", sqlite.SchemaVersion())) {
		t.Errorf("backup --db URL:\n%s", out)
	}
	if out := run(1, "backup", "--db", url, "--out", team); !strings.Contains(out, "already exists") {
		t.Errorf("backup over the last one:\n%s", out)
	}
	if out := run(2, "backup", "--db", url); !strings.Contains(out, "--out FILE.db") {
		t.Errorf("backup --db URL without --out:\n%s", out)
	}
	if out := run(2, "restore", "--db", url, team); !strings.Contains(out, "steward db push --from FILE") {
		t.Errorf("restore into a shared register:\n%s", out)
	}
	restored := filepath.Join(dir, "restored.db")
	if out := run(0, "restore", "--db", restored, team); !strings.Contains(out, "Restored") {
		t.Errorf("restore of the backup:\n%s", out)
	}
	if out := run(0, "export", "--kind", "assets", "--db", restored); strings.Count(out, "\n") < 41 {
		t.Errorf("the restored register lists:\n%s", out)
	}
	if out := run(0, "db", "push", "--from", team, "--to", pgtest.NewDB(t)); !strings.Contains(out, "40 assets") {
		t.Errorf("push of the backup:\n%s", out)
	}
	if _, err := os.Stat(team); err != nil {
		t.Error(err)
	}
}

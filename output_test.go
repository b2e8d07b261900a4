package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"steward/assets/report"
	"steward/assets/sqlite"
)

// TestOutNeverReplacesTheRegister: every command that writes a file refuses
// the register, its journal files, its backups and (without --force) any
// other SQLite database, and leaves them byte for byte as they were.
func TestOutNeverReplacesTheRegister(t *testing.T) {
	db := reportDB(t)
	dir := filepath.Dir(db)
	t.Chdir(dir)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.BackupTo(ctx, filepath.Join(dir, "backups", "steward-2026-01-01.db")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	other := filepath.Join(dir, "other.db")
	if code := runCmd(t, "backup", "--db", db, "--out", other); code != 0 {
		t.Fatalf("backup: exit %d", code)
	}
	if err := os.Symlink(db, filepath.Join(dir, "link.pdf")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("STEWARD_DB", db)
	snapshot := func() map[string][]byte {
		m := map[string][]byte{}
		for _, p := range []string{db, other, filepath.Join(dir, "backups", "steward-2026-01-01.db")} {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			m[p] = b
		}
		return m
	}
	before := snapshot()
	refused := [][]string{
		{"report", "register", "--db", db, "--out", db},
		{"report", "register", "--db", "steward.db", "--out", "./steward.db", "--force"},
		{"report", "register", "--db", db, "--out", "link.pdf", "--force"},
		{"report", "labels", "--db", db, "--out", "backups/labels.pdf"},
		{"report", "register", "--db", db, "--out", other, "--format", "csv"},
		{"export", "--db", db, "--kind", "assets", "--out", db},
		{"export", "--db", db, "--kind", "assets", "--out", db + "-shm"},
		{"export", "--db", db, "--kind", "assets", "--out", db + "-wal"},
		{"export", "--db", db, "--kind", "assets", "--out", other},
		{"export", "--db", db, "--kind", "assets", "--out", "backups/steward-2026-01-01.db", "--force"},
		{"backup", "--db", db, "--out", db + "-journal"},
		{"backup", "--db", db, "--out", other},
		{"inventory", "--out", db, "--no-software"},
	}
	for _, args := range refused {
		if code := runCmd(t, args...); code == 0 {
			t.Errorf("%v: exit 0, want a refusal", args)
		}
	}
	after := snapshot()
	for p, b := range before {
		if !bytes.Equal(b, after[p]) {
			t.Errorf("%s was changed", p)
		}
	}
	for _, p := range []string{db + "-journal", "backups/labels.pdf"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was created", p)
		}
	}
	if _, err := sqlite.CheckBackup(ctx, db); err != nil {
		t.Fatalf("the register does not check out: %v", err)
	}

	// --force replaces another SQLite database (not the register).
	if code := runCmd(t, "export", "--db", db, "--kind", "assets", "--out", other, "--force"); code != 0 {
		t.Fatalf("export --force over another database: exit %d", code)
	}
	// Reports, like exports and backups, are readable by their owner only,
	// and leave no temporary file behind.
	if code := runCmd(t, "report", "register", "--db", db, "--out", "r.pdf"); code != 0 {
		t.Fatalf("report: exit %d", code)
	}
	for _, p := range []string{"r.pdf", other} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, fi.Mode().Perm())
		}
	}
	if left, _ := filepath.Glob(".*.tmp"); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestReportOverItsLimitIsRefused: a labels report over report.MaxLabels
// fails at once and writes nothing.
func TestReportOverItsLimitIsRefused(t *testing.T) {
	db := reportDB(t) // four assets
	old := report.MaxLabels
	report.MaxLabels = 3
	t.Cleanup(func() { report.MaxLabels = old })
	out := filepath.Join(t.TempDir(), "labels.pdf")
	if code := runCmd(t, "report", "labels", "--db", db, "--out", out); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a report over the limit was written")
	}
	if code := runCmd(t, "report", "labels", "--db", db, "--out", out, "--category", "laptop"); code != 0 {
		t.Fatalf("narrowed down: exit %d", code)
	}
}

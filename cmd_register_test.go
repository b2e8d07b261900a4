package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// newRegister makes an empty register at path and returns path.
func newRegister(t *testing.T, path string) string {
	t.Helper()
	s, err := sqlite.Create(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

// dirListing is every path under dir with its size, sorted.
func dirListing(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, fmt.Sprintf("%s %d", rel, fi.Size()))
		}
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestOnlyCreatingCommandsMakeARegister: a missing or empty register is
// refused by every command that does not create one, creating nothing;
// demo, import and restore create it and say so.
func TestOnlyCreatingCommandsMakeARegister(t *testing.T) {
	dir := t.TempDir()
	outDir := t.TempDir()
	pass := filepath.Join(outDir, "pass")
	os.WriteFile(pass, []byte("a passphrase\n"), 0o600)
	refusers := [][]string{
		{"alerts"},
		{"export", "--kind", "assets"},
		{"report", "register", "--out", filepath.Join(outDir, "r.pdf")},
		{"backup", "--out", filepath.Join(outDir, "b.db")},
		{"keys", "status"},
		{"keys", "encrypt", "--passphrase-file", pass},
		{"eol", "check", "Windows 10 Pro"},
		{"eol", "update", filepath.Join(outDir, "ubuntu.json")},
	}
	empty := filepath.Join(dir, "empty.db")
	for _, args := range refusers {
		for _, db := range []string{filepath.Join(dir, "no", "such", "x.db"), empty} {
			os.WriteFile(empty, nil, 0o600)
			before := dirListing(t, dir)
			code, out := captureAll(t, append(args, "--db", db)...)
			if code != 1 || !strings.Contains(out, "no register at "+db) {
				t.Errorf("steward %s --db %s: exit %d, want 1 with \"no register at\":\n%s", strings.Join(args, " "), db, code, out)
			}
			if after := dirListing(t, dir); after != before {
				t.Errorf("steward %s --db %s changed the folder:\nbefore:\n%s\nafter:\n%s", strings.Join(args, " "), db, before, after)
			}
		}
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file was changed: %v %v", fi, err)
	}

	csv := filepath.Join(outDir, "a.csv")
	os.WriteFile(csv, []byte("name,category\nLaptop one,laptop\n"), 0o600)
	backup := filepath.Join(outDir, "backup.db")
	{
		s, err := sqlite.Create(context.Background(), filepath.Join(outDir, "src.db"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.BackupTo(context.Background(), backup); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	creators := [][]string{
		{"demo", "--assets", "3", "--people", "2"},
		{"import", "--kind", "assets", csv},
		{"restore", backup},
	}
	for i, args := range creators {
		for _, db := range []string{filepath.Join(dir, fmt.Sprintf("new%d", i), "x.db"), empty} {
			os.WriteFile(empty, nil, 0o600)
			code, out := captureAll(t, append(args, "--db", db)...)
			if code != 0 || !strings.Contains(out, "created a new register at "+db) {
				t.Errorf("steward %s --db %s: exit %d, want 0 with \"created a new register\":\n%s", strings.Join(args, " "), db, code, out)
			}
			// Once made, it is opened, not made again.
			if code, out := captureAll(t, "alerts", "--db", db); code != 0 || strings.Contains(out, "created") {
				t.Errorf("alerts on the new register: exit %d\n%s", code, out)
			}
		}
	}
}

// TestReadOnlyCommandsNeverCheckpoint: while another program holds a write
// transaction, the read-only commands run and leave the register's file
// and log exactly as they found them (no checkpoint, which would wait for
// the writer and then copy the log into the file).
func TestReadOnlyCommandsNeverCheckpoint(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "steward.db")
	s, err := sqlite.Create(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		a := assets.Asset{Name: fmt.Sprintf("Asset %d", i), Category: "laptop", OS: "Windows 10 Pro"}
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	// The other program: commits a row (the log now holds frames the file
	// does not), then keeps a write transaction open.
	w, err := sql.Open("sqlite3", "file:"+db+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.SetMaxOpenConns(1)
	conn, err := w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "UPDATE assets SET notes = 'committed by the other program' WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE; UPDATE assets SET notes = 'not yet committed' WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	state := func() (string, int64) {
		b, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(db + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return string(b), fi.Size()
	}
	file, wal := state()
	if wal == 0 {
		t.Fatal("the log is empty: the test would prove nothing")
	}
	for _, args := range [][]string{
		{"alerts"},
		{"alerts", "--json"},
		{"export", "--kind", "assets"},
		{"report", "register", "--out", filepath.Join(t.TempDir(), "r.csv")},
		{"backup", "--out", filepath.Join(t.TempDir(), "b.db")},
		{"keys", "status"},
	} {
		code, out := captureAll(t, append(args, "--db", db)...)
		if code != 0 {
			t.Errorf("steward %s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
		f, l := state()
		if f != file || l != wal {
			t.Errorf("steward %s checkpointed: the file changed %v, the log went from %d to %d bytes", strings.Join(args, " "), f != file, wal, l)
			file, wal = f, l
		}
	}
}

// TestKeysEncryptNamesPlainBackups: after encrypting, steward says which
// backups still hold keys in plain text, and --reseal-backups seals them.
func TestKeysEncryptNamesPlainBackups(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "steward.db")
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("right one\n"), 0o600)
	csv := filepath.Join(dir, "l.csv")
	os.WriteFile(csv, []byte("product,key,type\nOffice,RESEAL-KEY-1234-ABCD,site\n"), 0o600)
	must := func(want string, args ...string) string {
		t.Helper()
		code, out := captureAll(t, append(args, "--db", db)...)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("steward %s: exit %d, want %q:\n%s", strings.Join(args, " "), code, want, out)
		}
		return out
	}
	must("1 new", "import", "--kind", "licences", csv)
	must("Backed up", "backup")
	must("Backed up", "backup", "--out", filepath.Join(dir, "backups", "second.db"))
	out := must("on (1 key sealed", "keys", "encrypt", "--passphrase-file", pass)
	if !strings.Contains(out, "2 backups") || !strings.Contains(out, "plain text") || !strings.Contains(out, "--reseal-backups") {
		t.Fatalf("keys encrypt does not say the backups still hold plain keys:\n%s", out)
	}
	must("re-sealed 2 backups", "keys", "reseal-backups", "--passphrase-file", pass)
	baks, _ := filepath.Glob(filepath.Join(dir, "backups", "*"))
	if len(baks) != 2 {
		t.Fatalf("backups folder holds %v", baks)
	}
	for _, b := range baks {
		raw, err := os.ReadFile(b)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("RESEAL-KEY")) {
			t.Errorf("%s still holds the key in plain text", b)
		}
		if _, err := sqlite.CheckBackup(context.Background(), b); err != nil {
			t.Errorf("%s: %v", b, err)
		}
		// The backup restores, and the key opens with the passphrase.
		r := filepath.Join(t.TempDir(), "r.db")
		if code, out := captureAll(t, "restore", b, "--db", r); code != 0 {
			t.Fatalf("restore %s: %s", b, out)
		}
		code, out := captureAll(t, "export", "--kind", "licences", "--with-secrets", "--passphrase-file", pass, "--db", r)
		if code != 0 || !strings.Contains(out, "RESEAL-KEY-1234-ABCD") {
			t.Errorf("%s restored: the key does not open with the passphrase: exit %d\n%s", b, code, out)
		}
	}
	// Nothing left to seal: encrypt's note is gone from status.
	must("0 in plain text", "keys", "status")
}

// TestReadOnlyCommandUpgradesAnOlderRegister: a register from an earlier
// Steward is upgraded (with its copy) before a read-only command reads it.
func TestReadOnlyCommandUpgradesAnOlderRegister(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "old.db")
	b, err := os.ReadFile(filepath.Join("assets", "sqlite", "testdata", fmt.Sprintf("schema-v%d.db", sqlite.SchemaVersion()-1)))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(db, b, 0o600)
	if code, out := captureAll(t, "alerts", "--db", db); code != 0 {
		t.Fatalf("alerts on an older register: exit %d\n%s", code, out)
	}
	info, err := sqlite.CheckBackup(context.Background(), db)
	if err != nil || info.SchemaVersion != sqlite.SchemaVersion() {
		t.Errorf("after alerts: %+v %v", info, err)
	}
	if copies, _ := filepath.Glob(db + ".pre-migration-*.bak"); len(copies) != 1 {
		t.Errorf("pre-migration copies: %v", copies)
	}
}

// TestImportDryRunCreatesNothing: a dry run where there is no register yet
// checks the file against an empty one and leaves nothing behind.
func TestImportDryRunCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(t.TempDir(), "a.csv")
	os.WriteFile(csv, []byte("name,category\nLaptop one,laptop\n"), 0o600)
	db := filepath.Join(dir, "new", "x.db")
	code, out := captureAll(t, "import", "--kind", "assets", "--dry-run", csv, "--db", db)
	if code != 0 || !strings.Contains(out, "no register at "+db) || !strings.Contains(out, "1 new") {
		t.Fatalf("dry run: exit %d\n%s", code, out)
	}
	if l := dirListing(t, dir); strings.Contains(l, "\n") { // only "." itself
		t.Errorf("the dry run left:\n%s", l)
	}
}

package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// listing is every name in dir with its size, one per line, sorted.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, fmt.Sprintf("%s %d %v", rel, fi.Size(), fi.Mode()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// foreignDB makes an SQLite file of another program (rollback journal, no
// application id) with a table and a row.
func foreignDB(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('keep me')"); err != nil {
		t.Fatal(err)
	}
}

// TestForeignSQLiteFileLeftUntouched: another program's SQLite file is
// refused before anything writes to it: same bytes, no -wal or -shm beside it.
func TestForeignSQLiteFileLeftUntouched(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "other.db")
	foreignDB(t, path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	list := listing(t, dir)
	opens := map[string]func() (*sqlite.Store, error){
		"Open":           func() (*sqlite.Store, error) { return sqlite.Open(ctx, path) },
		"Open read-only": func() (*sqlite.Store, error) { return sqlite.Open(ctx, path, sqlite.Options{ReadOnly: true}) },
		"Create":         func() (*sqlite.Store, error) { return sqlite.Create(ctx, path) },
	}
	for name, open := range opens {
		s, err := open()
		if err == nil {
			s.Close()
			t.Fatalf("%s: opened another program's database", name)
		}
		if !strings.Contains(err.Error(), "not a Steward") {
			t.Errorf("%s: error %q does not say it is not a Steward register", name, err)
		}
		after, _ := os.ReadFile(path)
		if string(after) != string(before) {
			t.Errorf("%s: the refused file was changed", name)
		}
		if now := listing(t, dir); now != list {
			t.Errorf("%s: the folder changed:\nbefore:\n%s\nafter:\n%s", name, list, now)
		}
	}
	if _, err := sqlite.CheckBackup(ctx, path); err == nil {
		t.Error("CheckBackup accepted another program's database")
	}
	if now := listing(t, dir); now != list {
		t.Errorf("CheckBackup changed the folder:\nbefore:\n%s\nafter:\n%s", list, now)
	}
}

// backupWith makes a backup of s, then changes the backup's schema with
// the statements (foreign keys off, as a hand edit would).
func backupWith(t *testing.T, s *sqlite.Store, name string, stmts ...string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), name+".db")
	if err := s.BackupTo(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+dest)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return dest
}

// TestRestoreRefusesAlteredSchema: a backup whose schema is not the one its
// version must have is refused, naming the difference; the register stays.
func TestRestoreRefusesAlteredSchema(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seed(t, s, 20)
	cases := []struct {
		name  string
		stmts []string
		want  string
	}{
		{"trigger", []string{"CREATE TRIGGER x AFTER INSERT ON assets BEGIN DELETE FROM people; END"}, `extra trigger "x" on assets`},
		{"no-people", []string{"PRAGMA foreign_keys=OFF", "DROP TABLE people"}, `missing table "people"`},
		{"column", []string{"ALTER TABLE assets ADD COLUMN secret TEXT"}, `table "assets": extra column "secret"`},
		{"index", []string{"CREATE INDEX sneaky ON assets(notes)"}, `extra index "sneaky" on assets`},
		{"view", []string{"CREATE VIEW v AS SELECT * FROM people"}, `extra view "v"`},
		{"changed-trigger", []string{"DROP TRIGGER asset_counts_insert",
			"CREATE TRIGGER asset_counts_insert AFTER INSERT ON assets BEGIN DELETE FROM people; END"}, `trigger "asset_counts_insert" on assets differs`},
	}
	for _, c := range cases {
		src := backupWith(t, s, c.name, c.stmts...)
		_, err := s.RestoreFrom(ctx, src)
		if err == nil {
			t.Errorf("%s: restored a backup with an altered schema", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nothing was restored") {
			t.Errorf("%s: error %q does not say %q", c.name, err, c.want)
		}
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 20 {
		t.Errorf("register changed by refused restores: %d assets", n)
	}
}

// TestRestoreAcceptsEveryOlderSchema: backups left by every earlier Steward
// (the upgrade fixtures) pass the schema comparison and are restored.
func TestRestoreAcceptsEveryOlderSchema(t *testing.T) {
	ctx := context.Background()
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "schema-v*.db"))
	if len(fixtures) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range fixtures {
		s := openTest(t)
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(t.TempDir(), filepath.Base(f))
		os.WriteFile(src, b, 0o600)
		if _, err := s.RestoreFrom(ctx, src); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
		s.Close()
	}
}

// TestRestoreVacuumedBackup: VACUUM renumbers sqlite_schema (FTS5's own
// tables may come before their virtual table); restore does not rely on
// the order.
func TestRestoreVacuumedBackup(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seed(t, s, 30)
	src := backupWith(t, s, "vacuumed", "CREATE TABLE filler(x)", "DROP TABLE filler", "VACUUM")
	if _, err := s.RestoreFrom(ctx, src); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListAssets(ctx, assets.AssetQuery{Search: "Machine", Limit: 100})
	if err != nil || len(page.Assets) != 30 {
		t.Fatalf("search after restore: %d assets, %v", len(page.Assets), err)
	}
}

// TestRestoreLosesNoConcurrentWrites: another Steward commits assets while
// restore runs. Every commit it was told succeeded is either in the copy
// restore keeps of the replaced register, or in the register afterwards.
func TestRestoreLosesNoConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	for trial := 0; trial < 4; trial++ {
		s := openTest(t)
		seed(t, s, 2000)
		src := filepath.Join(t.TempDir(), "backup.db")
		if err := s.BackupTo(ctx, src); err != nil {
			t.Fatal(err)
		}
		other, err := sqlite.Create(ctx, s.Path())
		if err != nil {
			t.Fatal(err)
		}
		var committed []string
		var writerErrs []error
		stop := make(chan struct{})
		started := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				a := assets.Asset{Name: fmt.Sprintf("Concurrent %d-%d", trial, i), Category: "other"}
				if err := other.CreateAsset(ctx, &a); err != nil {
					writerErrs = append(writerErrs, err)
				} else {
					committed = append(committed, a.Name)
				}
				if i == 5 {
					close(started)
				}
			}
		}()
		<-started
		kept, err := s.RestoreFrom(ctx, src)
		// Let the writer go on a little after the restore.
		for range 10 {
			if _, err := s.CountAssets(ctx, assets.AssetQuery{}); err != nil {
				t.Fatal(err)
			}
		}
		close(stop)
		wg.Wait()
		other.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range writerErrs {
			if !strings.Contains(e.Error(), "busy") {
				t.Errorf("writer error is not plain: %v", e)
			}
		}
		inKept := namesIn(t, kept)
		inLive := namesIn(t, s.Path())
		lost := 0
		for _, n := range committed {
			if !inKept[n] && !inLive[n] {
				lost++
			}
		}
		if lost > 0 {
			t.Errorf("trial %d: %d of %d committed assets are in neither the kept copy nor the register", trial, lost, len(committed))
		}
		s.Close()
	}
}

// namesIn reads every asset name in the database at path.
func namesIn(t *testing.T, path string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT name FROM assets")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[n] = true
	}
	return out
}

var _ = errors.New

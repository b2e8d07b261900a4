package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFailedMigrationRetriedInTheSameSecond: a migration that fails leaves
// its pre-migration copy; trying again at the same second takes a second
// copy under a name of its own and fails for the migration's reason, not
// with "choose another name" (the person chose no name).
func TestFailedMigrationRetriedInTheSameSecond(t *testing.T) {
	ctx := context.Background()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	last := ms[len(ms)-1]
	m := regexp.MustCompile(`(?i)CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)\s+(\w+)`).FindStringSubmatch(last.sql)
	if m == nil {
		t.Fatalf("%s creates nothing this test can stand in the way of", last.name)
	}
	path := filepath.Join(t.TempDir(), "steward.db")
	s, err := Create(ctx, path, Options{MaxVersion: last.version - 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Something already holds the name the last migration creates: it fails.
	// (Triggers have names of their own: a table does not stand in the
	// way of one, a trigger does.)
	stray := fmt.Sprintf("CREATE TABLE %s(x)", m[2])
	if strings.EqualFold(m[1], "TRIGGER") {
		stray = fmt.Sprintf("CREATE TRIGGER %s AFTER INSERT ON settings BEGIN SELECT 1; END", m[2])
	}
	if _, err := s.write.Exec(stray); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	s.Now = func() time.Time { return at }
	for try := 1; try <= 2; try++ {
		err := s.migrate(ctx, true, 0)
		if err == nil {
			t.Fatalf("try %d: the migration did not fail", try)
		}
		if !strings.Contains(err.Error(), last.name) || strings.Contains(err.Error(), "choose another name") {
			t.Errorf("try %d: %v", try, err)
		}
	}
	copies, _ := filepath.Glob(path + ".pre-migration-*")
	if len(copies) != 2 {
		t.Errorf("want two pre-migration copies, have %v", copies)
	}
	// Each is a whole copy of the register as it was (the stray table
	// included, so not one CheckBackup would pass).
	for _, c := range copies {
		db, err := sql.Open("sqlite3", "file:"+c+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		var ok string
		var v int
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("%s: integrity %q %v", c, ok, err)
		}
		if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != last.version-1 {
			t.Errorf("%s: version %d %v", c, v, err)
		}
		db.Close()
	}
}

// The child side of TestBackupCopySurvivesKill: copy the register, then
// exit.
func init() {
	if os.Getenv("STEWARD_COPY_CHILD") != "1" {
		return
	}
	ctx := context.Background()
	s, err := Create(ctx, os.Getenv("STEWARD_COPY_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println("copying")
	if err := s.BackupTo(ctx, os.Getenv("STEWARD_COPY_DEST")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	os.Exit(0)
}

// TestBackupCopySurvivesKill kills a process while it copies the register
// (as before a migration). Afterwards the copy is either absent or whole:
// never a half-written file with a -journal beside it.
func TestBackupCopySurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("copies a 40 MB register several times")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "steward.db")
	s, err := Create(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// Bulk that takes a while to copy.
	if _, err := s.write.Exec("INSERT INTO settings(key, value) SELECT 'pad' || value, hex(randomblob(4000)) FROM generate_series(1, 5000)"); err != nil {
		if _, err := s.write.Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5000) INSERT INTO settings(key, value) SELECT 'pad' || i, hex(randomblob(4000)) FROM n"); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	for trial := 0; trial < 6; trial++ {
		dest := filepath.Join(dir, fmt.Sprintf("copy%d.bak", trial))
		cmd := exec.Command(os.Args[0], "-test.run", "^$")
		cmd.Env = append(os.Environ(), "STEWARD_COPY_CHILD=1", "STEWARD_COPY_DB="+db, "STEWARD_COPY_DEST="+dest)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 8)
		if _, err := out.Read(buf); err != nil {
			t.Fatal(err)
		}
		// Wait until the copy has begun writing, then kill at once.
		for i := 0; i < 2000 && trial > 0; i++ {
			if fi, err := os.Stat(dest); err == nil && fi.Size() > int64(trial)*4<<20 {
				break
			}
			if matches, _ := filepath.Glob(filepath.Join(dir, "*partial*")); len(matches) > 0 {
				if fi, err := os.Stat(matches[0]); err == nil && fi.Size() > int64(trial)*4<<20 {
					break
				}
			}
			time.Sleep(time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if _, err := os.Stat(dest + "-journal"); err == nil {
			t.Errorf("trial %d: %s-journal left beside the copy", trial, filepath.Base(dest))
		}
		if _, err := os.Stat(dest); err == nil {
			if _, err := CheckBackup(ctx, dest); err != nil {
				t.Errorf("trial %d: the copy left by the killed process does not restore: %v", trial, err)
			}
		}
	}
}

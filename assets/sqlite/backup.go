package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"steward/assets/safefile"
)

// BackupTo writes a consistent copy of the database to dest with SQLite's
// online backup API: safe while the window or another Steward reads and
// writes. The copy is readable by the owner only; dest must not exist.
func (s *Store) BackupTo(ctx context.Context, dest string) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return err
	}
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("%s already exists; choose another name", dest)
	}
	// The copy is made beside dest and put in place only when whole.
	tmp, err := safefile.Create(dest, 0o600, safefile.Rules{})
	if err != nil {
		return err
	}
	defer tmp.Abort()
	tmp.Close()
	destDB, err := sql.Open("sqlite3", dsn(tmp.Name(), ""))
	if err != nil {
		return err
	}
	defer destDB.Close()
	if err := onlineCopy(ctx, destDB, s.read); err != nil {
		return fmt.Errorf("backup to %s failed: %w", dest, err)
	}
	// The copy carries the source's WAL flag; fold it into a single file.
	if _, err := destDB.ExecContext(ctx, "PRAGMA journal_mode=DELETE"); err != nil {
		return err
	}
	if err := destDB.Close(); err != nil {
		return err
	}
	return tmp.CommitNew()
}

func dsn(path, extra string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?_busy_timeout=10000" + extra
}

// onlineCopy copies every page of src's main database into dest's.
func onlineCopy(ctx context.Context, dest, src *sql.DB) error {
	dc, err := dest.Conn(ctx)
	if err != nil {
		return err
	}
	defer dc.Close()
	sc, err := src.Conn(ctx)
	if err != nil {
		return err
	}
	defer sc.Close()
	return dc.Raw(func(d any) error {
		return sc.Raw(func(s any) error {
			b, err := d.(*sqlite3.SQLiteConn).Backup("main", s.(*sqlite3.SQLiteConn), "main")
			if err != nil {
				return err
			}
			for {
				done, err := b.Step(-1)
				if err != nil {
					b.Finish()
					return err
				}
				if done {
					return b.Finish()
				}
				// Busy or locked: another connection holds a lock; retry soon.
				select {
				case <-ctx.Done():
					b.Finish()
					return ctx.Err()
				case <-time.After(20 * time.Millisecond):
				}
			}
		})
	})
}

// BackupInfo is what CheckBackup learned about a file.
type BackupInfo struct {
	SchemaVersion int
	Assets        int
}

// CheckBackup tells whether path is a sound Steward database this build can
// open: it passes integrity_check, carries Steward's application ID and is
// not from a newer Steward. It never writes to path.
func CheckBackup(ctx context.Context, path string) (BackupInfo, error) {
	var info BackupInfo
	if _, err := os.Stat(path); err != nil {
		return info, fmt.Errorf("cannot read %s: %w", path, err)
	}
	db, err := sql.Open("sqlite3", dsn(path, "&mode=ro"))
	if err != nil {
		return info, err
	}
	defer db.Close()
	var app int
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return info, fmt.Errorf("%s is not a Steward database (or it is damaged): %w", path, err)
	}
	if app != ApplicationID {
		return info, fmt.Errorf("%s is not a Steward database", path)
	}
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return info, fmt.Errorf("%s could not be checked: %w", path, err)
	}
	var problems []string
	for rows.Next() {
		var line string
		rows.Scan(&line)
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], "...")
		}
		return info, fmt.Errorf("%s is damaged (integrity check: %s)", path, strings.Join(problems, "; "))
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&info.SchemaVersion); err != nil {
		return info, err
	}
	if latest := SchemaVersion(); info.SchemaVersion > latest {
		return info, fmt.Errorf("%s was written by a newer Steward (schema %d; this one knows %d)", path, info.SchemaVersion, latest)
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM assets").Scan(&info.Assets); err != nil {
		return info, fmt.Errorf("%s has no asset register: %w", path, err)
	}
	return info, nil
}

// RestoreFrom replaces the register with the backup at src, after checking
// src and keeping a copy of the current file (whose path it returns). It
// works while the store is open: other connections see the restored data.
func (s *Store) RestoreFrom(ctx context.Context, src string) (kept string, err error) {
	if _, err := CheckBackup(ctx, src); err != nil {
		return "", fmt.Errorf("nothing was restored: %w", err)
	}
	kept = fmt.Sprintf("%s.replaced-%s.bak", s.path, s.Now().UTC().Format("20060102T150405"))
	if err := s.BackupTo(ctx, kept); err != nil {
		return "", fmt.Errorf("nothing was restored: could not keep a copy of the current register: %w", err)
	}
	srcDB, err := sql.Open("sqlite3", dsn(src, "&mode=ro"))
	if err != nil {
		return kept, err
	}
	defer srcDB.Close()
	if err := onlineCopy(ctx, s.write, srcDB); err != nil {
		return kept, fmt.Errorf("restore failed; the register is as it was (a copy is at %s): %w", kept, err)
	}
	// The backup may come from an older Steward: bring it up to date.
	if err := s.migrate(ctx, false, 0); err != nil {
		return kept, err
	}
	return kept, nil
}

// DailyBackupName is the file name of the rotating copy for a day.
func DailyBackupName(day time.Time) string {
	return "steward-" + day.Format("2006-01-02") + ".db"
}

// DailyBackup makes today's copy in dir (default: "backups" next to the
// database) unless one exists, then deletes all but the newest keep copies.
// It returns the path of today's copy and whether it was made now.
func (s *Store) DailyBackup(ctx context.Context, dir string, keep int) (string, bool, error) {
	if dir == "" {
		dir = filepath.Join(filepath.Dir(s.path), "backups")
	}
	if keep <= 0 {
		keep = 7
	}
	path := filepath.Join(dir, DailyBackupName(s.Now()))
	made := false
	if _, err := os.Stat(path); os.IsNotExist(err) {
		if err := s.BackupTo(ctx, path); err != nil {
			return "", false, err
		}
		made = true
	}
	old, err := filepath.Glob(filepath.Join(dir, "steward-????-??-??.db"))
	if err != nil {
		return path, made, err
	}
	sort.Strings(old) // names sort by date
	for len(old) > keep {
		if err := os.Remove(old[0]); err != nil {
			return path, made, err
		}
		old = old[1:]
	}
	return path, made, nil
}

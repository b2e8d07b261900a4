package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"steward/assets"
	"steward/assets/safefile"
)

// BackupTo writes a consistent copy of the database to dest with SQLite's
// online backup API: safe while the window or another Steward reads and
// writes. The copy is readable by the owner only; dest must not exist.
//
// The copy is written under a temporary name in dest's folder (safefile)
// and appears under dest only once whole, so a process killed while
// copying leaves no half-copy (and no -journal) under dest; a leftover
// temporary file is never taken for a backup.
func (s *Store) BackupTo(ctx context.Context, dest string) (err error) {
	defer assets.Wrap(&err, "sqlite.BackupTo")
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return err
	}
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("%s %w; choose another name", dest, safefile.ErrExists)
	}
	tmp, err := safefile.Create(dest, 0o600, safefile.Rules{})
	if err != nil {
		return err
	}
	defer func() {
		tmp.Abort()
		os.Remove(tmp.Name() + "-journal")
	}()
	tmp.Close()
	if err := s.copyTo(ctx, tmp.Name()); err != nil {
		return fmt.Errorf("backup to %s failed: %w", dest, err)
	}
	return tmp.CommitNew()
}

// copyTo copies the database into the empty file at path, as one file
// (no -wal).
func (s *Store) copyTo(ctx context.Context, path string) error {
	destDB, err := sql.Open("sqlite3", dsn(path, ""))
	if err != nil {
		return err
	}
	defer destDB.Close()
	if err := onlineCopy(ctx, destDB, s.read); err != nil {
		return err
	}
	// The copy carries the source's WAL flag; fold it into a single file.
	if _, err := destDB.ExecContext(ctx, "PRAGMA journal_mode=DELETE"); err != nil {
		return err
	}
	return destDB.Close()
}

// BackupToNew writes a copy under base+ext, or, when that name is taken,
// the first free one of base-2+ext, base-3+ext, ... (for copies whose name
// Steward chooses: two in the same second must not clash). It returns the
// name used.
func (s *Store) BackupToNew(ctx context.Context, base, ext string) (_ string, err error) {
	defer assets.Wrap(&err, "sqlite.BackupToNew")
	for i := 1; ; i++ {
		name := base + ext
		if i > 1 {
			name = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		err := s.BackupTo(ctx, name)
		if !errors.Is(err, fs.ErrExist) || i == 1000 {
			return name, err
		}
	}
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

// CheckBackup tells whether path is a sound Steward database this build can
// open: it is an SQLite file with Steward's application ID, passes
// integrity_check, is not from a newer Steward, and its schema is exactly
// the one its version must have. It never writes to path.
func CheckBackup(ctx context.Context, path string) (assets.BackupInfo, error) {
	var info assets.BackupInfo
	f, err := inspectFile(ctx, path)
	if err != nil {
		return info, err
	}
	if f.missing {
		return info, fmt.Errorf("cannot read %s: there is no such file", path)
	}
	if f.blank {
		return info, fmt.Errorf("%s is empty: it holds no register", path)
	}
	db, err := sql.Open("sqlite3", dsn(path, "&mode=ro"))
	if err != nil {
		return info, err
	}
	defer db.Close()
	return checkBackupDB(ctx, db, "main", path, true)
}

// checkBackupDB is CheckBackup on the database q has open as schema db
// ("main", or the name it is attached under); integrity_check only when
// full.
func checkBackupDB(ctx context.Context, q txOrDB, db, path string, full bool) (assets.BackupInfo, error) {
	var info assets.BackupInfo
	var app int
	if err := q.QueryRowContext(ctx, "PRAGMA "+db+".application_id").Scan(&app); err != nil {
		return info, fmt.Errorf("%s is not a Steward database (or it is damaged): %w", path, err)
	}
	if app != ApplicationID {
		return info, fmt.Errorf("%s is not a Steward database", path)
	}
	if full {
		if err := integrityHolds(ctx, q, db, path); err != nil {
			return info, err
		}
	}
	if err := q.QueryRowContext(ctx, "PRAGMA "+db+".user_version").Scan(&info.SchemaVersion); err != nil {
		return info, err
	}
	if latest := SchemaVersion(); info.SchemaVersion > latest {
		return info, fmt.Errorf("%s was written by a newer Steward (schema %d; this one knows %d)", path, info.SchemaVersion, latest)
	}
	if err := checkSchema(ctx, q, db, info.SchemaVersion); err != nil {
		return info, fmt.Errorf("%s: %w", path, err)
	}
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+db+".assets").Scan(&info.Assets); err != nil {
		return info, fmt.Errorf("%s has no asset register: %w", path, err)
	}
	return info, nil
}

// integrityHolds runs integrity_check on q's database db.
func integrityHolds(ctx context.Context, q txOrDB, db, path string) error {
	rows, err := q.QueryContext(ctx, "PRAGMA "+db+".integrity_check")
	if err != nil {
		return fmt.Errorf("%s could not be checked: %w", path, err)
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
		return fmt.Errorf("%s is damaged (integrity check: %s)", path, strings.Join(problems, "; "))
	}
	return rows.Err()
}

// RestoreFrom replaces the register with the backup at src, after checking
// src and keeping a copy of the current file (whose path it returns; "" for
// a register Create made that nothing has written records to since). It works
// while the store is open: other connections see the restored data.
//
// One connection of its own holds the register's write lock from before
// the copy is kept until the restored data is committed, so no other
// writer (this process's or another Steward's) can commit in between and
// be lost: they wait, or are told the register is busy. The backup's rows
// replace the register's in that one transaction, brought up to this
// schema by the same migrations: all of it lands, or none.
func (s *Store) RestoreFrom(ctx context.Context, src string) (kept string, err error) {
	defer assets.Wrap(&err, "sqlite.RestoreFrom")
	info, err := CheckBackup(ctx, src)
	if err != nil {
		return "", fmt.Errorf("nothing was restored: %w", err)
	}
	// Foreign keys off: tables are dropped and filled in any order; the
	// result is checked with foreign_key_check before it is committed.
	db, err := sql.Open("sqlite3", dsn(s.path, "&_foreign_keys=off&_txlock=immediate"))
	if err != nil {
		return "", err
	}
	defer db.Close() // FTS5 caches its index per connection: never reuse this one
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS src", "file:"+(&url.URL{Path: src}).EscapedPath()+"?mode=ro"); err != nil {
		return "", fmt.Errorf("nothing was restored: cannot read %s: %w", src, err)
	}
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock, now
	if err != nil {
		return "", fmt.Errorf("nothing was restored: %w", mapErr(err))
	}
	defer tx.Rollback()
	// The file may have changed since it was checked: check what is
	// attached, inside the transaction (all but integrity_check, which
	// took long enough once: a damaged page fails the copy below anyway).
	if _, err := checkBackupDB(ctx, tx, "src", src, false); err != nil {
		return "", fmt.Errorf("nothing was restored: %w", err)
	}
	keep := true
	if s.pristine.Load() {
		// Made by Create in this process and not written since; another
		// program may have written, so look.
		if keep, err = holdsRecords(ctx, tx); err != nil {
			return "", fmt.Errorf("nothing was restored: %w", err)
		}
	}
	if keep {
		base := fmt.Sprintf("%s.replaced-%s", s.path, s.Now().UTC().Format("20060102T150405"))
		if kept, err = s.BackupToNew(ctx, base, ".bak"); err != nil {
			return "", fmt.Errorf("nothing was restored: could not keep a copy of the current register: %w", err)
		}
	}
	fail := func(err error) (string, error) {
		if kept == "" {
			return "", fmt.Errorf("restore failed; the register is as it was: %w", err)
		}
		return kept, fmt.Errorf("restore failed; the register is as it was (a copy is at %s): %w", kept, err)
	}
	if err := replaceContents(ctx, tx); err != nil {
		return fail(err)
	}
	// The backup may come from an older Steward: bring it up to date.
	ms, err := migrations()
	if err != nil {
		return fail(err)
	}
	for _, m := range ms[info.SchemaVersion:] {
		if err := applyMigration(ctx, tx, m, s.Now()); err != nil {
			return fail(err)
		}
	}
	if err := foreignKeysHold(ctx, tx); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(mapErr(err))
	}
	return kept, nil
}

// replaceContents makes main's schema and rows those of the attached src:
// main's objects are dropped, src's are created again from their SQL, the
// rows copied (FTS5's own tables too, so the search index comes along
// whole), then src's indexes, views and triggers made (after the rows: no
// trigger fires on the copy).
func replaceContents(ctx context.Context, tx *sql.Tx) error {
	exec := func(q string) error {
		_, err := tx.ExecContext(ctx, q)
		return err
	}
	names := func(db, cond string) ([]schemaEntry, error) {
		rows, err := tx.QueryContext(ctx, `SELECT type, name, coalesce(sql, '') FROM `+db+`.sqlite_schema WHERE `+cond+` ORDER BY rowid`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []schemaEntry
		for rows.Next() {
			var e schemaEntry
			if err := rows.Scan(&e.kind, &e.name, &e.sql); err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, rows.Err()
	}
	// Drop: triggers and views, then virtual tables (which drop their
	// own tables), then the other tables (with their indexes).
	for _, cond := range []string{
		`type IN ('trigger', 'view')`,
		`type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`,
		`type = 'table' AND name NOT LIKE 'sqlite_%'`,
	} {
		list, err := names("main", cond)
		if err != nil {
			return err
		}
		for _, e := range list {
			if err := exec(fmt.Sprintf(`DROP %s IF EXISTS main.%s`, strings.ToUpper(e.kind), quoteIdent(e.name))); err != nil {
				return err
			}
		}
	}
	tables, err := names("src", `type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return err
	}
	// Virtual tables first: each makes its own tables, which the
	// second pass then finds there (their order in src is not theirs to
	// rely on: VACUUM renumbers sqlite_schema).
	for _, virtual := range []bool{true, false} {
		for _, t := range tables {
			if strings.HasPrefix(t.sql, "CREATE VIRTUAL TABLE") != virtual {
				continue
			}
			var exists bool
			if err := tx.QueryRowContext(ctx, `SELECT count(*) > 0 FROM main.sqlite_schema WHERE type = 'table' AND name = ?`, t.name).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				if err := exec(t.sql); err != nil {
					return fmt.Errorf("creating table %s: %w", t.name, err)
				}
			}
		}
	}
	var hasSequence bool
	if err := tx.QueryRowContext(ctx, `SELECT count(*) > 0 FROM src.sqlite_schema WHERE name = 'sqlite_sequence'`).Scan(&hasSequence); err != nil {
		return err
	}
	if hasSequence {
		tables = append(tables, schemaEntry{name: "sqlite_sequence"})
	}
	for _, t := range tables {
		if strings.HasPrefix(t.sql, "CREATE VIRTUAL TABLE") {
			continue // its content is in its own tables, copied as tables
		}
		q := quoteIdent(t.name)
		// Stored columns only: generated ones compute themselves.
		var cols string
		if err := tx.QueryRowContext(ctx, `SELECT group_concat('"' || replace(name, '"', '""') || '"', ',') FROM pragma_table_xinfo(?, 'src') WHERE hidden = 0`, t.name).Scan(&cols); err != nil {
			return err
		}
		if err := exec(`DELETE FROM main.` + q); err != nil {
			return err
		}
		if err := exec(`INSERT INTO main.` + q + `(` + cols + `) SELECT ` + cols + ` FROM src.` + q); err != nil {
			return fmt.Errorf("copying table %s: %w", t.name, err)
		}
	}
	rest, err := names("src", `type IN ('index', 'view', 'trigger') AND sql IS NOT NULL`)
	if err != nil {
		return err
	}
	for _, kind := range []string{"index", "view", "trigger"} {
		for _, e := range rest {
			if e.kind == kind {
				if err := exec(e.sql); err != nil {
					return fmt.Errorf("creating %s %s: %w", e.kind, e.name, err)
				}
			}
		}
	}
	var version, app int
	if err := tx.QueryRowContext(ctx, "PRAGMA src.user_version").Scan(&version); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA src.application_id").Scan(&app); err != nil {
		return err
	}
	return exec(fmt.Sprintf("PRAGMA main.user_version = %d; PRAGMA main.application_id = %d", version, app))
}

// holdsRecords tells whether any table of main but the seeded ones
// (categories, settings) and FTS5's own has a row.
func holdsRecords(ctx context.Context, tx *sql.Tx) (bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM main.sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
		AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'assets_fts_%' AND name NOT IN ('categories', 'settings')`)
	if err != nil {
		return false, err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return false, err
		}
		tables = append(tables, n)
	}
	rows.Close()
	for _, t := range tables {
		var any bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM main.`+quoteIdent(t)+`)`).Scan(&any); err != nil || any {
			return any, err
		}
	}
	return false, rows.Err()
}

// foreignKeysHold refuses rows that refer to rows that are not there.
func foreignKeysHold(ctx context.Context, tx *sql.Tx) error {
	var table string
	var n int
	err := tx.QueryRowContext(ctx, `SELECT "table", count(*) FROM pragma_foreign_key_check GROUP BY 1 ORDER BY 2 DESC LIMIT 1`).Scan(&table, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("%d rows of %s refer to records that are not there", n, table)
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// DailyBackupName is the file name of the rotating copy for a day.
func DailyBackupName(day time.Time) string {
	return "steward-" + day.Format("2006-01-02") + ".db"
}

// DailyBackup makes today's copy in dir (default: "backups" next to the
// database) unless one exists, then deletes all but the newest keep copies.
// It returns the path of today's copy and whether it was made now.
func (s *Store) DailyBackup(ctx context.Context, dir string, keep int) (_ string, _ bool, err error) {
	defer assets.Wrap(&err, "sqlite.DailyBackup")
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

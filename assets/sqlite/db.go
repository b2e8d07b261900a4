// Package sqlite is Steward's store: every SQL statement lives here. It opens
// one SQLite file with WAL, foreign keys and a busy timeout, migrates it
// forward with embedded migrations, and maps constraint failures to domain
// errors a person can act on.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"steward/assets"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ApplicationID marks a file as a Steward database (PRAGMA application_id),
// so restore and open can tell it from any other SQLite file.
const ApplicationID = 0x53545744 // "STWD"

// Store is an open Steward database: one writer connection, pooled readers.
type Store struct {
	path  string
	write *sql.DB
	read  *sql.DB
	// Now is the clock for created/updated stamps and history; tests set it.
	Now func() time.Time
	// Actor is recorded in history rows (the OS user, or "import").
	Actor string
	// catalog answers end-of-life questions (lifecycle.go); nil uses DefaultEOLCatalog.
	catalog assets.EOLCatalog
	ver     *dataVersion // DataVersion's own connection (dataversion.go)
	kept    alertCache   // the alert list Overview computed last (overview.go)
	keys    keyring      // licence-key passphrase for this session (keycrypt.go)
	// background counts checkpoints still running after a bulk commit.
	background sync.WaitGroup
	// writing is the writer connection while withTx runs (one at a time:
	// the writer pool holds one connection), for insertRows.
	writing *sql.Conn
	// dropWriter asks withTx to close the writer connection after the
	// transaction (search_build.go).
	dropWriter bool
	// readOnly: opened with Options.ReadOnly (no writes, no checkpoint).
	readOnly bool
	// created: Create made this register now.
	created bool
	// pristine: created, and nothing written since (withTx clears it).
	pristine atomic.Bool
}

// Clock is the store's time now (its Now, which tests set), for callers
// that hold the store behind an interface.
func (s *Store) Clock() time.Time { return s.Now() }

// Options tune Open and Create.
type Options struct {
	// ReadOnly opens for reading only: nothing is written, and Close does
	// not checkpoint (which would wait for another program's writer). A
	// register from an earlier Steward is brought up to date first.
	ReadOnly bool
	// NoMigrationBackup skips the copy taken before migrating a non-empty
	// database (tests that build old fixtures).
	NoMigrationBackup bool
	// MaxVersion stops migrating at this schema version (0 = latest); tests
	// use it to make databases as earlier Stewards left them.
	MaxVersion int
}

// DefaultPath is where Steward keeps its register unless told otherwise:
// os.UserConfigDir()/Steward/steward.db.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find your configuration folder (%v): use --db PATH", err)
	}
	return filepath.Join(dir, "Steward", "steward.db"), nil
}

// Open opens the register at path and migrates it to the latest schema. A
// missing or empty file is a *NoRegisterError (nothing is created); another
// program's database, or one made by a newer Steward, is refused untouched.
func Open(ctx context.Context, path string, opts ...Options) (*Store, error) {
	return open(ctx, path, false, opts)
}

// Create is Open, except that where there is no register (no file, an
// empty one) it makes a new one, with its folder; Created tells which.
func Create(ctx context.Context, path string, opts ...Options) (*Store, error) {
	return open(ctx, path, true, opts)
}

// Created tells whether Create made this register now.
func (s *Store) Created() bool { return s.created }

func open(ctx context.Context, path string, create bool, opts []Options) (*Store, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if path == "" {
		return nil, errors.New("no database path given")
	}
	if create && o.ReadOnly {
		return nil, errors.New("a register cannot be created read-only")
	}
	// Nothing below writes to the file until it is known to be a register.
	info, err := inspectFile(ctx, path)
	if err != nil {
		return nil, err
	}
	if info.blank {
		if !create {
			return nil, &NoRegisterError{Path: path, Empty: !info.missing}
		}
		if err := makeFile(path); err != nil {
			return nil, err
		}
	} else if latest := SchemaVersion(); info.version > latest {
		return nil, newerError(path, info.version, latest)
	}
	s, err := openPools(ctx, path, o)
	if err != nil {
		return nil, err
	}
	s.created = info.blank
	s.pristine.Store(info.blank)
	if o.ReadOnly {
		if v, _, _, err := s.userVersion(ctx, s.read); err != nil || v >= SchemaVersion() {
			if err != nil {
				s.Close()
				return nil, err
			}
			return s, nil
		}
		// An earlier Steward's register: upgrade it (a writing step, with
		// its copy), then read.
		s.Close()
		w, err := openPools(ctx, path, Options{NoMigrationBackup: o.NoMigrationBackup})
		if err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		return openPools(ctx, path, o)
	}
	return s, nil
}

// openPools opens the pools on a file known to be a register (or blank,
// when writing).
func openPools(ctx context.Context, path string, o Options) (*Store, error) {
	s := &Store{path: path, Now: time.Now, Actor: currentUser(), readOnly: o.ReadOnly}
	var err error
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_foreign_keys=on&_busy_timeout=10000&_synchronous=NORMAL"
	if o.ReadOnly {
		base += "&mode=ro"
		s.write, err = sql.Open("sqlite3", base+"&_query_only=on")
		if err != nil {
			return nil, err
		}
	} else {
		// A large page cache keeps bulk writes (imports, the demo) from
		// spilling to the WAL page by page. secure_delete=fast zeroes freed
		// cell space where that costs no extra I/O, so a licence key
		// replaced by its sealed form does not linger in the page.
		//
		// temp_store=MEMORY: the writer's statement and savepoint journals
		// (the original of every page a multi-row INSERT or a per-file
		// savepoint touches) stay in memory; on disk they spilled past 64
		// KiB, which was 1.6 million small writes to /var/tmp for 1,000
		// inventory reports.
		s.write = sql.OpenDB(pragmaConnector{dsn: base + "&_journal_mode=WAL&_txlock=immediate&_cache_size=-65536&_secure_delete=fast", pragmas: "PRAGMA temp_store = MEMORY"})
	}
	s.write.SetMaxOpenConns(1) // SQLite has one writer; queueing here beats SQLITE_BUSY
	s.write.SetConnMaxLifetime(0)
	if s.read, err = sql.Open("sqlite3", base+"&_query_only=on&_cache_size=-32768"); err != nil {
		s.write.Close()
		return nil, err
	}
	s.read.SetMaxOpenConns(4)
	s.read.SetMaxIdleConns(4)
	s.ver = &dataVersion{dsn: base + "&_query_only=on"}
	if err := s.write.PingContext(ctx); err != nil {
		s.Close()
		return nil, openError(path, err)
	}
	if !o.ReadOnly {
		if err := s.migrate(ctx, !o.NoMigrationBackup, o.MaxVersion); err != nil {
			s.Close()
			return nil, err
		}
	} else if err := s.checkVersion(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// makeFile makes the folder and an empty file readable by the owner only,
// so SQLite (which copies the main file's mode to -wal and -shm) never
// creates them world-readable.
func makeFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cannot create the folder for %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("cannot create %s: %w", path, err)
	}
	return f.Close()
}

func newerError(path string, version, latest int) error {
	return fmt.Errorf("%s was written by a newer Steward (schema %d; this one knows %d): update Steward to open it. The file was not changed", path, version, latest)
}

func openError(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
		return fmt.Errorf("%s is not a Steward database (or it is damaged): %w", path, err)
	}
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return fmt.Errorf("%s is in use by another program and stayed locked; close it and try again", path)
	}
	return fmt.Errorf("cannot open %s: %w", path, err)
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes both pools.
func (s *Store) Close() (err error) {
	defer assets.Wrap(&err, "sqlite.Close")
	var errs []error
	if s.ver != nil {
		errs = append(errs, s.ver.close())
	}
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	s.background.Wait()
	if s.write != nil {
		if !s.readOnly {
			// Fold the WAL back so the file alone is a complete copy.
			// Never for a reader: it would wait for another program's
			// writer, and reading must leave the files as they were.
			_, _ = s.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		}
		errs = append(errs, s.write.Close())
	}
	return errors.Join(errs...)
}

// DB exposes the writer for packages in this store (tests, backups).
func (s *Store) DB() *sql.DB { return s.write }

// ReadDB exposes the reader pool.
func (s *Store) ReadDB() *sql.DB { return s.read }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		base := filepath.Base(e)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", base)
		}
		b, err := migrationFS.ReadFile(e)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, base, string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	return len(ms)
}

func (s *Store) userVersion(ctx context.Context, db *sql.DB) (version, appID int, tables int, err error) {
	if err = db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, 0, 0, openError(s.path, err)
	}
	if err = db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, 0, 0, openError(s.path, err)
	}
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type='table'").Scan(&tables)
	return version, appID, tables, err
}

func (s *Store) checkVersion(ctx context.Context) error {
	v, app, tables, err := s.userVersion(ctx, s.read)
	if err != nil {
		return err
	}
	if tables > 0 && app != ApplicationID {
		return fmt.Errorf("%s is an SQLite file but not a Steward database", s.path)
	}
	if latest := SchemaVersion(); v > latest {
		return newerError(s.path, v, latest)
	}
	return nil
}

// migrate brings the schema up to date, one transaction per migration, after
// a copy of a non-empty database is taken.
func (s *Store) migrate(ctx context.Context, backup bool, max int) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if max > 0 && max < len(ms) {
		ms = ms[:max]
	}
	if err := s.checkVersion(ctx); err != nil {
		return err
	}
	v, _, _, err := s.userVersion(ctx, s.write)
	if err != nil {
		return err
	}
	if v >= len(ms) {
		return nil
	}
	if v > 0 && backup {
		base := fmt.Sprintf("%s.pre-migration-v%d-%s", s.path, v, s.Now().UTC().Format("20060102T150405"))
		if _, err := s.BackupToNew(ctx, base, ".bak"); err != nil {
			return fmt.Errorf("could not copy the database before upgrading it, so it was left as it was: %w", err)
		}
	}
	for _, m := range ms[v:] {
		tx, err := s.write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := applyMigration(ctx, tx, m, s.Now()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// applyMigration runs m and stamps its version, inside tx.
func applyMigration(ctx context.Context, tx *sql.Tx, m migration, now time.Time) error {
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("upgrading the database with %s failed (nothing was changed by it): %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", m.version, ApplicationID)); err != nil {
		return err
	}
	if m.version == 1 {
		return seedDefaults(ctx, tx, now)
	}
	return nil
}

func seedDefaults(ctx context.Context, tx *sql.Tx, now time.Time) error {
	for _, c := range assets.DefaultCategories {
		if _, err := tx.ExecContext(ctx, `INSERT INTO categories(name,label,refresh_years,replacement_cost,replacement_currency,builtin) VALUES (?,?,?,?,?,1)`,
			c.Name, c.Label, c.RefreshYears, c.ReplacementCost.Minor, c.ReplacementCost.Currency); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO settings(key,value) VALUES (?, ?)`, assets.SettingCreated, stamp(now))
	return err
}

// withTx runs fn in one write transaction: all of it lands or none.
//
// A transaction that changed at least bulkChanges rows (an import, the demo)
// commits without SQLite's automatic checkpoint, which would copy the whole
// log into the database file inside the commit (a third of the time of a
// 100,000-asset import); a background checkpoint does it after the call
// returns. The data is in the log, safe, either way.
func (s *Store) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	s.pristine.Store(false)
	s.writing = conn
	defer func() {
		s.writing = nil
		if s.dropWriter {
			s.dropWriter = false
			dropWriterConn(conn)
		}
	}()
	var before, after int64
	if err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&before); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&after); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	bulk := after-before >= bulkChanges
	if bulk {
		if _, err := tx.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
			tx.Rollback()
			return mapErr(err)
		}
		// Back to SQLite's default for this connection's next transaction.
		defer conn.ExecContext(context.Background(), "PRAGMA wal_autocheckpoint = 1000")
	}
	if err := tx.Commit(); err != nil {
		return mapErr(err)
	}
	if bulk {
		s.checkpointLater()
	}
	return nil
}

// bulkChanges is the size from which a transaction's checkpoint is left to
// the background (see withTx).
const bulkChanges = 10_000

// checkpointLater copies the log into the database file on the writer's
// connection, after the caller has its answer. Close waits for it.
func (s *Store) checkpointLater() {
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		_, _ = s.write.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
	}()
}

// stamp formats an instant for storage.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func parseDate(s string) assets.Date {
	d, _ := assets.ParseDate(s)
	return d
}

// mapErr turns SQLite constraint failures into domain errors with plain words.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var de *assets.Error
	if errors.As(err, &de) {
		return err // already in plain words (and perhaps with context around it)
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	msg := se.Error()
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		switch {
		case strings.Contains(msg, "assets.tag"):
			return &assets.Error{Kind: assets.KindConflict, Field: "tag", Msg: "another asset already has this tag", Err: err}
		case strings.Contains(msg, "people.email"):
			return &assets.Error{Kind: assets.KindConflict, Field: "email", Msg: "another person already has this e-mail address", Err: err}
		case strings.Contains(msg, "categories.name"):
			return &assets.Error{Kind: assets.KindConflict, Field: "name", Msg: "a category with this name already exists", Err: err}
		}
		return &assets.Error{Kind: assets.KindConflict, Msg: "this record already exists", Err: err}
	case sqlite3.ErrConstraintForeignKey:
		return &assets.Error{Kind: assets.KindInvalid, Msg: "it refers to a record that does not exist (an unknown category or person?), or other records still refer to it", Err: err}
	case sqlite3.ErrConstraintCheck, sqlite3.ErrConstraintNotNull:
		return &assets.Error{Kind: assets.KindInvalid, Msg: "a value is missing or out of range", Err: err}
	}
	if se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked {
		return fmt.Errorf("the database is busy (another Steward is writing to it); try again: %w", err)
	}
	return err
}

func currentUser() string {
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// Setting reads a setting, "" when unset.
func (s *Store) Setting(ctx context.Context, key string) (_ string, err error) {
	defer assets.Wrap(&err, "sqlite.Setting")
	var v string
	err = s.read.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) (err error) {
	defer assets.Wrap(&err, "sqlite.SetSetting")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO settings(key,value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
		return err
	})
}

// IntegrityCheck runs PRAGMA integrity_check and returns its findings ("ok"
// when the file is sound).
func (s *Store) IntegrityCheck(ctx context.Context) (_ string, err error) {
	defer assets.Wrap(&err, "sqlite.IntegrityCheck")
	rows, err := s.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n"), rows.Err()
}

// pragmaConnector opens connections with the sqlite3 driver and sets
// pragmas that go-sqlite3 has no DSN parameter for, on every connection the
// pool opens (not only the first).
type pragmaConnector struct {
	dsn, pragmas string
}

func (c pragmaConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Driver().Open(c.dsn)
	if err != nil {
		return nil, err
	}
	if _, err := conn.(*sqlite3.SQLiteConn).Exec(c.pragmas, nil); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

func (c pragmaConnector) Driver() driver.Driver { return &sqlite3.SQLiteDriver{} }

// conditions collects a query's WHERE terms (joined by AND) and their
// arguments, in order.
type conditions struct {
	terms []string
	args  []any
}

func (c *conditions) add(term string, args ...any) {
	c.terms = append(c.terms, term)
	c.args = append(c.args, args...)
}

// where is " WHERE t1 AND t2 ...", or "" without terms.
func (c *conditions) where() string {
	if len(c.terms) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.terms, " AND ")
}

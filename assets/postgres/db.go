// Package postgres is Steward's register in a shared PostgreSQL database,
// for a team (issue 18), beside assets/sqlite for one desk. It opens a pool
// of connections (pgxpool), migrates the schema forward with its own
// embedded migrations under an advisory lock, refuses a database written by
// a newer Steward untouched, and keeps the register's rights in three
// database roles (roles.go) so that the server itself refuses what a
// person's role may not do.
//
// The schema is migrations/0001_register.sql: read its head before writing
// a store method (collation, NOCASE, versions, the search index, the
// asset_counts ledger). Each method's SQL is written for PostgreSQL, file by
// file beside SQLite's (assets.go beside assets/sqlite/assets.go...), and
// wraps its errors with mapErr.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"steward/assets"
	"steward/assets/secret"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is an open register in PostgreSQL: a pool of connections.
type Store struct {
	pool *pgxpool.Pool
	// url is the connection string without its password (WithoutPassword).
	url string
	// Now is the clock for created/updated stamps and history; tests set it.
	Now func() time.Time
	// Actor is the display name recorded in history rows beside the
	// database user (the OS user, or "import").
	Actor string
	// created: Create made this register now.
	created bool
	// key is the licence-key encryption key once this session unlocked it
	// (keys.go); nil while locked or when encryption is off.
	key atomic.Pointer[secret.Key]
	// catalog is the end-of-life catalog SetEOLCatalog gave (alerts.go);
	// nil: the bundled one.
	catalog atomic.Pointer[eolCatalogBox]
	// kept is the alert list Overview keeps (overview.go).
	kept alertCache
}

// Options tune Open and Create.
type Options struct {
	// Password is asked when the server wants a password and neither the
	// URL, PGPASSWORD nor the password file (PGPASSFILE, ~/.pgpass) gives
	// one: a prompt. Nil: no prompt, and the server's refusal is the error.
	Password func(ctx context.Context, user, host string) (string, error)
	// MaxConns bounds the pool (0: pgxpool's default, 4 or the number of
	// CPUs, whichever is more).
	MaxConns int32
	// NoMigrate opens a register that is behind this Steward without
	// upgrading it (status, a read-only user). A register made by a newer
	// Steward is still refused.
	NoMigrate bool
}

// Open opens the register at url (postgres://user@host/db?sslmode=...)
// and brings its schema up to date. An empty database is refused ("run
// steward db init"); so is a database that holds tables but no Steward
// register, and one written by a newer Steward, untouched.
func Open(ctx context.Context, url string, opts ...Options) (*Store, error) {
	return open(ctx, url, false, opts)
}

// Create is Open, except that an empty database gets a new register.
func Create(ctx context.Context, url string, opts ...Options) (*Store, error) {
	return open(ctx, url, true, opts)
}

// Created tells whether Create made this register now.
func (s *Store) Created() bool { return s.created }

func open(ctx context.Context, url string, create bool, opts []Options) (*Store, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	pool, err := connectPool(ctx, url, o)
	if err != nil {
		return nil, err
	}
	s := &Store{pool: pool, url: WithoutPassword(url), Now: time.Now, Actor: currentUser()}
	ms, err := migrations()
	if err == nil {
		if o.NoMigrate {
			err = checkRegister(ctx, pool, len(ms), create)
		} else {
			s.created, err = migrate(ctx, pool, ms, create, s.Now())
		}
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// plannerSettings are set on each of the window's and commands'
// connections, unless the address sets them itself. jit off: compiling a
// query costs 10-250 ms, more than any of Steward's short queries take (a
// search's walk was costed high enough to be compiled and took 50 ms
// instead of 5); the alert queries ran as fast without it. (A lower
// random_page_cost was tried too: it made searches no faster once their
// plans were fixed, and the alerts 45 % slower.)
var plannerSettings = [][2]string{{"jit", "off"}}

// sessionSettings is the SET statement for the plannerSettings the
// address (its runtime parameters) does not set; "" when it sets them all.
func sessionSettings(given map[string]string) string {
	var b strings.Builder
	for _, kv := range plannerSettings {
		if _, ok := given[kv[0]]; ok {
			continue
		}
		fmt.Fprintf(&b, "SET %s = %s; ", kv[0], kv[1])
	}
	return strings.TrimSpace(b.String())
}

// connectPool opens a pool on url and makes one connection, asking for a
// password (o.Password) when the server wants one that was not given.
func connectPool(ctx context.Context, url string, o Options) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, ExplainConnectError(err)
	}
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	setDialer(&cfg.ConnConfig.Config)
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "steward"
	}
	if set := sessionSettings(cfg.ConnConfig.RuntimeParams); set != "" {
		cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
			_, err := c.Exec(ctx, set)
			return err
		}
	}
	for asked := false; ; asked = true {
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			return nil, ExplainConnectError(err)
		}
		err = pool.Ping(ctx)
		if err == nil {
			return pool, nil
		}
		pool.Close()
		if asked || o.Password == nil || cfg.ConnConfig.Password != "" || !passwordRefused(err) {
			return nil, ExplainConnectError(err)
		}
		pw, perr := o.Password(ctx, cfg.ConnConfig.User, cfg.ConnConfig.Host)
		if perr != nil {
			return nil, perr
		}
		if pw == "" {
			return nil, ExplainConnectError(err)
		}
		cfg.ConnConfig.Password = pw
	}
}

// Connect opens one connection to url (no pool, no migration), for
// commands that manage the database itself (steward db). Errors are
// explained in plain words (ExplainConnectError).
func Connect(ctx context.Context, url string, o Options) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, ExplainConnectError(err)
	}
	setDialer(&cfg.Config)
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "steward"
	}
	for asked := false; ; asked = true {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err == nil {
			return conn, nil
		}
		if asked || o.Password == nil || cfg.Password != "" || !passwordRefused(err) {
			return nil, ExplainConnectError(err)
		}
		pw, perr := o.Password(ctx, cfg.User, cfg.Host)
		if perr != nil {
			return nil, perr
		}
		if pw == "" {
			return nil, ExplainConnectError(err)
		}
		cfg.Password = pw
	}
}

// Close closes the pool and forgets the session's licence-key key.
func (s *Store) Close() (err error) {
	defer assets.Wrap(&err, "postgres.Close")
	s.key.Store(nil)
	if s.pool != nil {
		s.pool.Close()
	}
	return nil
}

// Pool is the store's connection pool (tests, and packages of this store).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// URL is the register's connection string, without a password.
func (s *Store) URL() string { return s.url }

// migration is one embedded migration file.
type migration struct {
	version int
	name    string
	sql     string
}

// extraMigrations are added after the embedded ones (tests: an upgrade).
var extraMigrations []migration

func migrations() ([]migration, error) {
	entries, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		base := path.Base(e)
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
	out = append(out, extraMigrations...)
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the schema version this build writes (PostgreSQL's own
// numbering: version 1 is the SQLite register's version 12).
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	return len(ms)
}

// migrateLock is the advisory lock key every Steward takes to migrate a
// register ("STWD" and 1), so that clients starting together after an
// upgrade migrate it once: the others wait, then find it done.
const migrateLock int64 = 0x5354574400000001

// versionTable records each migration applied, by whom and when.
const versionTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    integer PRIMARY KEY,
	name       text COLLATE "C" NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now(),
	applied_by text COLLATE "C" NOT NULL DEFAULT session_user
)`

// querier is what a pool, a connection and a transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// registerState reads the schema version of the database q is connected
// to: has tells whether it has the version table; tables counts the
// tables besides it in the schemas on the search path (a database with
// tables and no version table is somebody else's).
func registerState(ctx context.Context, q querier) (version int, has bool, tables int, err error) {
	err = q.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL,
		(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY (current_schemas(false))
		   AND c.relname <> 'schema_migrations')`).Scan(&has, &tables)
	if err != nil || !has {
		return 0, has, tables, err
	}
	err = q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&version)
	return version, has, tables, err
}

// checkRegister refuses what Open must not touch: a newer register,
// another program's database, an empty database unless create.
func checkRegister(ctx context.Context, q querier, latest int, create bool) error {
	v, has, tables, err := registerState(ctx, q)
	if err != nil {
		return mapErr(err)
	}
	switch {
	case v > latest:
		return newerError(ctx, q, v, latest)
	case !has && tables > 0:
		return fmt.Errorf("the database %s holds %d tables but no Steward register: use an empty database (it was not changed)", currentDB(ctx, q), tables)
	case !has && !create:
		return fmt.Errorf("the database %s has no Steward register yet: run 'steward db init' on it first", currentDB(ctx, q))
	}
	return nil
}

func newerError(ctx context.Context, q querier, version, latest int) error {
	return fmt.Errorf("the register in database %s was written by a newer Steward (schema %d; this one knows %d): update Steward to open it. The database was not changed", currentDB(ctx, q), version, latest)
}

func currentDB(ctx context.Context, q querier) string {
	var db string
	if err := q.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
		return "(unknown)"
	}
	return strconv.Quote(db)
}

// migrate brings the register up to ms's last version: nothing is locked
// or written when it is there already; otherwise all pending migrations run
// in one transaction holding migrateLock, which re-reads the version once
// it has the lock. created tells whether it made the register.
func migrate(ctx context.Context, pool *pgxpool.Pool, ms []migration, create bool, now time.Time) (created bool, err error) {
	latest := len(ms)
	v, has, _, err := registerState(ctx, pool)
	if err != nil {
		return false, mapErr(err)
	}
	if has && v == latest {
		return false, nil
	}
	if err := checkRegister(ctx, pool, latest, create); err != nil {
		return false, err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return false, mapErr(err)
	}
	defer conn.Release()
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return err
		}
		if err := checkRegister(ctx, tx, latest, create); err != nil {
			return err
		}
		if v, has, _, err = registerState(ctx, tx); err != nil {
			return err
		}
		if has && v >= latest {
			return nil // another Steward did it while this one waited
		}
		// Objects belong to steward_admin where the roles exist, so
		// that every administrator can change them later.
		if err := useAdminRole(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, versionTable); err != nil {
			return err
		}
		for _, m := range ms[v:] {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("upgrading the register with %s failed (nothing was changed): %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
				return err
			}
			if m.version == 1 {
				if err := seedDefaults(ctx, tx, now); err != nil {
					return err
				}
				created = true
			}
		}
		return grantAll(ctx, tx)
	})
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42501" {
			return false, fmt.Errorf("the register needs upgrading to schema %d, which only a Steward administrator may do (open it once as one, or run 'steward db init'): %w", latest, err)
		}
		return false, mapErr(err)
	}
	return created, nil
}

// seedDefaults writes what a new register starts with, as SQLite's does.
func seedDefaults(ctx context.Context, tx pgx.Tx, now time.Time) error {
	for _, c := range assets.DefaultCategories {
		if _, err := tx.Exec(ctx, `INSERT INTO categories(name, label, refresh_years, replacement_cost, replacement_currency, builtin)
			VALUES ($1, $2, $3, $4, $5, true)`,
			c.Name, c.Label, c.RefreshYears, c.ReplacementCost.Minor, c.ReplacementCost.Currency); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO settings(key, value) VALUES ($1, $2)`, assets.SettingCreated, stamp(now))
	return err
}

// withTx runs fn in one transaction: all of it lands or none. Errors come
// back through mapErr.
func (s *Store) withTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return mapErr(pgx.BeginFunc(ctx, s.pool, fn))
}

// stamp formats an instant for storage, as the SQLite store does.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

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
	defer assets.Wrap(&err, "postgres.Setting")
	v, err := setting(ctx, s.pool, key)
	return v, mapErr(err)
}

// SetSetting stores a setting (administrators only: the database refuses
// anyone else).
func (s *Store) SetSetting(ctx context.Context, key, value string) (err error) {
	defer assets.Wrap(&err, "postgres.SetSetting")
	return s.withTx(ctx, func(tx pgx.Tx) error { return putSetting(ctx, tx, key, value) })
}

// DataVersion is a number that changes whenever the database changes, by
// this process or another: callers may keep results computed from the
// register while it stays the same (the dashboard's alerts do). It is a
// hash of the server's current snapshot (pg_current_snapshot), which moves
// whenever a writing transaction commits, anywhere on the server; nothing
// is written to find it. It may also move with no change to the register
// (another database's commits, autovacuum's ANALYZE): a cache is then
// rebuilt once more than needed, never kept too long.
func (s *Store) DataVersion(ctx context.Context) (_ int64, err error) {
	defer assets.Wrap(&err, "postgres.DataVersion")
	var snap string
	if err := s.pool.QueryRow(ctx, "SELECT pg_current_snapshot()::text").Scan(&snap); err != nil {
		return 0, mapErr(err)
	}
	h := fnv.New64a()
	h.Write([]byte(snap))
	return int64(h.Sum64() >> 1), nil
}

// Package move copies a whole register from one engine to the other: Push
// moves a register from its SQLite file into an empty PostgreSQL register
// (steward db push), and Backup writes a PostgreSQL register to a new
// Steward SQLite file (steward backup --db URL), which restore and Push
// accept, so a team can always leave with its data in one file.
//
// Both copy every table column by column, in one transaction on each side,
// with plain SQL of their own (never the stores' methods): the PostgreSQL
// register has the same tables, columns and column order as the SQLite one
// (assets/postgres/migrations/0001_register.sql). What differs is
// converted on the way:
//
//   - the 0/1 flags are booleans in PostgreSQL;
//   - gid is a uuid there, and never NULL: the rows a bulk insert left
//     without one in SQLite get a new UUIDv7 on the way in;
//   - PostgreSQL's own columns are set on the way in (version 1; history's
//     db_user empty: those rows were not written by a database user) and
//     dropped on the way out;
//   - SQLite's tag counter is the setting tag_counter, PostgreSQL's the
//     row tag_counter of counters;
//   - asset_counts is one row per (category, status, location) in SQLite, a
//     ledger of +n/-n rows in PostgreSQL (its sums are what is copied);
//   - the search index is built anew on each side, the engine's own way
//     (asset_search's tsvectors from postgres.SearchVector; FTS5's
//     assets_fts as SQLite's migrations fill it);
//   - identity sequences are set past the copied ids.
package move

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets/postgres"
)

// Options tune Push and Backup.
type Options struct {
	// Progress, when set, is told how far the copy is: at every step and
	// every few thousand rows.
	Progress func(Progress)
}

// Progress says how far a copy is.
type Progress struct {
	Step  string // what is being done ("copying history", "checking references")
	Rows  int64  // rows copied so far, all tables
	Total int64  // rows to copy, all tables
}

// Summary says what a copy copied.
type Summary struct {
	// Rows is how many rows each table received.
	Rows map[string]int64
	// NewGIDs counts the rows that had no global id in the SQLite file
	// and were given one (Push).
	NewGIDs int64
	// Elapsed is how long the copy took.
	Elapsed time.Duration
}

// Assets is how many assets were copied.
func (s Summary) Assets() int64 { return s.Rows["assets"] }

// TotalRows is how many rows were copied, all tables.
func (s Summary) TotalRows() int64 {
	var n int64
	for _, v := range s.Rows {
		n += v
	}
	return n
}

// sqliteOnly are the SQLite register's tables that PostgreSQL does not
// have: those only a visit bundle fills (a bundle is always a file).
var sqliteOnly = []string{"visit", "visit_base"}

// countsTable is copied by value, not row by row: a ledger in PostgreSQL.
// (PostgreSQL's own tables are schema_migrations, left alone, counters and
// asset_search, which the copy fills its own way.)
const countsTable = "asset_counts"

// pgOnlyColumns are PostgreSQL's columns that SQLite does not have, with
// the value a row copied in gets (nil: the column's default).
var pgOnlyColumns = map[string]any{
	"version": nil, // 1: no one has edited the row here yet
	"db_user": "",  // history: the row was not written by a database user
}

// pgColumn is one column of a PostgreSQL table.
type pgColumn struct {
	name      string
	typ       string // format_type: bigint, integer, text, boolean, uuid, double precision...
	notNull   bool
	generated bool
	identity  bool
}

// table is one table both registers have, with the columns a copy moves
// (SQLite's stored columns, in SQLite's order) and their PostgreSQL types.
type table struct {
	name     string
	cols     []string
	types    []string // PostgreSQL's type of each of cols
	identity string   // PostgreSQL's identity column, if any
	key      []string // PostgreSQL's primary key columns
	pgOnly   []string // PostgreSQL's columns SQLite has not, given a value on the way in (pgOnlyColumns)
}

// sqliteTables lists the tables of the SQLite register q reads (in
// sqlite_schema's order) with their stored columns, leaving out SQLite's
// own, virtual tables and their shadow tables.
func sqliteTables(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (names []string, cols map[string][]string, err error) {
	rows, err := q.QueryContext(ctx, `SELECT name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`)
	if err != nil {
		return nil, nil, err
	}
	var all []string
	var virtual []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, name)
			continue
		}
		all = append(all, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	cols = map[string][]string{}
	for _, name := range all {
		shadow := false
		for _, v := range virtual {
			if strings.HasPrefix(name, v+"_") {
				shadow = true
			}
		}
		if shadow {
			continue
		}
		crows, err := q.QueryContext(ctx, `SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid`, name)
		if err != nil {
			return nil, nil, err
		}
		for crows.Next() {
			var c string
			if err := crows.Scan(&c); err != nil {
				crows.Close()
				return nil, nil, err
			}
			cols[name] = append(cols[name], c)
		}
		crows.Close()
		if err := crows.Err(); err != nil {
			return nil, nil, err
		}
		names = append(names, name)
	}
	return names, cols, nil
}

// pgTables reads the columns of every table of the PostgreSQL register in
// the current schema.
func pgTables(ctx context.Context, q pgx.Tx) (map[string][]pgColumn, map[string][]string, error) {
	rows, err := q.Query(ctx, `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
			a.attgenerated <> '', a.attidentity <> ''
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid
		WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY c.relname, a.attnum`)
	if err != nil {
		return nil, nil, err
	}
	out := map[string][]pgColumn{}
	for rows.Next() {
		var t string
		var c pgColumn
		if err := rows.Scan(&t, &c.name, &c.typ, &c.notNull, &c.generated, &c.identity); err != nil {
			rows.Close()
			return nil, nil, err
		}
		out[t] = append(out[t], c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	keys := map[string][]string{}
	rows, err = q.Query(ctx, `SELECT c.relname, a.attname
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
		WHERE k.contype = 'p' AND n.nspname = current_schema()
		ORDER BY c.relname, u.ord`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return nil, nil, err
		}
		keys[t] = append(keys[t], c)
	}
	rows.Close()
	return out, keys, rows.Err()
}

// knownTypes are the PostgreSQL column types a copy converts.
var knownTypes = []string{"bigint", "integer", "smallint", "text", "boolean", "uuid", "double precision"}

// plan matches the two registers' tables: every table of SQLite's but the
// SQLite-only and derived ones must be in PostgreSQL with the same stored
// columns (PostgreSQL may have more: pgOnlyColumns). It returns the tables
// to copy row by row, in SQLite's order.
func plan(liteNames []string, liteCols map[string][]string, pg map[string][]pgColumn, keys map[string][]string) ([]table, error) {
	var out []table
	var problems []string
	for _, name := range liteNames {
		if slices.Contains(sqliteOnly, name) || name == countsTable {
			continue
		}
		pcols, ok := pg[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("table %s is not in the PostgreSQL register", name))
			continue
		}
		t := table{name: name, key: keys[name]}
		byName := map[string]pgColumn{}
		for _, c := range pcols {
			byName[c.name] = c
			if c.identity {
				t.identity = c.name
			}
		}
		for _, c := range liteCols[name] {
			pc, ok := byName[c]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("column %s.%s is not in the PostgreSQL register", name, c))
				continue
			case pc.generated:
				problems = append(problems, fmt.Sprintf("column %s.%s is computed in PostgreSQL but stored in SQLite", name, c))
				continue
			case !slices.Contains(knownTypes, pc.typ):
				problems = append(problems, fmt.Sprintf("column %s.%s has type %s, which a copy does not convert", name, c, pc.typ))
				continue
			}
			t.cols = append(t.cols, c)
			t.types = append(t.types, pc.typ)
		}
		for _, pc := range pcols {
			if pc.generated || slices.Contains(liteCols[name], pc.name) {
				continue
			}
			v, ok := pgOnlyColumns[pc.name]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("column %s.%s is not in the SQLite register", name, pc.name))
			case v != nil:
				t.pgOnly = append(t.pgOnly, pc.name)
			}
		}
		out = append(out, t)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("the two registers' tables do not match, so nothing was copied: %s", strings.Join(problems, "; "))
	}
	return out, nil
}

// checkPGVersion refuses a PostgreSQL register whose schema this Steward
// does not write (the column match in plan relies on it being current);
// what says what to do about a database without one.
func checkPGVersion(ctx context.Context, q pgx.Tx, what string) error {
	st, err := postgres.ReadStatus(ctx, q)
	if err != nil {
		return err
	}
	switch {
	case st.Version == 0:
		return fmt.Errorf("the database %q has no Steward register: %s", st.Database, what)
	case st.Version > st.Latest:
		return fmt.Errorf("the register in database %q was written by a newer Steward (schema %d; this one knows %d): update Steward. Nothing was changed", st.Database, st.Version, st.Latest)
	case st.Version < st.Latest:
		return fmt.Errorf("the register in database %q is from an earlier Steward (schema %d; this one writes %d): open it once as a Steward administrator (or run 'steward db init') to bring it up to date, then try again. Nothing was changed", st.Database, st.Version, st.Latest)
	}
	return nil
}

// quote quotes an SQL identifier (both engines' syntax).
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	return strings.Join(q, ", ")
}

// progress reports to opts.Progress, if set.
type progress struct {
	fn    func(Progress)
	rows  int64
	total int64
	step  string
}

func (p *progress) at(step string) {
	p.step = step
	if p.fn != nil {
		p.fn(Progress{Step: step, Rows: p.rows, Total: p.total})
	}
}

// add counts n rows copied, telling every 10,000.
func (p *progress) add(n int64) {
	before := p.rows
	p.rows += n
	if p.fn != nil && p.rows/10_000 != before/10_000 {
		p.fn(Progress{Step: p.step, Rows: p.rows, Total: p.total})
	}
}

// stopped is the error for a copy the context stopped, naming its cause.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		return err
	}
	if cause := context.Cause(ctx); cause != nil && !errors.Is(err, cause) {
		return fmt.Errorf("%w (%v)", cause, err)
	}
	return err
}

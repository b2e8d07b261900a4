package move

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/sqlite"
)

// OpenSource opens the SQLite register at path for Push: read-only, so
// nothing is ever written to it. A file from an earlier Steward is refused
// untouched (opening it read-only would upgrade it first).
func OpenSource(ctx context.Context, path string) (*sqlite.Store, error) {
	if err := sqlite.CheckRegister(ctx, path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return nil, err
	}
	var version int
	err = db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	db.Close()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if latest := sqlite.SchemaVersion(); version < latest {
		return nil, fmt.Errorf("%s is from an earlier Steward (schema %d; this one writes %d): open it once with this Steward, which brings it up to date (keeping a copy of it as it was), then push it. It was not changed", path, version, latest)
	}
	return sqlite.Open(ctx, path, sqlite.Options{ReadOnly: true})
}

// Push copies the whole SQLite register from (opened read-only: OpenSource)
// into the PostgreSQL register that to is connected to, which must be
// empty: made by 'steward db init' (or postgres.Create) and holding no
// records yet. A register that is not empty is refused untouched.
//
// Everything happens in one transaction on each side: the SQLite file is
// read from one snapshot (the window may go on writing to it meanwhile),
// and the PostgreSQL register receives all of it or, when anything fails
// or ctx is cancelled (Ctrl-C), none of it. Its tables are locked for the
// copy: other Stewards connected to the register wait until it ends.
//
// Rows go in by COPY, with their ids, while the tables' keys, foreign keys,
// other indexes and triggers are set aside (ALTER TABLE, undone with the
// transaction if it fails); then the identities are restarted past the
// ids, the search index (asset_search) and the asset counts are built, and
// the keys, indexes and foreign keys are made again, which checks every
// row against them. It takes a Steward administrator (or the register's
// owner): the copy writes settings, and setting a table's keys and
// triggers aside is the owner's right.
func Push(ctx context.Context, from *sqlite.Store, to *pgx.Conn, opts Options) (Summary, error) {
	start := time.Now()
	sum := Summary{Rows: map[string]int64{}}
	prog := &progress{fn: opts.Progress}
	prog.at("reading " + from.Path())

	// One snapshot of the file: a read transaction on one connection.
	lconn, err := from.ReadDB().Conn(ctx)
	if err != nil {
		return sum, err
	}
	defer lconn.Close()
	ltx, err := lconn.BeginTx(ctx, nil)
	if err != nil {
		return sum, err
	}
	defer ltx.Rollback()
	var version int
	if err := ltx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return sum, err
	}
	if latest := sqlite.SchemaVersion(); version != latest {
		return sum, fmt.Errorf("%s has schema %d, and this Steward pushes registers of schema %d only: open it once with this Steward, then push it", from.Path(), version, latest)
	}
	names, liteCols, err := sqliteTables(ctx, ltx)
	if err != nil {
		return sum, err
	}
	var bundle bool
	if err := ltx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM visit)").Scan(&bundle); err != nil {
		return sum, err
	}
	if bundle {
		return sum, fmt.Errorf("%s is a visit bundle, not a register: check it in to its register (steward visit checkin), and push that register", from.Path())
	}

	err = pgx.BeginFunc(ctx, to, func(tx pgx.Tx) error {
		return push(ctx, ltx, tx, names, liteCols, prog, &sum)
	})
	if err != nil {
		return Summary{Rows: map[string]int64{}}, stopped(ctx, err)
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

func push(ctx context.Context, ltx *sql.Tx, tx pgx.Tx, names []string, liteCols map[string][]string, prog *progress, sum *Summary) error {
	if err := checkPGVersion(ctx, tx, "make one with 'steward db init' first, then push into it"); err != nil {
		return err
	}
	pgCols, keys, err := pgTables(ctx, tx)
	if err != nil {
		return err
	}
	tables, err := plan(names, liteCols, pgCols, keys)
	if err != nil {
		return err
	}
	var all []string
	for _, t := range tables {
		all = append(all, t.name)
	}
	// Everything the copy writes, locked first: nobody writes to the
	// register in between the check that it is empty and the commit.
	// A Steward with the register open holds no lock for long; one that
	// does (a transaction left open) is waited for a while, not forever.
	locked := append(slices.Clone(all), countsTable, "counters", "asset_search")
	if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL lock_timeout = %d", lockTimeout.Milliseconds())); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+quoteAll(locked)+" IN ACCESS EXCLUSIVE MODE"); err != nil {
		var pe interface{ SQLState() string }
		if errors.As(err, &pe) && pe.SQLState() == "55P03" {
			return fmt.Errorf("the register is in use by another connection that did not let go for %s: close the Stewards connected to it and try again (nothing was changed): %w", lockTimeout, err)
		}
		return notAllowed(err)
	}
	if _, err := tx.Exec(ctx, "SET LOCAL lock_timeout = 0"); err != nil {
		return err
	}
	if err := checkEmpty(ctx, tx, tables); err != nil {
		return err
	}

	// What is to copy, for progress.
	for _, t := range tables {
		var n int64
		if err := ltx.QueryRowContext(ctx, "SELECT count(*) FROM "+quote(t.name)+pushWhere(t.name)).Scan(&n); err != nil {
			return err
		}
		prog.total += n
	}

	// Foreign keys and triggers aside while the rows go in: the tables
	// fill in any order (a person's manager may come after them), and the
	// rows that triggers derive (training_latest, asset_disposals,
	// asset_counts) are copied or made here. The keys (primary and unique)
	// aside too: an index built once the rows are in costs a fraction of
	// one kept up to date row by row. All come back before the commit,
	// each checked against every row.
	withSearch := append(slices.Clone(all), "asset_search")
	fks, err := constraints(ctx, tx, withSearch, "f")
	if err != nil {
		return err
	}
	uniques, err := constraints(ctx, tx, withSearch, "pu")
	if err != nil {
		return err
	}
	for _, pass := range []map[string][]constraint{fks, uniques} { // the keys that foreign keys use, after them
		for _, t := range withSearch {
			var alter []string
			for _, c := range pass[t] {
				alter = append(alter, "DROP CONSTRAINT "+quote(c.name))
			}
			if len(alter) == 0 {
				continue
			}
			if _, err := tx.Exec(ctx, "ALTER TABLE "+quote(t)+" "+strings.Join(alter, ", ")); err != nil {
				return notAllowed(err)
			}
		}
	}
	for _, t := range all {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+quote(t)+" DISABLE TRIGGER USER"); err != nil {
			return notAllowed(err)
		}
	}
	// Indexes that no constraint needs aside too: building one after the
	// rows are in is several times faster than keeping it up to date row
	// by row (the trigram indexes of assets most of all).
	indexes, err := secondaryIndexes(ctx, tx, withSearch)
	if err != nil {
		return err
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(ctx, "DROP INDEX "+quote(ix.name)); err != nil {
			return notAllowed(err)
		}
	}
	// A new register's rows (its seeded categories and settings) make way
	// for the file's.
	if _, err := tx.Exec(ctx, "DELETE FROM settings; DELETE FROM categories"); err != nil {
		return err
	}

	holders, err := holderNames(ctx, ltx)
	if err != nil {
		return err
	}
	search := newSearchDocs(holders)
	defer search.stop()
	for _, t := range tables {
		prog.at("copying " + t.name)
		var onRow func([]any)
		if t.name == "assets" {
			if onRow, err = search.rowFunc(t.cols); err != nil {
				return err
			}
		}
		n, gids, err := copyIn(ctx, ltx, tx, t, pushWhere(t.name), onRow, prog)
		if err != nil {
			return fmt.Errorf("copying %s: %w", t.name, err)
		}
		sum.Rows[t.name] = n
		sum.NewGIDs += gids
	}

	prog.at("building the search index")
	docs := search.finish()
	if err := copySearch(ctx, tx, docs); err != nil {
		return fmt.Errorf("building the search index: %w", err)
	}
	var counter string
	err = ltx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", assets.SettingTagCounter).Scan(&counter)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var tags int64
	fmt.Sscan(counter, &tags) // as the SQLite store reads it
	if _, err := tx.Exec(ctx, "UPDATE counters SET value = $1 WHERE name = $2", tags, assets.SettingTagCounter); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO asset_counts(category, status, location, n)
		SELECT category, status, location, count(*) FROM assets GROUP BY category, status, location`); err != nil {
		return err
	}
	// Identities past the copied ids. ALTER ... RESTART, not setval: it is
	// undone with the transaction, setval would not be.
	for _, t := range tables {
		if t.identity == "" {
			continue
		}
		var max *int64
		if err := tx.QueryRow(ctx, fmt.Sprintf("SELECT max(%s) FROM %s", quote(t.identity), quote(t.name))).Scan(&max); err != nil {
			return err
		}
		if max == nil {
			continue
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s RESTART WITH %d", quote(t.name), quote(t.identity), *max+1)); err != nil {
			return err
		}
	}

	prog.at("building indexes")
	if _, err := tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
		return err
	}
	if err := addConstraints(ctx, tx, withSearch, uniques, "the file holds the same key twice"); err != nil {
		return err
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(ctx, ix.def); err != nil {
			return fmt.Errorf("making index %s again: %w", ix.name, err)
		}
	}

	prog.at("checking references")
	if err := addConstraints(ctx, tx, withSearch, fks, "the file's rows do not hold together"); err != nil {
		return err
	}
	for _, t := range all {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+quote(t)+" ENABLE TRIGGER USER"); err != nil {
			return err
		}
	}
	prog.at("updating statistics")
	if _, err := tx.Exec(ctx, "ANALYZE "+quoteAll(append(all, countsTable, "asset_search"))); err != nil {
		return err
	}
	prog.at("committing")
	return nil
}

// lockTimeout is how long Push waits for the register's tables (tests
// shorten it).
var lockTimeout = 15 * time.Second

// pushWhere is the condition on the rows of table that are copied as
// they are: all but the tag counter, which is a counter in PostgreSQL.
func pushWhere(table string) string {
	if table == "settings" {
		return " WHERE key <> " + sqlString(assets.SettingTagCounter)
	}
	return ""
}

// notAllowed explains a refusal of the server's (42501): pushing takes an
// administrator.
func notAllowed(err error) error {
	var pe interface{ SQLState() string }
	if errors.As(err, &pe) && pe.SQLState() == "42501" {
		return fmt.Errorf("pushing a register takes a Steward administrator (steward db grant USER admin) or the database's owner: %w", err)
	}
	return err
}

// checkEmpty refuses a register that holds anything but what a new one
// starts with: the seeded categories and the settings 'created' and
// 'register_gid', none of them edited.
func checkEmpty(ctx context.Context, tx pgx.Tx, tables []table) error {
	notEmpty := func(what string) error {
		var db string
		tx.QueryRow(ctx, "SELECT current_database()").Scan(&db)
		return fmt.Errorf("the register in database %q is not empty (%s): db push fills an empty register only, made by 'steward db init' on a new database. Nothing was changed", db, what)
	}
	// Name the tables people know first.
	order := []string{"assets", "people"}
	for _, t := range tables {
		if !slices.Contains(order, t.name) && t.name != "settings" && t.name != "categories" {
			order = append(order, t.name)
		}
	}
	order = append(order, countsTable, "asset_search")
	for _, t := range order {
		var n int64
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+quote(t)+" LIMIT 1000) x").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			more := ""
			if n == 1000 {
				more = " or more"
			}
			return notEmpty(fmt.Sprintf("it has %d%s rows of %s", n, more, t))
		}
	}
	var n int64
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM counters WHERE value <> 0").Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return notEmpty("it has given out asset tags")
	}
	var key string
	err := tx.QueryRow(ctx, "SELECT key FROM settings WHERE key NOT IN ($1, $2) OR version <> 1 ORDER BY key LIMIT 1",
		assets.SettingCreated, assets.SettingRegisterGID).Scan(&key)
	if err == nil {
		return notEmpty(fmt.Sprintf("its setting %s was set", key))
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	err = tx.QueryRow(ctx, "SELECT name FROM categories WHERE NOT builtin OR version <> 1 ORDER BY name LIMIT 1").Scan(&key)
	if err == nil {
		return notEmpty(fmt.Sprintf("its category %s was added or changed", key))
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	return nil
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// constraint is a table's constraint, as pg_get_constraintdef gives it.
type constraint struct{ name, def string }

// constraints lists the constraints of the given types (pg_constraint's
// contype letters: f foreign key, p primary key, u unique) of the tables,
// by table.
func constraints(ctx context.Context, tx pgx.Tx, tables []string, types string) (map[string][]constraint, error) {
	rows, err := tx.Query(ctx, `SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE strpos($2, k.contype::text) > 0 AND n.nspname = current_schema() AND c.relname = ANY ($1)
		ORDER BY c.relname, k.conname`, tables, types)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]constraint{}
	for rows.Next() {
		var t string
		var c constraint
		if err := rows.Scan(&t, &c.name, &c.def); err != nil {
			return nil, err
		}
		out[t] = append(out[t], c)
	}
	return out, rows.Err()
}

// addConstraints makes the constraints again, table by table; a row that
// breaks one fails it, and the whole copy with it (why says what that
// means).
func addConstraints(ctx context.Context, tx pgx.Tx, tables []string, cs map[string][]constraint, why string) error {
	for _, t := range tables {
		var alter []string
		for _, c := range cs[t] {
			alter = append(alter, "ADD CONSTRAINT "+quote(c.name)+" "+c.def)
		}
		if len(alter) == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, "ALTER TABLE "+quote(t)+" "+strings.Join(alter, ", ")); err != nil {
			var pe interface{ SQLState() string }
			if errors.As(err, &pe) && (pe.SQLState() == "23503" || pe.SQLState() == "23505") {
				return fmt.Errorf("%s, so nothing was copied: %w", why, err)
			}
			return err
		}
	}
	return nil
}

// index is an index and the statement that makes it.
type index struct{ name, def string }

// secondaryIndexes lists the indexes of the given tables that no
// constraint owns (a primary key's, a UNIQUE constraint's stay).
func secondaryIndexes(ctx context.Context, tx pgx.Tx, tables []string) ([]index, error) {
	rows, err := tx.Query(ctx, `SELECT ic.relname, pg_get_indexdef(i.indexrelid)
		FROM pg_index i
		JOIN pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relname = ANY ($1)
			AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
		ORDER BY c.relname, ic.relname`, tables)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []index
	for rows.Next() {
		var ix index
		if err := rows.Scan(&ix.name, &ix.def); err != nil {
			return nil, err
		}
		out = append(out, ix)
	}
	return out, rows.Err()
}

// copyIn copies one table's rows from the SQLite snapshot into
// PostgreSQL with COPY, converting each value to its column's type. It
// returns the rows copied and how many got a new global id.
func copyIn(ctx context.Context, ltx *sql.Tx, tx pgx.Tx, t table, where string, onRow func([]any), prog *progress) (int64, int64, error) {
	rows, err := ltx.QueryContext(ctx, "SELECT "+quoteAll(t.cols)+" FROM "+quote(t.name)+where)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	src := &liteSource{rows: rows, t: t, onRow: onRow, prog: prog}
	src.vals = make([]any, len(t.cols))
	src.ptrs = make([]any, len(t.cols))
	for i := range src.vals {
		src.ptrs[i] = &src.vals[i]
	}
	src.out = make([]any, len(t.cols)+len(t.pgOnly))
	for i, c := range t.pgOnly {
		src.out[len(t.cols)+i] = pgOnlyColumns[c]
	}
	src.idCol = -1
	for i, c := range t.cols {
		if c == "id" {
			src.idCol = i
		}
		conv, err := converter(t.types[i], c == "gid", &src.newGIDs)
		if err != nil {
			return 0, 0, err
		}
		src.conv = append(src.conv, conv)
	}
	cols := append(slices.Clone(t.cols), t.pgOnly...)
	n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, cols, src)
	prog.add(src.n - src.told)
	if src.bad != nil {
		return 0, 0, src.bad // what the server says is only "COPY from stdin failed: " and this
	}
	if err != nil {
		return 0, 0, err
	}
	return n, src.newGIDs, nil
}

// liteSource feeds CopyFrom from SQLite rows.
type liteSource struct {
	rows    *sql.Rows
	t       table
	conv    []func(any) (any, error)
	vals    []any
	ptrs    []any
	out     []any
	idCol   int
	onRow   func([]any)
	prog    *progress
	n, told int64
	newGIDs int64
	err     error
	bad     error // a value that cannot be converted
}

func (s *liteSource) Next() bool {
	if !s.rows.Next() {
		return false
	}
	if err := s.rows.Scan(s.ptrs...); err != nil {
		s.err = err
		return false
	}
	s.n++
	if s.n-s.told == 1000 {
		s.prog.add(1000)
		s.told = s.n
	}
	return true
}

func (s *liteSource) Values() ([]any, error) {
	for i, conv := range s.conv {
		v, err := conv(s.vals[i])
		if err != nil {
			row := fmt.Sprintf("row %d", s.n)
			if s.idCol >= 0 {
				row = fmt.Sprintf("the row with id %v", s.vals[s.idCol])
			}
			s.bad = fmt.Errorf("%s, column %s: %w", row, s.t.cols[i], err)
			return nil, s.bad
		}
		s.out[i] = v
	}
	if s.onRow != nil {
		s.onRow(s.vals)
	}
	return s.out, nil
}

func (s *liteSource) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.rows.Err()
}

// converter turns a value read from SQLite into one for a PostgreSQL
// column of type typ. A NULL gid becomes a new global id (counted in
// newGIDs).
func converter(typ string, gid bool, newGIDs *int64) (func(any) (any, error), error) {
	switch typ {
	case "bigint", "integer", "smallint":
		return func(v any) (any, error) {
			switch x := v.(type) {
			case nil, int64:
				return x, nil
			case float64:
				if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
					return int64(x), nil
				}
			case string:
				if n, err := strconv.ParseInt(x, 10, 64); err == nil {
					return n, nil
				}
			}
			return nil, fmt.Errorf("%s is not a whole number", describe(v))
		}, nil
	case "double precision":
		return func(v any) (any, error) {
			switch x := v.(type) {
			case nil, float64:
				return x, nil
			case int64:
				return float64(x), nil
			}
			return nil, fmt.Errorf("%s is not a number", describe(v))
		}, nil
	case "boolean":
		return func(v any) (any, error) {
			switch x := v.(type) {
			case nil:
				return nil, nil
			case int64:
				if x == 0 || x == 1 {
					return x == 1, nil
				}
			}
			return nil, fmt.Errorf("%s is not 0 or 1", describe(v))
		}, nil
	case "uuid":
		return func(v any) (any, error) {
			var s string
			switch x := v.(type) {
			case nil:
				if !gid {
					return nil, nil
				}
				*newGIDs++
				s = assets.NewGID()
			case string:
				s = x
			case []byte:
				s = string(x)
			default:
				return nil, fmt.Errorf("%s is not a global id", describe(v))
			}
			u, ok := parseUUID(s)
			if !ok {
				return nil, fmt.Errorf("%s is not a global id", describe(v))
			}
			return u, nil
		}, nil
	case "text":
		return func(v any) (any, error) {
			var s string
			switch x := v.(type) {
			case nil:
				return nil, nil
			case string:
				s = x
			case []byte:
				s = string(x)
			case int64:
				return strconv.FormatInt(x, 10), nil
			case float64:
				return strconv.FormatFloat(x, 'g', -1, 64), nil
			default:
				return nil, fmt.Errorf("%s is not text", describe(v))
			}
			if !utf8.ValidString(s) {
				return nil, fmt.Errorf("%s is not valid UTF-8 text, which PostgreSQL cannot store: correct it in Steward, then push again", describe(v))
			}
			if strings.IndexByte(s, 0) >= 0 {
				return nil, fmt.Errorf("%s holds a NUL character, which PostgreSQL cannot store: correct it in Steward, then push again", describe(v))
			}
			return s, nil
		}, nil
	}
	return nil, fmt.Errorf("no conversion to %s", typ)
}

// describe shows a value in an error, shortened.
func describe(v any) string {
	s := fmt.Sprintf("%q", fmt.Sprint(v))
	if b, ok := v.([]byte); ok {
		s = fmt.Sprintf("%q", b)
	}
	if len(s) > 60 {
		s = s[:57] + `..."`
	}
	return "the value " + s
}

// parseUUID reads a UUID's text (8-4-4-4-12 hexadecimal digits, either case).
func parseUUID(s string) (pgtype.UUID, bool) {
	var u pgtype.UUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, false
	}
	h := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:]
	if _, err := hex.Decode(u.Bytes[:], []byte(h)); err != nil {
		return u, false
	}
	u.Valid = true
	return u, true
}

// holderNames reads every person's name by id, for the search index.
func holderNames(ctx context.Context, ltx *sql.Tx) (map[int64]string, error) {
	rows, err := ltx.QueryContext(ctx, "SELECT id, name FROM people")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// searchDoc is one asset's search row.
type searchDoc struct {
	id       int64
	doc, key string
}

// searchRow is what an asset's search row is made of: tag, name, serial,
// model, manufacturer and notes, and the holder's id.
type searchRow struct {
	id, holder int64
	fields     [6]string
}

// searchDocs builds the assets' search rows on another goroutine (the
// machine's other core) while their rows go to the server.
type searchDocs struct {
	holders map[int64]string
	in      chan []searchRow
	batch   []searchRow
	docs    []searchDoc
	done    chan struct{}
	once    sync.Once
}

func newSearchDocs(holders map[int64]string) *searchDocs {
	s := &searchDocs{holders: holders, in: make(chan []searchRow, 4), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for batch := range s.in {
			for _, r := range batch {
				f := r.fields
				s.docs = append(s.docs, searchDoc{r.id, postgres.SearchVector(f[0], f[1], f[2], f[3], f[4], s.holders[r.holder], f[5]), postgres.SearchTagKey(f[0])})
			}
		}
	}()
	return s
}

// rowFunc is the onRow of the assets' copy: it takes each row's search
// fields (cols are the assets table's columns, in the order read).
func (s *searchDocs) rowFunc(cols []string) (func([]any), error) {
	want := []string{"id", "assigned_to", "tag", "name", "serial", "model", "manufacturer", "notes"}
	idx := make([]int, len(want))
	for i, w := range want {
		if idx[i] = slices.Index(cols, w); idx[i] < 0 {
			return nil, fmt.Errorf("the assets table has no column %s", w)
		}
	}
	return func(vals []any) {
		var r searchRow
		r.id, _ = vals[idx[0]].(int64)
		r.holder, _ = vals[idx[1]].(int64)
		for i := range r.fields {
			r.fields[i] = text(vals[idx[2+i]])
		}
		s.batch = append(s.batch, r)
		if len(s.batch) == 1000 {
			s.in <- s.batch
			s.batch = make([]searchRow, 0, 1000)
		}
	}, nil
}

func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// finish waits for the last rows and returns them all.
func (s *searchDocs) finish() []searchDoc {
	if len(s.batch) > 0 {
		s.in <- s.batch
		s.batch = nil
	}
	s.stop()
	return s.docs
}

// stop ends the goroutine (safe to call again).
func (s *searchDocs) stop() {
	s.once.Do(func() { close(s.in) })
	<-s.done
}

// copySearch writes the search rows by COPY: each asset's tsvector as
// postgres.SearchVector writes it (the text the store's own writes cast
// with $n::tsvector), read into its parts here and sent in binary.
func copySearch(ctx context.Context, tx pgx.Tx, docs []searchDoc) error {
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"asset_search"}, []string{"asset_id", "doc", "tag_key"},
		pgx.CopyFromSlice(len(docs), func(i int) ([]any, error) {
			var v pgtype.TSVector
			if err := v.Scan(docs[i].doc); err != nil {
				return nil, fmt.Errorf("asset %d: %w", docs[i].id, err)
			}
			return []any{docs[i].id, v, docs[i].key}, nil
		}))
	return err
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// A register's schema must be exactly the one its version's migrations
// make: a backup with a table dropped, a column added or a trigger slipped
// in (one that deletes people on every insert, say) is not a sound
// register, whatever integrity_check says.

// schemaEntry is one object of sqlite_schema, with a table's columns.
type schemaEntry struct {
	kind, name, table, sql string
	columns                []string // tables: name, type, not null, default, key, hidden
}

// schema maps "kind name" to its entry.
type schema map[string]schemaEntry

// readSchema reads the schema of q's database db ("main", or an attached
// one's name). SQLite's statistics tables (ANALYZE) hold no data of
// Steward's and are left out.
func readSchema(ctx context.Context, q txOrDB, db string) (schema, error) {
	rows, err := q.QueryContext(ctx, `SELECT type, name, tbl_name, coalesce(sql, '') FROM `+db+`.sqlite_schema WHERE name NOT LIKE 'sqlite_stat%'`)
	if err != nil {
		return nil, err
	}
	out := schema{}
	for rows.Next() {
		var e schemaEntry
		if err := rows.Scan(&e.kind, &e.name, &e.table, &e.sql); err != nil {
			rows.Close()
			return nil, err
		}
		out[e.kind+" "+e.name] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for k, e := range out {
		if e.kind != "table" {
			continue
		}
		cols, err := q.QueryContext(ctx, `SELECT name, type, "notnull", coalesce(dflt_value, ''), pk, hidden FROM pragma_table_xinfo(?, ?)`, e.name, db)
		if err != nil {
			return nil, err
		}
		for cols.Next() {
			var name, typ, dflt string
			var notNull, pk, hidden int
			if err := cols.Scan(&name, &typ, &notNull, &dflt, &pk, &hidden); err != nil {
				cols.Close()
				return nil, err
			}
			e.columns = append(e.columns, fmt.Sprintf("%s\x00%s %d %q %d %d", name, typ, notNull, dflt, pk, hidden))
		}
		cols.Close()
		if err := cols.Err(); err != nil {
			return nil, err
		}
		out[k] = e
	}
	return out, nil
}

var expectedSchemas = struct {
	sync.Mutex
	byVersion map[int]schema
}{byVersion: map[int]schema{}}

// mayExist matches what a migration writes for an object that may or may
// not be there already: CREATE ... IF NOT EXISTS x, DROP ... IF EXISTS x.
var mayExist = regexp.MustCompile(`(?i)(?:CREATE\s+(?:UNIQUE\s+)?(INDEX|TABLE|TRIGGER|VIEW)\s+IF\s+NOT\s+EXISTS|DROP\s+(INDEX|TABLE|TRIGGER|VIEW)\s+IF\s+EXISTS)\s+"?(\w+)`)

// tolerated are the objects that registers of a version may hold beyond
// its schema, because the later migrations allow for them (earlier
// Stewards made some objects in another migration than today's): "kind
// name" keys.
func tolerated(ms []migration) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		for _, g := range mayExist.FindAllStringSubmatch(m.sql, -1) {
			kind := g[1] + g[2]
			out[strings.ToLower(kind)+" "+g[3]] = true
		}
	}
	return out
}

// expectedSchema is the schema migrations 1..version make, built once per
// version in a private in-memory database.
func expectedSchema(ctx context.Context, version int) (schema, error) {
	expectedSchemas.Lock()
	defer expectedSchemas.Unlock()
	if s, ok := expectedSchemas.byVersion[version]; ok {
		return s, nil
	}
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	if version < 1 || version > len(ms) {
		return nil, fmt.Errorf("no schema version %d", version)
	}
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one memory database
	for _, m := range ms[:version] {
		if _, err := db.ExecContext(ctx, m.sql); err != nil {
			return nil, fmt.Errorf("building schema %d: %s: %w", version, m.name, err)
		}
	}
	s, err := readSchema(ctx, db, "main")
	if err != nil {
		return nil, err
	}
	expectedSchemas.byVersion[version] = s
	return s, nil
}

// schemaDifferences names every way got differs from want, sorted.
func schemaDifferences(got, want schema) []string {
	var out []string
	for k, w := range want {
		if _, ok := got[k]; !ok {
			out = append(out, "missing "+w.describe())
		}
	}
	for k, g := range got {
		w, ok := want[k]
		switch {
		case !ok:
			out = append(out, "extra "+g.describe())
		case g.kind == "table":
			out = append(out, columnDifferences(g, w)...)
		case g.sql != w.sql || g.table != w.table:
			out = append(out, g.describe()+" differs")
		}
	}
	sort.Strings(out)
	return out
}

// describe names the object: `trigger "x" on assets`, `table "people"`.
func (e schemaEntry) describe() string {
	d := fmt.Sprintf("%s %q", e.kind, e.name)
	if e.kind == "index" || e.kind == "trigger" {
		d += " on " + e.table
	}
	return d
}

// columnDifferences compares two tables' columns, then their definitions
// (constraints live only in the SQL).
func columnDifferences(got, want schemaEntry) []string {
	var out []string
	gc, wc := columnMap(got.columns), columnMap(want.columns)
	for name := range wc {
		if _, ok := gc[name]; !ok {
			out = append(out, fmt.Sprintf("table %q: missing column %q", got.name, name))
		}
	}
	for name, def := range gc {
		w, ok := wc[name]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("table %q: extra column %q", got.name, name))
		case def != w:
			out = append(out, fmt.Sprintf("table %q: column %q differs", got.name, name))
		}
	}
	if len(out) == 0 && got.sql != want.sql {
		out = append(out, fmt.Sprintf("table %q is defined differently", got.name))
	}
	return out
}

func columnMap(cols []string) map[string]string {
	m := make(map[string]string, len(cols))
	for _, c := range cols {
		name, def, _ := strings.Cut(c, "\x00")
		m[name] = def
	}
	return m
}

// checkSchema refuses a database whose schema is not the one its version
// must have, naming the first differences.
func checkSchema(ctx context.Context, q txOrDB, db string, version int) error {
	want, err := expectedSchema(ctx, version)
	if err != nil {
		return err
	}
	got, err := readSchema(ctx, q, db)
	if err != nil {
		return err
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	for k := range tolerated(ms[version:]) {
		if _, expected := want[k]; !expected {
			delete(got, k)
		}
	}
	diffs := schemaDifferences(got, want)
	if len(diffs) == 0 {
		return nil
	}
	if len(diffs) > 8 {
		diffs = append(diffs[:8], fmt.Sprintf("and %d more", len(diffs)-8))
	}
	return fmt.Errorf("its schema is not that of a Steward register (version %d): %s", version, strings.Join(diffs, "; "))
}

package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
)

// What the PostgreSQL register has that SQLite's has not, and the other
// way round (see the head of migrations/0001_register.sql).
var (
	pgOnlyTables   = map[string]bool{"schema_migrations": true, "counters": true, "asset_search": true, "changes": true, "bulk_load_saved": true}
	liteOnlyTables = map[string]bool{"visit": true, "visit_base": true} // a visit bundle's, always SQLite
	pgOnlyColumns  = map[string]bool{"version": true, "db_user": true}
)

type column struct {
	name, typ, dflt string
	notNull, pk     bool
}

// The PostgreSQL register is the SQLite register at the same point: the
// same tables, the same columns in the same order, of matching types, as
// nullable, with the same defaults, and every named index.
func TestSchemaMatchesSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	// SQLite's 14 (versions) added the version PostgreSQL had from the start.
	if sqlite.SchemaVersion() != 14 {
		t.Logf("SQLite's schema is at version %d: this register was written against version 14; add what changed since as a PostgreSQL migration", sqlite.SchemaVersion())
	}
	liteTables := map[string][]column{}
	rows, err := lite.ReadDB().QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'assets_fts%'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		cols, err := lite.ReadDB().QueryContext(ctx, `SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_xinfo(?)`, n)
		if err != nil {
			t.Fatal(err)
		}
		for cols.Next() {
			var c column
			var pk int
			cols.Scan(&c.name, &c.typ, &c.notNull, &c.dflt, &pk)
			c.pk = pk > 0
			liteTables[n] = append(liteTables[n], c)
		}
		cols.Close()
	}

	pg := pgtest.NewStore(t)
	pgTables := map[string][]column{}
	prow, err := pg.Pool().Query(ctx, `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO', coalesce(c.column_default, c.generation_expression, ''),
		EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints tc
			ON tc.constraint_name = k.constraint_name AND tc.table_name = k.table_name AND tc.constraint_type = 'PRIMARY KEY'
			WHERE k.table_name = c.table_name AND k.column_name = c.column_name)
		FROM information_schema.columns c WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	for prow.Next() {
		var table string
		var c column
		if err := prow.Scan(&table, &c.name, &c.typ, &c.notNull, &c.dflt, &c.pk); err != nil {
			t.Fatal(err)
		}
		pgTables[table] = append(pgTables[table], c)
	}
	prow.Close()

	for n := range liteTables {
		if _, ok := pgTables[n]; !ok && !liteOnlyTables[n] {
			t.Errorf("table %s is missing", n)
		}
	}
	for n := range pgTables {
		if _, ok := liteTables[n]; !ok && !pgOnlyTables[n] {
			t.Errorf("table %s is not in the SQLite register", n)
		}
	}
	for n, lcols := range liteTables {
		pcols, ok := pgTables[n]
		if !ok {
			continue
		}
		// PostgreSQL's own columns come at the end of the table as it was
		// made; a later migration's columns follow them (ADD COLUMN).
		var extra, kept []column
		for _, c := range pcols {
			if pgOnlyColumns[c.name] {
				extra = append(extra, c)
			} else {
				kept = append(kept, c)
			}
		}
		pcols = kept
		// SQLite's version (its migration 14) comes last, after columns
		// PostgreSQL made before its own version: compared as PostgreSQL's.
		lcols = slices.DeleteFunc(slices.Clone(lcols), func(c column) bool { return c.name == "version" })
		if len(pcols) != len(lcols) {
			t.Errorf("%s: columns %v, SQLite's %v", n, colNames(pcols), colNames(lcols))
			continue
		}
		for i, l := range lcols {
			p := pcols[i]
			where := n + "." + l.name
			if p.name != l.name {
				t.Errorf("%s: column %d is %s, SQLite's %s", n, i+1, p.name, l.name)
				continue
			}
			if !typeMatches(l, p) {
				t.Errorf("%s: %s, SQLite's %s", where, p.typ, l.typ)
			}
			nullable := !l.notNull && !l.pk
			if l.name == "gid" {
				nullable = false // NOT NULL, with a new UUIDv7 by default
			}
			if p.notNull == nullable {
				t.Errorf("%s: NOT NULL is %v, SQLite's %v", where, p.notNull, l.notNull)
			}
			if ld, pd := normDefault(l.dflt), normDefault(p.dflt); ld != pd && l.name != "gid" && l.name != "entry" && !strings.Contains(p.dflt, "nextval") {
				t.Errorf("%s: default %q, SQLite's %q", where, p.dflt, l.dflt)
			}
		}
		for _, e := range extra {
			if e.name == "version" && (e.typ != "integer" || !e.notNull || e.dflt != "1") {
				t.Errorf("%s.version: %+v", n, e)
			}
		}
	}

	// Every named index of SQLite's has one of the same name.
	lidx := map[string]string{}
	irows, err := lite.ReadDB().QueryContext(ctx, `SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'`)
	if err != nil {
		t.Fatal(err)
	}
	for irows.Next() {
		var n, tb string
		irows.Scan(&n, &tb)
		lidx[n] = tb
	}
	irows.Close()
	pidx := map[string]string{}
	qrows, err := pg.Pool().Query(ctx, `SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	for qrows.Next() {
		var n, tb string
		qrows.Scan(&n, &tb)
		pidx[n] = tb
	}
	qrows.Close()
	for n, tb := range lidx {
		if pidx[n] != tb {
			t.Errorf("index %s on %s is missing", n, tb)
		}
	}
}

func colNames(cs []column) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.name)
	}
	return out
}

// typeMatches: INTEGER is bigint, integer or boolean (the 0/1 flags);
// TEXT is text, or uuid for global ids; REAL is double precision.
func typeMatches(l, p column) bool {
	switch strings.ToUpper(l.typ) {
	case "INTEGER":
		return p.typ == "bigint" || p.typ == "integer" || p.typ == "boolean"
	case "TEXT":
		return p.typ == "text" || p.typ == "uuid" && strings.HasSuffix(l.name, "gid")
	case "REAL":
		return p.typ == "double precision"
	}
	return false
}

var cast = regexp.MustCompile(`::[a-z ]+$`)

// normDefault writes a default as SQLite would: no casts, 0/1 for false/true.
func normDefault(d string) string {
	d = cast.ReplaceAllString(d, "")
	switch d {
	case "false":
		return "0"
	case "true":
		return "1"
	}
	return fmt.Sprint(d)
}

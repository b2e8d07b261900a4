package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"steward/assets"
)

// gidSeries is a series of global ids for the rows of one set-based
// INSERT ... SELECT, which would otherwise run the global id trigger's
// update (migration 0012_global_ids) once per row: one UUIDv7 made in Go gives the time, version
// and the random bits of the first 24 characters (prefix); its last 48
// random bits (base) plus each row's distinct number make the rest, as
// UUIDv7's counter method allows. gidSeriesSQL is the SQL using them.
func gidSeries() (prefix string, base int64) {
	g := assets.NewGID()
	base, _ = strconv.ParseInt(g[24:], 16, 64)
	return g[:24], base
}

// gidSeriesSQL takes two arguments, gidSeries' prefix and base, in this
// order; n is the row's distinct number (an id).
func gidSeriesSQL(n string) string {
	return `? || printf('%012x', (? + ` + n + `) & 281474976710655)`
}

// gidInSeries is gidSeriesSQL's id for row n, made in Go.
func gidInSeries(prefix string, base, n int64) string {
	return prefix + fmt.Sprintf("%012x", (base+n)&(1<<48-1))
}

// gidSQL is a new UUIDv7 for each row, in SQL: the expression of the global
// id triggers (migration 0012_global_ids).
const gidSQL = `lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
	substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
	substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
	substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))`

// fillGIDs gives a global id to the rows of schema.table that where selects
// and that have none yet (rows of a bulk insert get theirs here, the first
// time they leave the register). A table without a gid column is left alone.
func fillGIDs(ctx context.Context, tx *sql.Tx, schema, table, where string, args ...any) error {
	var has int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?, ?) WHERE name = 'gid'`, table, schema).Scan(&has); err != nil {
		return err
	}
	if has == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %s.%s SET gid = %s WHERE gid IS NULL AND (%s)`, schema, table, gidSQL, where), args...)
	return err
}

// gidMaker gives row n of an insert its global id: nil (NULL, for
// fillGIDs) in a bulk insert, else the next of an ascending series.
func gidMaker(bulk bool) func(n int) any {
	if bulk {
		return func(int) any { return nil }
	}
	prefix, base := gidSeries()
	return func(n int) any { return gidInSeries(prefix, base, int64(n)) }
}

// historyOfNewAssets is the statement (and its arguments) writing a
// "create" history row for every asset above maxID, with global ids as
// gidMaker gives them.
func historyOfNewAssets(bulk bool, at, actor string, maxID int64) (string, []any) {
	const q = `INSERT INTO history(at,actor,entity,entity_id,action,new_value,gid)
		SELECT ?, ?, 'asset', id, 'create', tag || ' ' || name, %s FROM assets WHERE id > ? ORDER BY id`
	if bulk {
		return fmt.Sprintf(q, "NULL"), []any{at, actor, maxID}
	}
	prefix, base := gidSeries()
	return fmt.Sprintf(q, gidSeriesSQL("id")), []any{at, actor, prefix, base, maxID}
}

// fillBundleGIDs gives every record of the register at path that has no
// global id one, in one transaction (a visit bundle before it is merged:
// its records must all be matched by id, now and at any later check-in).
func fillBundleGIDs(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", dsn(path, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT s.name FROM sqlite_schema s WHERE s.type = 'table'
		AND EXISTS (SELECT 1 FROM pragma_table_info(s.name) c WHERE c.name = 'gid')`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		if err := fillGIDs(ctx, tx, "main", t, "1"); err != nil {
			return err
		}
	}
	return tx.Commit()
}

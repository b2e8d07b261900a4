package move

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets"
	"steward/assets/safefile"
	"steward/assets/sqlite"
)

// Backup writes the PostgreSQL register from is connected to into a new
// Steward SQLite file at dest, which must not exist: a register of the
// schema sqlite.Create makes, every table copied from one snapshot of the
// shared register (others may go on working meanwhile), the search index
// built the SQLite way. 'steward restore' and Push accept the file.
//
// The file is written under a temporary name beside dest (safefile) and
// appears under dest only once it is whole and has passed
// sqlite.CheckBackup; a failure or a cancelled ctx leaves nothing under
// dest. It returns what CheckBackup found.
func Backup(ctx context.Context, from *pgx.Conn, dest string, opts Options) (Summary, assets.BackupInfo, error) {
	start := time.Now()
	sum := Summary{Rows: map[string]int64{}}
	var info assets.BackupInfo
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return sum, info, err
	}
	if _, err := os.Lstat(dest); err == nil {
		return sum, info, fmt.Errorf("%s %w; choose another name", dest, safefile.ErrExists)
	}
	tmp, err := safefile.Create(dest, 0o600, safefile.Rules{})
	if err != nil {
		return sum, info, err
	}
	defer func() {
		tmp.Abort()
		for _, suffix := range []string{"-journal", "-wal", "-shm"} {
			os.Remove(tmp.Name() + suffix)
		}
	}()
	tmp.Close()
	prog := &progress{fn: opts.Progress}
	prog.at("reading the register")

	// One snapshot of the shared register.
	tx, err := from.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return sum, info, stopped(ctx, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := checkPGVersion(ctx, tx, "there is nothing to back up"); err != nil {
		return sum, info, err
	}

	store, err := sqlite.Create(ctx, tmp.Name(), sqlite.Options{NoMigrationBackup: true})
	if err != nil {
		return sum, info, err
	}
	if err := store.Close(); err != nil {
		return sum, info, err
	}
	if err := fill(ctx, tx, tmp.Name(), prog, &sum); err != nil {
		return Summary{Rows: map[string]int64{}}, info, stopped(ctx, fmt.Errorf("backup to %s failed: %w", dest, err))
	}
	prog.at("checking the copy")
	if info, err = sqlite.CheckBackup(ctx, tmp.Name()); err != nil {
		return Summary{Rows: map[string]int64{}}, info, fmt.Errorf("the backup does not check out, so it was not kept: %w", err)
	}
	if err := tmp.CommitNew(); err != nil {
		return Summary{Rows: map[string]int64{}}, info, err
	}
	sum.Elapsed = time.Since(start)
	return sum, info, nil
}

// fill copies the register tx reads into the new SQLite register at path,
// in one transaction, and leaves the file whole (no -wal).
func fill(ctx context.Context, tx pgx.Tx, path string, prog *progress, sum *Summary) error {
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_foreign_keys=off&_busy_timeout=10000&_txlock=immediate&_cache_size=-65536")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ltx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer ltx.Rollback()
	names, liteCols, err := sqliteTables(ctx, ltx)
	if err != nil {
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
	for _, t := range tables {
		var n int64
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+quote(t.name)).Scan(&n); err != nil {
			return err
		}
		prog.total += n
	}

	// Indexes and triggers aside while the rows go in, made again after
	// them (as restore does): no trigger runs on the copy, whose derived
	// rows (training_latest, asset_disposals) come as they are.
	objects, err := ltx.QueryContext(ctx, `SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid`)
	if err != nil {
		return err
	}
	type object struct{ kind, name, sql string }
	var aside []object
	for objects.Next() {
		var o object
		if err := objects.Scan(&o.kind, &o.name, &o.sql); err != nil {
			objects.Close()
			return err
		}
		aside = append(aside, o)
	}
	objects.Close()
	if err := objects.Err(); err != nil {
		return err
	}
	for _, o := range aside {
		if _, err := ltx.ExecContext(ctx, "DROP "+strings.ToUpper(o.kind)+" "+quote(o.name)); err != nil {
			return err
		}
	}
	// What a new register starts with makes way for the register's own.
	for _, t := range append(names, countsTable) {
		if _, err := ltx.ExecContext(ctx, "DELETE FROM "+quote(t)); err != nil {
			return err
		}
	}

	for _, t := range tables {
		prog.at("copying " + t.name)
		where := ""
		if t.name == "settings" {
			where = " WHERE key <> " + sqlString(assets.SettingTagCounter)
		}
		n, err := copyOut(ctx, tx, ltx, t, where, prog)
		if err != nil {
			return fmt.Errorf("copying %s: %w", t.name, err)
		}
		sum.Rows[t.name] = n
	}
	var tags int64
	err = tx.QueryRow(ctx, "SELECT value FROM counters WHERE name = $1", assets.SettingTagCounter).Scan(&tags)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if tags != 0 {
		if _, err := ltx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES (?, ?)", assets.SettingTagCounter, fmt.Sprint(tags)); err != nil {
			return err
		}
	}
	// The counts: the ledger's sums, one row per combination in use.
	rows, err := tx.Query(ctx, `SELECT category, status, location, sum(n)::bigint FROM asset_counts
		GROUP BY category, status, location HAVING sum(n) <> 0 ORDER BY category, status, location`)
	if err != nil {
		return err
	}
	ins, err := ltx.PrepareContext(ctx, "INSERT INTO asset_counts(category, status, location, n) VALUES (?, ?, ?, ?)")
	if err != nil {
		rows.Close()
		return err
	}
	for rows.Next() {
		var c, s, l string
		var n int64
		if err := rows.Scan(&c, &s, &l, &n); err != nil {
			rows.Close()
			return err
		}
		if _, err := ins.ExecContext(ctx, c, s, l, n); err != nil {
			rows.Close()
			return err
		}
		sum.Rows[countsTable]++
	}
	rows.Close()
	ins.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	prog.at("building the search index")
	// As the SQLite register's migrations fill it (0007_lean_assets).
	if _, err := ltx.ExecContext(ctx, `INSERT INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
		SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, coalesce(p.name, ''), a.notes
		FROM assets a LEFT JOIN people p ON p.id = a.assigned_to ORDER BY a.id`); err != nil {
		return err
	}
	prog.at("building indexes")
	for _, kind := range []string{"index", "trigger"} {
		for _, o := range aside {
			if o.kind != kind {
				continue
			}
			if _, err := ltx.ExecContext(ctx, o.sql); err != nil {
				return fmt.Errorf("making %s %s: %w", o.kind, o.name, err)
			}
		}
	}
	prog.at("checking references")
	var table string
	var n int
	err = ltx.QueryRowContext(ctx, `SELECT "table", count(*) FROM pragma_foreign_key_check GROUP BY 1 ORDER BY 2 DESC LIMIT 1`).Scan(&table, &n)
	if err == nil {
		return fmt.Errorf("%d rows of %s refer to records that are not there", n, table)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err := ltx.Commit(); err != nil {
		return err
	}
	// One file, as Steward's backups are (no -wal beside it).
	if _, err := db.ExecContext(ctx, "PRAGMA journal_mode=DELETE"); err != nil {
		return err
	}
	return db.Close()
}

// copyOut copies one table's rows from PostgreSQL into the SQLite
// register, in the order of its primary key, with multi-row INSERTs.
func copyOut(ctx context.Context, tx pgx.Tx, ltx *sql.Tx, t table, where string, prog *progress) (int64, error) {
	exprs := make([]string, len(t.cols))
	for i, c := range t.cols {
		switch t.types[i] {
		case "uuid":
			exprs[i] = quote(c) + "::text"
		case "boolean":
			exprs[i] = quote(c) + "::int"
		default:
			exprs[i] = quote(c)
		}
	}
	q := "SELECT " + strings.Join(exprs, ", ") + " FROM " + quote(t.name) + where
	if len(t.key) > 0 {
		q += " ORDER BY " + quoteAll(t.key)
	}
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	per := min(500, 32766/len(t.cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	head := "INSERT INTO " + quote(t.name) + "(" + quoteAll(t.cols) + ") VALUES "
	full, err := ltx.PrepareContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+", ", per), ", "))
	if err != nil {
		return 0, err
	}
	defer full.Close()
	args := make([]any, 0, per*len(t.cols))
	var n int64
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		var err error
		if len(args) == cap(args) {
			_, err = full.ExecContext(ctx, args...)
		} else {
			k := len(args) / len(t.cols)
			_, err = ltx.ExecContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+", ", k), ", "), args...)
		}
		args = args[:0]
		return err
	}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return n, err
		}
		args = append(args, vals...)
		n++
		if len(args) == cap(args) {
			if err := flush(); err != nil {
				return n, err
			}
			prog.add(int64(per))
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if err := flush(); err != nil {
		return n, err
	}
	prog.add(n % int64(per))
	return n, nil
}

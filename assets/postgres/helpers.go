package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Small helpers every method group of the store uses.

// rowScanner is a row to scan: pgx.Row or pgx.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// queryRows runs a query and reads each row with scan: nil for no rows.
func queryRows[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// nullID is an optional reference for a column: NULL for 0 (no person, no
// asset, no previous task).
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// errDryRun rolls back a dry run's transaction after it has done everything.
var errDryRun = errors.New("dry run")

// withTxDry is withTx that, for a dry run, does all the work (so the counts
// and any constraint errors are those a real run meets) and then rolls it
// back: an import's check keeps nothing.
func (s *Store) withTxDry(ctx context.Context, dry bool, fn func(tx pgx.Tx) error) error {
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if dry {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// likeEscaper escapes a LIKE/ILIKE pattern's wildcards and its escape
// character (PostgreSQL's default ESCAPE is '\', as SQLite's LIKE ...
// ESCAPE '\' in the SQLite store).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likeAnywhere is a LIKE/ILIKE pattern matching s anywhere, with s's own %,
// _ and \ taken literally. ILIKE (or LIKE between nocase()s) on the C
// collation folds ASCII letters only, as SQLite's LIKE does.
func likeAnywhere(s string) string { return "%" + likeEscaper.Replace(s) + "%" }

// conds gathers the conditions of a WHERE clause and their arguments.
type conds struct {
	parts []string
	args  []any
}

// arg adds an argument and returns its placeholder ($n).
func (c *conds) arg(v any) string {
	c.args = append(c.args, v)
	return fmt.Sprintf("$%d", len(c.args))
}

// add adds a condition; each "?" in it becomes the placeholder of the next
// of args, in order.
func (c *conds) add(cond string, args ...any) {
	for _, a := range args {
		cond = strings.Replace(cond, "?", c.arg(a), 1)
	}
	c.parts = append(c.parts, cond)
}

// where is " WHERE ..." with every condition, or "" for none.
func (c *conds) where() string {
	if len(c.parts) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.parts, " AND ")
}

// activeStatuses is the domain's ActiveStatuses as query arguments.
func activeStatuses() []string { return statusNames(assets.ActiveStatuses) }

// statusNames is a status set as text, for "status = ANY($n)".
func statusNames(set []assets.Status) []string {
	out := make([]string, len(set))
	for i, st := range set {
		out[i] = string(st)
	}
	return out
}

// setting reads a setting through q, "" when unset.
func setting(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRow(ctx, "SELECT value FROM settings WHERE key = $1", key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// putSetting stores a setting inside tx.
func putSetting(ctx context.Context, tx pgx.Tx, key, value string) error {
	_, err := tx.Exec(ctx, `INSERT INTO settings(key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// IDs. Every record whose history names it (assets, people, courses,
// licences, contracts, tasks) gets its ID from the store as SQLite's store
// gives it: the highest ID the table has ever used, deleted records
// included, plus one. So a deleted record's history is never shown as a new
// one's, a dry run or a refused insert uses no ID up, and both engines
// number the same register alike. Whoever chooses such IDs first takes the
// table's ID lock (lockIDs: a transaction advisory lock) and holds it to
// the end of its transaction, so writers of one table take turns and never
// collide. Every insert into these tables must name its ID from
// newID/lockIDs: the identity default of their id column is never used
// (its sequence stays behind, and technicians may not setval).
//
// The other tables (hand-overs, seats, training records, scans, sightings,
// inventory reports, audits) are numbered by their identity column alone:
// nothing inserts them with an ID of its own.

// newID takes table's ID lock and returns the ID of one new record.
func newID(ctx context.Context, tx pgx.Tx, table, entity string) (int64, error) {
	last, err := lockIDs(ctx, tx, table, entity)
	return last + 1, err
}

// lockIDs takes table's ID lock until the transaction ends and returns the
// highest ID the table has ever used: new records take the IDs above it.
// Its statement comes after the lock's, so it sees every ID committed by
// the writer that held the lock before (READ COMMITTED).
func lockIDs(ctx context.Context, tx pgx.Tx, table, entity string) (int64, error) {
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", idLockKey(table)); err != nil {
		return 0, err
	}
	return lastUsedID(ctx, tx, table, entity)
}

// lastUsedID is the highest ID table has ever given out, counting the ones
// that history still names after a delete (as SQLite's lastUsedID). Callers
// hold the table's ID lock (lockIDs).
func lastUsedID(ctx context.Context, tx pgx.Tx, table, entity string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT greatest(COALESCE((SELECT max(id) FROM `+table+`), 0),
		COALESCE((SELECT max(entity_id) FROM history WHERE entity = $1), 0))`, entity).Scan(&id)
	return id, err
}

// idLockKey is the transaction advisory lock key that writers choosing IDs
// of table take ("STWD" and a hash of the table's name).
func idLockKey(table string) int64 {
	h := fnv.New32a()
	h.Write([]byte(table))
	return 0x5354574400000000 | int64(h.Sum32()&0x7fffffff)
}

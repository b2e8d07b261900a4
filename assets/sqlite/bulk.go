package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// insertRows runs head ("INSERT INTO t(a,b) VALUES ") for rows 0..n-1,
// up to bulkRows rows per statement; row appends row i's cols values to
// args. Each statement binds all its values in one cgo crossing
// (execFused). When one fails, SQLite has undone just that statement, and
// the error is a *failedRows naming the rows it held.
func insertRows(ctx context.Context, tx *sql.Tx, head string, cols, n int, row func(i int, args []any) []any) error {
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	args := make([]any, 0, min(n, bulkRows)*cols)
	for lo := 0; lo < n; lo += bulkRows {
		hi := min(lo+bulkRows, n)
		st, ok := stmts[hi-lo]
		if !ok {
			var err error
			if st, err = tx.PrepareContext(ctx, head+placeholders(hi-lo, cols)); err != nil {
				return err
			}
			stmts[hi-lo] = st
		}
		args = args[:0]
		for i := lo; i < hi; i++ {
			args = row(i, args)
		}
		if len(args) != (hi-lo)*cols {
			return fmt.Errorf("insertRows: %d values for %d rows of %d", len(args), hi-lo, cols)
		}
		if err := execFused(ctx, st, args...); err != nil {
			return &failedRows{lo, hi, err}
		}
	}
	return nil
}

// failedRows is a multi-row statement that failed: rows lo..hi-1.
type failedRows struct {
	lo, hi int
	err    error
}

func (e *failedRows) Error() string { return e.err.Error() }
func (e *failedRows) Unwrap() error { return e.err }

// newID is an SQL expression for the next ID of table that no record of
// entity ever had, for INSERTs: SQLite alone would give a new record the ID
// of the newest one after it was deleted, and the new record would then show
// the deleted one's history.
func newID(table, entity string) string {
	return fmt.Sprintf(`(SELECT max(COALESCE((SELECT max(id) FROM %s), 0),
		COALESCE((SELECT max(entity_id) FROM history WHERE entity = '%s'), 0)) + 1)`, table, entity)
}

// lastUsedID is the highest ID table has ever given out, counting the ones
// that history still names after a delete: explicit IDs above it can never
// make a new record show a deleted one's history.
func lastUsedID(ctx context.Context, tx *sql.Tx, table, entity string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT "+newID(table, entity)+" - 1").Scan(&id)
	return id, err
}

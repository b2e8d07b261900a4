package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// insertMany runs head ("INSERT INTO t(a,b) VALUES ") for every row of
// args (cols values each, row after row), up to bulkRows rows per statement.
// Each statement binds all its values in one cgo crossing (execFused).
func insertMany(ctx context.Context, tx *sql.Tx, head string, cols int, args []any) error {
	if len(args)%cols != 0 {
		return fmt.Errorf("insertMany: %d values is not a whole number of %d-value rows", len(args), cols)
	}
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	for lo := 0; lo < len(args); lo += bulkRows * cols {
		hi := min(lo+bulkRows*cols, len(args))
		n := (hi - lo) / cols
		st, ok := stmts[n]
		if !ok {
			var err error
			if st, err = tx.PrepareContext(ctx, head+placeholders(n, cols)); err != nil {
				return err
			}
			stmts[n] = st
		}
		if err := execFused(ctx, st, args[lo:hi]...); err != nil {
			return err
		}
	}
	return nil
}

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

package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// insertRows is insertRowsOn the writer, inside the transaction withTx is
// running.
func (s *Store) insertRows(ctx context.Context, head string, cols, n int, row func(i int, args []any) []any) error {
	if s.writing == nil {
		return errors.New("insertRows: no write transaction")
	}
	return insertRowsOn(ctx, s.writing, head, cols, n, row)
}

// insertRowsOn runs head ("INSERT INTO t(a,b) VALUES ") on conn for rows
// 0..n-1, up to bulkRows rows per statement; row appends row i's cols
// values to args. When a statement fails, SQLite
// has undone just that statement, and the error is a *failedRows naming the
// rows it held.
//
// Two goroutines share the work: one turns rows into driver values, batch
// after batch, while this one has SQLite insert the previous batch. The
// statements go to the driver directly (conn.Raw), which binds all of a
// statement's values in one cgo crossing on its query path; database/sql
// would convert every value again first (a third of the Go time of a
// 100,000-asset insert).
func insertRowsOn(ctx context.Context, conn *sql.Conn, head string, cols, n int, row func(i int, args []any) []any) error {
	if n == 0 {
		return nil
	}
	batches := make(chan rowBatch, 1)
	free := make(chan []driver.NamedValue, 2)
	free <- make([]driver.NamedValue, 0, min(n, bulkRows)*cols)
	free <- make([]driver.NamedValue, 0, min(n, bulkRows)*cols)
	done := make(chan struct{})
	go produceRows(n, cols, row, free, batches, done)
	defer func() {
		// Stop the producer and wait for it: the caller may change the
		// rows once this returns.
		close(done)
		for range batches {
		}
	}()

	// Statements run without ctx's cancellation (go-sqlite3 would start a
	// goroutine per statement to watch it); it is checked between batches.
	run := context.WithoutCancel(ctx)
	return conn.Raw(func(dc any) error {
		prep, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("insertRows: driver connection %T cannot prepare", dc)
		}
		stmts := map[int]driver.Stmt{}
		defer func() {
			for _, st := range stmts {
				st.Close()
			}
		}()
		for b := range batches {
			if b.err != nil {
				return b.err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			rows := b.hi - b.lo
			st, ok := stmts[rows]
			if !ok {
				var err error
				if st, err = prep.PrepareContext(run, head+placeholders(rows, cols)); err != nil {
					return err
				}
				stmts[rows] = st
			}
			q, ok := st.(driver.StmtQueryContext)
			if !ok {
				return fmt.Errorf("insertRows: driver statement %T cannot query", st)
			}
			res, err := q.QueryContext(run, b.values)
			if err == nil {
				err = res.Close()
			}
			if err != nil {
				return &failedRows{b.lo, b.hi, err}
			}
			free <- b.values[:0]
		}
		return nil
	})
}

// rowBatch is rows lo..hi-1 as one statement's values (or why not).
type rowBatch struct {
	lo, hi int
	values []driver.NamedValue
	err    error
}

// produceRows sends rows 0..n-1 in batches of bulkRows, filling buffers
// taken from free, until done is closed.
func produceRows(n, cols int, row func(i int, args []any) []any, free chan []driver.NamedValue, batches chan<- rowBatch, done <-chan struct{}) {
	defer close(batches)
	args := make([]any, 0, min(n, bulkRows)*cols)
	for lo := 0; lo < n; lo += bulkRows {
		hi := min(lo+bulkRows, n)
		var values []driver.NamedValue
		select {
		case values = <-free:
		case <-done:
			return
		}
		args = args[:0]
		for i := lo; i < hi; i++ {
			args = row(i, args)
		}
		b := rowBatch{lo: lo, hi: hi}
		if len(args) != (hi-lo)*cols {
			b.err = fmt.Errorf("insertRows: %d values for %d rows of %d", len(args), hi-lo, cols)
		}
		for j, v := range args {
			if b.err != nil {
				break
			}
			var dv driver.Value
			if dv, b.err = driverValue(v); b.err == nil {
				values = append(values, driver.NamedValue{Ordinal: j + 1, Value: dv})
			}
		}
		b.values = values
		select {
		case batches <- b:
		case <-done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// driverValue is what database/sql would hand the driver for v.
func driverValue(v any) (driver.Value, error) {
	switch v := v.(type) {
	case nil, string, int64, float64, bool, []byte, time.Time:
		return v, nil
	case int:
		return int64(v), nil
	}
	return driver.DefaultParameterConverter.ConvertValue(v)
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

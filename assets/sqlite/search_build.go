package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"steward/assets"
)

// A bulk insert into an empty search index (the first import of a
// register) builds that index on the machine's other core: once the rows
// are in, a private in-memory database with the same FTS5 table indexes the
// new assets on its own connection while the writer builds the table's
// indexes (and an import writes its warranty contracts); the finished index
// (the FTS5 table's own tables) is then copied into assets_fts. FTS5's
// insert path runs on one core and was a fifth of a 100,000-asset insert;
// the copy is a few multi-row INSERTs.
//
// FTS5 keeps the index's structure cached per connection and only notices
// other connections' changes, so the writer connection that copied is
// closed after the transaction (Store.dropWriter), never reused.

// asideMin is the smallest bulk insert whose search index is built aside:
// below it, starting a database and copying costs more than it saves.
var asideMin = 20_000

// searchShadows are the FTS5 tables that hold an index's content (its
// _config table holds only the options, the same on both sides).
var searchShadows = []string{"assets_fts_data", "assets_fts_idx", "assets_fts_docsize"}

// searchAside is a search index being built for list on another connection.
type searchAside struct {
	launch  func()        // starts the build's goroutine
	started bool          // launch ran (begin; one goroutine, the writer's)
	done    chan struct{} // closed when a started build ends
	err     error
	tables  map[string][][]any // shadow table -> its rows, all columns
	firstID int64              // the batch's assets have IDs from here up
}

// buildAside is buildSearchAside; tests replace it to make it fail.
var buildAside = buildSearchAside

// startSearchAside prepares building list's search rows aside (begin
// starts it), or returns nil when the bulk insert should index them itself:
// too few rows, or a search index that is not empty (the copy can only fill
// an empty one).
func (s *Store) startSearchAside(ctx context.Context, tx *sql.Tx, list []assets.Asset) (*searchAside, error) {
	if len(list) < asideMin {
		return nil, nil
	}
	var empty bool
	err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM assets_fts_docsize)
		AND NOT EXISTS (SELECT 1 FROM assets_fts_idx)
		AND NOT EXISTS (SELECT 1 FROM assets_fts_data WHERE id NOT IN (1, 10))`).Scan(&empty) // 1: averages, 10: structure
	if err != nil || !empty {
		return nil, err
	}
	var ddl string
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE name = 'assets_fts'`).Scan(&ddl); err != nil {
		return nil, err
	}
	holders := map[int64]string{}
	for i := range list {
		if id := list[i].AssignedTo; id != 0 {
			holders[id] = ""
		}
	}
	if len(holders) > 0 {
		rows, err := tx.QueryContext(ctx, "SELECT id, name FROM people")
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			if _, ok := holders[id]; ok {
				holders[id] = name
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	b := &searchAside{done: make(chan struct{}), firstID: list[0].ID}
	b.launch = func() {
		go func() {
			defer close(b.done)
			b.tables, b.err = buildAside(context.WithoutCancel(ctx), ddl, list, holders)
		}()
	}
	return b, nil
}

// begin starts the build; the bulk insert calls it once its rows are in,
// so that the build does not take the other core from the goroutine that
// prepares those rows (insertRows). A nil b does nothing.
func (b *searchAside) begin() {
	if b != nil && !b.started {
		b.started = true
		b.launch()
	}
}

// buildSearchAside indexes list (with its holders' names) in a new
// in-memory database whose FTS5 table is made by ddl, and returns the
// rows of that table's shadow tables.
func buildSearchAside(ctx context.Context, ddl string, list []assets.Asset, holders map[int64]string) (map[string][][]any, error) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one private memory database
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, ddl); err != nil {
		return nil, err
	}
	// The rows are staged in a plain table and indexed by one statement:
	// FTS5 writes its pending terms out at every statement of a
	// transaction, so 100-row INSERTs into it would make a thousand small
	// segments to merge.
	if _, err := tx.ExecContext(ctx, `CREATE TABLE staged(id INTEGER PRIMARY KEY, tag, name, serial, model, manufacturer, person, notes)`); err != nil {
		return nil, err
	}
	err = insertRowsOn(ctx, conn, "INSERT INTO staged VALUES ", 8, len(list), func(i int, args []any) []any {
		a := &list[i]
		return append(args, a.ID, a.Tag, a.Name, a.Serial, a.Model, a.Manufacturer, holders[a.AssignedTo], a.Notes)
	})
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
		SELECT * FROM staged ORDER BY id`); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil { // FTS5 writes its last pending terms here
		return nil, err
	}
	tables := map[string][][]any{}
	for _, t := range searchShadows {
		rows, err := conn.QueryContext(ctx, "SELECT * FROM "+t)
		if err != nil {
			return nil, err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return nil, err
		}
		for rows.Next() {
			row := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range row {
				ptrs[i] = &row[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			tables[t] = append(tables[t], row)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return tables, nil
}

// abandon waits for a started build to end (its goroutine reads the
// assets) and drops its result. A nil b does nothing.
func (b *searchAside) abandon() {
	if b != nil && b.started {
		<-b.done
	}
}

// copyInto waits for the index built aside and puts it in place of the
// empty assets_fts; the writer connection is dropped after the transaction.
// If the build failed, the writer indexes the batch itself. A nil b does
// nothing.
func (b *searchAside) copyInto(ctx context.Context, s *Store, tx *sql.Tx) error {
	if b == nil {
		return nil
	}
	b.begin()
	<-b.done
	if b.err != nil {
		// The writer indexes the batch itself, as without a build aside.
		return reindexAssets(ctx, tx, "a.id >= ?", b.firstID)
	}
	s.dropWriter = true
	if _, err := tx.ExecContext(ctx, "DELETE FROM assets_fts_data"); err != nil {
		return err
	}
	for _, t := range searchShadows {
		rows := b.tables[t]
		if len(rows) == 0 {
			continue
		}
		cols := len(rows[0])
		head := fmt.Sprintf("INSERT INTO %s VALUES ", t)
		err := s.insertRows(ctx, head, cols, len(rows), func(i int, args []any) []any { return append(args, rows[i]...) })
		if err != nil {
			return fmt.Errorf("copying the search index (%s): %w", strings.TrimPrefix(t, "assets_fts_"), err)
		}
	}
	return nil
}

// dropWriterConn closes the writer connection conn instead of returning it
// to the pool (database/sql discards a connection that reports
// driver.ErrBadConn).
func dropWriterConn(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

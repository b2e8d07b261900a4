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
// register) builds that index on the machine's other core: the new assets'
// search rows are staged in a private database (CreateAssets once its rows
// are in, a streamed import batch by batch), whose FTS5 table, the same as
// assets_fts, indexes them on its own connection while the writer builds
// the table's indexes; the finished index (the FTS5 table's own tables) is
// then copied into assets_fts. FTS5's insert path runs on one core and was
// a fifth of a 100,000-asset insert; the copy is a few multi-row INSERTs.
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

// searchAside is a search index being built on another connection: the
// new assets' search rows are staged there batch by batch (stage), indexed
// in one statement once the last batch is in (begin), and the finished
// index is copied into the writer's transaction (copyInto) straight from
// that connection, so neither the rows nor the index are held in Go.
type searchAside struct {
	batches chan [][]assets.Asset // to stage; closed by begin
	begun   bool
	done    chan struct{} // closed when the build ends
	err     error
	db      *sql.DB
	conn    *sql.Conn
	firstID int64 // the batch's assets have IDs from here up
}

// indexStaged indexes the staged rows; tests replace it to make it fail.
var indexStaged = func(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, `INSERT INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
		SELECT * FROM staged ORDER BY id`)
	return err
}

// asideCacheKiB bounds the page cache of the database the index is built
// in: past it, SQLite spills to that database's private temporary file, so
// a million assets are indexed in bounded memory (100,000 fit in it, ~25 MB).
const asideCacheKiB = 64 << 10

// startSearchAside prepares building the search rows of n new assets,
// whose IDs start at firstID, aside, or returns nil when the bulk insert
// should index them itself: too few rows, or a search index that is not
// empty (the copy can only fill an empty one).
func (s *Store) startSearchAside(ctx context.Context, tx *sql.Tx, n int, firstID int64) (*searchAside, error) {
	if n < asideMin {
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
		holders[id] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// An empty file name is a private database that lives in its page
	// cache and spills to a temporary file deleted when it is closed.
	db, err := sql.Open("sqlite3", "")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	run := context.WithoutCancel(ctx)
	conn, err := db.Conn(run)
	if err == nil {
		_, err = conn.ExecContext(run, fmt.Sprintf("PRAGMA cache_size = -%d; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE", asideCacheKiB))
	}
	if err == nil {
		_, err = conn.ExecContext(run, ddl)
	}
	if err == nil {
		// The rows are staged in a plain table and indexed by one
		// statement: FTS5 writes its pending terms out at every
		// statement, so 100-row INSERTs into it would make a thousand
		// small segments to merge.
		_, err = conn.ExecContext(run, `CREATE TABLE staged(id INTEGER PRIMARY KEY, tag, name, serial, model, manufacturer, person, notes)`)
	}
	if err != nil {
		if conn != nil {
			conn.Close()
		}
		db.Close()
		return nil, err
	}
	b := &searchAside{batches: make(chan [][]assets.Asset, 2), done: make(chan struct{}), db: db, conn: conn, firstID: firstID}
	go b.build(run, holders)
	return b, nil
}

// build stages every batch it is given, then indexes them all.
func (b *searchAside) build(ctx context.Context, holders map[int64]string) {
	defer close(b.done)
	for lists := range b.batches {
		for _, list := range lists {
			if b.err != nil {
				break // drained, so that stage never blocks
			}
			b.err = insertRowsOn(ctx, b.conn, "INSERT INTO staged VALUES ", 8, len(list), func(i int, args []any) []any {
				a := &list[i]
				return append(args, a.ID, a.Tag, a.Name, a.Serial, a.Model, a.Manufacturer, holders[a.AssignedTo], a.Notes)
			})
		}
	}
	if b.err == nil {
		b.err = indexStaged(ctx, b.conn)
	}
	if b.err == nil {
		_, b.err = b.conn.ExecContext(ctx, "DROP TABLE staged")
	}
}

// stage hands batches of new assets (IDs and tags set, not changed
// afterwards) to the build, in one message. A nil b does nothing.
func (b *searchAside) stage(lists ...[]assets.Asset) {
	if b != nil && len(lists) > 0 {
		b.batches <- lists
	}
}

// begin says every batch is staged: the build indexes them on its own
// connection while the writer goes on. A nil b does nothing.
func (b *searchAside) begin() {
	if b != nil && !b.begun {
		b.begun = true
		close(b.batches)
	}
}

// finish waits for the build and closes its database.
func (b *searchAside) finish() {
	b.begin()
	<-b.done
	b.conn.Close()
	b.db.Close()
}

// abandon waits for the build to end and drops it. A nil b does nothing.
func (b *searchAside) abandon() {
	if b != nil {
		b.finish()
	}
}

// copyInto waits for the index built aside and puts it in place of the
// empty assets_fts, row by row from the build's connection; the writer
// connection is dropped after the transaction. If the build failed, the
// writer indexes the batch itself. A nil b does nothing.
func (b *searchAside) copyInto(ctx context.Context, s *Store, tx *sql.Tx) error {
	if b == nil {
		return nil
	}
	defer b.finish()
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
		if err := b.copyTable(ctx, s, t); err != nil {
			return fmt.Errorf("copying the search index (%s): %w", strings.TrimPrefix(t, "assets_fts_"), err)
		}
	}
	return nil
}

// copyTable copies one shadow table of the built index into the writer's.
func (b *searchAside) copyTable(ctx context.Context, s *Store, table string) error {
	var n int
	if err := b.conn.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n == 0 {
		return err
	}
	rows, err := b.conn.QueryContext(ctx, "SELECT * FROM "+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return err
	}
	cols := len(names)
	vals, ptrs := make([]any, cols), make([]any, cols)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var readErr error
	// insertRows calls this for rows 0..n-1 in order, on one goroutine.
	err = s.insertRows(ctx, fmt.Sprintf("INSERT INTO %s VALUES ", table), cols, n, func(_ int, args []any) []any {
		if readErr == nil && !rows.Next() {
			readErr = rows.Err()
			if readErr == nil {
				readErr = fmt.Errorf("%d rows, fewer than counted", n)
			}
		}
		if readErr == nil {
			readErr = rows.Scan(ptrs...)
		}
		return append(args, vals...)
	})
	if readErr != nil {
		return readErr
	}
	return err
}

// dropWriterConn closes the writer connection conn instead of returning it
// to the pool (database/sql discards a connection that reports
// driver.ErrBadConn).
func dropWriterConn(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

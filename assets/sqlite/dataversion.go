package sqlite

import (
	"context"
	"database/sql"
	"sync"

	"steward/assets"
)

// dataVersion watches for commits. SQLite's PRAGMA data_version changes
// when any other connection (this process's writer, another Steward, the
// CLI) commits, but only as seen from one and the same connection, so it
// keeps a connection of its own for the life of the store.
type dataVersion struct {
	mu   sync.Mutex
	dsn  string
	db   *sql.DB
	conn *sql.Conn
}

// DataVersion is a number that changes whenever the database changes, by
// this process or another. Callers may keep results computed from the
// database while it stays the same (the dashboard's alerts do).
func (s *Store) DataVersion(ctx context.Context) (_ int64, err error) {
	defer assets.Wrap(&err, "sqlite.DataVersion")
	v := s.ver
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.conn == nil {
		db, err := sql.Open("sqlite3", v.dsn)
		if err != nil {
			return 0, err
		}
		conn, err := db.Conn(ctx)
		if err != nil {
			db.Close()
			return 0, err
		}
		v.db, v.conn = db, conn
	}
	var n int64
	err = v.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&n)
	return n, err
}

func (v *dataVersion) close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.conn == nil {
		return nil
	}
	v.conn.Close()
	err := v.db.Close()
	v.db, v.conn = nil, nil
	return err
}

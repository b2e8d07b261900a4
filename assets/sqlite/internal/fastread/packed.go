package fastread

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strings"
	"unsafe"
)

// The separators of a packed value (see the package comment).
const (
	unitSep   = 0x1f // between the fields of a row
	recordSep = 0x1e // between rows
)

// Queryer runs a query: *sql.DB, *sql.Conn and *sql.Tx are Queryers.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Record is one row's fields, valid only during the callback that gets it
// (see the package comment).
type Record struct {
	Fields [][]byte
	whole  []byte // the packed row: Fields joined by 0x1f
	packed bool   // whole is set: the row was read packed
}

// Span is fields i to j (inclusive) as they lie side by side in a packed
// row, joined by 0x1f, without copying: one map key for several fields
// that repeat together. ok is false when the row was read per column (its
// fields do not lie side by side, and one may hold 0x1f): build from
// Fields then.
func (r *Record) Span(i, j int) (span []byte, ok bool) {
	if !r.packed {
		return nil, false
	}
	start := 0
	for _, f := range r.Fields[:i] {
		start += len(f) + 1
	}
	end := start + j - i
	for _, f := range r.Fields[i : j+1] {
		end += len(f)
	}
	return r.whole[start:end], true
}

// Columns is the select list of a packed query over cols: the row count
// and the rows as one value, in order's order when it is not empty (an
// ORDER BY list such as "b, id").
func Columns(cols []string, order string) string {
	if order != "" {
		order = " ORDER BY " + order
	}
	return "count(*), group_concat(concat(" + strings.Join(cols, ", x'1f', ") + "), x'1e'" + order + ")"
}

// plainQuery is the packed query over cols read the plain way: one row per
// row, one column per field, in the same order.
func plainQuery(cols []string, from, order string) string {
	q := "SELECT " + strings.Join(cols, ", ") + " FROM " + from
	if order != "" {
		q += " ORDER BY " + order
	}
	return q
}

// Each calls fn with the fields of every row of
//
//	SELECT cols FROM from [ORDER BY order]
//
// (from may end in a WHERE clause; args are its arguments), after telling
// sized (if not nil) how many rows there are. It reads the rows packed as
// one value, or per column when that value cannot be split back safely
// (see the package comment). An error from fn stops the reading and is
// returned.
func Each(ctx context.Context, q Queryer, cols []string, from, order string, args []any, sized func(n int), fn func(r *Record) error) error {
	rows, err := q.QueryContext(ctx, "SELECT "+Columns(cols, order)+" FROM "+from, args...)
	if err != nil {
		return err
	}
	return each(rows, len(cols), sized, fn, func() (*sql.Rows, error) {
		return q.QueryContext(ctx, plainQuery(cols, from, order), args...)
	})
}

// Stmt is a packed query prepared once on one connection and run many
// times with new arguments (the end-of-life scan runs one per range of
// asset ids): one connection, one page cache, one prepared statement.
type Stmt struct {
	conn   *sql.Conn
	stmt   *sql.Stmt
	plain  string
	fields int
}

// Prepare prepares the packed query over cols (see Each) on conn.
func Prepare(ctx context.Context, conn *sql.Conn, cols []string, from, order string) (*Stmt, error) {
	stmt, err := conn.PrepareContext(ctx, "SELECT "+Columns(cols, order)+" FROM "+from)
	if err != nil {
		return nil, err
	}
	return &Stmt{conn: conn, stmt: stmt, plain: plainQuery(cols, from, order), fields: len(cols)}, nil
}

// Each is the package's Each for one run of the statement with args; the
// per-column reading, when needed, runs on the same connection.
func (s *Stmt) Each(ctx context.Context, args []any, sized func(n int), fn func(r *Record) error) error {
	rows, err := s.stmt.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	return each(rows, s.fields, sized, fn, func() (*sql.Rows, error) {
		return s.conn.QueryContext(ctx, s.plain, args...)
	})
}

// Close closes the prepared statement (not the connection).
func (s *Stmt) Close() error { return s.stmt.Close() }

// each reads the packed rows and gives them to fn, or, when they cannot
// be split back safely, the rows plain() returns, one column per field.
func each(rows *sql.Rows, fields int, sized func(n int), fn func(r *Record) error, plain func() (*sql.Rows, error)) error {
	n, value, err := readPacked(rows)
	if err != nil {
		return err
	}
	if sized != nil {
		sized(n)
	}
	if splits(value, n, fields) {
		return eachPacked(value, n, fields, fn)
	}
	if rows, err = plain(); err != nil {
		return err
	}
	return eachRow(rows, fields, fn)
}

// readPacked reads the one row of a packed query and closes rows. value is
// the driver's own string seen as bytes (no copy), never to be written.
func readPacked(rows *sql.Rows) (n int, value []byte, err error) {
	var s sql.NullString // the driver's string, assigned, not copied
	if rows.Next() {
		err = rows.Scan(&n, &s)
	}
	if err == nil {
		err = rows.Err()
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, nil, err
	}
	return n, unsafe.Slice(unsafe.StringData(s.String), len(s.String)), nil
}

// splits reports whether value, as SQLite packs n rows of fields fields,
// splits back safely: it holds exactly the separators SQLite wrote (see
// the package comment), so no field holds one.
func splits(value []byte, n, fields int) bool {
	if n < 0 || fields < 1 {
		return false
	}
	return bytes.Count(value, []byte{recordSep}) == max(n-1, 0) &&
		bytes.Count(value, []byte{unitSep}) == (fields-1)*n
}

// errSplit is a packed value with the right number of separators in the
// wrong places: SQLite never writes one (every row has its fields), so it
// was not SQLite's.
var errSplit = errors.New("a packed value does not split into its rows: it was not written by the packed query")

// eachPacked gives fn the n rows of value, checked by splits.
func eachPacked(value []byte, n, fields int, fn func(r *Record) error) error {
	if n == 0 {
		return nil
	}
	r := &Record{Fields: make([][]byte, fields), packed: true}
	for row := range bytes.SplitSeq(value, []byte{recordSep}) {
		if !split(row, r.Fields) {
			return errSplit
		}
		r.whole = row
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// split cuts row at 0x1f into exactly len(out) fields, without copying;
// false when it holds another number of fields.
func split(row []byte, out [][]byte) bool {
	last := len(out) - 1
	for i := range last {
		j := bytes.IndexByte(row, unitSep)
		if j < 0 {
			return false
		}
		out[i], row = row[:j], row[j+1:]
	}
	if bytes.IndexByte(row, unitSep) >= 0 {
		return false
	}
	out[last] = row
	return true
}

// eachRow is the per-column reading: every row of rows, one column per
// field, as raw bytes. It closes rows.
func eachRow(rows *sql.Rows, fields int, fn func(r *Record) error) error {
	defer rows.Close()
	raw := make([]sql.RawBytes, fields)
	dest := make([]any, fields)
	for i := range raw {
		dest[i] = &raw[i]
	}
	r := &Record{Fields: make([][]byte, fields)}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, b := range raw {
			r.Fields[i] = b
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

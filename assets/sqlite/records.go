package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"iter"
	"strings"
	"unsafe"
)

// eachRecord calls fn with the fields of every row of
//
//	SELECT cols FROM from ORDER BY order
//
// (order may be empty), after telling sized (if not nil) how many rows
// there are, reading them all as one value: SQLite joins each
// row's fields with 0x1f and the rows with 0x1e. A scan of ten thousand
// rows through database/sql costs a cgo call, a conversion and a Scan per
// row, more than SQLite's own work; one value costs them once.
//
// The fields are valid only during fn; a NULL reads as an empty field
// (nil when the rows are read one by one: callers treat both as empty).
// If the value cannot be split back safely (a field holding 0x1e or 0x1f),
// the rows are read again one by one and fn gets the same fields: slower,
// never wrong.
func eachRecord(ctx context.Context, q rowsQueryer, cols []string, from, order string, args []any, sized func(n int), fn func(f [][]byte) error) error {
	orderBy := ""
	if order != "" {
		orderBy = " ORDER BY " + order
	}
	rows, err := q.QueryContext(ctx, "SELECT "+packedColumns(cols, orderBy)+" FROM "+from, args...)
	if err != nil {
		return err
	}
	n, packed, ok, err := packedRecords(rows, len(cols))
	if err != nil {
		return err
	}
	if sized != nil {
		sized(n)
	}
	if !ok {
		return eachRow(ctx, q, "SELECT "+strings.Join(cols, ", ")+" FROM "+from+orderBy, args, len(cols), fn)
	}
	f := make([][]byte, len(cols))
	for rec := range records(packed, n) {
		unpack(rec, f)
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// packedColumns is the select list of a packed query over cols: the row
// count and the rows as one value (fields joined by 0x1f, rows by 0x1e, in
// orderBy's order when not empty), for packedRecords. concat, not
// concat_ws: concat_ws skips a NULL and its separator with it, so a NULL
// and a separator inside another field would balance out in the count and
// split wrongly; concat reads a NULL as empty and keeps every separator.
func packedColumns(cols []string, orderBy string) string {
	return "count(*), group_concat(concat(" + strings.Join(cols, ", x'1f', ") + "), x'1e'" + orderBy + ")"
}

// packedRecords reads the one row of a packed query (packedColumns) and
// closes rows. packed is the value, read in place (never to be written);
// ok says whether it splits back into exactly n records of fields fields:
// SQLite adds exactly n-1 record and (fields-1)*n field separators, so any
// other count means a field holds one of them.
func packedRecords(rows *sql.Rows, fields int) (n int, packed []byte, ok bool, err error) {
	var value sql.NullString // the driver's own string: no copy into a buffer
	if rows.Next() {
		err = rows.Scan(&n, &value)
	}
	if err == nil {
		err = rows.Err()
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, nil, false, err
	}
	packed = unsafe.Slice(unsafe.StringData(value.String), len(value.String))
	ok = bytes.Count(packed, []byte{0x1e}) == max(n-1, 0) && bytes.Count(packed, []byte{0x1f}) == (fields-1)*n
	return n, packed, ok, nil
}

// records splits a packed value checked by packedRecords into its n
// records (none when n is 0, whose value is empty).
func records(packed []byte, n int) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		if n == 0 {
			return
		}
		for rec := range bytes.SplitSeq(packed, []byte{0x1e}) {
			if !yield(rec) {
				return
			}
		}
	}
}

// eachRow is eachRecord's row-by-row reading.
func eachRow(ctx context.Context, q rowsQueryer, query string, args []any, k int, fn func(f [][]byte) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	raw := make([]sql.RawBytes, k)
	dest := make([]any, k)
	for i := range raw {
		dest[i] = &raw[i]
	}
	f := make([][]byte, k)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, r := range raw {
			f[i] = r
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return rows.Err()
}

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
// The fields are valid only during fn. If the value cannot be split back
// safely (a field holding 0x1e or 0x1f, or a NULL, which concat_ws skips),
// the rows are read again one by one and fn gets the same fields (a NULL
// as nil): slower, never wrong.
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
// count, the number of NULL fields, and the rows as one value (fields
// joined by 0x1f, rows by 0x1e, in orderBy's order when not empty), for
// packedRecords.
func packedColumns(cols []string, orderBy string) string {
	nulls := make([]string, len(cols))
	for i, c := range cols {
		nulls[i] = "((" + c + ") IS NULL)"
	}
	return "count(*), ifnull(sum(" + strings.Join(nulls, " + ") + "), 0), group_concat(concat_ws(x'1f', " +
		strings.Join(cols, ", ") + "), x'1e'" + orderBy + ")"
}

// packedRecords reads the one row of a packed query (packedColumns) and
// closes rows. packed is the value, read in place (never to be written);
// ok says whether it splits back into exactly n records of fields fields.
// With no NULL (which concat_ws drops, taking its separator along) SQLite
// adds exactly n-1 record and (fields-1)*n field separators, so any other
// count means a field holds one of them. The NULLs are counted apart: a
// NULL and a separator in a field would balance each other out.
func packedRecords(rows *sql.Rows, fields int) (n int, packed []byte, ok bool, err error) {
	var nulls int
	var value sql.NullString // the driver's own string: no copy into a buffer
	if rows.Next() {
		err = rows.Scan(&n, &nulls, &value)
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
	ok = nulls == 0 && bytes.Count(packed, []byte{0x1e}) == max(n-1, 0) && bytes.Count(packed, []byte{0x1f}) == (fields-1)*n
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

// Package fastread holds the SQLite store's speed-ups, in one place: what
// makes reading a 100,000-asset register and building its alert list fast,
// and that a plain store (another engine) would not need. Nothing here
// decides what an alert or a record means; it only moves bytes faster.
// It is the one package of Steward that uses unsafe.
//
//   - Packed rows (Each, Stmt): a whole query comes back as one value, so
//     the per-row cost of database/sql and the driver (a cgo call, a
//     conversion and a Scan per row) is paid once, not once per row.
//   - Interner and Arena: one string per repeated value, and strings cut
//     from large shared blocks, so tens of thousands of rows allocate a few
//     times, not once per field.
//   - Date: a stored YYYY-MM-DD date read without time.Parse.
//   - AlertList, SortRun and Merge: alert lists collected in pooled blocks
//     and put in order on 8-byte keys, each alert copied once.
//
// # The packed-row invariant
//
// A packed query (Columns) returns one row: the row count and every row as
// one value, SQLite joining each row's fields with 0x1f (unit separator)
// and the rows with 0x1e (record separator):
//
//	SELECT count(*), group_concat(concat(c1, x'1f', c2, ...), x'1e' [ORDER BY ...]) FROM ...
//
// concat, not concat_ws: concat reads a NULL as an empty field and keeps
// its separator (concat_ws drops both, so a NULL and a separator inside
// another field would balance out). SQLite therefore writes exactly n-1
// record separators and n*(fields-1) unit separators for n rows, and a
// field can only add separators, never take one away. So the value splits
// back safely exactly when it holds those counts: then every separator is
// SQLite's, and no field holds one.
//
// When the counts differ (a field holds 0x1e or 0x1f, written before input
// refused them, or by hand), the same query is read again the plain way,
// one row at a time and one column per field (sql.RawBytes): slower, never
// wrong. That per-column read is the only fallback, and it gives the
// callback the same fields in the same order.
//
// Either way:
//   - the fields are valid only during the callback (they point into the
//     driver's value, read in place through unsafe and never written, or
//     into database/sql's buffers): copy what must be kept;
//   - a NULL reads as an empty field (nil when read per column);
//   - an integer or text column reads the same both ways; a REAL does not
//     (SQLite prints 1.0, Go 1), so packed queries read no REAL columns.
package fastread

package fastread

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)"); err != nil {
		t.Fatal(err)
	}
	return db
}

// read is what Each gives, each row as 'f1','f2',..., and whether every
// row came packed.
func read(t *testing.T, fn func(func(r *Record) error) error) (rows []string, packed bool) {
	t.Helper()
	packed = true
	err := fn(func(r *Record) error {
		var parts []string
		for _, x := range r.Fields { // a NULL reads as empty, nil or not
			parts = append(parts, "'"+string(x)+"'")
		}
		rows = append(rows, strings.Join(parts, ","))
		_, ok := r.Span(0, len(r.Fields)-1)
		packed = packed && ok
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows, packed
}

// plainRows is the rows of query read one by one, one column per field:
// what Each must give.
func plainRows(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := read(t, func(fn func(r *Record) error) error {
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		return eachRow(rows, len(cols), fn)
	})
	return out
}

// TestEachReadsWhatARowScanReads: the packed reading gives every row's
// fields, in order, exactly as a row-by-row scan does, and falls back to
// the per-column reading when the packing would be ambiguous (a separator
// in a field, also beside a NULL, which concat_ws would drop with its
// separator) and only then.
func TestEachReadsWhatARowScanReads(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	cols := []string{"id", "a", "b"}
	check := func(what, order string, wantPacked bool, want []string) {
		t.Helper()
		var n int
		got, packed := read(t, func(fn func(r *Record) error) error {
			return Each(ctx, db, cols, "t WHERE id > ?", order, []any{0}, func(k int) { n = k }, fn)
		})
		plain := plainRows(t, db, "SELECT id, a, b FROM t WHERE id > ? ORDER BY "+order, 0)
		if !slices.Equal(got, plain) || !slices.Equal(got, want) {
			t.Errorf("%s:\npacked %q\nplain  %q\nwant   %q", what, got, plain, want)
		}
		if n != len(want) {
			t.Errorf("%s: sized %d, want %d", what, n, len(want))
		}
		if len(want) > 0 && packed != wantPacked {
			t.Errorf("%s: read packed %v, want %v", what, packed, wantPacked)
		}
	}
	check("empty table", "id", true, nil)
	for _, row := range [][]any{{1, "x", "y"}, {2, "", ""}, {3, "Müller 東京", "b"}, {4, "z", "a"}} {
		if _, err := db.Exec("INSERT INTO t VALUES (?, ?, ?)", row...); err != nil {
			t.Fatal(err)
		}
	}
	check("plain text", "b, id", true, []string{"'2','',''", "'4','z','a'", "'3','Müller 東京','b'", "'1','x','y'"})
	exec := func(q string) {
		t.Helper()
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	exec("UPDATE t SET a = NULL WHERE id = 2")
	check("a NULL", "id", true, []string{"'1','x','y'", "'2','',''", "'3','Müller 東京','b'", "'4','z','a'"})
	exec("UPDATE t SET a = 'p' || x'1f' || 'q' WHERE id = 1; UPDATE t SET b = 'r' || char(30) WHERE id = 4")
	check("separators in fields", "id DESC", false, []string{"'4','z','r\x1e'", "'3','Müller 東京','b'", "'2','',''", "'1','p\x1fq','y'"})
	// A NULL (one separator fewer, were it dropped) and a separator in
	// another field (one more) balance the count; no 0x1e elsewhere to give
	// the game away.
	exec("UPDATE t SET b = 'a' WHERE id = 4")
	check("a NULL and a separator in other rows", "id", false, []string{"'1','p\x1fq','y'", "'2','',''", "'3','Müller 東京','b'", "'4','z','a'"})
	exec("UPDATE t SET a = 'p', b = 'y' WHERE id = 1; UPDATE t SET b = 'u' || x'1f' || 'v' WHERE id = 2")
	check("a NULL and a separator in one row", "id", false, []string{"'1','p','y'", "'2','','u\x1fv'", "'3','Müller 東京','b'", "'4','z','a'"})
	exec("UPDATE t SET b = x'1e1f' WHERE id = 2")
	check("a field of separators only", "id", false, []string{"'1','p','y'", "'2','','\x1e\x1f'", "'3','Müller 東京','b'", "'4','z','a'"})
}

// TestEachOnRandomTables: on tables of random rows (separators, NULLs,
// empty fields, one field or several), Each gives what the per-column
// read gives, packed exactly when no field holds a separator.
func TestEachOnRandomTables(t *testing.T) {
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"", "a", "Bé", "\x1f", "\x1e", "1", " ", "x\x1fy", "東京"}
	for round := range 60 {
		db := openDB(t)
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for id := range rnd.IntN(30) {
			var vals [2]any
			for i := range vals {
				if rnd.IntN(6) == 0 {
					continue // NULL
				}
				var b strings.Builder
				for range rnd.IntN(3) {
					b.WriteString(pieces[rnd.IntN(len(pieces))])
				}
				vals[i] = b.String()
				if round%3 == 0 { // a third of the tables are clean
					vals[i] = strings.NewReplacer("\x1f", "_", "\x1e", "_").Replace(b.String())
				}
			}
			if _, err := tx.Exec("INSERT INTO t VALUES (?, ?, ?)", id+1, vals[0], vals[1]); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		for _, cols := range [][]string{{"id", "a", "b"}, {"b"}, {"a", "id"}} {
			got, packed := read(t, func(fn func(r *Record) error) error {
				return Each(ctx, db, cols, "t", "id DESC", nil, nil, fn)
			})
			want := plainRows(t, db, "SELECT "+strings.Join(cols, ", ")+" FROM t ORDER BY id DESC")
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, %v:\ngot  %q\nwant %q", round, cols, got, want)
			}
			dirty := strings.ContainsAny(strings.Join(want, ""), "\x1e\x1f")
			if len(want) > 0 && packed == dirty {
				t.Errorf("round %d, %v: a separator in a field %v, read packed %v", round, cols, dirty, packed)
			}
		}
	}
}

// TestStmtFallsBackPerRun: a prepared packed query run over several
// ranges reads the range with a separator per column and the others
// packed, on its one connection, and stops at fn's error.
func TestStmtFallsBackPerRun(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	for id := 1; id <= 30; id++ {
		b := fmt.Sprint("b", id)
		if id == 15 {
			b = "b\x1f15"
		}
		if _, err := db.Exec("INSERT INTO t VALUES (?, ?, ?)", id, fmt.Sprint("a", id), b); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	st, err := Prepare(ctx, conn, []string{"id", "a", "b"}, "t WHERE id BETWEEN ? AND ?", "id")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, r := range []struct {
		from, to int
		packed   bool
	}{{1, 10, true}, {11, 20, false}, {21, 30, true}, {31, 40, true}} {
		var n int
		got, packed := read(t, func(fn func(r *Record) error) error {
			return st.Each(ctx, []any{r.from, r.to}, func(k int) { n = k }, fn)
		})
		want := plainRows(t, db, "SELECT id, a, b FROM t WHERE id BETWEEN ? AND ? ORDER BY id", r.from, r.to)
		if !slices.Equal(got, want) || n != len(want) {
			t.Errorf("%d..%d: got %q (sized %d), want %q", r.from, r.to, got, n, want)
		}
		if len(want) > 0 && packed != r.packed {
			t.Errorf("%d..%d: read packed %v, want %v", r.from, r.to, packed, r.packed)
		}
	}
	stop := fmt.Errorf("stop")
	for _, args := range [][]any{{1, 10}, {11, 20}} {
		calls := 0
		err := st.Each(ctx, args, nil, func(*Record) error { calls++; return stop })
		if err != stop || calls != 1 {
			t.Errorf("%v: fn's error gave %v after %d calls", args, err, calls)
		}
	}
}

// TestSpan: a packed row's span of fields is those fields joined by 0x1f,
// the very bytes of the row; a row read per column has none.
func TestSpan(t *testing.T) {
	row := []byte("12\x1flaptop\x1f\x1fLatitude\x1fWindows 11\x1f2026-01-01")
	r := &Record{Fields: make([][]byte, 6), whole: row, packed: true}
	if !split(row, r.Fields) {
		t.Fatal("split refused a row of six fields")
	}
	for i := range r.Fields {
		for j := i; j < len(r.Fields); j++ {
			span, ok := r.Span(i, j)
			want := bytes.Join(r.Fields[i:j+1], []byte{unitSep})
			if !ok || !bytes.Equal(span, want) {
				t.Errorf("Span(%d, %d) = %q, %v; want %q", i, j, span, ok, want)
			}
			if len(span) > 0 && &span[0] != &row[len(bytes.Join(r.Fields[:i], []byte{unitSep}))+min(i, 1)] {
				t.Errorf("Span(%d, %d) is a copy", i, j)
			}
		}
	}
	plain := &Record{Fields: r.Fields}
	if span, ok := plain.Span(1, 4); ok {
		t.Errorf("a row read per column gave the span %q", span)
	}
}

// pack joins rows as SQLite's packed query does.
func pack(rows [][][]byte) []byte {
	recs := make([][]byte, len(rows))
	for i, r := range rows {
		recs[i] = bytes.Join(r, []byte{unitSep})
	}
	return bytes.Join(recs, []byte{recordSep})
}

// FuzzSplit: the splitter on any value. (1) Rows cut from the input and
// packed as SQLite packs them split back into exactly those rows when no
// field holds a separator, and are refused (read per column) when one
// does. (2) On any value, row count and field count, the splitter does
// not panic, and what it accepts it gives back whole: n rows of the
// asked number of fields that join back into the value.
func FuzzSplit(f *testing.F) {
	f.Add([]byte("a\x00b\x00c\x00d"), uint8(2), uint16(2))
	f.Add([]byte(""), uint8(1), uint16(1))
	f.Add([]byte("x\x1fy\x00z"), uint8(2), uint16(1))
	f.Add([]byte("\x1e\x00\x00"), uint8(3), uint16(1))
	f.Add([]byte("a\x1fb\x1ec\x1fd"), uint8(2), uint16(2))
	f.Add([]byte("a\x1f\x1fb\x1ec"), uint8(2), uint16(2))
	f.Fuzz(func(t *testing.T, in []byte, fields8 uint8, n16 uint16) {
		fields := int(fields8%16) + 1
		// (1) The input's 0x00-separated cells, as rows of fields cells.
		cells := bytes.Split(in, []byte{0})
		var rows [][][]byte
		for len(cells) >= fields {
			rows = append(rows, cells[:fields])
			cells = cells[fields:]
		}
		value := pack(rows)
		dirty := false
		for _, r := range rows {
			for _, c := range r {
				dirty = dirty || bytes.ContainsAny(c, "\x1e\x1f")
			}
		}
		if ok := splits(value, len(rows), fields); ok == dirty {
			t.Fatalf("%d rows of %d fields, a separator in a field %v: splits says %v", len(rows), fields, dirty, ok)
		}
		if !dirty {
			var got [][][]byte
			err := eachPacked(value, len(rows), fields, func(r *Record) error {
				got = append(got, slices.Clone(r.Fields))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(rows) {
				t.Fatalf("%d rows back, want %d", len(got), len(rows))
			}
			for i := range rows {
				for j := range rows[i] {
					if !bytes.Equal(got[i][j], rows[i][j]) {
						t.Fatalf("row %d field %d: %q, want %q", i, j, got[i][j], rows[i][j])
					}
				}
			}
		}
		// (2) The raw input as a packed value of n rows.
		n := int(n16 % 64)
		if !splits(in, n, fields) {
			return
		}
		var got [][][]byte
		err := eachPacked(in, n, fields, func(r *Record) error {
			if len(r.Fields) != fields {
				t.Fatalf("%d fields, want %d", len(r.Fields), fields)
			}
			if span, ok := r.Span(0, fields-1); !ok || !bytes.Equal(span, r.whole) {
				t.Fatalf("the whole row's span %q is not the row %q", span, r.whole)
			}
			got = append(got, slices.Clone(r.Fields))
			return nil
		})
		if err == errSplit {
			return // the right count of separators in the wrong rows: never SQLite's
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			if len(got) != 0 {
				t.Fatalf("no rows counted, %d given", len(got))
			}
			return
		}
		if len(got) != n || !bytes.Equal(pack(got), in) {
			t.Fatalf("%q as %d rows of %d fields gave %q", in, n, fields, got)
		}
	})
}

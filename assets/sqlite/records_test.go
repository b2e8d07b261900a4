package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEachRecordReadsWhatARowScanReads: the packed reading gives every
// row's fields, in order, exactly as a row-by-row scan does, and falls
// back to that scan when the packing would be ambiguous (a separator in a
// field, a NULL that concat_ws would drop).
func TestEachRecordReadsWhatARowScanReads(t *testing.T) {
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)"); err != nil {
		t.Fatal(err)
	}
	cols := []string{"id", "a", "b"}
	read := func(order string, args ...any) (packed, plain []string) {
		t.Helper()
		collect := func(out *[]string) func(f [][]byte) error {
			return func(f [][]byte) error {
				var parts []string
				for _, x := range f {
					if x == nil {
						parts = append(parts, "NULL")
					} else {
						parts = append(parts, "'"+string(x)+"'")
					}
				}
				*out = append(*out, strings.Join(parts, ","))
				return nil
			}
		}
		if err := eachRecord(ctx, db, cols, "t WHERE id > ?", order, args, collect(&packed)); err != nil {
			t.Fatal(err)
		}
		if err := eachRow(ctx, db, "SELECT id, a, b FROM t WHERE id > ? ORDER BY "+order, args, 3, collect(&plain)); err != nil {
			t.Fatal(err)
		}
		return packed, plain
	}
	if p, _ := read("id", 0); len(p) != 0 {
		t.Fatalf("empty table gave %q", p)
	}
	for _, row := range [][]any{{1, "x", "y"}, {2, "", ""}, {3, "Müller 東京", "b"}, {4, "z", "a"}} {
		if _, err := db.Exec("INSERT INTO t VALUES (?, ?, ?)", row...); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what string, order string, want []string) {
		t.Helper()
		packed, plain := read(order, 0)
		if !slices.Equal(packed, plain) || !slices.Equal(packed, want) {
			t.Errorf("%s:\npacked %q\nplain  %q\nwant   %q", what, packed, plain, want)
		}
	}
	check("plain text", "b, id", []string{"'2','',''", "'4','z','a'", "'3','Müller 東京','b'", "'1','x','y'"})
	if _, err := db.Exec("UPDATE t SET a = 'p' || x'1f' || 'q' WHERE id = 1; UPDATE t SET b = 'r' || char(30) WHERE id = 4"); err != nil {
		t.Fatal(err)
	}
	check("separators in fields", "id", []string{"'1','p\x1fq','y'", "'2','',''", "'3','Müller 東京','b'", "'4','z','r\x1e'"})
	if _, err := db.Exec("UPDATE t SET a = NULL WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	check("a NULL", "id DESC", []string{"'4','z','r\x1e'", "'3','Müller 東京','b'", "'2',NULL,''", "'1','p\x1fq','y'"})
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEachRecordReadsWhatARowScanReads: the packed reading gives every
// row's fields, in order, exactly as a row-by-row scan does, and falls
// back to that scan when the packing would be ambiguous (a separator in a
// field, also beside a NULL, which concat_ws would drop with its separator).
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
				for _, x := range f { // a NULL reads as empty, nil or not
					parts = append(parts, "'"+string(x)+"'")
				}
				*out = append(*out, strings.Join(parts, ","))
				return nil
			}
		}
		if err := eachRecord(ctx, db, cols, "t WHERE id > ?", order, args, nil, collect(&packed)); err != nil {
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
	check("a NULL", "id DESC", []string{"'4','z','r\x1e'", "'3','Müller 東京','b'", "'2','',''", "'1','p\x1fq','y'"})
	// A NULL (one separator fewer, were it dropped) and a separator in another field (one
	// more) balance the count; no 0x1e elsewhere to give the game away.
	if _, err := db.Exec("UPDATE t SET b = 'a' WHERE id = 4"); err != nil {
		t.Fatal(err)
	}
	check("a NULL and a separator in other rows", "id", []string{"'1','p\x1fq','y'", "'2','',''", "'3','Müller 東京','b'", "'4','z','a'"})
	if _, err := db.Exec("UPDATE t SET a = 'p', b = 'y' WHERE id = 1; UPDATE t SET b = 'u' || x'1f' || 'v' WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	check("a NULL and a separator in one row", "id", []string{"'1','p','y'", "'2','','u\x1fv'", "'3','Müller 東京','b'", "'4','z','a'"})
}

// TestCoverRowsOrder: contract rows in any order sort by asset, then
// contract.
func TestCoverRowsOrder(t *testing.T) {
	rows := []coverRow{{asset: 7, id: 50}, {asset: 3, id: 9}, {asset: 7, id: 2}, {asset: 1, id: 4}, {asset: 3, id: 1}, {asset: 7, id: 10}}
	slices.SortFunc(rows, func(x, y coverRow) int { return compareCoverRows(&x, &y) })
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprint(r.asset, ":", r.id))
	}
	if want := []string{"1:4", "3:1", "3:9", "7:2", "7:10", "7:50"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestCompareNoCaseOrdersAsSQLite: tags sorted in Go come in the order
// SQLite's NOCASE collation gives them.
func TestCompareNoCaseOrdersAsSQLite(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (tag TEXT COLLATE NOCASE UNIQUE)"); err != nil {
		t.Fatal(err)
	}
	letters := []string{"a", "Z", "z", "_", "[", "`", "{", "Ä", "ä", "0", "9", "-", "É", " "}
	rnd := rand.New(rand.NewPCG(1, 2))
	var tags []string
	for len(tags) < 400 {
		var b strings.Builder
		for range 1 + rnd.IntN(4) {
			b.WriteString(letters[rnd.IntN(len(letters))])
		}
		// The column is UNIQUE as asset tags are: one of each folding.
		if _, err := db.Exec("INSERT OR IGNORE INTO t VALUES (?)", b.String()); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > len(tags) {
			tags = append(tags, b.String())
		}
	}
	rows, err := db.Query("SELECT tag FROM t ORDER BY tag")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		want = append(want, s)
	}
	rows.Close()
	slices.SortFunc(tags, compareNoCase)
	if !slices.Equal(tags, want) {
		t.Fatalf("Go order %q\nSQLite order %q", tags, want)
	}
}

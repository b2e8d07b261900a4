package sqlite

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

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

package sqlite_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"steward/assets"
)

// assets.SearchTokens is the search index's tokenizer in Go (the PostgreSQL
// store builds its tsvector from it): it must split and fold every code
// point exactly as this SQLite's FTS5 unicode61 tokenizer with
// remove_diacritics 2 does. Each code point c is written as "q" c "q", a few
// thousand to a document (planes 4 to 13, unassigned, sampled), and the document's tokens read back from an
// fts5vocab table.
func TestSearchTokensMatchFTS5(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE VIRTUAL TABLE docs USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')`,
		`CREATE VIRTUAL TABLE terms USING fts5vocab(docs, 'instance')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	const perDoc = 4096
	var docs []string
	var b strings.Builder
	for c := rune(1); c <= utf8.MaxRune; c++ {
		if c >= 0xD800 && c <= 0xDFFF {
			continue // surrogates are not text
		}
		if plane := c >> 16; plane >= 4 && plane <= 13 && c%97 != 0 {
			continue // planes 4-13 are unassigned in SQLite's tables: a sample
		}
		b.WriteString("q")
		b.WriteRune(c)
		b.WriteString("q ")
		if b.Len() > perDoc*7 || c == utf8.MaxRune {
			docs = append(docs, b.String())
			b.Reset()
		}
	}
	// Words beyond single code points: runs of diacritics, digits,
	// mixed scripts, a combining sequence, the tag form.
	docs = append(docs, "ST-000123 Écran Åsa Müller naïve café, straße Ноутбук ЖК-42 東京オフィス ＭＦ７４５ e\u0301\u0308x \u0301a ǅǆ İstanbul ﬁle ΣΑΣ")
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		if _, err := tx.Exec("INSERT INTO docs(rowid, x) VALUES (?, ?)", i+1, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SELECT doc, term FROM terms ORDER BY doc, \"offset\"")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := make([][]string, len(docs))
	for rows.Next() {
		var doc int
		var term string
		if err := rows.Scan(&doc, &term); err != nil {
			t.Fatal(err)
		}
		got[doc-1] = append(got[doc-1], term)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i, d := range docs {
		want := assets.SearchTokens(d)
		if fmt.Sprint(want) == fmt.Sprint(got[i]) {
			continue
		}
		// Name the first differing token.
		for j := 0; j < len(want) || j < len(got[i]); j++ {
			var w, g string
			if j < len(want) {
				w = want[j]
			}
			if j < len(got[i]) {
				g = got[i][j]
			}
			if w != g {
				t.Errorf("document %d, token %d: SearchTokens gives %+q, FTS5 %+q", i+1, j, w, g)
				break
			}
		}
		if bad++; bad > 10 {
			t.Fatal("too many differences")
		}
	}
}

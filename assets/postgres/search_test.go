package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
)

// The same assets, indexed by SQLite's FTS5 and by asset_search, give the
// same answer to every search: SearchVector and SearchQuery are FTS5's
// tokens and FTSQuery's words.
func TestSearchFindsWhatSQLiteFinds(t *testing.T) {
	ctx := context.Background()
	ds := demo.Generate(demo.Config{Assets: 1200, People: 60, Seed: 11})
	odd := []demo.Asset{
		{Asset: assets.Asset{Name: "Écran Åsa Müller", Category: "monitor", Notes: "naïve café, straße; O'Brien's e-mail x@y.com"}},
		{Asset: assets.Asset{Name: "Ноутбук бухгалтерии", Category: "laptop", Serial: "ЖК-42"}},
		{Asset: assets.Asset{Name: "東京オフィス プリンター", Category: "printer", Model: "ＭＦ７４５"}},
		{Asset: assets.Asset{Name: "Combining e\u0301\u0308x and ǅungla", Category: "other", Manufacturer: "İstanbul ﬁles"}},
		{Asset: assets.Asset{Name: "Spare", Category: "other", Notes: strings.Repeat("longword", 400) + " tail"}},
	}
	ds.Assets = append(odd, ds.Assets...)

	// SQLite, through its store.
	lite, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	ids := map[string]int64{}
	for i := range ds.People {
		p := ds.People[i]
		if err := lite.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		ids[p.Email] = p.ID
	}
	list := make([]assets.Asset, len(ds.Assets))
	for i, a := range ds.Assets {
		list[i] = a.Asset
		list[i].AssignedTo = ids[a.HolderEmail]
	}
	if err := lite.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}

	// PostgreSQL: the same rows, indexed from Go.
	pg := pgtest.NewStore(t)
	rows, err := lite.ReadDB().QueryContext(ctx, `SELECT a.id, a.tag, a.name, a.category, a.serial, a.model, a.manufacturer,
		COALESCE(p.name, ''), a.notes FROM assets a LEFT JOIN people p ON p.id = a.assigned_to ORDER BY a.id`)
	if err != nil {
		t.Fatal(err)
	}
	var (
		idCol                []int64
		tagCol, catCol, docs []string
		fields               [][]string
	)
	for rows.Next() {
		var id int64
		var tag, name, cat, serial, model, maker, holder, notes string
		if err := rows.Scan(&id, &tag, &name, &cat, &serial, &model, &maker, &holder, &notes); err != nil {
			t.Fatal(err)
		}
		idCol, tagCol, catCol = append(idCol, id), append(tagCol, tag), append(catCol, cat)
		docs = append(docs, postgres.SearchVector(tag, name, serial, model, maker, holder, notes))
		fields = append(fields, []string{tag, name, serial, model, maker, holder, notes})
	}
	rows.Close()
	if _, err := pg.Pool().Exec(ctx, `INSERT INTO categories(name, label) SELECT DISTINCT c, c FROM unnest($1::text[]) c ON CONFLICT DO NOTHING`, catCol); err != nil {
		t.Fatal(err)
	}
	if _, err := pg.Pool().Exec(ctx, `INSERT INTO assets(id, tag, name, category, created, updated)
		SELECT id, tag, 'x', cat, 'x', 'x' FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, tag, cat)`, idCol, tagCol, catCol); err != nil {
		t.Fatal(err)
	}
	if _, err := pg.Pool().Exec(ctx, `INSERT INTO asset_search(asset_id, doc, tag_key)
		SELECT id, doc::tsvector, nocase(tag) FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, doc, tag)`, idCol, docs, tagCol); err != nil {
		t.Fatal(err)
	}

	// Searches: by hand, then words and prefixes of random assets' fields.
	searches := []string{
		"dell", "lat", "dell lat", "ST-0001", "st-000012", "ST 12", "00012", "ecran", "ÉCRAN", "Écr", "muller", "Müller",
		"naive", "naïve", "straße", "strasse", "cafe", "o'brien", "brien's", "x@y.com", "e-mail", "ноутбук", "НОУТ", "жк-42",
		"東京", "東京オフィス", "プリンター", "ｍｆ", "ＭＦ７", "ex", "e\u0301x", "ǆungla", "dzungla", "istanbul", "files", "ﬁ",
		"longwordlongword", "tail", "spare tail", "", "  ", "-", "a b c d e f g h i j k l m n o p q r", "nothingmatchesthis",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		f := fields[rng.IntN(len(fields))]
		var words []string
		for range 1 + rng.IntN(2) {
			toks := strings.Fields(f[rng.IntN(len(f))])
			if len(toks) == 0 {
				continue
			}
			w := []rune(toks[rng.IntN(len(toks))])
			words = append(words, string(w[:1+rng.IntN(len(w))]))
		}
		searches = append(searches, strings.Join(words, " "))
	}

	for _, q := range searches {
		want := liteSearch(t, lite, q)
		got := pgSearch(t, pg, q)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("search %q: PostgreSQL finds %d assets %s, SQLite %d %s (tsquery %s)", q, len(got), head(got), len(want), head(want), postgres.SearchQuery(q))
		}
	}
}

func liteSearch(t *testing.T, s *sqlite.Store, q string) []int64 {
	t.Helper()
	m := sqlite.FTSQuery(q)
	if m == "" {
		return nil
	}
	rows, err := s.ReadDB().Query("SELECT rowid FROM assets_fts WHERE assets_fts MATCH ? ORDER BY rowid", m)
	if err != nil {
		t.Fatalf("%q: %v", m, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

func pgSearch(t *testing.T, s *postgres.Store, q string) []int64 {
	t.Helper()
	tq := postgres.SearchQuery(q)
	if tq == "" {
		return nil
	}
	rows, err := s.Pool().Query(context.Background(), "SELECT asset_id FROM asset_search WHERE doc @@ $1::tsquery ORDER BY asset_id", tq)
	if err != nil {
		t.Fatalf("%s: %v", tq, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

func head(ids []int64) string {
	if len(ids) > 8 {
		return fmt.Sprint(ids[:8]) + "..."
	}
	return fmt.Sprint(ids)
}

func TestSearchVectorLimits(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	long := strings.Repeat("é", 3000) // 6,000 bytes: longer than a lexeme may be
	many := strings.Repeat("word ", 20000)
	var b strings.Builder
	for i := range 120000 {
		fmt.Fprintf(&b, "w%d ", i) // more distinct words than a tsvector holds
	}
	for _, doc := range []string{postgres.SearchVector(long), postgres.SearchVector(many), postgres.SearchVector(b.String()), postgres.SearchVector("it's a \\ test")} {
		var n int
		if err := s.Pool().QueryRow(ctx, "SELECT length($1::tsvector)", doc).Scan(&n); err != nil {
			t.Errorf("%.60s...: %v", doc, err)
		}
	}
	var ok bool
	if err := s.Pool().QueryRow(ctx, "SELECT $1::tsvector @@ $2::tsquery", postgres.SearchVector("x", long), postgres.SearchQuery("É"+strings.Repeat("e", 2999))).Scan(&ok); err != nil || !ok {
		t.Errorf("a word longer than a lexeme is not found by its beginning: %v, %v", ok, err)
	}
}

// SearchTagKey folds a tag as the database's nocase() does, so the search
// rows sort as the assets' tag index.
func TestSearchTagKeyIsNocase(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	tags := []string{"ST-000001", "st-000001", "Beta_1", "beta-2", "ZZ/9.a", "", "ÉCRAN-é", "Straße", "ǅ", "İstanbul"}
	var got []string
	if err := s.Pool().QueryRow(ctx, "SELECT array_agg(nocase(t) ORDER BY i) FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i)", tags).Scan(&got); err != nil {
		t.Fatal(err)
	}
	for i, tag := range tags {
		if k := postgres.SearchTagKey(tag); k != got[i] {
			t.Errorf("%q: SearchTagKey %q, nocase() %q", tag, k, got[i])
		}
	}
}

// The search document a bulk insert copies in binary is stored as the same
// tsvector as SearchVector's text, whatever the fields hold.
func TestSearchDocumentIsSearchVector(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	var many, distinct strings.Builder
	for i := range 20000 {
		many.WriteString("word other ")
		fmt.Fprintf(&distinct, "w%d ", i)
	}
	docs := [][]string{
		{},
		{"", "", ""},
		{"ST-000123", "Latitude 5440", "ABC123", "Latitude", "Dell", "Åsa Müller", "naïve café, straße; O'Brien's e-mail x@y.com"},
		{"it's a \\ test", `quote ' and "double" and \back\slash`},
		{"Ноутбук бухгалтерии", "東京オフィス プリンター", "ＭＦ７４５", "Combining e\u0301\u0308x and ǅungla", "İstanbul ﬁles"},
		{strings.Repeat("é", 3000), "x"},            // a token longer than a lexeme
		{"dup dup dup", "dup", "b a c b a"},         // repeated tokens, unsorted
		{many.String()},                             // more than 256 positions, positions past 16,383
		{distinct.String(), "tail"},                 // more distinct tokens than kept
		{"zz yy xx ww vv uu tt", "aa", "a b c d e"}, // lexemes the server must sort
	}
	for _, f := range docs {
		var same bool
		var text, binary string
		err := s.Pool().QueryRow(ctx, "SELECT $1::text::tsvector = $2::tsvector, $1::text::tsvector::text, $2::tsvector::text",
			postgres.SearchVector(f...), postgres.SearchDocument(f...)).Scan(&same, &text, &binary)
		if err != nil {
			t.Fatalf("%.60q: %v", f, err)
		}
		if !same || text != binary {
			t.Errorf("%.60q: binary document %.200s, text %.200s", f, binary, text)
		}
	}
}

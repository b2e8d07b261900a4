package postgres_test

// Benchmarks of the Assets group at 100,000 assets (issue 18 "Speed"): bulk
// import against SQLite's in the same run, the first page in each order,
// a deep page and searches, each against a plain SELECT of 100 rows on the
// same server. Run:
//
//	go test -tags migrated_fynedo,sqlite_fts5 ./assets/postgres/ -run '^$' -bench 'PG' -benchtime 20x
//
// The people of the demo office are written with COPY here (IDs 1..n, as
// the store would number them), to set up quickly; the assets go through
// the store.

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
)

const benchAssets = 100_000

var (
	benchOnce sync.Once
	benchDS   demo.Dataset
)

func benchData() demo.Dataset {
	benchOnce.Do(func() { benchDS = demo.Generate(demo.Config{Assets: benchAssets, People: 2000, Seed: 1}) })
	return benchDS
}

// pgPeople writes the demo's people with COPY and maps e-mail to ID.
func pgPeople(ctx context.Context, s *postgres.Store, people []assets.Person) (map[string]int64, error) {
	ids := map[string]int64{}
	i := 0
	_, err := s.Pool().CopyFrom(ctx, pgx.Identifier{"people"}, []string{"id", "name", "email", "department", "created", "updated"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if i == len(people) {
				return nil, nil
			}
			p := people[i]
			i++
			ids[p.Email] = int64(i)
			return []any{int64(i), p.Name, p.Email, p.Department, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}, nil
		}))
	return ids, err
}

// assetList is the demo's assets with their holders' IDs.
func assetList(ds demo.Dataset, ids map[string]int64) []assets.Asset {
	list := make([]assets.Asset, len(ds.Assets))
	for j, a := range ds.Assets {
		list[j] = a.Asset
		list[j].AssignedTo = ids[a.HolderEmail]
	}
	return list
}

// bigStore is a register holding the 100k office, for one benchmark and
// its sub-benchmarks.
func bigStore(b *testing.B) *postgres.Store {
	b.Helper()
	ctx := context.Background()
	s := pgtest.NewStore(b)
	ds := benchData()
	ids, err := pgPeople(ctx, s, ds.People)
	if err == nil {
		err = s.CreateAssets(ctx, assetList(ds, ids))
	}
	if err == nil {
		_, err = s.Pool().Exec(ctx, "VACUUM ANALYZE")
	}
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkPGAssets100k runs the screen's queries on one 100k register:
// FirstPage, FirstPageCounted, FirstPageSorted, DeepPage, Search,
// SearchWithCount, SearchEach/<text>.
func BenchmarkPGAssets100k(b *testing.B) {
	s := bigStore(b)
	b.Run("FirstPage", func(b *testing.B) { benchFirstPage(b, s) })
	b.Run("FirstPageCounted", func(b *testing.B) { benchFirstPageCounted(b, s) })
	b.Run("FirstPageSorted", func(b *testing.B) { benchFirstPageSorted(b, s) })
	b.Run("DeepPage", func(b *testing.B) { benchDeepPage(b, s) })
	b.Run("Search", func(b *testing.B) { benchSearch(b, s) })
	b.Run("SearchWithCount", func(b *testing.B) { benchSearchWithCount(b, s) })
	b.Run("SearchEach", func(b *testing.B) { benchSearchEach(b, s) })
}

// BenchmarkPGBulkInsert100k stores 100,000 assets with CreateAssets in one
// transaction (with their history and search rows) into a fresh register
// on each engine in turn, and reports both and the ratio (issue 18: under 2x).
func BenchmarkPGBulkInsert100k(b *testing.B) {
	ctx := context.Background()
	ds := benchData()
	var pgT, liteT time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		lite, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "bulk.db"))
		if err != nil {
			b.Fatal(err)
		}
		ids := map[string]int64{}
		for j := range ds.People {
			p := ds.People[j]
			if err := lite.CreatePerson(ctx, &p); err != nil {
				b.Fatal(err)
			}
			ids[p.Email] = p.ID
		}
		list := assetList(ds, ids)
		t0 := time.Now()
		if err := lite.CreateAssets(ctx, list); err != nil {
			b.Fatal(err)
		}
		liteT += time.Since(t0)
		lite.Close()

		pg := pgtest.NewStore(b)
		pids, err := pgPeople(ctx, pg, ds.People)
		if err != nil {
			b.Fatal(err)
		}
		list = assetList(ds, pids)
		b.StartTimer()
		t0 = time.Now()
		if err := pg.CreateAssets(ctx, list); err != nil {
			b.Fatal(err)
		}
		pgT += time.Since(t0)
		b.StopTimer()
		if n, err := pg.CountAssets(ctx, assets.AssetQuery{}); err != nil || n != benchAssets {
			b.Fatalf("stored %d assets (%v)", n, err)
		}
		b.StartTimer()
	}
	b.ReportMetric(pgT.Seconds()/float64(b.N), "s/insert-100k")
	b.ReportMetric(liteT.Seconds()/float64(b.N), "sqlite-s")
	b.ReportMetric(float64(pgT)/float64(liteT), "x-sqlite")
}

// BenchmarkPGImport100k is the same through ImportAssets (the assets CSV's
// path: tags looked up, then COPY), against SQLite's ImportAssets.
func BenchmarkPGImport100k(b *testing.B) {
	ctx := context.Background()
	ds := benchData()
	var pgT, liteT time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		lite, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "import.db"))
		if err != nil {
			b.Fatal(err)
		}
		list := assetList(ds, nil)
		for j := range list {
			list[j].Normalize()
		}
		t0 := time.Now()
		if _, err := lite.ImportAssets(ctx, list, false); err != nil {
			b.Fatal(err)
		}
		liteT += time.Since(t0)
		lite.Close()
		pg := pgtest.NewStore(b)
		list = assetList(ds, nil)
		for j := range list {
			list[j].Normalize()
		}
		b.StartTimer()
		t0 = time.Now()
		if _, err := pg.ImportAssets(ctx, list, false); err != nil {
			b.Fatal(err)
		}
		pgT += time.Since(t0)
	}
	b.ReportMetric(pgT.Seconds()/float64(b.N), "s/import-100k")
	b.ReportMetric(liteT.Seconds()/float64(b.N), "sqlite-s")
	b.ReportMetric(float64(pgT)/float64(liteT), "x-sqlite")
}

// plainPG is the floor: the same columns of 100 rows, no join, no order.
func plainPG(ctx context.Context, s *postgres.Store) error {
	rows, err := s.Pool().Query(ctx, `SELECT id, tag, name, category, manufacturer, model, serial, status, location,
		assigned_to, purchase_date, cost, currency, supplier, notes, os, eol_date, hostname, mac, created, updated FROM assets LIMIT 100`)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if n != 100 {
		return fmt.Errorf("plain select gave %d rows", n)
	}
	return rows.Err()
}

// timedPG runs op b.N times and reports the median in ms and as a multiple
// of the plain select's.
func timedPG(b *testing.B, s *postgres.Store, op func(i int) error) {
	b.Helper()
	ctx := context.Background()
	var base []time.Duration
	for range 200 {
		t0 := time.Now()
		if err := plainPG(ctx, s); err != nil {
			b.Fatal(err)
		}
		base = append(base, time.Since(t0))
	}
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	med, plain := median(durs), median(base)
	b.ReportMetric(float64(med.Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(durs[len(durs)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(plain.Microseconds())/1000, "plain-ms")
	b.ReportMetric(float64(med)/float64(plain), "x-plain")
}

func median(d []time.Duration) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

// benchFirstPage is the assets screen opening: page one in tag order.
func benchFirstPage(b *testing.B, s *postgres.Store) {
	ctx := context.Background()
	timedPG(b, s, func(int) error {
		p, err := s.ListAssets(ctx, assets.AssetQuery{Sort: assets.SortTag, Limit: 100})
		if err == nil && len(p.Assets) != 100 {
			err = fmt.Errorf("got %d rows", len(p.Assets))
		}
		return err
	})
}

// benchFirstPageCounted is the same with the "n of N" count.
func benchFirstPageCounted(b *testing.B, s *postgres.Store) {
	ctx := context.Background()
	timedPG(b, s, func(int) error {
		_, n, err := s.ListAssetsCounted(ctx, assets.AssetQuery{Sort: assets.SortTag, Limit: 100})
		if err == nil && n != benchAssets {
			err = fmt.Errorf("counted %d", n)
		}
		return err
	})
}

// benchFirstPageSorted is a click on each sortable header (each
// direction), first page.
func benchFirstPageSorted(b *testing.B, s *postgres.Store) {
	ctx := context.Background()
	sorts := []assets.SortField{assets.SortName, assets.SortCategory, assets.SortStatus, assets.SortLocation,
		assets.SortAssigned, assets.SortPurchase, assets.SortCost}
	timedPG(b, s, func(i int) error {
		_, err := s.ListAssets(ctx, assets.AssetQuery{Sort: sorts[i%len(sorts)], Desc: i/len(sorts)%2 == 1, Limit: 100})
		return err
	})
}

// benchDeepPage fetches page 500 by its cursor.
func benchDeepPage(b *testing.B, s *postgres.Store) {
	ctx := context.Background()
	q := assets.AssetQuery{Sort: assets.SortName, Limit: 100}
	var after *assets.Cursor
	for range 500 {
		q.After = after
		p, err := s.ListAssets(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		after = p.Next
	}
	q.After = after
	timedPG(b, s, func(int) error {
		p, err := s.ListAssets(ctx, q)
		if err == nil && len(p.Assets) != 100 {
			err = fmt.Errorf("got %d rows", len(p.Assets))
		}
		return err
	})
}

// searches are SQLite's benchmark's (assets/sqlite/bench_test.go).
var searches = []string{"dell", "thinkpad t14", "iphone", "zoë", "ST-045612", "latitude 5440", "warranty",
	"kowalski", "macbook pro", "u2723qe", "synology", "battery", "nothing-matches-this", "brother hl"}

// benchSearch is one free-text search's first page.
func benchSearch(b *testing.B, s *postgres.Store) {
	ctx := context.Background()
	timedPG(b, s, func(i int) error {
		_, err := s.ListAssets(ctx, assets.AssetQuery{Search: searches[i%len(searches)], Limit: 100})
		return err
	})
}

// benchSearchWithCount adds the "n of N assets" count.
func benchSearchWithCount(b *testing.B, s *postgres.Store) {
	ctx := context.Background()
	timedPG(b, s, func(i int) error {
		_, _, err := s.ListAssetsCounted(ctx, assets.AssetQuery{Search: searches[i%len(searches)], Limit: 100})
		return err
	})
}

// benchSearchEach times each search on its own, with its count.
func benchSearchEach(b *testing.B, s *postgres.Store) {
	ctx := context.Background()
	for _, text := range searches {
		b.Run(text, func(b *testing.B) {
			n := 0
			timedPG(b, s, func(int) error {
				var err error
				_, n, err = s.ListAssetsCounted(ctx, assets.AssetQuery{Search: text, Limit: 100})
				return err
			})
			b.ReportMetric(float64(n), "matches")
		})
	}
}

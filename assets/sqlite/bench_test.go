package sqlite_test

// Benchmarks of the register at 100,000 assets (`make bench`). Every store
// figure is reported with the time of a plain query on the same file in the
// same run ("x-plain": how many times slower than the floor), so the ratio
// means something on any machine. The results are recorded in
// BENCHMARKS.md ("Register and window"); why the store is built this way is
// in notes/storage.md.

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/sqlite"
)

const benchAssets = 100_000

var (
	bigOnce  sync.Once
	bigDir   string
	bigStore *sqlite.Store
	bigErr   error
	bigData  demo.Dataset
)

func TestMain(m *testing.M) {
	code := m.Run()
	if bigStore != nil {
		bigStore.Close()
	}
	if bigDir != "" {
		os.RemoveAll(bigDir)
	}
	os.Exit(code)
}

// benchData is the 100k demo office, generated once per process.
func benchData() demo.Dataset {
	if bigData.Assets == nil {
		bigData = demo.Generate(demo.Config{Assets: benchAssets, People: 2000, Seed: 1})
	}
	return bigData
}

// loadOffice saves people then assets; it returns the assets as saved.
func loadOffice(ctx context.Context, s *sqlite.Store, ds demo.Dataset) ([]assets.Asset, error) {
	ids := map[string]int64{}
	for i := range ds.People {
		p := ds.People[i]
		if err := s.CreatePerson(ctx, &p); err != nil {
			return nil, err
		}
		ids[p.Email] = p.ID
	}
	list := make([]assets.Asset, len(ds.Assets))
	for i, a := range ds.Assets {
		list[i] = a.Asset
		list[i].AssignedTo = ids[a.HolderEmail]
	}
	return list, s.CreateAssets(ctx, list)
}

// bigDB is a store holding the 100k office, built once per process in a
// temporary folder.
func bigDB(b *testing.B) *sqlite.Store {
	b.Helper()
	bigOnce.Do(func() {
		ctx := context.Background()
		if bigDir, bigErr = os.MkdirTemp("", "steward-bench-"); bigErr != nil {
			return
		}
		if bigStore, bigErr = sqlite.Create(ctx, filepath.Join(bigDir, "big.db")); bigErr != nil {
			return
		}
		_, bigErr = loadOffice(ctx, bigStore, benchData())
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigStore
}

// plainSelect is the floor: SELECT the same columns of 100 rows, no join,
// no filter, no order.
func plainSelect(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT id, tag, name, category, manufacturer, model, serial, status, location,
		assigned_to, purchase_date, cost, currency, supplier, notes, os, eol_date, hostname, mac, created, updated FROM assets LIMIT 100`)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var assigned sql.NullInt64
		var cost int64
		var s [17]string
		if err := rows.Scan(&id, &s[0], &s[1], &s[2], &s[3], &s[4], &s[5], &s[6], &s[7], &assigned, &s[8], &cost,
			&s[9], &s[10], &s[11], &s[12], &s[13], &s[14], &s[15], &s[16], &s[16]); err != nil {
			return err
		}
		n++
	}
	if n != 100 {
		return fmt.Errorf("plain select gave %d rows", n)
	}
	return rows.Err()
}

// cpuTime is the CPU time (user + system) the process has used so far. The
// benchmarks report it next to wall time because the machines they run on
// are often shared: wall time then measures the neighbours, CPU time what
// the work costs (on an idle machine the two are close, SQLite being
// single-threaded here).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// plainPerOp times the plain select over n runs.
func plainPerOp(b *testing.B, s *sqlite.Store, n int) time.Duration {
	b.Helper()
	ctx := context.Background()
	if n < 50 {
		n = 50
	}
	start := time.Now()
	for range n {
		if err := plainSelect(ctx, s.ReadDB()); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start) / time.Duration(n)
}

// timed runs op b.N times and reports the mean and median in ms and the
// median as a multiple of the plain select's.
func timed(b *testing.B, s *sqlite.Store, op func(i int) error) {
	b.Helper()
	base := plainPerOp(b, s, 200)
	baseCPU := plainCPUPerOp(b, s, 200)
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	cpu := (cpuTime() - cpu0) / time.Duration(b.N)
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	med := durs[len(durs)/2]
	b.ReportMetric(float64(med.Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms/op")
	b.ReportMetric(float64(base.Microseconds())/1000, "plain-ms")
	b.ReportMetric(float64(med)/float64(base), "x-plain")
	b.ReportMetric(float64(cpu)/float64(baseCPU), "x-plain-cpu")
}

// plainCPUPerOp is the CPU time of one plain select.
func plainCPUPerOp(b *testing.B, s *sqlite.Store, n int) time.Duration {
	b.Helper()
	c0 := cpuTime()
	plainPerOp(b, s, n)
	return (cpuTime() - c0) / time.Duration(n)
}

// BenchmarkBulkInsert100k stores 100,000 assets in one transaction (with
// their history rows and search index), into a fresh file each time. The
// floor is the same rows into a bare table without indexes or triggers.
func BenchmarkBulkInsert100k(b *testing.B) {
	ctx := context.Background()
	ds := benchData()
	var total, floor, cpu, floorCPU time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "bulk.db"))
		if err != nil {
			b.Fatal(err)
		}
		ids := map[string]int64{}
		for j := range ds.People {
			p := ds.People[j]
			if err := s.CreatePerson(ctx, &p); err != nil {
				b.Fatal(err)
			}
			ids[p.Email] = p.ID
		}
		list := make([]assets.Asset, len(ds.Assets))
		for j, a := range ds.Assets {
			list[j] = a.Asset
			list[j].AssignedTo = ids[a.HolderEmail]
		}
		c0 := cpuTime()
		floor += plainInsert(b, s, list)
		floorCPU += cpuTime() - c0
		b.StartTimer()
		t0, c0 := time.Now(), cpuTime()
		if err := s.CreateAssets(ctx, list); err != nil {
			b.Fatal(err)
		}
		total += time.Since(t0)
		cpu += cpuTime() - c0
		b.StopTimer()
		if n, err := s.CountAssets(ctx, assets.AssetQuery{}); err != nil || n != benchAssets {
			b.Fatalf("stored %d assets (%v)", n, err)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/insert-100k")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/insert-100k")
	b.ReportMetric(floor.Seconds()/float64(b.N), "plain-s")
	b.ReportMetric(float64(total)/float64(floor), "x-plain")
	b.ReportMetric(float64(cpu)/float64(floorCPU), "x-plain-cpu")
}

// plainInsert writes the same values into a bare table in one transaction.
func plainInsert(b *testing.B, s *sqlite.Store, list []assets.Asset) time.Duration {
	b.Helper()
	db := s.DB()
	if _, err := db.Exec(`CREATE TABLE plain_assets(id INTEGER PRIMARY KEY, tag, name, category, manufacturer, model, serial,
		status, location, assigned_to, purchase_date, cost, currency, supplier, notes, os, hostname, mac)`); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare(`INSERT INTO plain_assets(tag, name, category, manufacturer, model, serial, status, location,
		assigned_to, purchase_date, cost, currency, supplier, notes, os, hostname, mac) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		b.Fatal(err)
	}
	for i, a := range list {
		if _, err := stmt.Exec(fmt.Sprintf("P-%06d", i), a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status),
			a.Location, a.AssignedTo, a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS,
			a.HostName, a.MAC); err != nil {
			b.Fatal(err)
		}
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	d := time.Since(t0)
	if _, err := db.Exec(`DROP TABLE plain_assets`); err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkFirstPage is the assets screen opening: page one in tag order.
func BenchmarkFirstPage(b *testing.B) {
	s := bigDB(b)
	ctx := context.Background()
	timed(b, s, func(int) error {
		p, err := s.ListAssets(ctx, assets.AssetQuery{Sort: assets.SortTag, Limit: 100})
		if err == nil && len(p.Assets) != 100 {
			err = fmt.Errorf("got %d rows", len(p.Assets))
		}
		return err
	})
}

// BenchmarkFirstPageSorted is a click on each sortable header (each
// direction), first page.
func BenchmarkFirstPageSorted(b *testing.B) {
	s := bigDB(b)
	ctx := context.Background()
	sorts := []assets.SortField{assets.SortName, assets.SortCategory, assets.SortStatus, assets.SortLocation,
		assets.SortAssigned, assets.SortPurchase, assets.SortCost}
	timed(b, s, func(i int) error {
		_, err := s.ListAssets(ctx, assets.AssetQuery{Sort: sorts[i%len(sorts)], Desc: i/len(sorts)%2 == 1, Limit: 100})
		return err
	})
}

// BenchmarkDeepPage fetches page 500 (rows 50,001-50,100) by its cursor:
// keyset pagination makes it cost what page one does.
func BenchmarkDeepPage(b *testing.B) {
	s := bigDB(b)
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
	timed(b, s, func(int) error {
		p, err := s.ListAssets(ctx, q)
		if err == nil && len(p.Assets) != 100 {
			err = fmt.Errorf("got %d rows", len(p.Assets))
		}
		return err
	})
}

// searches are what people type: makes, models, a person, a serial, a tag,
// a note, and something that matches nothing.
var searches = []string{"dell", "thinkpad t14", "iphone", "zoë", "ST-045612", "latitude 5440", "warranty",
	"kowalski", "macbook pro", "u2723qe", "synology", "battery", "nothing-matches-this", "brother hl"}

// BenchmarkSearch is one free-text search as the assets screen runs it:
// its first page. Median over the queries above.
func BenchmarkSearch(b *testing.B) {
	s := bigDB(b)
	ctx := context.Background()
	timed(b, s, func(i int) error {
		_, err := s.ListAssets(ctx, assets.AssetQuery{Search: searches[i%len(searches)], Limit: 100})
		return err
	})
}

// BenchmarkSearchWithCount adds the "n of N assets" count the screen shows.
func BenchmarkSearchWithCount(b *testing.B) {
	s := bigDB(b)
	ctx := context.Background()
	timed(b, s, func(i int) error {
		_, _, err := s.ListAssetsCounted(ctx, assets.AssetQuery{Search: searches[i%len(searches)], Limit: 100})
		return err
	})
}

// filters are what the screen's selects produce, alone and combined.
var filters = []assets.AssetQuery{
	{Category: "laptop"}, {Status: assets.StatusInRepair}, {Location: "Berlin Office"},
	{Category: "monitor", Status: assets.StatusDeployed}, {Category: "server", Location: "Amsterdam HQ / Server room"},
	{Status: assets.StatusLost, Sort: assets.SortName}, {Category: "phone", Sort: assets.SortPurchase, Desc: true},
	{Category: "tablet", Status: assets.StatusRetired, Location: "Remote"}, {Status: assets.StatusDeployed, Sort: assets.SortCost},
	{Category: "laptop", Search: "dell"},
}

// BenchmarkFilterChange is a change of a filter: the first page and the
// count, as the screen loads them.
func BenchmarkFilterChange(b *testing.B) {
	s := bigDB(b)
	ctx := context.Background()
	timed(b, s, func(i int) error {
		q := filters[i%len(filters)]
		q.Limit = 100
		_, _, err := s.ListAssetsCounted(ctx, q)
		return err
	})
}

// BenchmarkSearchEach times each search of the set on its own (first page
// and count), to show which kinds of text cost most.
func BenchmarkSearchEach(b *testing.B) {
	s := bigDB(b)
	ctx := context.Background()
	for _, text := range searches {
		b.Run(text, func(b *testing.B) {
			var n int
			timed(b, s, func(int) error {
				var err error
				_, n, err = s.ListAssetsCounted(ctx, assets.AssetQuery{Search: text, Limit: 100})
				return err
			})
			b.ReportMetric(float64(n), "matches")
		})
	}
}

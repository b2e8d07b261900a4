package move_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"steward/assets/move"
	"steward/assets/postgres/pgtest"
)

// demo100k is the 100,000-asset demo register (steward demo --assets
// 100000 --people 2000, as BENCHMARKS.md's figures use), built in a
// temporary folder, or once at $STEWARD_BENCH_DEMO and reused from there by
// later runs (building takes a minute or more).
func demo100k(b *testing.B) string {
	b.Helper()
	path := os.Getenv("STEWARD_BENCH_DEMO")
	if path == "" {
		path = filepath.Join(b.TempDir(), "demo100k.db")
	}
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		buildDemo(b, path, 100_000, 2_000)
		b.Logf("built %s in %s", path, time.Since(start).Round(time.Second))
	}
	return path
}

// BenchmarkPushDemo100k is steward db push of the 100,000-asset demo
// register into an empty PostgreSQL register (target: under 30 s). The
// empty register is made outside the timing.
func BenchmarkPushDemo100k(b *testing.B) {
	path := demo100k(b)
	for b.Loop() {
		b.StopTimer()
		url := pgtest.NewDB(b)
		b.StartTimer()
		sum, err := push(b, path, url, move.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.TotalRows()), "rows")
		b.ReportMetric(float64(sum.NewGIDs), "new-gids")
	}
}

// BenchmarkBackupDemo100k is steward backup --db URL of the same register,
// pushed first (outside the timing), to a new file.
func BenchmarkBackupDemo100k(b *testing.B) {
	path := demo100k(b)
	url := pgtest.NewDB(b)
	if _, err := push(b, path, url, move.Options{}); err != nil {
		b.Fatal(err)
	}
	conn := pgConnect(b, url)
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		dest := filepath.Join(dir, "backup"+string(rune('a'+i%26))+time.Now().Format("150405.000000")+".db")
		sum, _, err := move.Backup(context.Background(), conn, dest, move.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.TotalRows()), "rows")
		b.StopTimer()
		os.Remove(dest)
		b.StartTimer()
	}
}

package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
	"steward/assets/sqlite/fixture"
)

// largeStore opens the large fixture. Set STEWARD_BENCH_DB to a path to
// build it there once and reuse it across runs (it takes a minute to build).
func largeStore(b *testing.B) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("STEWARD_BENCH_DB")
	build := true
	if path == "" {
		path = filepath.Join(b.TempDir(), "large.db")
	} else if _, err := os.Stat(path); err == nil {
		build = false
	}
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if build {
		if err := fixture.Build(ctx, s, fixture.Large); err != nil {
			b.Fatal(err)
		}
	}
	return s // with the bundled end-of-life catalog, as in use
}

// BenchmarkAlertsLarge computes every lifecycle flag (EOL, warranty, licence
// compliance and expiry, tasks) for 100,000 assets, 10,000 licences and
// 20,000 tasks: load and compute. Target: under 300 ms.
func BenchmarkAlertsLarge(b *testing.B) {
	s := largeStore(b)
	ctx := context.Background()
	opt := assets.AlertOptions{AsOf: fixture.AsOf}
	var n int
	cpu := startCPU()
	for b.Loop() {
		got, err := s.Alerts(ctx, opt)
		if err != nil {
			b.Fatal(err)
		}
		n = len(got)
	}
	cpu.report(b)
	b.ReportMetric(float64(n), "alerts")
}

// BenchmarkAlertSources times each alert family on the large fixture, to
// see which one a regression comes from.
func BenchmarkAlertSources(b *testing.B) {
	s := largeStore(b)
	ctx := context.Background()
	for _, name := range sqlite.AlertSourceNames() {
		b.Run(name, func(b *testing.B) {
			cpu := startCPU()
			for b.Loop() {
				if _, err := s.AlertsFrom(ctx, name, assets.AlertOptions{AsOf: fixture.AsOf}); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
	}
}

// cpuClock measures the process's CPU time (user + system, every thread,
// SQLite's included): on a machine shared with other work, wall time per
// op swings with the load while CPU time per op stays close to what an
// idle machine would take.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{cpuTime()} }

func (c cpuClock) report(b *testing.B) {
	b.ReportMetric(float64(cpuTime()-c.start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

package sqlite_test

import (
	"context"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
	"steward/assets/sqlite/fixture"
)

// BenchmarkAlertsLarge computes every lifecycle flag (EOL, warranty, licence
// compliance and expiry, tasks) for 100,000 assets, 10,000 licences and
// 20,000 tasks: load and compute. Target: under 300 ms.
func BenchmarkAlertsLarge(b *testing.B) {
	s := fixture.OpenLarge(b)
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
	s := fixture.OpenLarge(b)
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

// BenchmarkAlertMerge times putting the families' lists into the one
// sorted list on the large fixture, against the plain way (append
// everything, then sort): "keyed" is both steps of Alerts one after the
// other; in Alerts, "sort-runs" (each family ordering its own list) runs
// on the workers beside the other families, and "merge" is the serial
// end of the call.
func BenchmarkAlertMerge(b *testing.B) {
	s := fixture.OpenLarge(b)
	ctx := context.Background()
	var parts [][]assets.Alert
	for _, name := range sqlite.AlertSourceNames() {
		p, err := s.AlertsFrom(ctx, name, assets.AlertOptions{AsOf: fixture.AsOf})
		if err != nil {
			b.Fatal(err)
		}
		parts = append(parts, p)
	}
	b.Run("keyed", func(b *testing.B) {
		cpu := startCPU()
		for b.Loop() {
			sqlite.MergeAlerts(parts)
		}
		cpu.report(b)
	})
	b.Run("sort-runs", func(b *testing.B) {
		cpu := startCPU()
		for b.Loop() {
			sqlite.SortRuns(parts)
		}
		cpu.report(b)
	})
	b.Run("merge", func(b *testing.B) {
		runs := sqlite.SortRuns(parts)
		cpu := startCPU()
		for b.Loop() {
			runs.Merge()
		}
		cpu.report(b)
	})
	b.Run("append-sort", func(b *testing.B) {
		cpu := startCPU()
		for b.Loop() {
			var out []assets.Alert
			for _, p := range parts {
				out = append(out, p...)
			}
			sqlite.SortAlerts(out)
		}
		cpu.report(b)
	})
}

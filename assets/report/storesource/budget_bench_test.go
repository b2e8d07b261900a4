package storesource

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/sqlite"
)

// budgetDB builds a register of n assets for the budget benchmarks, once per
// size per run. STEWARD_BUDGET_DB=path keeps it (for timing the command
// line on it with /usr/bin/time).
func budgetDB(b *testing.B, n int) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "budget.db")
	if p := os.Getenv("STEWARD_BUDGET_DB"); p != "" {
		path = p
	}
	_, statErr := os.Stat(path)
	s, err := sqlite.Create(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if statErr != nil {
		if err := sqlite.BuildBudgetLoad(ctx, s, sqlite.BudgetLoad{Assets: n, Licences: 200, Tasks: 500, AsOf: assets.MustDate("2026-11-22")}); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func benchReport(b *testing.B, n int, kind string) {
	s := budgetDB(b, n)
	src := New(s)
	ctx := context.Background()
	req := report.Request{Kind: kind, AsOf: assets.MustDate("2026-11-22"), Years: 5}
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		doc, err := report.Build(ctx, src, req)
		if err != nil {
			b.Fatal(err)
		}
		if err := report.WritePDF(io.Discard, doc, report.A4); err != nil {
			b.Fatal(err)
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.Sys)/(1<<20), "MB-sys")
}

// BenchmarkBudgetStore100k: the budget PDF of a 100,000-asset register, from
// the database. Target: under 2 s.
func BenchmarkBudgetStore100k(b *testing.B) { benchReport(b, 100_000, "budget") }

// BenchmarkDepreciationStore100k: the depreciation PDF of 100,000 assets,
// from the database. Target: under 3 s.
func BenchmarkDepreciationStore100k(b *testing.B) { benchReport(b, 100_000, "depreciation") }

// The 1,000,000-asset runs build a large database first (a minute or
// more): they run only with STEWARD_BENCH_1M=1. Target: under 15 s each,
// peak memory under 1 GB.
func BenchmarkBudgetStore1M(b *testing.B) {
	if os.Getenv("STEWARD_BENCH_1M") != "1" {
		b.Skip("set STEWARD_BENCH_1M=1")
	}
	benchReport(b, 1_000_000, "budget")
}

func BenchmarkDepreciationStore1M(b *testing.B) {
	if os.Getenv("STEWARD_BENCH_1M") != "1" {
		b.Skip("set STEWARD_BENCH_1M=1")
	}
	benchReport(b, 1_000_000, "depreciation")
}

package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// BenchmarkAlertPlaces100k reads the place of every asset and person of a
// 100,000-asset register (BuildBudgetLoad: 40 sites, 600 people), as the
// dashboard's alert filters and steward alerts --location do.
func BenchmarkAlertPlaces100k(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "places.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := sqlite.BuildBudgetLoad(ctx, s, sqlite.BudgetLoad{Assets: 100_000, AsOf: assets.MustDate("2026-03-01")}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		p, err := s.AlertPlaces(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Assets) != 100_000 {
			b.Fatalf("%d assets", len(p.Assets))
		}
	}
	cpu.report(b)
}

package postgres_test

// Benchmarks of live updates (issue 18 "Speed": a change visible in the
// other client in under 1 s, median under 100 ms on loopback) and of what
// the change log costs a bulk load. Run:
//
//	go test -tags migrated_fynedo,sqlite_fts5 ./assets/postgres/ -run '^$' -bench 'Live' -benchtime 200x
//	go test -tags migrated_fynedo,sqlite_fts5 ./assets/postgres/ -run '^$' -bench 'ChangeLogCopy' -benchtime 5x

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// percentile of sorted durations, p in [0, 1].
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[int(p*float64(len(d)-1)+0.5)]
}

// BenchmarkLiveLatency: one Steward updates an asset (one statement, its
// own transaction); the other's Watch callback sees it. Reported: from the
// start of the update (the change as its writer makes it, commit included)
// and from the moment the writer's update returned.
func BenchmarkLiveLatency(b *testing.B) {
	ctx := context.Background()
	a, other := twoStores(b)
	x := assets.Asset{Name: "Laptop", Category: "laptop"}
	if err := a.CreateAsset(ctx, &x); err != nil {
		b.Fatal(err)
	}
	got := make(chan time.Time, 100)
	w := watch(b, other, nil)
	go func() {
		for c := range w.ch {
			if c.Kind == assets.ChangeData && c.Entity == assets.EntityAssets && c.Action == "update" {
				got <- time.Now()
			}
		}
	}()
	var fromStart, fromReturn []time.Duration
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		if _, err := a.Pool().Exec(ctx, `UPDATE assets SET notes = $1 WHERE id = $2`, fmt.Sprint("note ", i), x.ID); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		seen := <-got
		fromStart = append(fromStart, seen.Sub(t0))
		fromReturn = append(fromReturn, seen.Sub(t1))
	}
	b.StopTimer()
	slices.Sort(fromStart)
	slices.Sort(fromReturn)
	b.ReportMetric(float64(percentile(fromStart, 0.5).Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(percentile(fromStart, 0.95).Microseconds())/1000, "ms-p95")
	b.ReportMetric(float64(percentile(fromStart, 1).Microseconds())/1000, "ms-max")
	b.ReportMetric(float64(percentile(fromReturn, 0.5).Microseconds())/1000, "ms-after-commit-median")
	b.ReportMetric(float64(percentile(fromReturn, 0.95).Microseconds())/1000, "ms-after-commit-p95")
}

// BenchmarkChangeLogCopy: COPY of 100,000 assets with the change log's
// triggers on assets and with them disabled, alternately (the machine is
// shared: interleaving keeps the load alike); medians and their ratio.
func BenchmarkChangeLogCopy(b *testing.B) {
	ctx := context.Background()
	s, _ := twoStores(b)
	const n = 100_000
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("CP-%06d", i), fmt.Sprint("Copied ", i), "laptop", "in_stock", fmt.Sprint("Room ", i%50),
			"2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}
	}
	cols := []string{"tag", "name", "category", "status", "location", "created", "updated"}
	trig := func(on bool) {
		verb := "DISABLE"
		if on {
			verb = "ENABLE"
		}
		if _, err := s.Pool().Exec(ctx, "ALTER TABLE assets "+verb+" TRIGGER assets_log_insert"); err != nil {
			b.Fatal(err)
		}
	}
	var with, without []time.Duration
	b.ResetTimer()
	for i := range b.N {
		for j := range 2 {
			on := (i+j)%2 == 0
			b.StopTimer()
			if _, err := s.Pool().Exec(ctx, "TRUNCATE assets CASCADE"); err != nil {
				b.Fatal(err)
			}
			trig(on)
			b.StartTimer()
			t0 := time.Now()
			if _, err := s.Pool().CopyFrom(ctx, pgx.Identifier{"assets"}, cols, pgx.CopyFromRows(rows)); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			if on {
				with = append(with, d)
			} else {
				without = append(without, d)
			}
		}
	}
	b.StopTimer()
	trig(true)
	slices.Sort(with)
	slices.Sort(without)
	mw, mo := percentile(with, 0.5), percentile(without, 0.5)
	b.ReportMetric(float64(mw.Milliseconds()), "ms-with-log")
	b.ReportMetric(float64(mo.Milliseconds()), "ms-without-log")
	b.ReportMetric(100*(float64(mw)/float64(mo)-1), "%-slower")
}

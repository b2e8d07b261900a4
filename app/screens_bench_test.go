package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"steward/assets/sqlite/fixture"
)

// BenchmarkScreenClick100k: each screen picked in the sidebar at 100,000
// assets (issue 16: every screen answers a click in under 100 ms), coming
// from the Dashboard each time. "click-ms" is what the UI goroutine spends
// on the click itself (the screen built or shown, its loads started);
// "data-ms" runs until every load it started has been handed back and
// drawn into its widgets. Fyne's test driver, not a GL window. Set
// STEWARD_BENCH_DB to reuse a built fixture.
func BenchmarkScreenClick100k(b *testing.B) {
	s := fixture.OpenLarge(b)
	a := test.NewApp()
	defer a.Quit()
	now := func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
	u := newUI(context.Background(), a, Services{Store: s, Version: "bench", Now: now}, make(chan func(), 1024))
	u.wait()
	titles := make([]string, 0, len(u.screens))
	for _, sc := range u.screens {
		titles = append(titles, sc.title())
	}
	for _, title := range titles {
		if title == "Dashboard" || title == "Charts" {
			continue // measured on their own (BenchmarkDashboard*, BenchmarkChartsLoad)
		}
		b.Run(title, func(b *testing.B) {
			var click, data time.Duration
			for b.Loop() {
				u.ShowScreen("Dashboard")
				u.wait()
				t0 := time.Now()
				u.ShowScreen(title)
				click += time.Since(t0)
				u.wait()
				data += time.Since(t0)
			}
			b.ReportMetric(float64(click.Microseconds())/1e3/float64(b.N), "click-ms")
			b.ReportMetric(float64(data.Microseconds())/1e3/float64(b.N), "data-ms")
		})
	}
}

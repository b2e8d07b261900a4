package app

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"steward/assets"
	"steward/assets/sqlite"
)

// benchUI is the window on the test driver with an empty register.
func benchUI(b *testing.B) *UI {
	ctx := context.Background()
	store, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "steward.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	u := newUI(ctx, test.NewTempApp(b), Services{Store: store, Version: "test"}, make(chan func(), 64))
	u.win.Resize(fyne.NewSize(1024, 768))
	u.wait()
	return u
}

// syntheticAlerts is n ranked alerts spread over every kind and severity,
// as a register of a million assets raises (580,000 alerts).
func syntheticAlerts(n int) []assets.Alert {
	kinds := assets.RankedKinds()
	list := make([]assets.Alert, n)
	day := assets.MustDate("2020-01-01")
	for i := range list {
		k := kinds[i*7%len(kinds)]
		list[i] = assets.Alert{Kind: k, Severity: assets.Severity(i % 3), Subject: fmt.Sprintf("ST-%07d Dell Latitude 5440", i),
			Reason: "end of life: 4-year laptop refresh: bought 2019-09-26, replace on 2023-09-26 (1168 days ago)",
			Date:   day.AddDays(i % 2000), Ref: assets.Ref{Entity: "asset", ID: int64(i)}}
		if assets.KindHasImpact(k) {
			list[i].Impact = i % 9
		}
	}
	assets.SortAlerts(list)
	return list
}

// BenchmarkDashboardShow580k is the UI side of the dashboard's first
// frame at a million assets: counting the tiles (on the loader goroutine),
// then giving the 580,000 ranked alerts to the list and drawing the
// window once (the test driver's software renderer). The store's part is
// BenchmarkDashboardLoad.
func BenchmarkDashboardShow580k(b *testing.B) { benchDashboardShow(b, 580_000) }

// BenchmarkDashboardShow1k is the same with 1,000 alerts: what the draw
// costs without the large list (the software renderer's own cost).
func BenchmarkDashboardShow1k(b *testing.B) { benchDashboardShow(b, 1000) }

func benchDashboardShow(b *testing.B, n int) {
	list := syntheticAlerts(n)
	u := benchUI(b)
	u.win.Resize(fyne.NewSize(1280, 800))
	d := u.screens[0].(*dashboard)
	opt := assets.AlertOptions{AsOf: assets.MustDate("2026-11-22")}
	var tiles, show, draw time.Duration
	for b.Loop() {
		t0 := time.Now()
		ts := assets.Tiles(list, 3)
		t1 := time.Now()
		for i, t := range ts {
			d.tileViews[i].set(t)
		}
		d.alerts.set(list, opt)
		t2 := time.Now()
		u.win.Canvas().Capture()
		tiles += t1.Sub(t0)
		show += t2.Sub(t1)
		draw += time.Since(t2)
	}
	b.ReportMetric(float64(tiles.Microseconds())/1000/float64(b.N), "ms-tiles")
	b.ReportMetric(float64(show.Microseconds())/1000/float64(b.N), "ms-show")
	b.ReportMetric(float64(draw.Microseconds())/1000/float64(b.N), "ms-draw")
}

// BenchmarkDashboardFilter580k is a change of filter on 580,000 alerts:
// one pass over them and a redraw.
func BenchmarkDashboardFilter580k(b *testing.B) {
	list := syntheticAlerts(580_000)
	u := benchUI(b)
	d := u.screens[0].(*dashboard)
	d.alerts.set(list, assets.AlertOptions{AsOf: assets.MustDate("2026-11-22")})
	sev := []string{"Critical", "Warning", "Info"}
	i := 0
	for b.Loop() {
		d.alerts.sevSel.SetSelected(sev[i%3])
		i++
	}
	b.ReportMetric(float64(d.alerts.view.n), "alerts-shown")
}

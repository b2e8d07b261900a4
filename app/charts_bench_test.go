package app

import (
	"context"
	"testing"
	"time"

	"steward/assets/report/storesource"
	"steward/assets/sqlite/fixture"
)

// BenchmarkChartsLoad is what the Charts screen reads on a register of
// 100,000 assets, 10,000 licences and 20,000 tasks (loadCharts, off the UI
// goroutine: the screen shows at once and draws when it is done). Set
// STEWARD_BENCH_DB to reuse a built fixture.
func BenchmarkChartsLoad(b *testing.B) {
	ctx := context.Background()
	s := fixture.OpenLarge(b)
	src := reportsAndAlerts{Source: storesource.Source{Store: s}, alerts: s}
	var alerts int
	c0 := cpu()
	for b.Loop() {
		d, err := loadCharts(ctx, src, fixture.AsOf)
		if err != nil {
			b.Fatal(err)
		}
		alerts = len(d.alerts)
	}
	b.ReportMetric(float64(cpu()-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(alerts), "alerts")
}

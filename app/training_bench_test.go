package app

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"steward/assets"
	"steward/assets/sqlite"
)

var benchAsOf = assets.MustDate("2026-03-01")

func benchTrainingStore(b *testing.B) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "steward.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return benchAsOf.Time().Add(9 * time.Hour) }
	if err := sqlite.BuildTrainingLoad(ctx, s, sqlite.TrainingLoad{People: 10000, Courses: 20, AsOf: benchAsOf}); err != nil {
		b.Fatal(err)
	}
	return s
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkComplianceMatrixOpen: what opening the compliance matrix costs on
// 10,000 people, 20 courses and 200,000 records: the data load and the model
// build (target < 500 ms).
func BenchmarkComplianceMatrixOpen(b *testing.B) {
	s := benchTrainingStore(b)
	ctx := context.Background()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		m, err := loadMatrixModel(ctx, s, benchAsOf, assets.DefaultWarnDays)
		if err != nil || len(m.rows) != 11 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkTrainingScreenOpen: the whole Training screen built in a test
// window until its matrix is on screen (courses, matrix, departments).
func BenchmarkTrainingScreenOpen(b *testing.B) {
	s := benchTrainingStore(b)
	a := test.NewApp()
	defer a.Quit()
	u := newUI(context.Background(), a, Services{Store: s, Now: s.Now}, make(chan func(), 64))
	u.wait()
	b.ResetTimer()
	for b.Loop() {
		ts := newTrainingScreen(u)
		u.win.SetContent(ts.view())
		u.wait()
		if ts.matrix == nil || len(ts.recDept.Options) == 0 {
			b.Fatal("the screen did not load")
		}
	}
}

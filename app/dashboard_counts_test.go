package app

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/sqlite"
)

// slowOverview is a store whose Overview (the alerts) waits for release,
// as it takes seconds on a register of 1,000,000 assets.
type slowOverview struct {
	*sqlite.Store
	entered chan struct{}
	once    sync.Once
	release chan struct{}
}

func (s *slowOverview) Overview(ctx context.Context, asOf assets.Date) (assets.Overview, error) {
	s.once.Do(func() { close(s.entered) })
	<-s.release
	return s.Store.Overview(ctx, asOf)
}

// TestDashboardShowsCountsBeforeAlerts: while the alerts are computed, the
// dashboard already shows the total and the counts under "Computing
// alerts…" (Services.CountsShown is called, Ready not yet); the alerts
// follow, then Ready.
func TestDashboardShowsCountsBeforeAlerts(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	fillDemo(t, store, demo.Config{Assets: 30, People: 10, Seed: 42})
	slow := &slowOverview{Store: store, entered: make(chan struct{}), release: make(chan struct{})}
	var counted, ready int
	now := func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	u := newUI(ctx, test.NewTempApp(t), Services{Store: slow, Version: "test", Now: now,
		CountsShown: func() { counted++ }, Ready: func() { ready++ }}, make(chan func(), 64))
	defer func() {
		select {
		case <-slow.release:
		default:
			close(slow.release)
		}
		u.wait()
	}()
	// Run the hand-backs until the alerts are being computed, then every
	// other one (the overview's is the one left).
	for entered := false; !entered; {
		select {
		case f := <-u.handBack:
			f()
		case <-slow.entered:
			entered = true
		}
	}
	for u.pending.Load() > 1 {
		(<-u.handBack)()
	}
	d := u.screens[0].(*dashboard)
	if d.total.Text != "30 assets in the register" || counted != 1 || ready != 0 {
		t.Fatalf("while the alerts are computed the dashboard shows %q (counts shown %d times, ready %d), want the total", d.total.Text, counted, ready)
	}
	if d.alerts.summary.Text != "Computing alerts…" {
		t.Fatalf("while the alerts are computed the list says %q", d.alerts.summary.Text)
	}
	close(slow.release)
	u.wait()
	if ready != 1 || counted != 1 || d.alerts.summary.Text == "Computing alerts…" {
		t.Fatalf("after the alerts: ready %d, counts shown %d, summary %q", ready, counted, d.alerts.summary.Text)
	}
}

package app

import (
	"context"
	"sync/atomic"
	"testing"

	"steward/assets"
)

// heldAlerts is the Charts screen's source with its first alert list held
// until release is closed, and then answered with one made-up alert.
type heldAlerts struct {
	chartSource
	calls   atomic.Int32
	entered chan struct{} // closed when the first call is in
	release chan struct{}
}

func (h *heldAlerts) Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error) {
	if h.calls.Add(1) == 1 {
		close(h.entered)
		<-h.release
		return []assets.Alert{{Kind: "stale", Severity: assets.SeverityCritical, Subject: "the older load"}}, nil
	}
	return h.chartSource.Alerts(ctx, opt)
}

// A refresh while an older load of the charts is still out: the newer
// load's pictures stay, even when the older one answers after it (the
// screen loads through latest[T], query.go).
func TestChartsOlderLoadDoesNotWin(t *testing.T) {
	u, _ := newTestUI(t, 20)
	h := &heldAlerts{chartSource: newChartsScreen(u).src, entered: make(chan struct{}), release: make(chan struct{})}
	s := &chartsScreen{ui: u, src: h}
	u.win.SetContent(s.view()) // the first load: its alerts wait
	// The second load starts once the first one's alerts are held (the
	// loads run side by side: started at once, the second could be the
	// one to reach Alerts first, and be held instead).
	<-h.entered
	s.refresh() // the second: answers at once
	// Run hand-backs until the newer load's pictures show: the older
	// load cannot hand back yet.
	for i := 0; s.shown == nil; i++ {
		if u.pending.Load() == 1 || i == 100 {
			t.Fatal("the newer load was not shown")
		}
		(<-u.handBack)()
	}
	close(h.release) // the older load answers, late
	u.wait()
	for _, a := range s.shown.alerts {
		if a.Kind == "stale" {
			t.Fatal("the older load's alerts replaced the newer one's")
		}
	}
}

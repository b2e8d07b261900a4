package sqlite

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"steward/assets"
)

// alertSource computes one family of alerts (EOL, warranties, training...).
// Each domain area registers its own from init, in its own file.
type alertSource struct {
	name string
	run  func(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error)
}

var alertSources []alertSource

func registerAlertSource(name string, run func(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error)) {
	alertSources = append(alertSources, alertSource{name, run})
}

// Alerts computes every alert as of opt.AsOf, most severe and soonest first.
// A rule that fails makes the whole call fail, naming the rule: an alert list
// that silently lacks a family would be read as "all clear".
//
// The families run concurrently, each on its own reader connection: they
// are independent, and a large register's alerts then take about as long
// as the slowest family rather than the sum of all.
func (s *Store) Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error) {
	got := make([][]assets.Alert, len(alertSources))
	errs := make([]error, len(alertSources))
	var wg sync.WaitGroup
	for i, src := range alertSources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = src.run(ctx, s, opt)
		}()
	}
	wg.Wait()
	n := 0
	for i, src := range alertSources {
		if errs[i] != nil {
			return nil, fmt.Errorf("computing %s alerts: %w", src.name, errs[i])
		}
		n += len(got[i])
	}
	var out []assets.Alert // nil when there are none, as before
	if n > 0 {
		out = make([]assets.Alert, 0, n) // one allocation for ~90,000 alerts
	}
	for i := range alertSources {
		out = append(out, got[i]...)
	}
	SortAlerts(out)
	return out, nil
}

// SortAlerts orders alerts by severity (critical first), then date, then
// subject; kind and record break the remaining ties, so the order is total
// and an unstable sort (cheaper than a stable one on tens of thousands of
// alerts) still gives the same list every time.
func SortAlerts(a []assets.Alert) {
	slices.SortFunc(a, func(x, y assets.Alert) int {
		if x.Severity != y.Severity {
			return int(y.Severity) - int(x.Severity)
		}
		if c := x.Date.Compare(y.Date); c != 0 {
			return c
		}
		if c := strings.Compare(x.Subject, y.Subject); c != 0 {
			return c
		}
		if c := strings.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		if c := strings.Compare(x.Ref.Entity, y.Ref.Entity); c != 0 {
			return c
		}
		return cmp.Compare(x.Ref.ID, y.Ref.ID)
	})
}

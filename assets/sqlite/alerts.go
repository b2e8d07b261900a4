package sqlite

import (
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
	var out []assets.Alert
	for i, src := range alertSources {
		if errs[i] != nil {
			return nil, fmt.Errorf("computing %s alerts: %w", src.name, errs[i])
		}
		out = append(out, got[i]...)
	}
	SortAlerts(out)
	return out, nil
}

// SortAlerts orders alerts by severity (critical first), then date, then subject.
func SortAlerts(a []assets.Alert) {
	// slices.SortStableFunc, not sort.SliceStable: with tens of thousands
	// of alerts the reflection-based swaps of whole structs cost more than
	// computing them.
	slices.SortStableFunc(a, func(x, y assets.Alert) int {
		if x.Severity != y.Severity {
			return int(y.Severity) - int(x.Severity)
		}
		if c := x.Date.Compare(y.Date); c != 0 {
			return c
		}
		return strings.Compare(x.Subject, y.Subject)
	})
}

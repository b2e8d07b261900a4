package sqlite

import (
	"context"
	"fmt"
	"sort"

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
func (s *Store) Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error) {
	var out []assets.Alert
	for _, src := range alertSources {
		got, err := src.run(ctx, s, opt)
		if err != nil {
			return nil, fmt.Errorf("computing %s alerts: %w", src.name, err)
		}
		out = append(out, got...)
	}
	SortAlerts(out)
	return out, nil
}

// SortAlerts orders alerts by severity (critical first), then date, then subject.
func SortAlerts(a []assets.Alert) {
	sort.SliceStable(a, func(i, j int) bool {
		if a[i].Severity != a[j].Severity {
			return a[i].Severity > a[j].Severity
		}
		if c := a[i].Date.Compare(a[j].Date); c != 0 {
			return c < 0
		}
		return a[i].Subject < a[j].Subject
	})
}

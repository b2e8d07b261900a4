package postgres

import (
	"context"
	"sync"

	"steward/assets"
)

// Overview is what the dashboard shows as of asOf, with the configured
// alert window: the counts by status and by category, read while the
// alerts are computed, and every alert. The alert list is kept while the
// register is unchanged (DataVersion) and the options are the same, as
// SQLite's store keeps it; callers share the kept list and must not
// change it.
func (s *Store) Overview(ctx context.Context, asOf assets.Date) (_ assets.Overview, err error) {
	defer assets.Wrap(&err, "postgres.Overview")
	var ov assets.Overview
	var countErr error
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		if ov.ByStatus, countErr = s.CountByStatus(ctx); countErr == nil {
			ov.ByCategory, countErr = s.CountByCategory(ctx)
		}
	}()
	ov.Options, ov.Alerts, err = s.keptAlerts(ctx, asOf)
	<-counted
	if countErr != nil {
		return ov, countErr
	}
	return ov, err
}

// ForgetAlerts drops the alert list Overview keeps, so that the next call
// computes it afresh.
func (s *Store) ForgetAlerts() { s.kept.put(0, assets.AlertOptions{}, nil, false) }

// keptAlerts is every alert as of asOf with the configured window: the
// kept list when the register and the options are the same as when it was
// computed, else computed now (and kept).
func (s *Store) keptAlerts(ctx context.Context, asOf assets.Date) (assets.AlertOptions, []assets.Alert, error) {
	opt, err := s.AlertOptionsAt(ctx, asOf)
	if err != nil {
		return opt, nil, err
	}
	// The version is read before computing: a commit landing meanwhile
	// moves it, so the next call computes again.
	version, err := s.DataVersion(ctx)
	if err != nil {
		return opt, nil, err
	}
	if list, ok := s.kept.get(version, opt); ok {
		return opt, list, nil
	}
	list, err := s.Alerts(ctx, opt)
	if err != nil {
		return opt, nil, err
	}
	s.kept.put(version, opt, list, true)
	return opt, list, nil
}

// alertCache keeps the last alert list with what it was computed from.
type alertCache struct {
	mu      sync.Mutex
	ok      bool
	version int64
	opt     assets.AlertOptions
	list    []assets.Alert
}

func (c *alertCache) get(version int64, opt assets.AlertOptions) ([]assets.Alert, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ok || c.version != version || c.opt != opt {
		return nil, false
	}
	return c.list, true
}

func (c *alertCache) put(version int64, opt assets.AlertOptions, list []assets.Alert, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ok, c.version, c.opt, c.list = ok, version, opt, list
}

package storesource

import (
	"context"
	"fmt"

	"steward/assets"
	"steward/assets/eol"
	"steward/assets/report"
)

// EOLStates judges every asset's operating system and device model against
// the end-of-life catalog (the bundled one with the user's updates next to
// the database). Where both are known, the earlier end of support counts:
// either one ends the asset's safe life.
func (s Source) EOLStates(ctx context.Context, asOf assets.Date) (map[int64]report.EOLState, error) {
	cat, err := eol.LoadWithOverride(eol.OverridePath(s.Path()))
	if err != nil {
		return nil, err
	}
	out := map[int64]report.EOLState{}
	err = s.EachActiveAsset(ctx, func(a *assets.Asset) error {
		var best report.EOLState
		consider := func(v eol.Verdict) {
			if v.State == eol.Unknown || v.Date.IsZero() {
				return
			}
			if best.Date.IsZero() || v.Date.Before(best.Date) {
				best = report.EOLState{Date: v.Date, Reason: v.Reason}
			}
		}
		if a.OS != "" {
			_, v := cat.StatusOS(a.OS, asOf, 0)
			consider(v)
		}
		if a.Model != "" {
			_, v := cat.StatusDevice(a.Manufacturer, a.Model, asOf, 0)
			consider(v)
		}
		if !best.Date.IsZero() {
			out[a.ID] = best
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("checking assets against the end-of-life catalog: %w", err)
	}
	return out, nil
}

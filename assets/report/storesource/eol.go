package storesource

import (
	"context"
	"fmt"

	"steward/assets"
	"steward/assets/eol"
	"steward/assets/report"
)

// EOLStates judges every asset's device model against the end-of-life
// catalog (the bundled one with the user's updates next to the database):
// the hardware's end of support. Its operating system or firmware is
// judged apart (OSSupportStates).
func (s Source) EOLStates(ctx context.Context, asOf assets.Date) (map[int64]report.EOLState, error) {
	cat, err := eol.LoadWithOverride(eol.OverridePath(s.Path()))
	if err != nil {
		return nil, err
	}
	out := map[int64]report.EOLState{}
	err = s.EachActiveAsset(ctx, func(a *assets.Asset) error {
		if a.Model == "" {
			return nil
		}
		if _, v := cat.StatusDevice(a.Manufacturer, a.Model, asOf, 0); v.State != eol.Unknown && !v.Date.IsZero() {
			out[a.ID] = report.EOLState{Date: v.Date, Reason: v.Reason}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("checking assets against the end-of-life catalog: %w", err)
	}
	return out, nil
}

// OSSupportStates judges every asset's operating system or firmware against
// the end-of-life catalog, naming the next release still supported warnDays
// ahead where the catalog knows one.
func (s Source) OSSupportStates(ctx context.Context, asOf assets.Date, warnDays int) (map[int64]report.OSState, error) {
	cat, err := eol.LoadWithOverride(eol.OverridePath(s.Path()))
	if err != nil {
		return nil, err
	}
	out := map[int64]report.OSState{}
	next := map[string]string{} // by OS string: a fleet runs a few hundred
	err = s.EachActiveAsset(ctx, func(a *assets.Asset) error {
		if a.OS == "" {
			return nil
		}
		m, v := cat.StatusOS(a.OS, asOf, 0)
		if v.State == eol.Unknown || v.Date.IsZero() {
			return nil
		}
		n, ok := next[a.OS]
		if !ok {
			if r := cat.NextSupported(m, asOf, warnDays); r != nil {
				n = r.Name()
			}
			next[a.OS] = n
		}
		// The release, date and upgrade have columns of their own: the
		// note says what else matters (paid extended support, or why a
		// release could not be told apart).
		st := report.OSState{Release: m.Input, Date: v.Date, Next: n, Reason: v.Reason}
		if r := m.Release; r != nil {
			st.Release, st.Reason = r.Name(), ""
			if !r.EOES.Date.IsZero() && asOf.Before(r.EOES.Date) {
				st.Reason = "extended (often paid) security support until " + r.EOES.Date.String()
			}
		}
		out[a.ID] = st
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("checking operating systems against the end-of-life catalog: %w", err)
	}
	return out, nil
}

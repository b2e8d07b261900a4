package report

import (
	"context"
	"sync"

	"steward/assets"
)

// ChartSource is what LoadCharts reads: what every report reads, and the
// alert list the dashboard and steward alerts show.
type ChartSource interface {
	Source
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error)
}

// Charts are the models the window's Charts screen draws, as of one day.
type Charts struct {
	Ages     []AgeLine    // LoadAgeProfile
	Forecast *Forecast    // LoadForecast, the budget over years fiscal years
	Missing  []string     // what the forecast leaves out
	Licences []LicenceUse // LoadLicenceUses; nil when the store keeps none
	Options  assets.AlertOptions
	Alerts   []assets.Alert
}

// LoadCharts reads the four models at once, each streaming the register
// on its own reader (a store's reads may run concurrently), and returns
// the first error of the four.
func LoadCharts(ctx context.Context, src ChartSource, asOf assets.Date, years int) (Charts, error) {
	var c Charts
	var wg sync.WaitGroup
	errs := make([]error, 4)
	run := func(i int, f func() error) {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f() }()
	}
	run(0, func() (err error) {
		c.Ages, err = LoadAgeProfile(ctx, src, asOf)
		return err
	})
	run(1, func() (err error) {
		c.Forecast, c.Missing, err = LoadForecast(ctx, src, Request{Kind: "budget", AsOf: asOf, Years: years})
		return err
	})
	run(2, func() (err error) {
		c.Licences, err = LoadLicenceUses(ctx, src, asOf)
		if _, notKept := err.(ErrNotKept); notKept {
			return nil
		}
		return err
	})
	run(3, func() (err error) {
		if c.Options, err = src.AlertOptionsAt(ctx, asOf); err != nil {
			return err
		}
		c.Alerts, err = src.Alerts(ctx, c.Options)
		return err
	})
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

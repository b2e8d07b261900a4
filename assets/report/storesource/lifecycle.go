package storesource

import (
	"context"
	"strings"

	"steward/assets"
	"steward/assets/report"
)

// LicenceRenewals lists every licence's payments in the budget: renewals
// at its end for its term (assets.Licence.RenewalPlan) and seats to buy for
// compliance (licenceBudget).
func (s Source) LicenceRenewals(ctx context.Context, asOf assets.Date) ([]report.Renewal, error) {
	list, err := s.ListLicences(ctx, assets.LicenceQuery{AsOf: asOf})
	if err != nil {
		return nil, err
	}
	var out []report.Renewal
	for i := range list {
		r, _ := licenceBudget(&list[i], asOf)
		out = append(out, r...)
	}
	return out, nil
}

// ContractRenewals lists support contracts: each renews the day after it
// ends, for as long as it ran, at its cost. Warranties come with the asset
// and are not renewed.
func (s Source) ContractRenewals(ctx context.Context, asOf assets.Date) ([]report.Renewal, error) {
	rows, err := s.ListContracts(ctx, assets.ContractQuery{Kind: assets.ContractSupport, AsOf: asOf})
	if err != nil {
		return nil, err
	}
	var out []report.Renewal
	for _, c := range rows {
		if c.End.IsZero() {
			continue
		}
		term := 12
		if !c.Start.IsZero() {
			months := (c.End.Year-c.Start.Year)*12 + int(c.End.Month-c.Start.Month)
			if c.End.Day >= c.Start.Day-1 {
				months++ // 2025-01-01..2025-12-31 is 12 months
			}
			if months > 0 {
				term = months
			}
		}
		out = append(out, report.Renewal{Name: c.Title(), Vendor: c.Provider, Ref: strings.Join(c.AssetTags, ", "),
			Next: c.End.AddDays(1), TermMonths: term, Cost: c.Cost})
	}
	return out, nil
}

// PlannedTasks lists open tasks other than replacements (the forecast
// prices replacements from the refresh policy already).
func (s Source) PlannedTasks(ctx context.Context, asOf assets.Date) ([]report.PlannedTask, error) {
	list, err := s.ListTasks(ctx, assets.TaskQuery{Open: true})
	if err != nil {
		return nil, err
	}
	var out []report.PlannedTask
	for _, t := range list {
		if t.Kind == assets.TaskReplacement {
			continue
		}
		out = append(out, report.PlannedTask{Title: t.Name(), AssetTag: strings.Join(t.AssetTags, ", "), Due: t.Due, EveryMonths: t.EveryMonths, Cost: t.Cost, Spend: t.Spend})
	}
	return out, nil
}

// Warranties lists every asset's warranty contracts.
func (s Source) Warranties(ctx context.Context) ([]report.Warranty, error) {
	rows, err := s.ListContracts(ctx, assets.ContractQuery{Kind: assets.ContractWarranty})
	if err != nil {
		return nil, err
	}
	out := []report.Warranty{}
	for _, c := range rows {
		for _, id := range c.AssetIDs {
			out = append(out, report.Warranty{AssetID: id, Ends: c.End, Provider: c.Provider})
		}
	}
	return out, nil
}

// LicenceUses gives every licence's seats: bought, assigned, installed.
func (s Source) LicenceUses(ctx context.Context, asOf assets.Date) ([]report.LicenceUse, error) {
	list, err := s.ListLicences(ctx, assets.LicenceQuery{AsOf: asOf})
	if err != nil {
		return nil, err
	}
	out := make([]report.LicenceUse, 0, len(list))
	for _, l := range list {
		c := l.Compliance
		out = append(out, report.LicenceUse{Name: l.Title(), Vendor: l.Vendor, Seats: c.Bought, Unlimited: c.Unlimited,
			Assigned: c.Assigned, Installed: c.Installed, Renewal: l.EndDate(), Cost: l.Cost})
	}
	return out, nil
}

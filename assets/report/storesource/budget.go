package storesource

import (
	"context"
	"fmt"

	"steward/assets"
	"steward/assets/report"
)

// EachBookAsset streams the assets that can be on the books.
func (s Source) EachBookAsset(ctx context.Context, fn func(*report.BookAsset) error) error {
	var b report.BookAsset
	return s.Store.EachBookAsset(ctx, func(a *assets.BookAsset) error {
		b = report.BookAsset{Category: a.Category, Purchase: a.Purchase, Cost: a.Cost, Active: a.Status.Active(), Disposed: a.Disposed, Override: a.Override}
		return fn(&b)
	})
}

// licenceBudget turns one licence into the budget's payments: its
// renewals (with seats missing on the as-of date bought first, at the
// licence's unit cost, and renewed with the rest), or why it has none.
func licenceBudget(l *assets.LicenceStatus, asOf assets.Date) (out []report.Renewal, excluded string) {
	plan, ok := l.RenewalPlan()
	c := l.Compliance
	cost := l.Cost
	if c.Shortfall > 0 && !c.Unlimited {
		unit := l.UnitCost()
		extra, err := assets.MulDivRound(unit.Minor, int64(c.Shortfall), 1)
		if err == nil && extra > 0 {
			out = append(out, report.Renewal{Name: fmt.Sprintf("%s: %d seats", l.Title(), c.Shortfall), Vendor: l.Vendor, Ref: l.ContractRef,
				Next: asOf, Cost: assets.Money{Minor: extra, Currency: l.Cost.Currency}, Compliance: true})
			if sum, err := assets.AddMinor(cost.Minor, extra); err == nil {
				cost.Minor = sum
			}
		}
	}
	if !ok {
		if l.NoRenew && l.Cost.Minor > 0 {
			return out, l.Title() + " is marked as not renewing"
		}
		return out, ""
	}
	if plan.Next.Before(asOf) && c.InUse == 0 {
		return out, fmt.Sprintf("%s expired on %s and nobody uses it, so it is not renewed", l.Title(), plan.Next)
	}
	return append(out, report.Renewal{Name: l.Title(), Vendor: l.Vendor, Ref: l.ContractRef, Next: plan.Next, TermMonths: plan.TermMonths, Cost: cost}), ""
}

// LicenceBudgetNotes says which licences with a cost the budget leaves out.
func (s Source) LicenceBudgetNotes(ctx context.Context, asOf assets.Date) ([]string, error) {
	list, err := s.ListLicences(ctx, assets.LicenceQuery{AsOf: asOf})
	if err != nil {
		return nil, err
	}
	var out []string
	for i := range list {
		if _, why := licenceBudget(&list[i], asOf); why != "" {
			out = append(out, why+".")
		}
	}
	return out, nil
}

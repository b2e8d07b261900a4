package storesource

import (
	"strings"
	"testing"

	"steward/assets"
)

func TestLicenceBudget(t *testing.T) {
	d := assets.MustDate
	asOf := d("2026-01-01")
	eur := func(minor int64) assets.Money { return assets.Money{Minor: minor, Currency: "EUR"} }
	// Expired on 2025-12-01, 3 seats in use of 2 bought at 1,200.00: one
	// seat to buy now at 600.00, the overdue renewal at 1,800.00 for three.
	l := assets.LicenceStatus{Licence: assets.Licence{Product: "CAD", Type: assets.LicenceSubscription, Seats: 2, Cost: eur(120000), Expiry: d("2025-12-01")},
		Compliance: assets.Compliance{Bought: 2, InUse: 3, Shortfall: 1}}
	out, why := licenceBudget(&l, asOf)
	if why != "" || len(out) != 2 || !out[0].Compliance || out[0].Cost.Minor != 60000 || out[0].Next != asOf ||
		out[1].Next != d("2025-12-01") || out[1].TermMonths != 12 || out[1].Cost.Minor != 180000 {
		t.Errorf("expired licence in use with a shortfall: %+v %q", out, why)
	}
	// Expired and unused: not renewed, and said so.
	l.Compliance = assets.Compliance{Bought: 2}
	if out, why := licenceBudget(&l, asOf); len(out) != 0 || !strings.Contains(why, "nobody uses it") {
		t.Errorf("expired unused licence: %+v %q", out, why)
	}
	// Marked as not renewing.
	l.NoRenew, l.Expiry = true, d("2026-12-01")
	if out, why := licenceBudget(&l, asOf); len(out) != 0 || !strings.Contains(why, "not renewing") {
		t.Errorf("not renewing: %+v %q", out, why)
	}
}

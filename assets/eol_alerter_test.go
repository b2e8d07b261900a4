package assets

import (
	"math/rand/v2"
	"testing"
)

// TestEOLAlerterMatchesTheRule: for every input, the memoised alerter
// gives exactly the alert (or none) that EOLAlert makes from
// EvaluateEOLBrief: severity, date, reason text. The inputs are drawn so
// that sources often tie on state and date (the ordering rule) and share
// tuples with different purchase dates (the memo).
func TestEOLAlerterMatchesTheRule(t *testing.T) {
	asOf := d("2026-03-01")
	cat := fakeCatalog{
		"os:Windows 10 Pro 22H2": {Release: "Windows 10 22H2", EOL: d("2025-10-14")},
		"os:Debian 11":           {Release: "Debian 11", EOL: d("2026-04-15")},
		"os:Ubuntu 22.04.4 LTS":  {Release: "Ubuntu 22.04", EOL: d("2027-04-01")},
		"os:Fresh 1":             {Release: "Fresh 1", EOL: asOf},
		"os:FreeBSD 15":          {Release: "FreeBSD 15", Why: "the release has no announced end date"},
		"dev:Apple/iPhone 11":    {Release: "iPhone 11", EOL: d("2026-04-15")},
		"dev:Dell/OptiPlex":      {Release: "OptiPlex 7010", EOL: d("2025-10-14")},
		"dev:Acme/Box":           {Release: "Box", Why: "no date published"},
	}
	oses := []string{"", "Windows 10 Pro 22H2", "Debian 11", "Ubuntu 22.04.4 LTS", "Fresh 1", "FreeBSD 15", "Plan 9"}
	devs := [][2]string{{"", ""}, {"Apple", "iPhone 11"}, {"Dell", "OptiPlex"}, {"Acme", "Box"}, {"Acme", "Other"}}
	cats := []struct {
		name  string
		years int
	}{{"laptop", 4}, {"phone", 3}, {"other", 0}, {"", 5}}
	dates := []Date{{}, d("2025-10-14"), d("2026-04-15"), asOf, d("2026-05-30"), d("2026-05-31"), d("2030-01-01")}
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, c := range []EOLCatalog{cat, nil} {
		al := NewEOLAlerter(c, asOf, 90)
		raised := 0
		for i := range 20000 {
			dev := devs[rnd.IntN(len(devs))]
			ct := cats[rnd.IntN(len(cats))]
			in := EOLInput{Category: ct.name, RefreshYears: ct.years, OS: oses[rnd.IntN(len(oses))],
				Manufacturer: dev[0], Model: dev[1], EOLDate: dates[rnd.IntN(len(dates))]}
			switch rnd.IntN(3) {
			case 0: // a purchase whose refresh falls on one of the other sources' dates
				if due := dates[rnd.IntN(len(dates))]; !due.IsZero() {
					in.PurchaseDate = due.AddYears(-max(ct.years, 1))
				}
			case 1:
				in.PurchaseDate = asOf.AddDays(-rnd.IntN(8 * 365))
			}
			ref := Ref{Entity: "asset", ID: int64(i)}
			want, wok := EOLAlert("ST-1 PC", ref, EvaluateEOLBrief(in, c, asOf, 90))
			got, gok := al.Alert(&in, "ST-1 PC", ref)
			if wok != gok || got != want {
				t.Fatalf("input %+v:\n got %v %+v\nwant %v %+v", in, gok, got, wok, want)
			}
			if gok {
				raised++
			}
		}
		if raised < 1000 {
			t.Fatalf("only %d of the inputs raised an alert: the draw does not exercise the rule", raised)
		}
	}
}

package assets

import (
	"testing"
)

func TestFiscalYears(t *testing.T) {
	d := MustDate
	for _, c := range []struct {
		day        string
		startMonth int
		start      string
		label      string
	}{
		{"2027-03-31", 1, "2027-01-01", "2027"},
		{"2027-04-01", 1, "2027-01-01", "2027"},
		{"2027-03-31", 4, "2026-04-01", "FY2027"}, // April to March: ends in 2027
		{"2027-04-01", 4, "2027-04-01", "FY2028"},
		{"2026-12-31", 7, "2026-07-01", "FY2027"},
		{"2026-06-30", 7, "2025-07-01", "FY2026"},
		{"2026-01-01", 12, "2025-12-01", "FY2026"},
	} {
		got := FiscalYearStart(d(c.day), c.startMonth)
		if got != d(c.start) || FiscalYearLabel(got) != c.label {
			t.Errorf("%s starting month %d: %s %s, want %s %s", c.day, c.startMonth, got, FiscalYearLabel(got), c.start, c.label)
		}
	}
}

func TestRenewalSchedule(t *testing.T) {
	d := MustDate
	str := func(list []DueDate) string {
		s := ""
		for _, x := range list {
			s += x.Date.String()
			if x.Overdue {
				s += "!"
			}
			s += " "
		}
		return s
	}
	for _, c := range []struct {
		next      string
		term      int
		asOf, end string
		want      string
	}{
		// a subscription renewing twice in a two-year horizon
		{"2026-03-31", 12, "2026-01-15", "2028-01-15", "2026-03-31 2027-03-31 "},
		// already past: once now, then the anniversaries
		{"2025-10-01", 12, "2026-01-01", "2028-01-01", "2026-01-01! 2026-10-01 2027-10-01 "},
		// due on the as-of date itself is not overdue
		{"2026-01-01", 12, "2026-01-01", "2027-01-02", "2026-01-01 2027-01-01 "},
		// month ends do not drift
		{"2026-01-31", 1, "2026-01-01", "2026-04-01", "2026-01-31 2026-02-28 2026-03-31 "},
		// once, beyond the horizon
		{"2031-06-01", 0, "2026-01-01", "2031-01-01", ""},
	} {
		if got := str(RenewalSchedule(d(c.next), c.term, d(c.asOf), d(c.end))); got != c.want {
			t.Errorf("%s every %d from %s: %q, want %q", c.next, c.term, c.asOf, got, c.want)
		}
	}
}

func TestLicenceRenewalPlan(t *testing.T) {
	d := MustDate
	eur := func(minor int64) Money { return Money{Minor: minor, Currency: "EUR"} }
	for _, c := range []struct {
		name string
		l    Licence
		next string
		term int
		ok   bool
	}{
		{"subscription with an expiry only", Licence{Type: LicenceSubscription, Cost: eur(120000), Expiry: d("2027-03-31")}, "2027-03-31", 12, true},
		{"renewal date wins over expiry", Licence{Type: LicenceSubscription, Cost: eur(1), Renewal: d("2027-04-01"), Expiry: d("2027-03-31")}, "2027-04-01", 12, true},
		{"own term", Licence{Type: LicencePerSeat, Cost: eur(1), Expiry: d("2027-03-31"), TermMonths: 36}, "2027-03-31", 36, true},
		{"term from purchase to expiry", Licence{Type: LicencePerSeat, Cost: eur(1), Purchase: d("2025-04-01"), Expiry: d("2027-03-31")}, "2027-03-31", 24, true},
		{"marked as not renewing", Licence{Type: LicenceSubscription, Cost: eur(1), Expiry: d("2027-03-31"), NoRenew: true}, "", 0, false},
		{"perpetual", Licence{Type: LicencePerSeat, Cost: eur(1)}, "", 0, false},
		{"no cost", Licence{Type: LicenceSubscription, Expiry: d("2027-03-31")}, "", 0, false},
	} {
		r, ok := c.l.RenewalPlan()
		if ok != c.ok || ok && (r.Next != d(c.next) || r.TermMonths != c.term) {
			t.Errorf("%s: %+v %v, want %s every %d %v", c.name, r, ok, c.next, c.term, c.ok)
		}
	}
	l := Licence{Type: LicencePerSeat, Seats: 3, Cost: eur(10000)}
	if u := l.UnitCost(); u.Minor != 3333 {
		t.Errorf("unit cost of 100.00 for 3 seats: %d, want 3333", u.Minor)
	}
}

func TestContractMonths(t *testing.T) {
	d := MustDate
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2025-01-01", "2025-12-31", 12}, {"2025-04-01", "2026-04-01", 12}, {"2025-04-01", "2026-03-31", 12},
		{"2025-01-15", "2025-07-20", 7}, {"2025-01-31", "2025-02-28", 1},
	} {
		if got := contractMonths(d(c.a), d(c.b)); got != c.want {
			t.Errorf("%s..%s: %d months, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestPriceChange(t *testing.T) {
	// 1,000.00 at 3 % a year, rounded each year: 1030.00, 1060.90,
	// 1092.73 (1092.727), 1125.51 (1125.5119), 1159.28 (1159.2753).
	want := []int64{100000, 103000, 106090, 109273, 112551, 115928}
	for y, w := range want {
		got, err := PriceChange(100000, 300, y)
		if err != nil || got != w {
			t.Errorf("year %d: %d %v, want %d", y, got, err, w)
		}
	}
	if got, _ := PriceChange(100000, -1000, 2); got != 81000 {
		t.Errorf("-10 %% twice: %d, want 81000", got)
	}
	if _, err := PriceChange(9_000_000_000_000_000_000, 1000, 1); err == nil {
		t.Error("a price past the int64 range was computed, want an error")
	}
}

func TestCheckedArithmetic(t *testing.T) {
	for _, c := range []struct{ a, b, c, want int64 }{
		{5, 1, 2, 3}, {-5, 1, 2, -3}, {4, 1, 3, 1}, {5, 1, 3, 2}, {1 << 62, 4, 8, 1 << 61},
	} {
		if got, err := MulDivRound(c.a, c.b, c.c); err != nil || got != c.want {
			t.Errorf("%d*%d/%d = %d %v, want %d", c.a, c.b, c.c, got, err, c.want)
		}
	}
	if _, err := MulDivRound(1<<62, 4, 1); err == nil {
		t.Error("overflow not reported")
	}
	if _, err := AddMinor(1<<62, 1<<62); err == nil {
		t.Error("overflowing sum not reported")
	}
	if s, err := AddMinor(-5, 3); err != nil || s != -2 {
		t.Errorf("-5+3 = %d %v", s, err)
	}
}

func TestBookValue(t *testing.T) {
	d := MustDate
	sl := Depreciation{Method: DepreciationStraight, Years: 4, ResidualBP: 1000}
	db := Depreciation{Method: DepreciationDeclining, RateBP: 4000, ResidualBP: 500}
	for _, c := range []struct {
		name  string
		p     Depreciation
		cost  int64
		start string
		at    string
		want  int64
	}{
		// 1,200.00 over 4 years to 10 %: 1,080.00 / 48 = 22.50 a month.
		{"straight line, day of purchase", sl, 120000, "2024-03-15", "2024-03-15", 120000},
		{"straight line, 9 whole months", sl, 120000, "2024-03-15", "2025-01-01", 99750},
		{"straight line, 21 whole months", sl, 120000, "2024-03-15", "2026-01-01", 72750},
		{"straight line, at the end of life", sl, 120000, "2024-03-15", "2028-03-15", 12000},
		{"straight line, never below residual", sl, 120000, "2024-03-15", "2035-01-01", 12000},
		// 1,000.00 at 40 % a year to 5 %: 600.00, 360.00, then 6 months of 40 % of 360.00 = 72.00.
		{"declining, one year", db, 100000, "2024-01-01", "2025-01-01", 60000},
		{"declining, two and a half years", db, 100000, "2024-01-01", "2026-07-01", 28800},
		// 1000, 600, 360, 216, 129.60, 77.76, then 46.66 is below 50.00
		{"declining, stops at residual", db, 100000, "2024-01-01", "2030-01-01", 5000},
		{"none", Depreciation{Method: DepreciationNone}, 100000, "2024-01-01", "2030-01-01", 100000},
	} {
		if got := c.p.BookValue(c.cost, d(c.start), d(c.at)); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestBookMovement(t *testing.T) {
	d := MustDate
	sl := Depreciation{Method: DepreciationStraight, Years: 4, ResidualBP: 1000}
	for _, c := range []struct {
		name            string
		start, disposed string
		from, to        string
		want            BookYear
	}{
		{"year of purchase", "2024-03-15", "", "2024-01-01", "2025-01-01", BookYear{Additions: 120000, Charge: 20250, Closing: 99750}},
		{"a full year", "2024-03-15", "", "2025-01-01", "2026-01-01", BookYear{Opening: 99750, Charge: 27000, Closing: 72750}},
		// disposed on 1 July 2026: 27 whole months, 1,200.00 - 607.50
		{"disposed mid-year", "2024-03-15", "2026-07-01", "2026-01-01", "2027-01-01", BookYear{Opening: 72750, Charge: 13500, Disposals: 59250}},
		{"after disposal", "2024-03-15", "2026-07-01", "2027-01-01", "2028-01-01", BookYear{}},
		{"fiscal year from April", "2024-03-15", "", "2024-04-01", "2025-04-01", BookYear{Opening: 120000, Charge: 27000, Closing: 93000}},
	} {
		var disposed Date
		if c.disposed != "" {
			disposed = d(c.disposed)
		}
		got := sl.BookMovement(120000, d(c.start), disposed, d(c.from), d(c.to))
		if got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
		if got.Opening+got.Additions-got.Charge-got.Disposals != got.Closing {
			t.Errorf("%s: %+v does not add up", c.name, got)
		}
	}
}

func TestBudgetParsers(t *testing.T) {
	for s, want := range map[string]int{"3": 300, "3 %": 300, "12.5%": 1250, "-2": -200, "0.01": 1, "": 0} {
		if got, err := ParseBP(s); err != nil || got != want {
			t.Errorf("ParseBP(%q) = %d %v, want %d", s, got, err, want)
		}
	}
	for _, bad := range []string{"x", "1.234", "--1", "1e3"} {
		if _, err := ParseBP(bad); err == nil {
			t.Errorf("ParseBP(%q) accepted", bad)
		}
	}
	if FormatBP(1250) != "12.5 %" || FormatBP(300) != "3 %" {
		t.Errorf("FormatBP: %q %q", FormatBP(1250), FormatBP(300))
	}
	b := CategoryBudget{Depreciation: Depreciation{Method: "straight line"}}
	if err := b.Validate(); err == nil {
		t.Error("straight line with no period accepted")
	}
	s := BudgetSettingsFrom(func(k string) string {
		return map[string]string{SettingFiscalYearStart: "4", SettingBacklogMode: "apart"}[k]
	})
	if s.FiscalYearStart != 4 || s.Backlog != BacklogApart {
		t.Errorf("settings %+v", s)
	}
	if s := BudgetSettingsFrom(func(string) string { return "13" }); s.FiscalYearStart != 1 || s.Backlog != BacklogPlan {
		t.Errorf("bad stored values not defaulted: %+v", s)
	}
}

func TestReplacementCostRule(t *testing.T) {
	eur := func(minor int64) Money { return Money{Minor: minor, Currency: "EUR"} }
	for _, c := range []struct {
		model, cat, own Money
		want            Money
		rule            PriceRule
	}{
		{eur(150000), eur(120000), eur(99000), eur(150000), PricedByModel},
		{Money{}, eur(120000), eur(99000), eur(120000), PricedByCategory},
		{Money{}, Money{}, eur(99000), eur(99000), PricedByAsset},
	} {
		if got, rule := ReplacementCost(c.model, c.cat, c.own); got != c.want || rule != c.rule {
			t.Errorf("%v %v %v: %v %v, want %v %v", c.model, c.cat, c.own, got, rule, c.want, c.rule)
		}
	}
	if ModelKey(" Dell ", "Latitude 5440") != ModelKey("dell", "LATITUDE 5440") {
		t.Error("model keys differ by case or spaces")
	}
}

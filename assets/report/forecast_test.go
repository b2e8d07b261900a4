package report

import (
	"strings"
	"testing"

	"steward/assets"
)

// forecastFixture is a small register whose forecast is worked out by hand
// below (as of 2026-01-01, five calendar years 2026..2030).
func forecastFixture() (ForecastInput, []assets.Asset) {
	d := assets.MustDate
	in := ForecastInput{
		Org:  "Åberg & Søn AB",
		AsOf: d("2026-01-01"),
		Categories: []assets.Category{
			{Name: "laptop", Label: "Laptop", RefreshYears: 4, ReplacementCost: eur("1200")},
			{Name: "phone", Label: "Phone", RefreshYears: 3}, // no replacement cost: the asset's own cost
			{Name: "server", Label: "Server", RefreshYears: 6, ReplacementCost: eur("8000")},
			{Name: "other", Label: "Other"},
		},
		Licences: []Renewal{
			{Name: "Office 365", Vendor: "Microsoft", Next: d("2026-02-01"), TermMonths: 12, Cost: eur("3000")},
			{Name: "Creative Cloud", Vendor: "Adobe (Łukasz)", Next: d("2025-10-01"), TermMonths: 12, Cost: eur("600")}, // past due
		},
		Contracts: []Renewal{
			{Name: "Server support", Vendor: "Σωκράτης Services", Next: d("2026-07-01"), TermMonths: 24, Cost: eur("2500")},
			{Name: "Printer service", Vendor: "Print Co", Next: d("2031-06-01"), Cost: eur("999")}, // beyond the horizon
		},
		Tasks: []PlannedTask{
			{Title: "RAM upgrade", AssetTag: "ST-3", Due: d("2026-04-15"), Cost: eur("150")},
			{Title: "SSD swap", AssetTag: "ST-1", Due: d("2025-12-01"), Cost: eur("80")}, // past due
			{Title: "Windows 11 upgrade", AssetTag: "ST-7", Due: d("2027-03-01")},
			{Title: "Firmware check", AssetTag: "ST-9", Due: d("2028-06-01"), EveryMonths: 12, Cost: eur("10")}, // 2028, 2029, 2030
		},
	}
	list := []assets.Asset{
		{Tag: "L1", Name: "Zoë Åberg laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2022-03-15"), Cost: eur("1500")},
		{Tag: "L2", Name: "Łukasz laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2021-06-01")},
		{Tag: "P1", Name: "Σωκράτης phone", Category: "phone", Status: assets.StatusDeployed, PurchaseDate: d("2024-08-10"), Cost: eur("900")},
		{Tag: "S1", Name: "File server", Category: "server", Status: assets.StatusInStock, PurchaseDate: d("2020-02-02"), EOLDate: d("2028-12-31")},
		{Tag: "D1", Name: "Old desktop", Category: "desktop", Status: assets.StatusDisposed, PurchaseDate: d("2019-01-01"), Cost: eur("700")},
		{Tag: "X1", Name: "Projector", Category: "other", Status: assets.StatusDeployed, PurchaseDate: d("2023-01-01"), Cost: eur("400")},
		{Tag: "L3", Name: "Дмитрий laptop", Category: "laptop", Status: assets.StatusInRepair, PurchaseDate: d("2025-11-20")},
		{Tag: "P2", Name: "US phone", Category: "phone", Status: assets.StatusDeployed, PurchaseDate: d("2023-05-05"), Cost: assets.Money{Minor: 50000, Currency: "USD"}},
	}
	return in, list
}

func TestForecastHandComputed(t *testing.T) {
	in, list := forecastFixture()
	f := BuildForecast(in, list)

	if f.Currency != "EUR" {
		t.Fatalf("currency %q, want EUR (the most used)", f.Currency)
	}
	labels := []string{}
	for _, y := range f.Years {
		labels = append(labels, y.Label)
	}
	if got := strings.Join(labels, ","); got != "2026,2027,2028,2029,2030" {
		t.Fatalf("years %s", got)
	}
	// By hand:
	// refresh 2026: L1 (EOL 2026-03-15) 1200 + L2 (past EOL, counted now) 1200; P2 is USD.
	//         2027: P1 (2027-08-10) at its own cost 900.  2028: S1 (set EOL) 8000.
	//         2029: L3 (2029-11-20) 1200.  2030: replacements of L1, L2, P1: 1200+1200+900.
	// licences: Office 3000 every year; Adobe past due (now) 600 + 2026-10-01 600, then 600 a year.
	// contracts: 2500 in 2026, 2028, 2030. Upgrades: 80 (past due) + 150 in 2026, 0 in 2027,
	// then the yearly firmware check (10) from 2028.
	want := [numKinds][]int64{
		KindRefresh:   {240000, 90000, 800000, 120000, 330000},
		KindLicences:  {420000, 360000, 360000, 360000, 360000},
		KindContracts: {250000, 0, 250000, 0, 250000},
		KindUpgrades:  {23000, 0, 1000, 1000, 1000},
	}
	for k := range numKinds {
		for y := range want[k] {
			if f.ByKind[k][y] != want[k][y] {
				t.Errorf("%s in %s = %d, want %d", k, f.Years[y].Label, f.ByKind[k][y], want[k][y])
			}
		}
	}
	yearTotals := []int64{933000, 450000, 1411000, 481000, 941000}
	for y, w := range yearTotals {
		if got := f.YearTotal(y); got != w {
			t.Errorf("total %s = %d, want %d", f.Years[y].Label, got, w)
		}
	}
	if f.Total() != 4216000 {
		t.Errorf("grand total %d, want 4216000 (EUR 42,160.00)", f.Total())
	}
	for k, w := range map[SpendKind]int64{KindRefresh: 1580000, KindLicences: 1860000, KindContracts: 750000, KindUpgrades: 26000} {
		if got := f.KindTotal(k); got != w {
			t.Errorf("%s total %d, want %d", k, got, w)
		}
	}
	// Quarters of 2026: Q1 refresh 1200 (L1), licences 3000 (Office);
	// Q2 upgrade 150; Q3 contract 2500; Q4 Adobe 600. The backlog planned
	// into 2026 (L2 1200, Adobe 600, SSD swap 80) is in no quarter: the
	// quarter table shows it on its own line.
	q := [4]int64{}
	for k := range numKinds {
		for i := range 4 {
			q[i] += f.QByKind[k][i]
		}
	}
	if q != [4]int64{420000, 15000, 250000, 60000} {
		t.Errorf("quarters %v, want [420000 15000 250000 60000]", q)
	}
	if f.ActiveAssets != 7 || f.NoEOL != 1 || f.PastEOL != 1 || f.Replacements != 10 {
		t.Errorf("active %d, no EOL %d, past EOL %d, replacements %d; want 7, 1, 1, 10", f.ActiveAssets, f.NoEOL, f.PastEOL, f.Replacements)
	}
	if f.OtherCurrency["USD"] != 100000 {
		t.Errorf("USD kept aside %d, want 100000 (two phone replacements)", f.OtherCurrency["USD"])
	}
	// Category lines: laptop 2,0,0,1,2 = EUR 2400,0,0,1200,2400.
	var laptop *CategoryLine
	for i := range f.Categories {
		if f.Categories[i].Name == "laptop" {
			laptop = &f.Categories[i]
		}
	}
	if laptop == nil || !equalInts(laptop.Count, []int{2, 0, 0, 1, 2}) || laptop.Cost[3] != 120000 || laptop.Cost[4] != 240000 {
		t.Errorf("laptop line %+v", laptop)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRenewalDates(t *testing.T) {
	d := assets.MustDate
	cases := []struct {
		r    Renewal
		want string
	}{
		{Renewal{Next: d("2026-03-31"), TermMonths: 1}, "2026-03-31 2026-04-30 2026-05-31"},
		{Renewal{Next: d("2026-01-15"), TermMonths: 12}, "2026-03-01!"},
		{Renewal{Next: d("2026-04-15"), TermMonths: 12}, "2026-04-15"},
		{Renewal{Next: d("2025-12-01"), TermMonths: 1}, "2026-03-01! 2026-04-01 2026-05-01"},
		{Renewal{Next: d("2025-12-01")}, "2026-03-01!"},
		{Renewal{Next: d("2026-09-01")}, ""},
		{Renewal{}, ""},
	}
	for _, c := range cases {
		var got []string
		for _, x := range assets.RenewalSchedule(c.r.Next, c.r.TermMonths, d("2026-03-01"), d("2026-06-01")) {
			s := x.Date.String()
			if x.Overdue {
				s += "!"
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%+v: got %q, want %q", c.r, strings.Join(got, " "), c.want)
		}
	}
}

func TestForecastPDF(t *testing.T) {
	in, list := forecastFixture()
	doc := BuildForecast(in, list).Document()
	for _, paper := range []Paper{A4, Letter} {
		path := writePDF(t, doc, paper)
		info := pdfInfo(t, path)
		wantSize := map[Paper]string{A4: "841.89 x 595.28 pts (A4)", Letter: "792 x 612 pts (letter)"}[paper] // landscape
		if info["Page size"] != wantSize {
			t.Errorf("%s: page size %q, want %q", paper, info["Page size"], wantSize)
		}
		n := checkEveryPage(t, path, "Åberg & Søn AB", "2026-01-01")
		if n < 2 {
			t.Errorf("%s: %d pages, expected the tables to run onto a second page", paper, n)
		}
		text := squeeze(pdfText(t, path, "-layout"))
		for _, want := range []string{
			"Budget and refresh forecast", "Total forecast EUR 42,160.00",
			"Cost per period by kind", "First whole fiscal year (2026) by quarter", "Replacement cost by category",
			"2028 2028-01-01 2028-12-31 8,000.00 3,600.00 2,500.00 10.00 8,000.00 6,110.00 14,110.00",
			"Total 15,800.00 18,600.00 7,500.00 260.00 15,800.00 26,360.00 42,160.00",
			"Backlog (overdue) 2026-01-01 1,200.00 600.00 0.00 80.00 1,880.00",
			"Q1 2026-01-01 2026-03-31 1,200.00 3,000.00 0.00 0.00 4,200.00",
			"Total 2,400.00 4,200.00 2,500.00 230.00 9,330.00", // the quarters and the backlog line add up to 2026
			"Σωκράτης Services 3 2026-07-01 2,500.00 7,500.00", "Creative Cloud Adobe (Łukasz) 6 2026-01-01 ! 1,200.00 3,600.00",
			"SSD swap 1 2026-01-01 ! 80.00 80.00", "Total 6 230.00 260.00",
			"Amounts in USD are not converted", "Refresh", "Licences", "Contracts", "Upgrades",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: PDF text lacks %q", paper, want)
			}
		}
		if strings.Contains(text, "Printer service") {
			t.Errorf("a renewal beyond the horizon is printed")
		}
	}
}

package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"steward/assets"
)

// A small office's budget, worked out by hand for each rule of issue 15.

func periodLabels(f *Forecast) string {
	var l []string
	for _, p := range f.Years {
		l = append(l, p.Label)
	}
	return strings.Join(l, ",")
}

// Renewals on 31 March and 1 April fall in different fiscal years when the
// year starts in April, and in the same one when it starts in January.
func TestFiscalYearRenewals(t *testing.T) {
	d := assets.MustDate
	in := ForecastInput{Org: "Small Office Ltd", AsOf: d("2026-03-15"), Years: 5, Currency: "EUR",
		Licences: []Renewal{
			{Name: "Accounts", Next: d("2026-03-31"), TermMonths: 12, Cost: eur("1200")},
			{Name: "Mail", Next: d("2026-04-01"), TermMonths: 12, Cost: eur("600")},
		}}
	in.FiscalYearStart = 4
	f := BuildForecast(in, nil)
	if got := periodLabels(f); got != "rest of FY2026,FY2027,FY2028,FY2029,FY2030,FY2031" {
		t.Fatalf("April periods %s", got)
	}
	if f.Years[0].From != d("2026-03-15") || f.Years[0].To != d("2026-04-01") || f.Years[5].To != d("2031-04-01") {
		t.Errorf("April periods %+v", f.Years)
	}
	// Accounts: 31 March 2026 (rest of FY2026), then each 31 March, FY2027..FY2031.
	// Mail: 1 April 2026 is FY2027's first day, then FY2028..FY2031.
	want := []int64{120000, 180000, 180000, 180000, 180000, 180000}
	for i, w := range want {
		if f.ByKind[KindLicences][i] != w {
			t.Errorf("April, %s: %d, want %d", f.Years[i].Label, f.ByKind[KindLicences][i], w)
		}
	}
	if f.Total() != 1020000 {
		t.Errorf("April total %d, want 1020000", f.Total())
	}
	// Quarters of the first whole year (FY2027): Mail on 1 April in Q1, Accounts on 31 March 2027 in Q4.
	if f.Quarters[0].From != d("2026-04-01") || f.QByKind[KindLicences][0] != 60000 || f.QByKind[KindLicences][3] != 120000 {
		t.Errorf("FY2027 quarters %+v %v", f.Quarters[0], f.QByKind[KindLicences])
	}

	in.FiscalYearStart = 1
	f = BuildForecast(in, nil)
	if got := periodLabels(f); got != "rest of 2026,2027,2028,2029,2030,2031" {
		t.Fatalf("January periods %s", got)
	}
	// Both in the rest of 2026, then both each year to 2031: 6 x 1,800.00.
	for i := range f.Years {
		if f.ByKind[KindLicences][i] != 180000 {
			t.Errorf("January, %s: %d, want 180000", f.Years[i].Label, f.ByKind[KindLicences][i])
		}
	}
	if f.Total() != 1080000 {
		t.Errorf("January total %d, want 1080000", f.Total())
	}

	// One whole year from April: the subscription renews twice in the horizon.
	in.FiscalYearStart, in.Years = 4, 1
	in.Licences = in.Licences[:1]
	f = BuildForecast(in, nil)
	n := 0
	for _, e := range f.Events {
		if e.Name == "Accounts" {
			n++
		}
	}
	if n != 2 || f.Total() != 240000 {
		t.Errorf("subscription payments %d, total %d; want 2 and 240000", n, f.Total())
	}
}

func officeFixture() (ForecastInput, []assets.Asset) {
	d := assets.MustDate
	in := ForecastInput{Org: "Small Office Ltd", AsOf: d("2026-01-01"), Years: 6, Currency: "EUR",
		Categories: []assets.Category{
			{Name: "laptop", Label: "Laptop", RefreshYears: 4, ReplacementCost: eur("1000")},
			{Name: "phone", Label: "Phone", RefreshYears: 3},
		},
		CategoryBudgets: map[string]assets.CategoryBudget{
			"laptop": {PriceChangeBP: 300},
			"phone":  {Spend: assets.SpendOpex},
		},
		Licences: []Renewal{
			{Name: "Office", Next: d("2025-12-01"), TermMonths: 12, Cost: eur("500")}, // expired, still in use: overdue
			{Name: "Office: 2 seats", Next: d("2026-01-01"), Cost: eur("100"), Compliance: true},
		},
		Tasks: []PlannedTask{{Title: "Firmware", Due: d("2025-11-01"), Cost: eur("50")}}, // overdue
	}
	list := []assets.Asset{
		// EOL 2026-06-01, 2030-06-01 (4 whole years later: 1,125.51)
		{Tag: "L1", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2022-06-01"), Location: "Leeds"},
		// EOL 2028-01-01 (2 years: 1,060.90)
		{Tag: "L2", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2024-01-01"), Location: "York"},
		// EOL 2031-01-01 (5 years: 1,159.28)
		{Tag: "L3", Category: "laptop", Status: assets.StatusDeployed, EOLDate: d("2031-01-01"), Location: "York"},
		// past end of life on 2025-05-01: the backlog, 300.00, bought on the
		// as-of date and so replaced again on 2029-01-01
		{Tag: "P1", Category: "phone", Status: assets.StatusDeployed, PurchaseDate: d("2022-05-01"), Cost: eur("300"), Location: "Leeds"},
	}
	return in, list
}

func TestOfficeForecast(t *testing.T) {
	in, list := officeFixture()
	for _, mode := range []assets.BacklogMode{assets.BacklogPlan, assets.BacklogApart} {
		in.Backlog = mode
		f := BuildForecast(in, list)
		// Backlog: P1 300.00, Office 500.00 (overdue renewal), Firmware 50.00.
		if f.Backlog.Assets != 1 || f.Backlog.Tasks != 1 || f.Backlog.Renewals != 1 || f.Backlog.Total() != 85000 {
			t.Errorf("%s: backlog %+v", mode, f.Backlog)
		}
		// Refresh: 2026 L1 1,000.00; 2028 L2 1,060.90; 2029 P1 300.00; 2030 L1
		// 1,125.51; 2031 L3 1,159.28; plus the backlog's P1 300.00 in 2026 when planned.
		wantRefresh := []int64{100000, 0, 106090, 30000, 112551, 115928}
		// Licences: Office 500.00 on each 1 December 2026..2031, the 2 seats
		// 100.00 on 1 January 2026, the overdue 500.00 when planned.
		wantLic := []int64{60000, 50000, 50000, 50000, 50000, 50000}
		wantUp := []int64{0, 0, 0, 0, 0, 0}
		if mode == assets.BacklogPlan {
			wantRefresh[0] += 30000
			wantLic[0] += 50000
			wantUp[0] += 5000
		}
		for i := range f.Years {
			if f.ByKind[KindRefresh][i] != wantRefresh[i] || f.ByKind[KindLicences][i] != wantLic[i] || f.ByKind[KindUpgrades][i] != wantUp[i] {
				t.Errorf("%s %s: refresh %d licences %d upgrades %d, want %d %d %d", mode, f.Years[i].Label,
					f.ByKind[KindRefresh][i], f.ByKind[KindLicences][i], f.ByKind[KindUpgrades][i], wantRefresh[i], wantLic[i], wantUp[i])
			}
			// Phones are opex by their category: capex is the laptops only.
			if f.Capex[i]+f.Opex[i] != f.YearTotal(i) {
				t.Errorf("%s %s: capex %d + opex %d != %d", mode, f.Years[i].Label, f.Capex[i], f.Opex[i], f.YearTotal(i))
			}
		}
		if f.Capex[2] != 106090 || f.Opex[2] != 50000 || f.Capex[3] != 0 || f.Opex[3] != 80000 {
			t.Errorf("%s: capex %d, %d opex %d, %d; want 106090, 0 and 50000, 80000", mode, f.Capex[2], f.Capex[3], f.Opex[2], f.Opex[3])
		}
		// 4,945.69 refresh (with the backlog's 300.00) + 3,600.00 licences + 50.00 upgrades
		if f.Total() != 859569 {
			t.Errorf("%s total %d, want 859569", mode, f.Total())
		}
	}
}

func TestOfficeGroupedAndWhatIf(t *testing.T) {
	in, list := officeFixture()
	in.GroupBy = GroupLocation
	in.WhatIf = &WhatIf{Category: "laptop", DeltaYears: 1}
	f := BuildForecast(in, list)
	var sum int64
	byName := map[string]int64{}
	for _, g := range f.Groups {
		for _, v := range g.Cost {
			sum += v
			byName[g.Name] += v
		}
	}
	if sum != f.Total() {
		t.Errorf("groups add up to %d, the total is %d", sum, f.Total())
	}
	// Leeds: L1 1,000.00 + 1,125.51, P1 300.00 x 2; York: L2 1,060.90, L3 1,159.28.
	if byName["Leeds"] != 272551 || byName["York"] != 222018 {
		t.Errorf("groups %v", byName)
	}
	// Laptops a year longer: L1 2027-06-01 (1 year, 1,030.00), next in 2032,
	// outside; L2 2029-01-01 (3 years, 1,092.73); L3 has its own end-of-life
	// date, unchanged (2031, 1,159.28).
	base, what := f.WhatIfBaseline(), f.WhatIfCost
	wantBase := []int64{100000, 0, 106090, 0, 112551, 115928}
	wantWhat := []int64{0, 103000, 0, 109273, 0, 115928}
	for i := range f.Years {
		if base[i] != wantBase[i] || what[i] != wantWhat[i] {
			t.Errorf("what-if %s: baseline %d what-if %d, want %d %d", f.Years[i].Label, base[i], what[i], wantBase[i], wantWhat[i])
		}
	}
	doc := f.Document()
	var ws *Section
	for i := range doc.Sections {
		if strings.HasPrefix(doc.Sections[i].Title, "What if") {
			ws = &doc.Sections[i]
		}
	}
	// saving: 4,345.69 - 3,282.01 = 1,063.68
	if ws == nil || ws.Total[3].Text != "1,063.68" {
		t.Errorf("what-if section %+v", ws)
	}
	// On the first page too (the window's preview shows it).
	found := false
	for _, kv := range doc.Summary {
		found = found || kv.Key == "What if laptop refresh +1 year" && strings.HasPrefix(kv.Value, "saves EUR 1,063.68")
	}
	if !found {
		t.Errorf("summary %v lacks the what-if saving", doc.Summary)
	}
}

func TestBudgetFormatsAgree(t *testing.T) {
	in, list := officeFixture()
	in.Backlog = assets.BacklogApart
	doc := BuildForecast(in, list).Document()
	path := writePDF(t, doc, A4)
	checkEveryPage(t, path, "Small Office Ltd", "2026-01-01")
	text := squeeze(pdfText(t, path, "-layout"))
	for _, want := range []string{
		"Total forecast EUR 8,595.69",
		"Backlog 1 asset, 1 task, 1 renewal overdue: EUR 850.00 (kept apart",
		"Backlog (overdue) 2026-01-01 300.00 500.00 0.00 50.00 0.00 850.00 850.00",
		"Total 4,945.69 3,600.00 0.00 50.00 4,345.69 4,250.00 8,595.69",
		"Office: 2 seats (to buy for compliance)",
		"category cost EUR 1,000.00,", "+3 % a year",
		"Currency: every total is in EUR",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, doc); err != nil {
		t.Fatal(err)
	}
	{
		found := false
		for _, r := range strings.Split(buf.String(), "\n") {
			if strings.HasPrefix(r, "Total,,,4945.69,3600.00,0.00,50.00,4345.69,4250.00,8595.69") {
				found = true
			}
		}
		if !found {
			t.Errorf("CSV total row missing:\n%s", buf.String())
		}
	}
	buf.Reset()
	if err := WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Cost per period by kind", excelize.Options{RawCellValue: true})
	last := rows[len(rows)-1]
	if last[0] != "Total" || twoDecimals(last[len(last)-1]) != "8595.69" || twoDecimals(last[len(last)-3]) != "4345.69" {
		t.Errorf("XLSX total row %v, want 8595.69 and CapEx 4345.69 as in the PDF", last)
	}
}

func TestDepreciationReport(t *testing.T) {
	d := assets.MustDate
	in := DepreciationInput{Org: "Small Office Ltd", AsOf: d("2026-05-01"), Years: 3, FiscalYearStart: 4, Currency: "EUR",
		Categories: []assets.Category{{Name: "laptop", Label: "Laptop"}, {Name: "server", Label: "Server"}},
		Policies: map[string]assets.CategoryBudget{
			"laptop": {Depreciation: assets.Depreciation{Method: assets.DepreciationStraight, Years: 4, ResidualBP: 1000}},
			"server": {Depreciation: assets.Depreciation{Method: assets.DepreciationDeclining, RateBP: 4000, ResidualBP: 500}},
		}}
	b := NewDepreciation(in)
	// Laptop 1,200.00 bought 2024-03-15, straight line to 120.00 (22.50 a month).
	b.Add(&BookAsset{Category: "laptop", Purchase: d("2024-03-15"), Cost: eur("1200"), Active: true})
	// Laptop 1,200.00 bought 2024-03-15, disposed of on 2026-10-01 (30 whole months: 525.00 left).
	b.Add(&BookAsset{Category: "laptop", Purchase: d("2024-03-15"), Cost: eur("1200"), Disposed: d("2026-10-01")})
	// Server 1,000.00 bought 2026-04-01, 40 % a year to 50.00.
	b.Add(&BookAsset{Category: "server", Purchase: d("2026-04-01"), Cost: eur("1000"), Active: true})
	// Retired with no disposal date: not on the books, said so.
	b.Add(&BookAsset{Category: "laptop", Purchase: d("2020-01-01"), Cost: eur("900")})
	r := b.Build()
	// FY2027 (2026-04-01..2027-03-31): laptops open at 2 x (1200 - 24.5... ) :
	// 2024-03-15 to 2026-04-01 is 24 whole months: 1,200.00 - 540.00 = 660.00 each.
	// Kept laptop closes at 36 months: 390.00 (charge 270.00); the disposed
	// one is charged 135.00 to 525.00 and leaves at 525.00.
	// Server: added 1,000.00, closes at 600.00 (charge 400.00).
	want := assets.BookYear{Opening: 132000, Additions: 100000, Charge: 80500, Disposals: 52500, Closing: 99000}
	if r.Years[0].Label != "FY2027" || r.Totals[0] != want {
		t.Errorf("%s %+v, want FY2027 %+v", r.Years[0].Label, r.Totals[0], want)
	}
	for i, y := range r.Totals {
		if y.Opening+y.Additions-y.Charge-y.Disposals != y.Closing {
			t.Errorf("%s does not add up: %+v", r.Years[i].Label, y)
		}
		if i > 0 && r.Totals[i-1].Closing != y.Opening {
			t.Errorf("%s opens at %d, the year before closed at %d", r.Years[i].Label, y.Opening, r.Totals[i-1].Closing)
		}
	}
	// FY2028: laptop 390.00 -> 120.00 at 48 months (2028-03-15); server 600.00 -> 360.00.
	if r.Totals[1].Closing != 48000 {
		t.Errorf("FY2028 closing %d, want 48000", r.Totals[2].Closing)
	}
	// Book value on 2026-05-01: laptops 25 months 637.50 each, server 1 month 1000 - 33.33 = 966.67.
	if r.BookValue != 63750*2+96667 || r.NoDisposal != 1 || r.OnBook != 3 {
		t.Errorf("book value %d (no date %d), want %d", r.BookValue, r.NoDisposal, 63750*2+96667)
	}
	doc := r.Document()
	path := writePDF(t, doc, A4)
	checkEveryPage(t, path, "Small Office Ltd", "2026-05-01")
	text := squeeze(pdfText(t, path, "-layout"))
	for _, w := range []string{"Book value on 2026-05-01 EUR 2,241.67", "Assets on the books on 2026-05-01 3", "FY2027 1,320.00 1,000.00 805.00 525.00 990.00",
		"Excluded: 1 asset left the fleet with no disposal date"} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF lacks %q", w)
		}
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "FY2027,1320.00,1000.00,805.00,525.00,990.00") {
		t.Errorf("CSV lacks the FY2027 line:\n%s", buf.String())
	}
	buf.Reset()
	if err := WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("Book value per fiscal year", "F2", excelize.Options{RawCellValue: true}); v != "990" {
		t.Errorf("XLSX FY2027 closing %q, want 990", v)
	}
}

func twoDecimals(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// The register shows each asset's book value when anything is depreciated.
func TestRegisterBookValue(t *testing.T) {
	d := assets.MustDate
	in := RegisterInput{Org: "Small Office Ltd", AsOf: d("2026-01-01"), Currency: "EUR",
		Policies:  map[string]assets.CategoryBudget{"laptop": {Depreciation: assets.Depreciation{Method: assets.DepreciationStraight, Years: 4, ResidualBP: 1000}}},
		Overrides: map[int64]assets.Depreciation{3: {Method: assets.DepreciationDeclining, RateBP: 4000}}}
	b := NewRegister(in)
	// 21 whole months: 1,200.00 - 472.50 = 727.50
	b.Add(&assets.Asset{ID: 1, Tag: "L1", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2024-03-15"), Cost: eur("1200")})
	// disposed: not on the books
	b.Add(&assets.Asset{ID: 2, Tag: "L2", Category: "laptop", Status: assets.StatusDisposed, PurchaseDate: d("2024-03-15"), Cost: eur("1200")})
	// its own policy: 40 % a year, two years: 1,000.00 -> 360.00
	b.Add(&assets.Asset{ID: 3, Tag: "L3", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2024-01-01"), Cost: eur("1000")})
	doc := b.Document()
	s := doc.Sections[0]
	if len(s.Columns) != 8 || s.Rows[0][7].Text != "727.50" || s.Rows[1][7].Text != "" || s.Rows[2][7].Text != "360.00" || s.Total[7].Text != "1,087.50" {
		t.Errorf("book value column %v / %v", s.Rows, s.Total)
	}
	if doc.Summary[2].Value != "EUR 1,087.50" {
		t.Errorf("summary %v", doc.Summary)
	}
	// Without any policy the register is as it was.
	if doc := NewRegister(RegisterInput{AsOf: d("2026-01-01")}).Document(); len(doc.Sections[0].Columns) != 7 {
		t.Errorf("columns without policies: %d", len(doc.Sections[0].Columns))
	}
}

// A task marked capex counts as capital spending; others are operating.
func TestTaskSpendOverride(t *testing.T) {
	d := assets.MustDate
	f := BuildForecast(ForecastInput{AsOf: d("2026-01-01"), Years: 1, Currency: "EUR", Tasks: []PlannedTask{
		{Title: "Server RAM", Due: d("2026-05-01"), Cost: eur("400"), Spend: assets.SpendCapex},
		{Title: "OS upgrade", Due: d("2026-06-01"), Cost: eur("150")},
	}}, nil)
	if f.Capex[0] != 40000 || f.Opex[0] != 15000 || f.ByKind[KindUpgrades][0] != 55000 {
		t.Errorf("capex %d opex %d upgrades %d, want 40000 15000 55000", f.Capex[0], f.Opex[0], f.ByKind[KindUpgrades][0])
	}
}

// A model's replacement cost comes before its category's; the report says
// which rule priced each category's lines.
func TestModelReplacementCost(t *testing.T) {
	d := assets.MustDate
	in := ForecastInput{AsOf: d("2026-01-01"), Years: 2, Currency: "EUR",
		Categories: []assets.Category{{Name: "laptop", Label: "Laptop", RefreshYears: 4, ReplacementCost: eur("1000")}, {Name: "phone", Label: "Phone", RefreshYears: 3}},
		ModelCosts: map[string]assets.Money{assets.ModelKey("Dell", "XPS 13"): eur("1500")}}
	list := []assets.Asset{
		{Tag: "L1", Category: "laptop", Manufacturer: "DELL", Model: "xps 13", Status: assets.StatusDeployed, PurchaseDate: d("2022-06-01")},
		{Tag: "L2", Category: "laptop", Manufacturer: "Lenovo", Model: "T14", Status: assets.StatusDeployed, PurchaseDate: d("2022-07-01")},
		{Tag: "P1", Category: "phone", Status: assets.StatusDeployed, PurchaseDate: d("2023-07-01"), Cost: eur("700")},
	}
	f := BuildForecast(in, list)
	if f.ByKind[KindRefresh][0] != 250000+70000 {
		t.Errorf("refresh 2026 %d, want 320000 (1,500.00 + 1,000.00 + 700.00)", f.ByKind[KindRefresh][0])
	}
	got := map[string]string{}
	for _, c := range f.Categories {
		got[c.Name] = c.PricedBy
	}
	if got["laptop"] != "the model's cost (1); category cost EUR 1,000.00 (1)" || got["phone"] != "each asset's purchase cost" {
		t.Errorf("priced by %q", got)
	}
}

// A report without an organisation name says so on every page; it never
// prints the program's name as the organisation.
func TestNoOrganisationName(t *testing.T) {
	in, list := officeFixture()
	in.Org = ""
	path := writePDF(t, BuildForecast(in, list).Document(), A4)
	n := checkEveryPage(t, path, "(organisation name not set: Settings)", "2026-01-01")
	text := pdfText(t, path)
	if c := strings.Count(text, "Made with Steward"); c != n {
		t.Errorf("%d pages, %d footers", n, c)
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "Steward" {
			t.Errorf("a line names Steward alone: %q", line)
		}
	}
}

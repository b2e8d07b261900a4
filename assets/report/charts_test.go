package report

import (
	"reflect"
	"strings"
	"testing"

	"steward/assets"
)

func TestAgeProfile(t *testing.T) {
	asOf := assets.MustDate("2026-06-01")
	cats := []assets.Category{{Name: "laptop", Label: "Laptop", RefreshYears: 4}, {Name: "phone", Label: "Phone", RefreshYears: 3}}
	b := NewExposure(ExposureInput{AsOf: asOf, Categories: cats})
	add := func(cat, bought string, st assets.Status) {
		a := assets.Asset{Tag: "T", Category: cat, Status: st}
		if bought != "" {
			a.PurchaseDate = assets.MustDate(bought)
		}
		b.Add(&a)
	}
	add("phone", "2026-01-10", assets.StatusDeployed)  // under 1 year
	add("laptop", "2025-06-01", assets.StatusDeployed) // exactly 1 year: 1-2
	add("laptop", "2025-06-02", assets.StatusInStock)  // under 1 year
	add("laptop", "2022-06-01", assets.StatusDeployed) // 4 years: 4-5, past refresh on the day
	add("laptop", "2015-01-01", assets.StatusInRepair) // 11 years: 5 or more
	add("laptop", "", assets.StatusDeployed)           // no purchase date
	add("laptop", "2015-01-01", assets.StatusRetired)  // not in the fleet
	add("dock", "2024-01-01", assets.StatusDeployed)   // a category the register lost
	e := b.Build()
	if len(e.Ages) != 3 || e.Ages[0].Label != "Laptop" || e.Ages[1].Label != "Phone" || e.Ages[2].Label != "dock" {
		t.Fatalf("lines %+v", e.Ages)
	}
	l := e.Ages[0]
	if !reflect.DeepEqual(l.Counts, []int{1, 1, 0, 0, 1, 1}) || l.Unknown != 1 || l.Total != 5 || l.PastRefresh != 2 {
		t.Errorf("laptops %+v", l)
	}
	c := e.AgeChart()
	if !reflect.DeepEqual(c.Labels, []string{"Laptop", "Phone", "dock"}) || len(c.Series) != len(AgeBands) || c.Values[0][0] != 1 || c.Values[0][1] != 1 || c.Values[2][2] != 1 {
		t.Errorf("chart %+v", c)
	}
	if c.Notes[0] != "2 past refresh" || c.Notes[1] != "" {
		t.Errorf("notes %q", c.Notes)
	}
	doc := e.Document()
	if doc.Chart == nil || doc.Chart.Title != "Fleet age by category" {
		t.Fatal("the end-of-life report prints no age chart")
	}
	sec := doc.Sections[len(doc.Sections)-1]
	if sec.Title != "Fleet age by category" || len(sec.Rows) != 3 || sec.Total[len(sec.Total)-3].Text != "7" {
		t.Errorf("age section %+v", sec)
	}
	if sec.Rows[0][len(AgeBands)+3].Text != "every 4 years" {
		t.Errorf("refresh column %q", sec.Rows[0][len(AgeBands)+3].Text)
	}
}

// TestSpendChartIsTheBudgetChart: the window's spending chart is the
// budget PDF's chart, and its notes are the report's replacement counts.
func TestSpendChartIsTheBudgetChart(t *testing.T) {
	f := officeForecast(t)
	c := f.SpendChart()
	doc := f.Document()
	if !reflect.DeepEqual(c, doc.Chart) {
		t.Fatalf("window chart %+v\nPDF chart %+v", c, doc.Chart)
	}
	var counts Section
	for _, s := range doc.Sections {
		if s.Title == "Assets reaching end of life, by category" {
			counts = s
		}
	}
	if counts.Total == nil {
		t.Fatal("no replacement counts in the budget report")
	}
	for i := range f.Years {
		want := counts.Total[1+i].Text
		if !strings.HasPrefix(c.Notes[i], want+" replacement") {
			t.Errorf("period %s: note %q, report %s", f.Years[i].Label, c.Notes[i], want)
		}
	}
}

func TestLicenceSeatsChart(t *testing.T) {
	c := LicenceSeatsChart([]LicenceUse{
		{Name: "Office", Seats: 10, Assigned: 12, Installed: 9},
		{Name: "Slack", Unlimited: true, Assigned: 50},
		{Name: "Acrobat", Seats: 5, Assigned: 2, Installed: 4},
	})
	// The report's order: shortfalls first, then by name.
	if !reflect.DeepEqual(c.Labels, []string{"Office", "Acrobat"}) || !c.Side ||
		!reflect.DeepEqual(c.Values, [][]float64{{12, 4}, {10, 5}}) || !reflect.DeepEqual(c.Notes, []string{"2 short", ""}) {
		t.Errorf("chart %+v", c)
	}
	if c.Max() != 12 {
		t.Errorf("max %v", c.Max())
	}
}

func TestAlertsChart(t *testing.T) {
	list := []assets.Alert{
		{Kind: "warranty", Severity: assets.SeverityWarning}, {Kind: "warranty", Severity: assets.SeverityInfo},
		{Kind: "eol", Severity: assets.SeverityCritical}, {Kind: "eol", Severity: assets.SeverityWarning},
		{Kind: "leaver_holding", Severity: assets.SeverityCritical}, {Kind: "eol", Severity: assets.SeverityCritical},
		{Kind: "os_support", Severity: assets.SeverityWarning},
	}
	c := AlertsChart(list)
	if !reflect.DeepEqual(c.Labels, []string{"End of life", "Leaver holding equipment", "Warranty", "OS or firmware support"}) {
		t.Errorf("labels %q", c.Labels)
	}
	if !reflect.DeepEqual(c.Values, [][]float64{{2, 1, 0, 0}, {1, 0, 1, 1}, {0, 0, 1, 0}}) {
		t.Errorf("values %v", c.Values)
	}
	if c.Max() != 3 {
		t.Errorf("max %v", c.Max())
	}
	if step, top := c.Scale(5); step != 1 || top != 3 {
		t.Errorf("scale %v %v", step, top)
	}
}

func officeForecast(t *testing.T) *Forecast {
	t.Helper()
	in, list := officeFixture()
	return BuildForecast(in, list)
}

// Every alert kind has its own words on the chart (the OS kind read
// "Os support", made from its code).
func TestAlertKindLabelsAreWritten(t *testing.T) {
	for _, k := range assets.AlertKinds {
		if _, ok := alertKindLabels[k]; !ok {
			t.Errorf("alert kind %q has no label (it reads %q)", k, AlertKindLabel(k))
		}
	}
	if got := AlertKindLabel(assets.AlertOSSupport); got != "OS or firmware support" {
		t.Errorf("os_support reads %q", got)
	}
}

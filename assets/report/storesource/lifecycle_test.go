package storesource

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/sqlite"
)

// The budget reads licences, support contracts and open tasks from the
// store; the licence report reads seat counts; the exposure report reads
// warranties.
func TestLifecycleDataInReports(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := assets.MustDate
	eur := func(minor int64) assets.Money { return assets.Money{Minor: minor, Currency: "EUR"} }
	a := assets.Asset{Name: "Zoë's laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2025-06-01"), Cost: eur(100000)}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	lic := assets.Licence{Product: "Office 365", Vendor: "Microsoft", Type: assets.LicenceSubscription, Seats: 10, Cost: eur(300000), Renewal: d("2026-03-01")}
	if err := s.CreateLicence(ctx, &lic); err != nil {
		t.Fatal(err)
	}
	sup := assets.Contract{Kind: assets.ContractSupport, Provider: "Σωκράτης Support", Start: d("2025-07-01"), End: d("2026-06-30"), Cost: eur(50000), AssetIDs: []int64{a.ID}}
	if err := s.CreateContract(ctx, &sup); err != nil {
		t.Fatal(err)
	}
	war := assets.Contract{Kind: assets.ContractWarranty, Provider: "Dell", Start: d("2025-06-01"), End: d("2026-05-31"), AssetIDs: []int64{a.ID}}
	if err := s.CreateContract(ctx, &war); err != nil {
		t.Fatal(err)
	}
	task := assets.Task{Kind: assets.TaskUpgrade, Title: "RAM upgrade", AssetIDs: []int64{a.ID}, Due: d("2026-02-01"), Cost: eur(15000)}
	if err := s.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	src := New(s)
	asOf := d("2026-01-01")
	doc, err := report.Build(ctx, src, report.Request{Kind: "budget", AsOf: asOf, Years: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Year 2026: Office 3,000 + support renewal on 2026-07-01 500 + RAM 150.
	// Year 2027: Office 3,000 + support 500.
	years := doc.Sections[0]
	if got := years.Rows[0][9].Text + " " + years.Rows[1][9].Text; got != "3,650.00 3,500.00" {
		t.Errorf("year totals %s, want 3,650.00 3,500.00", got)
	}
	for _, n := range doc.Notes {
		if strings.Contains(n, "does not keep") {
			t.Errorf("budget still says: %s", n)
		}
	}
	doc, err = report.Build(ctx, src, report.Request{Kind: "licences", AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if row := doc.Sections[0].Rows[0]; !strings.Contains(row[0].Text, "Office 365") || row[2].Text != "10" {
		t.Errorf("licence row %v", row)
	}
	doc, err = report.Build(ctx, src, report.Request{Kind: "eol", AsOf: asOf, Months: 6})
	if err != nil {
		t.Fatal(err)
	}
	if w := doc.Sections[2].Rows; len(w) != 1 || w[0][4].Text != "2026-05-31" || w[0][7].Text != "Dell" {
		t.Errorf("warranty rows %v", w)
	}
}

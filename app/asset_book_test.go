package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// The asset's page shows its book value today by its category's policy.
func TestAssetPageShowsBookValue(t *testing.T) {
	u, store := newTestUI(t, 0)
	ctx := context.Background()
	// Today is 2026-06-01: 1,200.00 bought 2024-03-15, straight line over 4
	// years to 10 %: 26 whole months of 22.50 = 585.00 off, 615.00 left.
	a := assets.Asset{Name: "Laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: assets.MustDate("2024-03-15"),
		Cost: assets.Money{Minor: 120000, Currency: "EUR"}}
	if err := store.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveCategoryBudget(ctx, "laptop", assets.CategoryBudget{Depreciation: assets.Depreciation{Method: assets.DepreciationStraight, Years: 4, ResidualBP: 1000}}); err != nil {
		t.Fatal(err)
	}
	s := openAssets(t, u)
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	u.wait()
	want := "EUR 615.00 on 2026-06-01 (straight line over 4 years to 10 % of cost)"
	if got := s.fieldValues["book"].Text; got != want {
		t.Errorf("book value shows %q, want %q", got, want)
	}
}

// An asset gets its own depreciation policy from its page, and an asset
// that left the fleet the day it left.
func TestAssetDepreciationDialog(t *testing.T) {
	u, store := newTestUI(t, 0)
	ctx := context.Background()
	a := assets.Asset{Name: "Server", Category: "server", Status: assets.StatusDeployed, PurchaseDate: assets.MustDate("2024-06-01"),
		Cost: assets.Money{Minor: 100000, Currency: "EUR"}}
	if err := store.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	s := openAssets(t, u)
	s.table.Select(widget.TableCellID{Row: 0, Col: 1})
	u.wait()
	if s.fieldValues["book"].Text != "—" {
		t.Fatalf("book value before any policy: %q", s.fieldValues["book"].Text)
	}
	test.Tap(button(u.win.Canvas().Content(), "Depreciation…"))
	u.wait()
	d := topDialog(u)
	method, _ := find(d, func(s *dialogSelect) bool { return s.Selected == categoryPolicy })
	if method == nil {
		t.Fatal("no depreciation choice")
	}
	if _, ok := find(d, func(e *dialogEntry) bool { return e.PlaceHolder == "YYYY-MM-DD" }); ok {
		t.Error("a deployed asset is asked when it left the fleet")
	}
	method.SetSelected("Declining balance")
	rate, _ := find(d, func(e *dialogEntry) bool { return !e.Disabled() && e.Text == "" })
	rate.SetText("40")
	test.Tap(button(d, "Save"))
	u.wait()
	own, _, err := store.AssetBook(ctx, a.ID)
	if err != nil || own == nil || *own != (assets.Depreciation{Method: assets.DepreciationDeclining, RateBP: 4000}) {
		t.Fatalf("saved %+v %v", own, err)
	}
	// 2024-06-01 to 2026-06-01 at 40 %: 1,000.00, 600.00, 360.00.
	if got := s.fieldValues["book"].Text; got != "EUR 360.00 on 2026-06-01 (declining balance at 40 % a year)" {
		t.Errorf("book value shows %q", got)
	}

	a.Status = assets.StatusDisposed
	if err := store.UpdateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	s.loadDetail()
	u.wait()
	test.Tap(button(u.win.Canvas().Content(), "Depreciation…"))
	u.wait()
	d = topDialog(u)
	left, ok := find(d, func(e *dialogEntry) bool { return e.PlaceHolder == "YYYY-MM-DD" })
	if !ok {
		t.Fatal("a disposed asset is not asked when it left the fleet")
	}
	left.SetText("2026-02-15")
	test.Tap(button(d, "Save"))
	u.wait()
	if _, on, _ := store.AssetBook(ctx, a.ID); on != assets.MustDate("2026-02-15") {
		t.Errorf("left the fleet on %s, want 2026-02-15", on)
	}
}

package app

import (
	"context"
	"testing"

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

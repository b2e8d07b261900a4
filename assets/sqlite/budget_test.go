package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
)

func bookAssets(t *testing.T, s *sqlite.Store) map[int64]assets.BookAsset {
	t.Helper()
	out := map[int64]assets.BookAsset{}
	if err := s.EachBookAsset(context.Background(), func(a *assets.BookAsset) error {
		b := *a
		if a.Override != nil {
			o := *a.Override
			b.Override = &o
		}
		out[a.ID] = b
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// A status change to disposed records the day of the change (the store's
// clock, as history has it); back in the fleet, the date goes.
func TestDisposalDates(t *testing.T) {
	ctx := context.Background()
	s := openTest(t) // clock: 2026-03-01
	d := assets.MustDate
	a := assets.Asset{Name: "Laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2024-03-15"), Cost: assets.Money{Minor: 120000, Currency: "EUR"}}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if got := bookAssets(t, s)[a.ID]; !got.Disposed.IsZero() || got.Status != assets.StatusDeployed {
		t.Fatalf("new asset %+v", got)
	}
	a.Status = assets.StatusDisposed
	if err := s.UpdateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if got := bookAssets(t, s)[a.ID]; got.Disposed != d("2026-03-01") {
		t.Errorf("disposed on %s, want 2026-03-01", got.Disposed)
	}
	if err := s.SetDisposalDate(ctx, a.ID, d("2025-12-31")); err != nil {
		t.Fatal(err)
	}
	if got := bookAssets(t, s)[a.ID]; got.Disposed != d("2025-12-31") {
		t.Errorf("corrected disposal %s, want 2025-12-31", got.Disposed)
	}
	a.Status = assets.StatusInStock
	if err := s.UpdateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if got := bookAssets(t, s)[a.ID]; !got.Disposed.IsZero() {
		t.Errorf("back in stock, still disposed on %s", got.Disposed)
	}
	dep := assets.Depreciation{Method: assets.DepreciationDeclining, RateBP: 2500}
	if err := s.SetAssetDepreciation(ctx, a.ID, &dep); err != nil {
		t.Fatal(err)
	}
	if got := bookAssets(t, s)[a.ID]; got.Override == nil || *got.Override != dep {
		t.Errorf("override %+v", got.Override)
	}
	if err := s.SetAssetDepreciation(ctx, a.ID, &assets.Depreciation{Method: assets.DepreciationStraight}); err == nil {
		t.Error("straight line with no period accepted")
	}
}

// An asset disposed of before the upgrade gets its date from history.
func TestDisposalDatesFromHistoryOnUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := sqlite.Create(ctx, path, sqlite.Options{MaxVersion: 9, NoMigrationBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2025, 7, 14, 10, 0, 0, 0, time.UTC) }
	a := assets.Asset{Name: "Old PC", Category: "desktop", Status: assets.StatusDeployed, PurchaseDate: assets.MustDate("2020-01-01"), Cost: assets.Money{Minor: 90000, Currency: "EUR"}}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	// What UpdateAsset wrote then (today's UpdateAsset reads columns
	// schema 9 lacks, such as version).
	if _, err := s.DB().Exec(`UPDATE assets SET status = 'retired' WHERE id = ?`, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`INSERT INTO history(at, entity, entity_id, action, field, old_value, new_value)
		VALUES ('2025-07-14T10:00:00Z', 'asset', ?, 'update', 'status', 'Deployed', 'Retired')`, a.ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = sqlite.Open(ctx, path, sqlite.Options{NoMigrationBackup: true}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := bookAssets(t, s)[a.ID]; got.Disposed != assets.MustDate("2025-07-14") || got.Status != assets.StatusRetired {
		t.Errorf("after upgrade: %+v, want retired on 2025-07-14", got)
	}
}

func TestCategoryBudgetsAndSettings(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	b := assets.CategoryBudget{PriceChangeBP: 300, Spend: assets.SpendOpex,
		Depreciation: assets.Depreciation{Method: assets.DepreciationStraight, Years: 4, ResidualBP: 1000}}
	if err := s.SaveCategoryBudget(ctx, "Laptop", b); err != nil {
		t.Fatal(err)
	}
	got, err := s.CategoryBudgets(ctx)
	if err != nil || got["laptop"] != b {
		t.Errorf("budgets %+v %v", got, err)
	}
	h, _ := s.History(ctx, "category:laptop", 0)
	if len(h) != 3 || h[1].Field != "depreciation" || h[1].New != "straight line over 4 years to 10 % of cost" {
		t.Errorf("history %+v", h)
	}
	if err := s.SaveCategoryBudget(ctx, "no such", b); err == nil {
		t.Error("a policy for a missing category was saved")
	}
	if err := s.SaveCategoryBudget(ctx, "laptop", assets.CategoryBudget{PriceChangeBP: 20000}); err == nil {
		t.Error("a 200 % price change was saved")
	}
	set, err := s.BudgetSettings(ctx)
	if err != nil || set.FiscalYearStart != 1 || set.Backlog != assets.BacklogPlan {
		t.Errorf("default settings %+v %v", set, err)
	}
	if err := s.SaveBudgetSettings(ctx, assets.BudgetSettings{FiscalYearStart: 4, Backlog: assets.BacklogApart}); err != nil {
		t.Fatal(err)
	}
	if set, _ = s.BudgetSettings(ctx); set.FiscalYearStart != 4 || set.Backlog != assets.BacklogApart {
		t.Errorf("saved settings %+v", set)
	}
	if err := s.SaveBudgetSettings(ctx, assets.BudgetSettings{FiscalYearStart: 13}); err == nil {
		t.Error("month 13 saved")
	}
	// Import: one new, one changed, one as it is; a dry run writes nothing.
	cats, _ := s.CategoriesWithBudget(ctx)
	var desktop assets.CategoryWithBudget
	for _, c := range cats {
		if c.Category.Name == "desktop" {
			desktop = c
		}
	}
	items := []assets.CategoryWithBudget{
		{Line: 2, Category: assets.Category{Name: "dock", Label: "Dock", RefreshYears: 5}, Budget: assets.CategoryBudget{Depreciation: assets.Depreciation{Method: assets.DepreciationNone}}},
		{Line: 3, Category: assets.Category{Name: "laptop", Label: "Laptop", RefreshYears: 3}, Budget: b},
		{Line: 4, Category: desktop.Category, Budget: assets.CategoryBudget{Depreciation: assets.Depreciation{Method: assets.DepreciationNone}}},
	}
	for _, dry := range []bool{true, false} {
		st, err := s.ImportCategories(ctx, items, dry)
		if err != nil || st.Created != 1 || st.Updated != 1 || st.Unchanged != 1 {
			t.Errorf("import (dry %v): %+v %v", dry, st, err)
		}
	}
	cats, _ = s.CategoriesWithBudget(ctx)
	found := 0
	for _, c := range cats {
		if c.Category.Name == "dock" || c.Category.Name == "laptop" && c.Category.RefreshYears == 3 && c.Budget == b {
			found++
		}
	}
	if found != 2 {
		t.Errorf("after import: %+v", cats)
	}
}

func TestLicenceRenewsAndTerm(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	l := assets.Licence{Product: "CAD", Type: assets.LicencePerSeat, Seats: 2, Cost: assets.Money{Minor: 100, Currency: "EUR"}, TermMonths: 24, NoRenew: true}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	got, err := s.Licence(ctx, l.ID)
	if err != nil || !got.NoRenew || got.TermMonths != 24 {
		t.Fatalf("stored %+v %v", got, err)
	}
	got.NoRenew, got.TermMonths = false, 0
	if err := s.UpdateLicence(ctx, &got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Licence(ctx, l.ID)
	if again.NoRenew || again.TermMonths != 0 {
		t.Errorf("updated %+v", again)
	}
	h, _ := s.History(ctx, "licence", l.ID)
	var fields []string
	for _, e := range h {
		fields = append(fields, e.Field+":"+e.Old+">"+e.New)
	}
	if got := strings.Join(fields, " "); !strings.Contains(got, "renews:no>yes") || !strings.Contains(got, "term_months:24>0") {
		t.Errorf("history %v", fields)
	}
}

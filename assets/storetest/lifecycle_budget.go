package storetest

import (
	"fmt"
	"testing"

	"steward/assets"
)

var budgetCases = []Case[BudgetStore]{
	{"CategoryBudgets", func(t *testing.T, s BudgetStore) {
		m, err := s.CategoryBudgets(ctx)
		must(t, err)
		if len(m) != 0 {
			t.Fatalf("a new register has budgets %v", m)
		}
		b := assets.CategoryBudget{PriceChangeBP: 350, Depreciation: assets.Depreciation{Method: assets.DepreciationStraight, Years: 4, ResidualBP: 1000}, Spend: assets.SpendOpex}
		must(t, s.SaveCategoryBudget(ctx, " Laptop ", b))
		must(t, s.SaveCategoryBudget(ctx, "laptop", b))
		m, err = s.CategoryBudgets(ctx)
		must(t, err)
		wantEqual(t, "budgets", m, map[string]assets.CategoryBudget{"laptop": b})
		b2 := b
		b2.Depreciation = assets.Depreciation{Method: assets.DepreciationDeclining, RateBP: 2500}
		must(t, s.SaveCategoryBudget(ctx, "laptop", b2))
		wantLines(t, "history", historyLines(t, s, "category:laptop", 0), []string{
			"update depreciation: straight line over 4 years to 10 % of cost -> declining balance at 25 % a year by tester",
			"update spend: capex -> opex by tester",
			"update depreciation: not depreciated -> straight line over 4 years to 10 % of cost by tester",
			"update price_change: 0 % -> 3.5 % by tester",
		})
		wantKind(t, "missing category", s.SaveCategoryBudget(ctx, "boats", b), assets.KindNotFound)
		wantKind(t, "bad policy", s.SaveCategoryBudget(ctx, "laptop", assets.CategoryBudget{PriceChangeBP: -9000}), assets.KindInvalid)

		list, err := s.CategoriesWithBudget(ctx)
		must(t, err)
		var lines []string
		for _, c := range list {
			lines = append(lines, fmt.Sprintf("%s %s %d %v %s %d", c.Category.Name, c.Category.Label, c.Category.RefreshYears, c.Category.Builtin, c.Budget.Depreciation.Method, c.AuditIntervalMonths))
		}
		wantLines(t, "categories with budget, by label", lines, []string{
			"desktop Desktop 5 true none 0",
			"laptop Laptop 4 true declining_balance 0",
			"monitor Monitor 7 true none 0",
			"network Network 7 true none 0",
			"other Other 0 true none 0",
			"peripheral Peripheral 5 true none 0",
			"phone Phone 3 true none 0",
			"printer Printer 6 true none 0",
			"server Server 6 true none 0",
			"tablet Tablet 4 true none 0",
		})
	}},
	{"ImportCategories", func(t *testing.T, s BudgetStore) {
		none := assets.Depreciation{Method: assets.DepreciationNone}
		items := func() []assets.CategoryWithBudget {
			return []assets.CategoryWithBudget{
				{Line: 2, Category: assets.Category{Name: "drone", Label: "Drone", RefreshYears: 3, ReplacementCost: assets.Money{Minor: 90000, Currency: "EUR"}},
					Budget: assets.CategoryBudget{PriceChangeBP: 200, Depreciation: none}, AuditIntervalMonths: 6},
				{Line: 3, Category: assets.Category{Name: "laptop", Label: "Laptop", RefreshYears: 4}, Budget: assets.CategoryBudget{Depreciation: none}, KeepAuditInterval: true},
			}
		}
		st, err := s.ImportCategories(ctx, items(), true)
		must(t, err)
		wantStats(t, "dry run", st, 1, 0, 1)
		m, err := s.CategoryBudgets(ctx)
		must(t, err)
		if len(m) != 0 {
			t.Fatalf("a dry run stored %v", m)
		}
		st, err = s.ImportCategories(ctx, items(), false)
		must(t, err)
		wantStats(t, "import", st, 1, 0, 1)
		st, err = s.ImportCategories(ctx, items(), false)
		must(t, err)
		wantStats(t, "again", st, 0, 0, 2)
		next := items()
		next[1].Category.Label, next[1].Budget.Spend = "Laptops", assets.SpendOpex
		st, err = s.ImportCategories(ctx, next, false)
		must(t, err)
		wantStats(t, "changed", st, 0, 1, 1)
		wantLines(t, "drone history", historyLines(t, s, "category:drone", 0), []string{
			"update price_change: 0 % -> 2 % by tester",
			"import Drone by tester",
		})
		wantLines(t, "laptop history", historyLines(t, s, "category:laptop", 0), []string{
			"update spend: capex -> opex by tester",
			"import Laptops by tester",
		})
		list, err := s.CategoriesWithBudget(ctx)
		must(t, err)
		if list[0].Category.Name != "desktop" || list[1].Category.Name != "drone" || list[1].AuditIntervalMonths != 6 || list[1].Category.Builtin ||
			list[1].Category.ReplacementCost.Minor != 90000 || list[1].Budget.PriceChangeBP != 200 {
			t.Fatalf("imported categories %+v", list[:2])
		}
	}},
	{"DepreciationAndBook", func(t *testing.T, s BudgetStore) {
		cost := func(minor int64) func(*assets.Asset) {
			return func(a *assets.Asset) {
				a.PurchaseDate, a.Cost = date("2024-03-01"), assets.Money{Minor: minor, Currency: "EUR"}
			}
		}
		a := addAsset(t, s, "B-1", "Booked", cost(100000))
		b := addAsset(t, s, "B-2", "Own policy", cost(200000), func(a *assets.Asset) { a.Location = "HQ" })
		addAsset(t, s, "B-3", "No cost")
		c := addAsset(t, s, "B-4", "Gone", cost(50000), func(a *assets.Asset) { a.Status = assets.StatusRetired })
		must(t, s.SaveCategoryBudget(ctx, "laptop", assets.CategoryBudget{Depreciation: assets.Depreciation{Method: assets.DepreciationStraight, Years: 4}}))
		own := assets.Depreciation{Method: assets.DepreciationDeclining, RateBP: 5000, ResidualBP: 500}
		must(t, s.SetAssetDepreciation(ctx, b.ID, &own))
		wantKind(t, "bad policy", s.SetAssetDepreciation(ctx, a.ID, &assets.Depreciation{Method: "sideways"}), assets.KindInvalid)
		must(t, s.SetDisposalDate(ctx, c.ID, date("2025-06-30")))

		deps, err := s.AssetDepreciations(ctx)
		must(t, err)
		wantEqual(t, "overrides", deps, map[int64]assets.Depreciation{b.ID: own})
		var lines []string
		must(t, s.EachBookAsset(ctx, func(x *assets.BookAsset) error {
			lines = append(lines, fmt.Sprintf("#%d %s %s %s %s %s disposed %s own %v", x.ID-a.ID, x.Category, x.Status, x.Location, x.Purchase, x.Cost, x.Disposed, x.Override))
			return nil
		}))
		wantLines(t, "book assets", lines, []string{
			"#0 laptop deployed  2024-03-01 EUR 1,000.00 disposed  own <nil>",
			fmt.Sprintf("#1 laptop deployed HQ 2024-03-01 EUR 2,000.00 disposed  own %v", &own),
			"#3 laptop retired  2024-03-01 EUR 500.00 disposed 2025-06-30 own <nil>",
		})
		on := date("2026-03-01")
		v, p, ok, err := s.AssetBookValue(ctx, &a, on)
		must(t, err)
		if !ok || v.Minor != 50000 || p.Method != assets.DepreciationStraight || p.Years != 4 {
			t.Fatalf("book value of B-1: %v %+v %v", v, p, ok)
		}
		v, p, ok, err = s.AssetBookValue(ctx, &b, on)
		must(t, err)
		if !ok || p != own || v.Minor != own.BookValue(200000, b.PurchaseDate, on) {
			t.Fatalf("book value of B-2: %v %+v %v", v, p, ok)
		}
		_, _, ok, err = s.AssetBookValue(ctx, &c, on)
		must(t, err)
		if ok {
			t.Fatalf("a retired asset is on the books")
		}
		_, _, ok, err = s.AssetBookValue(ctx, &c, date("2025-01-01"))
		must(t, err)
		if !ok {
			t.Fatalf("an asset is off the books before it left")
		}
		d, gone, err := s.AssetBook(ctx, b.ID)
		must(t, err)
		if d == nil || *d != own || !gone.IsZero() {
			t.Fatalf("book of B-2: %v %v", d, gone)
		}
		d, gone, err = s.AssetBook(ctx, c.ID)
		must(t, err)
		if d != nil || gone != date("2025-06-30") {
			t.Fatalf("book of B-4: %v %v", d, gone)
		}
		_, _, err = s.AssetBook(ctx, 4242)
		wantKind(t, "book of a missing asset", err, assets.KindNotFound)

		must(t, s.SetAssetDepreciation(ctx, b.ID, nil))
		must(t, s.SetDisposalDate(ctx, c.ID, assets.Date{}))
		must(t, s.SetDisposalDate(ctx, a.ID, date("2026-01-01")))
		must(t, s.SetDisposalDate(ctx, a.ID, date("2026-01-02")))
		deps, err = s.AssetDepreciations(ctx)
		must(t, err)
		if len(deps) != 0 {
			t.Fatalf("overrides after clearing: %v", deps)
		}
		d, gone, err = s.AssetBook(ctx, c.ID)
		must(t, err)
		if d != nil || !gone.IsZero() {
			t.Fatalf("book of B-4 after clearing: %v %v", d, gone)
		}
		_, gone, err = s.AssetBook(ctx, a.ID)
		must(t, err)
		wantEqual(t, "disposal date set twice", gone, date("2026-01-02"))
	}},
	{"SettingsAndModelCosts", func(t *testing.T, s BudgetStore) {
		bs, err := s.BudgetSettings(ctx)
		must(t, err)
		wantEqual(t, "defaults", bs, assets.BudgetSettings{FiscalYearStart: 1, Backlog: assets.BacklogPlan})
		must(t, s.SaveBudgetSettings(ctx, assets.BudgetSettings{FiscalYearStart: 4, Backlog: assets.BacklogApart}))
		bs, err = s.BudgetSettings(ctx)
		must(t, err)
		wantEqual(t, "saved", bs, assets.BudgetSettings{FiscalYearStart: 4, Backlog: assets.BacklogApart})
		wantKind(t, "bad month", s.SaveBudgetSettings(ctx, assets.BudgetSettings{FiscalYearStart: 13, Backlog: assets.BacklogPlan}), assets.KindInvalid)

		items := func() []assets.ModelCostImport {
			return []assets.ModelCostImport{
				{Line: 2, Cost: assets.ModelCost{Manufacturer: "dell", Model: "Latitude 5440", Cost: assets.Money{Minor: 120000, Currency: "EUR"}}},
				{Line: 3, Cost: assets.ModelCost{Manufacturer: "Apple", Model: "MacBook Air", Cost: assets.Money{Minor: 150000, Currency: "EUR"}}},
				{Line: 4, Cost: assets.ModelCost{Manufacturer: "Dell", Model: "latitude 7440", Cost: assets.Money{Minor: 160000, Currency: "EUR"}}},
			}
		}
		st, err := s.ImportModelCosts(ctx, items(), true)
		must(t, err)
		wantStats(t, "dry run", st, 3, 0, 0)
		list, err := s.ListModelCosts(ctx)
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("a dry run stored %v", list)
		}
		st, err = s.ImportModelCosts(ctx, items(), false)
		must(t, err)
		wantStats(t, "import", st, 3, 0, 0)
		next := items()
		next[0].Cost.Manufacturer, next[0].Cost.Cost.Minor = "DELL", 125000
		st, err = s.ImportModelCosts(ctx, next, false)
		must(t, err)
		wantStats(t, "again, one changed, another case", st, 0, 1, 2)
		list, err = s.ListModelCosts(ctx)
		must(t, err)
		var lines []string
		for _, m := range list {
			lines = append(lines, m.Manufacturer+" / "+m.Model+" "+m.Cost.String())
		}
		wantLines(t, "model costs, by manufacturer and model in any case", lines, []string{
			"Apple / MacBook Air EUR 1,500.00",
			"dell / Latitude 5440 EUR 1,250.00",
			"Dell / latitude 7440 EUR 1,600.00",
		})
		m, err := s.ModelCosts(ctx)
		must(t, err)
		wantEqual(t, "by key", m[assets.ModelKey("DELL", "LATITUDE 5440")], assets.Money{Minor: 125000, Currency: "EUR"})
		wantLines(t, "history", historyLines(t, s, "model_cost", 0), []string{
			"import DELL Latitude 5440: EUR 1,250.00 by tester",
			"import Dell latitude 7440: EUR 1,600.00 by tester",
			"import Apple MacBook Air: EUR 1,500.00 by tester",
			"import dell Latitude 5440: EUR 1,200.00 by tester",
		})
	}},
}

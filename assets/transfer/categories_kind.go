package transfer

import (
	"context"
	"strconv"

	"steward/assets"
	"steward/assets/csvio"
)

// Categories as data: the refresh policy, the budget policy (replacement
// cost, price change, depreciation, capex/opex) and the audit interval of
// each category.
var categoryColumns = []string{"name", "label", "refresh_years", "replacement_cost", "currency", "price_change",
	"depreciation", "depreciation_years", "depreciation_rate", "residual", "spend", "audit_interval_months"}

func init() {
	Register(Kind{Name: "categories", Columns: categoryColumns, Required: []string{"name"}, Import: importCategories, Export: exportCategories})
}

func parsePercentCell(row csvio.Row, col string, errs *[]*csvio.Error) int {
	bp, err := assets.ParseBP(row.Get(col))
	if err != nil {
		*errs = append(*errs, row.Errorf(col, "%v", err))
	}
	return bp
}

func parseCategoryRow(row csvio.Row) (assets.CategoryWithBudget, []*csvio.Error) {
	var errs []*csvio.Error
	it := assets.CategoryWithBudget{Line: row.Line}
	c, b := &it.Category, &it.Budget
	c.Name, c.Label = row.Get("name"), row.Get("label")
	c.RefreshYears = parseIntCell(row, "refresh_years", "a number of years", &errs)
	c.ReplacementCost = parseMoneyCellAt(row, "replacement_cost", &errs)
	b.PriceChangeBP = parsePercentCell(row, "price_change", &errs)
	var err error
	if b.Depreciation.Method, err = assets.ParseDepreciationMethod(row.Get("depreciation")); err != nil {
		errs = append(errs, row.Errorf("depreciation", "%v", err))
	}
	b.Depreciation.Years = parseIntCell(row, "depreciation_years", "a number of years", &errs)
	b.Depreciation.RateBP = parsePercentCell(row, "depreciation_rate", &errs)
	b.Depreciation.ResidualBP = parsePercentCell(row, "residual", &errs)
	if b.Spend, err = assets.ParseSpendClass(row.Get("spend")); err != nil {
		errs = append(errs, row.Errorf("spend", "%v", err))
	}
	it.AuditIntervalMonths = parseIntCell(row, "audit_interval_months", "a number of months", &errs)
	errs = validationCells(row, errs, assets.ValidateAuditInterval(it.AuditIntervalMonths), func(f string) string { return f })
	errs = validationCells(row, errs, c.Validate(), func(f string) string {
		if f == "replacement_cost" {
			return "replacement_cost"
		}
		return f
	})
	errs = validationCells(row, errs, b.Validate(), func(f string) string {
		return map[string]string{"price_change": "price_change", "depreciation": "depreciation", "depreciation_years": "depreciation_years",
			"depreciation_rate": "depreciation_rate", "residual": "residual", "spend": "spend"}[f]
	})
	return it, errs
}

// parseMoneyCellAt reads an amount in column col with the row's currency.
func parseMoneyCellAt(row csvio.Row, col string, errs *[]*csvio.Error) assets.Money {
	m, err := assets.ParseMoney(row.Get(col), row.Get("currency"))
	if err != nil {
		*errs = append(*errs, row.Errorf(col, "%v", err))
	}
	return m
}

// categoriesKindStore is what the categories and model-costs kinds read and
// write.
type categoriesKindStore interface {
	CategoriesWithBudget(ctx context.Context) ([]assets.CategoryWithBudget, error)
	ImportCategories(ctx context.Context, items []assets.CategoryWithBudget, dry bool) (assets.ImportStats, error)
	ImportModelCosts(ctx context.Context, items []assets.ModelCostImport, dry bool) (assets.ImportStats, error)
	ListModelCosts(ctx context.Context) ([]assets.ModelCost, error)
}

func importCategories(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	var items []assets.CategoryWithBudget
	seen := map[string]int{}
	keepAudit := !r.Has("audit_interval_months")
	rows, err := readAll(r, func(row csvio.Row) []*csvio.Error {
		it, errs := parseCategoryRow(row)
		it.KeepAuditInterval = keepAudit
		if first, dup := seen[it.Category.Name]; dup && it.Category.Name != "" {
			errs = append(errs, row.Errorf("name", "category %q is already on line %d", it.Category.Name, first))
		}
		seen[it.Category.Name] = row.Line
		items = append(items, it)
		return errs
	})
	res := Result{Rows: rows}
	if err != nil {
		return res, err
	}
	st, err := s.ImportCategories(ctx, items, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

func exportCategories(ctx context.Context, s Store, opt Options, emit func([]string) error) error {
	list, err := s.CategoriesWithBudget(ctx)
	if err != nil {
		return err
	}
	pct := func(bp int) string {
		if bp == 0 {
			return ""
		}
		v := assets.FormatBP(bp)
		return v[:len(v)-2] // without " %"
	}
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	for _, cb := range list {
		c, b := cb.Category, cb.Budget
		cost, cur := moneyCells(c.ReplacementCost)
		if err := emit([]string{c.Name, c.Label, strconv.Itoa(c.RefreshYears), cost, cur, pct(b.PriceChangeBP),
			string(b.Depreciation.Method), num(b.Depreciation.Years), pct(b.Depreciation.RateBP), pct(b.Depreciation.ResidualBP), string(b.Spend),
			num(cb.AuditIntervalMonths)}); err != nil {
			return err
		}
	}
	return nil
}

// Replacement costs per model, which price a replacement before its
// category's cost.
var modelCostColumns = []string{"manufacturer", "model", "replacement_cost", "currency"}

func init() {
	Register(Kind{Name: "model-costs", Columns: modelCostColumns, Required: []string{"model", "replacement_cost"}, Import: importModelCosts, Export: exportModelCosts})
}

func importModelCosts(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	var items []assets.ModelCostImport
	seen := map[string]int{}
	rows, err := readAll(r, func(row csvio.Row) []*csvio.Error {
		var errs []*csvio.Error
		m := assets.ModelCost{Manufacturer: row.Get("manufacturer"), Model: row.Get("model"), Cost: parseMoneyCellAt(row, "replacement_cost", &errs)}
		errs = validationCells(row, errs, m.Validate(), func(f string) string { return f })
		key := assets.ModelKey(m.Manufacturer, m.Model)
		if first, dup := seen[key]; dup {
			errs = append(errs, row.Errorf("model", "this model is already on line %d", first))
		}
		seen[key] = row.Line
		items = append(items, assets.ModelCostImport{Line: row.Line, Cost: m})
		return errs
	})
	res := Result{Rows: rows}
	if err != nil {
		return res, err
	}
	st, err := s.ImportModelCosts(ctx, items, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

func exportModelCosts(ctx context.Context, s Store, opt Options, emit func([]string) error) error {
	list, err := s.ListModelCosts(ctx)
	if err != nil {
		return err
	}
	for _, m := range list {
		cost, cur := moneyCells(m.Cost)
		if err := emit([]string{m.Manufacturer, m.Model, cost, cur}); err != nil {
			return err
		}
	}
	return nil
}

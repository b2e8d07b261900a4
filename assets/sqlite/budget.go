package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"steward/assets"
	"steward/assets/sqlite/internal/fastread"
)

// The budget's rows: category budget policies, per-asset depreciation
// overrides, disposal dates and the budget settings. The rules that use
// them are in package assets; this file only reads and writes rows.

// CategoryBudgets gives every category's budget policy, by category name
// (a category without one has the zero policy: no price change, not
// depreciated, capex).
func (s *Store) CategoryBudgets(ctx context.Context) (_ map[string]assets.CategoryBudget, err error) {
	defer assets.Wrap(&err, "sqlite.CategoryBudgets")
	rows, err := s.read.QueryContext(ctx, `SELECT category, price_change_bp, depreciation, depreciation_years,
		depreciation_rate_bp, residual_bp, spend FROM category_budget`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]assets.CategoryBudget{}
	for rows.Next() {
		var name, method, spend string
		var b assets.CategoryBudget
		if err := rows.Scan(&name, &b.PriceChangeBP, &method, &b.Depreciation.Years, &b.Depreciation.RateBP, &b.Depreciation.ResidualBP, &spend); err != nil {
			return nil, err
		}
		b.Depreciation.Method, b.Spend = assets.DepreciationMethod(method), assets.SpendClass(spend)
		out[name] = b
	}
	return out, rows.Err()
}

// SaveCategoryBudget stores a category's budget policy, recording each
// change in the category's history.
func (s *Store) SaveCategoryBudget(ctx context.Context, category string, b assets.CategoryBudget) (err error) {
	defer assets.Wrap(&err, "sqlite.SaveCategoryBudget")
	if err := b.Validate(); err != nil {
		return err
	}
	category = assets.NormalizeCategory(category)
	return s.withTx(ctx, func(tx *sql.Tx) error { return s.saveCategoryBudget(ctx, tx, category, b) })
}

func (s *Store) saveCategoryBudget(ctx context.Context, tx *sql.Tx, category string, b assets.CategoryBudget) error {
	var label string
	if err := tx.QueryRowContext(ctx, `SELECT label FROM categories WHERE name = ?`, category).Scan(&label); errors.Is(err, sql.ErrNoRows) {
		return assets.NotFoundf("category %q", category)
	} else if err != nil {
		return err
	}
	var old assets.CategoryBudget
	var method, spend string
	err := tx.QueryRowContext(ctx, `SELECT price_change_bp, depreciation, depreciation_years, depreciation_rate_bp, residual_bp, spend
		FROM category_budget WHERE category = ?`, category).
		Scan(&old.PriceChangeBP, &method, &old.Depreciation.Years, &old.Depreciation.RateBP, &old.Depreciation.ResidualBP, &spend)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	old.Depreciation.Method, old.Spend = assets.DepreciationMethod(method), assets.SpendClass(spend)
	if errors.Is(err, sql.ErrNoRows) {
		old.Depreciation.Method = assets.DepreciationNone
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO category_budget(category, price_change_bp, depreciation, depreciation_years,
		depreciation_rate_bp, residual_bp, spend) VALUES (?,?,?,?,?,?,?)
		ON CONFLICT(category) DO UPDATE SET price_change_bp=excluded.price_change_bp, depreciation=excluded.depreciation,
		depreciation_years=excluded.depreciation_years, depreciation_rate_bp=excluded.depreciation_rate_bp,
		residual_bp=excluded.residual_bp, spend=excluded.spend`,
		category, b.PriceChangeBP, string(b.Depreciation.Method), b.Depreciation.Years, b.Depreciation.RateBP, b.Depreciation.ResidualBP, string(b.Spend)); err != nil {
		return mapErr(err)
	}
	changes := old.ChangesTo(b)
	if len(changes) == 0 {
		return nil
	}
	return s.record(ctx, tx, "category:"+category, 0, "update", label, changes)
}

// ImportCategories writes every row in one transaction (rolled back for a
// dry run): a row creates the category with its name or updates it. Rows
// must be validated.
func (s *Store) ImportCategories(ctx context.Context, items []assets.CategoryWithBudget, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportCategories")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = assets.ImportStats{}
		old, err := categoriesWithBudget(ctx, tx)
		if err != nil {
			return err
		}
		for _, it := range items {
			prev, ok := old[it.Category.Name]
			if it.KeepAuditInterval {
				it.AuditIntervalMonths = prev.AuditIntervalMonths
			}
			switch {
			case !ok:
				st.Created++
			case prev.Category.Label == it.Category.Label && prev.Category.RefreshYears == it.Category.RefreshYears &&
				prev.Category.ReplacementCost == it.Category.ReplacementCost && prev.Budget == it.Budget &&
				prev.AuditIntervalMonths == it.AuditIntervalMonths:
				st.Unchanged++
				continue
			default:
				st.Updated++
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO categories(name,label,refresh_years,replacement_cost,replacement_currency,audit_interval_months) VALUES (?,?,?,?,?,?)
				ON CONFLICT(name) DO UPDATE SET label=excluded.label, refresh_years=excluded.refresh_years,
				replacement_cost=excluded.replacement_cost, replacement_currency=excluded.replacement_currency,
				audit_interval_months=excluded.audit_interval_months`,
				it.Category.Name, it.Category.Label, it.Category.RefreshYears, it.Category.ReplacementCost.Minor, it.Category.ReplacementCost.Currency,
				it.AuditIntervalMonths); err != nil {
				return fmt.Errorf("line %d: %w", it.Line, mapErr(err))
			}
			action := "import"
			if err := s.record(ctx, tx, "category:"+it.Category.Name, 0, action, it.Category.Label, nil); err != nil {
				return err
			}
			if err := s.saveCategoryBudget(ctx, tx, it.Category.Name, it.Budget); err != nil {
				return fmt.Errorf("line %d: %w", it.Line, err)
			}
		}
		return nil
	})
	return st, err
}

// CategoriesWithBudget lists every category with its budget policy, by label.
func (s *Store) CategoriesWithBudget(ctx context.Context) (_ []assets.CategoryWithBudget, err error) {
	defer assets.Wrap(&err, "sqlite.CategoriesWithBudget")
	m, err := categoriesWithBudget(ctx, s.read)
	if err != nil {
		return nil, err
	}
	cats, err := s.Categories(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]assets.CategoryWithBudget, 0, len(cats))
	for _, c := range cats {
		cb := m[c.Name]
		cb.Category = c
		out = append(out, cb)
	}
	return out, nil
}

func categoriesWithBudget(ctx context.Context, q rowsQueryer) (map[string]assets.CategoryWithBudget, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.name, c.label, c.refresh_years, c.replacement_cost, c.replacement_currency, c.builtin, c.audit_interval_months,
		COALESCE(b.price_change_bp, 0), COALESCE(b.depreciation, 'none'), COALESCE(b.depreciation_years, 0),
		COALESCE(b.depreciation_rate_bp, 0), COALESCE(b.residual_bp, 0), COALESCE(b.spend, '')
		FROM categories c LEFT JOIN category_budget b ON b.category = c.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]assets.CategoryWithBudget{}
	for rows.Next() {
		var cb assets.CategoryWithBudget
		c, b := &cb.Category, &cb.Budget
		var method, spend string
		if err := rows.Scan(&c.Name, &c.Label, &c.RefreshYears, &c.ReplacementCost.Minor, &c.ReplacementCost.Currency, &c.Builtin, &cb.AuditIntervalMonths,
			&b.PriceChangeBP, &method, &b.Depreciation.Years, &b.Depreciation.RateBP, &b.Depreciation.ResidualBP, &spend); err != nil {
			return nil, err
		}
		b.Depreciation.Method, b.Spend = assets.DepreciationMethod(method), assets.SpendClass(spend)
		out[c.Name] = cb
	}
	return out, rows.Err()
}

// SetAssetDepreciation gives an asset its own depreciation policy (nil:
// back to its category's).
func (s *Store) SetAssetDepreciation(ctx context.Context, assetID int64, d *assets.Depreciation) (err error) {
	defer assets.Wrap(&err, "sqlite.SetAssetDepreciation")
	if d != nil {
		if errs := d.Validate(""); len(errs) > 0 {
			return assets.ValidationErrors(errs).Err()
		}
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		if d == nil {
			_, err := tx.ExecContext(ctx, `DELETE FROM asset_depreciation WHERE asset_id = ?`, assetID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO asset_depreciation(asset_id, depreciation, depreciation_years, depreciation_rate_bp, residual_bp)
			VALUES (?,?,?,?,?)`, assetID, string(d.Method), d.Years, d.RateBP, d.ResidualBP)
		return mapErr(err)
	})
}

// SetDisposalDate records when an asset left the fleet (the status change
// records today; this corrects it, or gives one to an asset imported as
// already disposed of).
func (s *Store) SetDisposalDate(ctx context.Context, assetID int64, d assets.Date) (err error) {
	defer assets.Wrap(&err, "sqlite.SetDisposalDate")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		if d.IsZero() {
			_, err := tx.ExecContext(ctx, `DELETE FROM asset_disposals WHERE asset_id = ?`, assetID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO asset_disposals(asset_id, disposed) VALUES (?, ?)`, assetID, d.String())
		return mapErr(err)
	})
}

// EachBookAsset calls fn for every asset with a purchase date and a cost
// (the ones that can be on the books), with its disposal date and its own
// depreciation policy. fn must not keep the pointer.
func (s *Store) EachBookAsset(ctx context.Context, fn func(*assets.BookAsset) error) (err error) {
	defer assets.Wrap(&err, "sqlite.EachBookAsset")
	rows, err := s.read.QueryContext(ctx, `SELECT a.id, a.category, a.status, a.location, a.purchase_date, a.cost, a.currency,
		COALESCE(d.disposed, ''), COALESCE(o.depreciation, ''), COALESCE(o.depreciation_years, 0),
		COALESCE(o.depreciation_rate_bp, 0), COALESCE(o.residual_bp, 0)
		FROM assets a LEFT JOIN asset_disposals d ON d.asset_id = a.id LEFT JOIN asset_depreciation o ON o.asset_id = a.id
		WHERE a.purchase_date <> '' AND a.cost > 0 ORDER BY a.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var a assets.BookAsset
	var ov assets.Depreciation
	var status, method string
	var purchase, disposed sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&a.ID, &a.Category, &status, &a.Location, &purchase, &a.Cost.Minor, &a.Cost.Currency,
			&disposed, &method, &ov.Years, &ov.RateBP, &ov.ResidualBP); err != nil {
			return err
		}
		a.Status = assets.Status(status)
		a.Purchase, a.Disposed = fastread.Date(purchase), fastread.Date(disposed)
		a.Override = nil
		if method != "" {
			ov.Method = assets.DepreciationMethod(method)
			a.Override = &ov
		}
		if err := fn(&a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// BudgetSettings reads the budget settings (defaults for anything unset).
func (s *Store) BudgetSettings(ctx context.Context) (_ assets.BudgetSettings, err error) {
	defer assets.Wrap(&err, "sqlite.BudgetSettings")
	vals := map[string]string{}
	for _, k := range []string{assets.SettingFiscalYearStart, assets.SettingBacklogMode} {
		v, err := s.Setting(ctx, k)
		if err != nil {
			return assets.BudgetSettings{}, err
		}
		vals[k] = v
	}
	return assets.BudgetSettingsFrom(func(k string) string { return vals[k] }), nil
}

// SaveBudgetSettings validates and stores the budget settings.
func (s *Store) SaveBudgetSettings(ctx context.Context, b assets.BudgetSettings) (err error) {
	defer assets.Wrap(&err, "sqlite.SaveBudgetSettings")
	if err := b.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		for k, v := range b.Values() {
			if _, err := tx.ExecContext(ctx, "INSERT INTO settings(key,value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// PersonDepartments maps every person's ID to their department.
func (s *Store) PersonDepartments(ctx context.Context) (_ map[int64]string, err error) {
	defer assets.Wrap(&err, "sqlite.PersonDepartments")
	rows, err := s.read.QueryContext(ctx, `SELECT id, department FROM people`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var dep string
		if err := rows.Scan(&id, &dep); err != nil {
			return nil, err
		}
		out[id] = dep
	}
	return out, rows.Err()
}

// AssetDepreciations gives the assets that have their own depreciation
// policy, by asset ID.
func (s *Store) AssetDepreciations(ctx context.Context) (_ map[int64]assets.Depreciation, err error) {
	defer assets.Wrap(&err, "sqlite.AssetDepreciations")
	rows, err := s.read.QueryContext(ctx, `SELECT asset_id, depreciation, depreciation_years, depreciation_rate_bp, residual_bp FROM asset_depreciation`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]assets.Depreciation{}
	for rows.Next() {
		var id int64
		var d assets.Depreciation
		var method string
		if err := rows.Scan(&id, &method, &d.Years, &d.RateBP, &d.ResidualBP); err != nil {
			return nil, err
		}
		d.Method = assets.DepreciationMethod(method)
		out[id] = d
	}
	return out, rows.Err()
}

// AssetBookValue is an asset's book value on a date, by its own policy or
// its category's (ok false when it has no purchase date or cost, or left
// the fleet before that date).
func (s *Store) AssetBookValue(ctx context.Context, a *assets.Asset, on assets.Date) (value assets.Money, policy assets.Depreciation, ok bool, err error) {
	defer assets.Wrap(&err, "sqlite.AssetBookValue")
	var method, disposed string
	err = s.read.QueryRowContext(ctx, `SELECT COALESCE(o.depreciation, b.depreciation, 'none'), COALESCE(o.depreciation_years, b.depreciation_years, 0),
		COALESCE(o.depreciation_rate_bp, b.depreciation_rate_bp, 0), COALESCE(o.residual_bp, b.residual_bp, 0), COALESCE(d.disposed, '')
		FROM assets a LEFT JOIN asset_depreciation o ON o.asset_id = a.id LEFT JOIN category_budget b ON b.category = a.category
		LEFT JOIN asset_disposals d ON d.asset_id = a.id WHERE a.id = ?`, a.ID).
		Scan(&method, &policy.Years, &policy.RateBP, &policy.ResidualBP, &disposed)
	if err != nil {
		return assets.Money{}, policy, false, err
	}
	policy.Method = assets.DepreciationMethod(method)
	left := fastread.DateString(disposed)
	if a.PurchaseDate.IsZero() || a.Cost.Minor <= 0 || a.PurchaseDate.After(on) ||
		!a.Status.Active() && (left.IsZero() || !left.After(on)) {
		return assets.Money{}, policy, false, nil
	}
	return assets.Money{Minor: policy.BookValue(a.Cost.Minor, a.PurchaseDate, on), Currency: a.Cost.Currency}, policy, true, nil
}

// ModelCosts gives every model's replacement cost, by assets.ModelKey.
func (s *Store) ModelCosts(ctx context.Context) (_ map[string]assets.Money, err error) {
	defer assets.Wrap(&err, "sqlite.ModelCosts")
	list, err := s.ListModelCosts(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]assets.Money, len(list))
	for _, m := range list {
		out[assets.ModelKey(m.Manufacturer, m.Model)] = m.Cost
	}
	return out, nil
}

// ListModelCosts lists the models' replacement costs by manufacturer and model.
func (s *Store) ListModelCosts(ctx context.Context) (_ []assets.ModelCost, err error) {
	defer assets.Wrap(&err, "sqlite.ListModelCosts")
	rows, err := s.read.QueryContext(ctx, `SELECT manufacturer, model, replacement_cost, currency FROM model_costs ORDER BY manufacturer, model`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.ModelCost
	for rows.Next() {
		var m assets.ModelCost
		if err := rows.Scan(&m.Manufacturer, &m.Model, &m.Cost.Minor, &m.Cost.Currency); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ImportModelCosts writes every row in one transaction (rolled back for a
// dry run): a row sets its model's cost. Rows must be validated.
func (s *Store) ImportModelCosts(ctx context.Context, items []assets.ModelCostImport, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportModelCosts")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = assets.ImportStats{}
		for _, it := range items {
			m := it.Cost
			var old assets.Money
			err := tx.QueryRowContext(ctx, `SELECT replacement_cost, currency FROM model_costs WHERE manufacturer = ? AND model = ?`, m.Manufacturer, m.Model).
				Scan(&old.Minor, &old.Currency)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				st.Created++
			case err != nil:
				return err
			case old == m.Cost:
				st.Unchanged++
				continue
			default:
				st.Updated++
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO model_costs(manufacturer, model, replacement_cost, currency) VALUES (?,?,?,?)
				ON CONFLICT(manufacturer, model) DO UPDATE SET replacement_cost = excluded.replacement_cost, currency = excluded.currency`,
				m.Manufacturer, m.Model, m.Cost.Minor, m.Cost.Currency); err != nil {
				return fmt.Errorf("line %d: %w", it.Line, mapErr(err))
			}
			if err := s.record(ctx, tx, "model_cost", 0, "import", m.Manufacturer+" "+m.Model+": "+m.Cost.String(), nil); err != nil {
				return err
			}
		}
		return nil
	})
	return st, err
}

// AssetBook gives an asset's own depreciation policy (nil: its category's)
// and the date it left the fleet (zero: none recorded).
func (s *Store) AssetBook(ctx context.Context, assetID int64) (_ *assets.Depreciation, _ assets.Date, err error) {
	defer assets.Wrap(&err, "sqlite.AssetBook")
	var method, disposed string
	var d assets.Depreciation
	err = s.read.QueryRowContext(ctx, `SELECT COALESCE(o.depreciation, ''), COALESCE(o.depreciation_years, 0), COALESCE(o.depreciation_rate_bp, 0),
		COALESCE(o.residual_bp, 0), COALESCE(x.disposed, '') FROM assets a LEFT JOIN asset_depreciation o ON o.asset_id = a.id
		LEFT JOIN asset_disposals x ON x.asset_id = a.id WHERE a.id = ?`, assetID).Scan(&method, &d.Years, &d.RateBP, &d.ResidualBP, &disposed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, assets.Date{}, assets.NotFoundf("asset #%d", assetID)
	}
	if err != nil || method == "" {
		return nil, fastread.DateString(disposed), err
	}
	d.Method = assets.DepreciationMethod(method)
	return &d, fastread.DateString(disposed), nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// The budget's rows (assets/sqlite/budget.go): category budget policies,
// per-asset depreciation overrides, disposal dates, the budget settings and
// model replacement costs. The rules that use them are in package assets.

// CategoryBudgets gives every category's budget policy, by category name.
func (s *Store) CategoryBudgets(ctx context.Context) (_ map[string]assets.CategoryBudget, err error) {
	defer assets.Wrap(&err, "postgres.CategoryBudgets")
	rows, err := s.pool.Query(ctx, `SELECT category, price_change_bp, depreciation, depreciation_years,
		depreciation_rate_bp, residual_bp, spend FROM category_budget`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := map[string]assets.CategoryBudget{}
	for rows.Next() {
		var name, method, spend string
		var b assets.CategoryBudget
		if err := rows.Scan(&name, &b.PriceChangeBP, &method, &b.Depreciation.Years, &b.Depreciation.RateBP, &b.Depreciation.ResidualBP, &spend); err != nil {
			return nil, mapErr(err)
		}
		b.Depreciation.Method, b.Spend = assets.DepreciationMethod(method), assets.SpendClass(spend)
		out[name] = b
	}
	return out, mapErr(rows.Err())
}

// SaveCategoryBudget stores a category's budget policy, recording each
// change in the category's history.
func (s *Store) SaveCategoryBudget(ctx context.Context, category string, b assets.CategoryBudget) (err error) {
	defer assets.Wrap(&err, "postgres.SaveCategoryBudget")
	if err := b.Validate(); err != nil {
		return err
	}
	category = assets.NormalizeCategory(category)
	return s.withTx(ctx, func(tx pgx.Tx) error { return s.saveCategoryBudget(ctx, tx, category, b) })
}

func (s *Store) saveCategoryBudget(ctx context.Context, tx pgx.Tx, category string, b assets.CategoryBudget) error {
	var label string
	if err := tx.QueryRow(ctx, `SELECT label FROM categories WHERE name = $1`, category).Scan(&label); errors.Is(err, pgx.ErrNoRows) {
		return assets.NotFoundf("category %q", category)
	} else if err != nil {
		return err
	}
	old := assets.CategoryBudget{Depreciation: assets.Depreciation{Method: assets.DepreciationNone}}
	var method, spend string
	err := tx.QueryRow(ctx, `SELECT price_change_bp, depreciation, depreciation_years, depreciation_rate_bp, residual_bp, spend
		FROM category_budget WHERE category = $1`, category).
		Scan(&old.PriceChangeBP, &method, &old.Depreciation.Years, &old.Depreciation.RateBP, &old.Depreciation.ResidualBP, &spend)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return err
	default:
		old.Depreciation.Method, old.Spend = assets.DepreciationMethod(method), assets.SpendClass(spend)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO category_budget(category, price_change_bp, depreciation, depreciation_years,
		depreciation_rate_bp, residual_bp, spend) VALUES ($1,$2,$3,$4,$5,$6,$7)
		ON CONFLICT (category) DO UPDATE SET price_change_bp=excluded.price_change_bp, depreciation=excluded.depreciation,
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
	defer assets.Wrap(&err, "postgres.ImportCategories")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx pgx.Tx) error {
		st = assets.ImportStats{}
		list, err := categoriesWithBudget(ctx, tx)
		if err != nil {
			return err
		}
		old := map[string]assets.CategoryWithBudget{}
		for _, c := range list {
			old[c.Category.Name] = c
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
			if _, err := tx.Exec(ctx, `INSERT INTO categories(name,label,refresh_years,replacement_cost,replacement_currency,audit_interval_months) VALUES ($1,$2,$3,$4,$5,$6)
				ON CONFLICT (name) DO UPDATE SET label=excluded.label, refresh_years=excluded.refresh_years,
				replacement_cost=excluded.replacement_cost, replacement_currency=excluded.replacement_currency,
				audit_interval_months=excluded.audit_interval_months`,
				it.Category.Name, it.Category.Label, it.Category.RefreshYears, it.Category.ReplacementCost.Minor, it.Category.ReplacementCost.Currency,
				it.AuditIntervalMonths); err != nil {
				return fmt.Errorf("line %d: %w", it.Line, mapErr(err))
			}
			if err := s.record(ctx, tx, "category:"+it.Category.Name, 0, "import", it.Category.Label, nil); err != nil {
				return err
			}
			if err := s.saveCategoryBudget(ctx, tx, it.Category.Name, it.Budget); err != nil {
				return fmt.Errorf("line %d: %w", it.Line, mapErr(err))
			}
		}
		return nil
	})
	return st, mapErr(err)
}

// CategoriesWithBudget lists every category with its budget policy, by label.
func (s *Store) CategoriesWithBudget(ctx context.Context) (_ []assets.CategoryWithBudget, err error) {
	defer assets.Wrap(&err, "postgres.CategoriesWithBudget")
	list, err := categoriesWithBudget(ctx, s.pool)
	return list, mapErr(err)
}

func categoriesWithBudget(ctx context.Context, q querier) ([]assets.CategoryWithBudget, error) {
	rows, err := q.Query(ctx, `SELECT c.name, c.label, c.refresh_years, c.replacement_cost, c.replacement_currency, c.builtin, c.audit_interval_months,
		COALESCE(b.price_change_bp, 0), COALESCE(b.depreciation, 'none'), COALESCE(b.depreciation_years, 0),
		COALESCE(b.depreciation_rate_bp, 0), COALESCE(b.residual_bp, 0), COALESCE(b.spend, '')
		FROM categories c LEFT JOIN category_budget b ON b.category = c.name ORDER BY c.label, c.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.CategoryWithBudget
	for rows.Next() {
		var cb assets.CategoryWithBudget
		c, b := &cb.Category, &cb.Budget
		var method, spend string
		if err := rows.Scan(&c.Name, &c.Label, &c.RefreshYears, &c.ReplacementCost.Minor, &c.ReplacementCost.Currency, &c.Builtin, &cb.AuditIntervalMonths,
			&b.PriceChangeBP, &method, &b.Depreciation.Years, &b.Depreciation.RateBP, &b.Depreciation.ResidualBP, &spend); err != nil {
			return nil, err
		}
		b.Depreciation.Method, b.Spend = assets.DepreciationMethod(method), assets.SpendClass(spend)
		out = append(out, cb)
	}
	return out, rows.Err()
}

// SetAssetDepreciation gives an asset its own depreciation policy (nil:
// back to its category's).
func (s *Store) SetAssetDepreciation(ctx context.Context, assetID int64, d *assets.Depreciation) (err error) {
	defer assets.Wrap(&err, "postgres.SetAssetDepreciation")
	if d != nil {
		if errs := d.Validate(""); len(errs) > 0 {
			return assets.ValidationErrors(errs).Err()
		}
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		if d == nil {
			_, err := tx.Exec(ctx, `DELETE FROM asset_depreciation WHERE asset_id = $1`, assetID)
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO asset_depreciation(asset_id, depreciation, depreciation_years, depreciation_rate_bp, residual_bp)
			VALUES ($1,$2,$3,$4,$5) ON CONFLICT (asset_id) DO UPDATE SET depreciation = excluded.depreciation,
			depreciation_years = excluded.depreciation_years, depreciation_rate_bp = excluded.depreciation_rate_bp, residual_bp = excluded.residual_bp`,
			assetID, string(d.Method), d.Years, d.RateBP, d.ResidualBP)
		return err
	})
}

// SetDisposalDate records when an asset left the fleet (zero: none).
func (s *Store) SetDisposalDate(ctx context.Context, assetID int64, d assets.Date) (err error) {
	defer assets.Wrap(&err, "postgres.SetDisposalDate")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		if d.IsZero() {
			_, err := tx.Exec(ctx, `DELETE FROM asset_disposals WHERE asset_id = $1`, assetID)
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO asset_disposals(asset_id, disposed) VALUES ($1, $2)
			ON CONFLICT (asset_id) DO UPDATE SET disposed = excluded.disposed`, assetID, d.String())
		return err
	})
}

// EachBookAsset calls fn for every asset with a purchase date and a cost,
// with its disposal date and its own depreciation policy, by ID. fn must
// not keep the pointer.
func (s *Store) EachBookAsset(ctx context.Context, fn func(*assets.BookAsset) error) (err error) {
	defer assets.Wrap(&err, "postgres.EachBookAsset")
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.category, a.status, a.location, a.purchase_date, a.cost, a.currency,
		COALESCE(d.disposed, ''), COALESCE(o.depreciation, ''), COALESCE(o.depreciation_years, 0),
		COALESCE(o.depreciation_rate_bp, 0), COALESCE(o.residual_bp, 0)
		FROM assets a LEFT JOIN asset_disposals d ON d.asset_id = a.id LEFT JOIN asset_depreciation o ON o.asset_id = a.id
		WHERE a.purchase_date <> '' AND a.cost > 0 ORDER BY a.id`)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	var a assets.BookAsset
	var ov assets.Depreciation
	var status, method, purchase, disposed string
	for rows.Next() {
		if err := rows.Scan(&a.ID, &a.Category, &status, &a.Location, &purchase, &a.Cost.Minor, &a.Cost.Currency,
			&disposed, &method, &ov.Years, &ov.RateBP, &ov.ResidualBP); err != nil {
			return mapErr(err)
		}
		a.Status = assets.Status(status)
		a.Purchase, a.Disposed = parseDate(purchase), parseDate(disposed)
		a.Override = nil
		if method != "" {
			ov.Method = assets.DepreciationMethod(method)
			a.Override = &ov
		}
		if err := fn(&a); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// BudgetSettings reads the budget settings (defaults for anything unset).
func (s *Store) BudgetSettings(ctx context.Context) (_ assets.BudgetSettings, err error) {
	defer assets.Wrap(&err, "postgres.BudgetSettings")
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
	defer assets.Wrap(&err, "postgres.SaveBudgetSettings")
	if err := b.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		for k, v := range b.Values() {
			if err := putSetting(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// AssetDepreciations gives the assets that have their own depreciation
// policy, by asset ID.
func (s *Store) AssetDepreciations(ctx context.Context) (_ map[int64]assets.Depreciation, err error) {
	defer assets.Wrap(&err, "postgres.AssetDepreciations")
	rows, err := s.pool.Query(ctx, `SELECT asset_id, depreciation, depreciation_years, depreciation_rate_bp, residual_bp FROM asset_depreciation`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := map[int64]assets.Depreciation{}
	for rows.Next() {
		var id int64
		var d assets.Depreciation
		var method string
		if err := rows.Scan(&id, &method, &d.Years, &d.RateBP, &d.ResidualBP); err != nil {
			return nil, mapErr(err)
		}
		d.Method = assets.DepreciationMethod(method)
		out[id] = d
	}
	return out, mapErr(rows.Err())
}

// AssetBookValue is an asset's book value on a date, by its own policy or
// its category's (ok false when it has no purchase date or cost, or left
// the fleet before that date).
func (s *Store) AssetBookValue(ctx context.Context, a *assets.Asset, on assets.Date) (value assets.Money, policy assets.Depreciation, ok bool, err error) {
	defer assets.Wrap(&err, "postgres.AssetBookValue")
	var method, disposed string
	err = s.pool.QueryRow(ctx, `SELECT COALESCE(o.depreciation, b.depreciation, 'none'), COALESCE(o.depreciation_years, b.depreciation_years, 0),
		COALESCE(o.depreciation_rate_bp, b.depreciation_rate_bp, 0), COALESCE(o.residual_bp, b.residual_bp, 0), COALESCE(d.disposed, '')
		FROM assets a LEFT JOIN asset_depreciation o ON o.asset_id = a.id LEFT JOIN category_budget b ON b.category = a.category
		LEFT JOIN asset_disposals d ON d.asset_id = a.id WHERE a.id = $1`, a.ID).
		Scan(&method, &policy.Years, &policy.RateBP, &policy.ResidualBP, &disposed)
	if errors.Is(err, pgx.ErrNoRows) {
		return assets.Money{}, policy, false, assets.NotFoundf("asset #%d", a.ID)
	}
	if err != nil {
		return assets.Money{}, policy, false, mapErr(err)
	}
	policy.Method = assets.DepreciationMethod(method)
	left := parseDate(disposed)
	if a.PurchaseDate.IsZero() || a.Cost.Minor <= 0 || a.PurchaseDate.After(on) ||
		!a.Status.Active() && (left.IsZero() || !left.After(on)) {
		return assets.Money{}, policy, false, nil
	}
	return assets.Money{Minor: policy.BookValue(a.Cost.Minor, a.PurchaseDate, on), Currency: a.Cost.Currency}, policy, true, nil
}

// ModelCosts gives every model's replacement cost, by assets.ModelKey.
func (s *Store) ModelCosts(ctx context.Context) (_ map[string]assets.Money, err error) {
	defer assets.Wrap(&err, "postgres.ModelCosts")
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

// ListModelCosts lists the models' replacement costs by manufacturer and
// model, in any ASCII case (SQLite's columns are NOCASE).
func (s *Store) ListModelCosts(ctx context.Context) (_ []assets.ModelCost, err error) {
	defer assets.Wrap(&err, "postgres.ListModelCosts")
	rows, err := s.pool.Query(ctx, `SELECT manufacturer, model, replacement_cost, currency FROM model_costs ORDER BY nocase(manufacturer), nocase(model)`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.ModelCost
	for rows.Next() {
		var m assets.ModelCost
		if err := rows.Scan(&m.Manufacturer, &m.Model, &m.Cost.Minor, &m.Cost.Currency); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, m)
	}
	return out, mapErr(rows.Err())
}

// ImportModelCosts writes every row in one transaction (rolled back for a
// dry run): a row sets its model's cost; a model is the same in any ASCII
// case and keeps the spelling it was first given. Rows must be validated.
func (s *Store) ImportModelCosts(ctx context.Context, items []assets.ModelCostImport, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "postgres.ImportModelCosts")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx pgx.Tx) error {
		st = assets.ImportStats{}
		for _, it := range items {
			m := it.Cost
			var old assets.Money
			err := tx.QueryRow(ctx, `SELECT replacement_cost, currency FROM model_costs WHERE nocase(manufacturer) = nocase($1) AND nocase(model) = nocase($2)`,
				m.Manufacturer, m.Model).Scan(&old.Minor, &old.Currency)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				st.Created++
			case err != nil:
				return err
			case old == m.Cost:
				st.Unchanged++
				continue
			default:
				st.Updated++
			}
			if _, err := tx.Exec(ctx, `INSERT INTO model_costs(manufacturer, model, replacement_cost, currency) VALUES ($1,$2,$3,$4)
				ON CONFLICT (nocase(manufacturer), nocase(model)) DO UPDATE SET replacement_cost = excluded.replacement_cost, currency = excluded.currency`,
				m.Manufacturer, m.Model, m.Cost.Minor, m.Cost.Currency); err != nil {
				return fmt.Errorf("line %d: %w", it.Line, mapErr(err))
			}
			if err := s.record(ctx, tx, "model_cost", 0, "import", m.Manufacturer+" "+m.Model+": "+m.Cost.String(), nil); err != nil {
				return err
			}
		}
		return nil
	})
	return st, mapErr(err)
}

// AssetBook gives an asset's own depreciation policy (nil: its category's)
// and the date it left the fleet (zero: none recorded).
func (s *Store) AssetBook(ctx context.Context, assetID int64) (_ *assets.Depreciation, _ assets.Date, err error) {
	defer assets.Wrap(&err, "postgres.AssetBook")
	var method, disposed string
	var d assets.Depreciation
	err = s.pool.QueryRow(ctx, `SELECT COALESCE(o.depreciation, ''), COALESCE(o.depreciation_years, 0), COALESCE(o.depreciation_rate_bp, 0),
		COALESCE(o.residual_bp, 0), COALESCE(x.disposed, '') FROM assets a LEFT JOIN asset_depreciation o ON o.asset_id = a.id
		LEFT JOIN asset_disposals x ON x.asset_id = a.id WHERE a.id = $1`, assetID).Scan(&method, &d.Years, &d.RateBP, &d.ResidualBP, &disposed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, assets.Date{}, assets.NotFoundf("asset #%d", assetID)
	}
	if err != nil || method == "" {
		return nil, parseDate(disposed), mapErr(err)
	}
	d.Method = assets.DepreciationMethod(method)
	return &d, parseDate(disposed), nil
}

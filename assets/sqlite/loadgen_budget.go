package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"steward/assets"
)

// BudgetLoad sizes a synthetic register for the budget and depreciation
// benchmarks.
type BudgetLoad struct {
	Assets   int // e.g. 100,000 or 1,000,000
	Licences int // e.g. 200
	Tasks    int // e.g. 500
	AsOf     assets.Date
}

// BuildBudgetLoad fills an empty store with a deterministic register for
// the budget: assets over the default categories bought over eight years
// (one in ten disposed of, with a disposal date; seven in ten held by one
// of 600 people in 12 departments), budget policies on five categories,
// licences ending over the next two years and open upgrade tasks. It writes
// with plain SQL in one transaction: it builds benchmark fixtures and is
// not an import path.
func BuildBudgetLoad(ctx context.Context, s *Store, l BudgetLoad) error {
	if l.AsOf.IsZero() {
		l.AsOf = assets.Today(s.Now())
	}
	cats := assets.DefaultCategories
	return s.withTx(ctx, func(tx *sql.Tx) error {
		at := stamp(s.Now())
		exec := func(q string, args ...any) error { _, err := tx.ExecContext(ctx, q, args...); return err }
		for i, c := range cats {
			if err := exec(`UPDATE categories SET replacement_cost = ?, replacement_currency = 'EUR' WHERE name = ?`, 50000+i*25000, c.Name); err != nil {
				return err
			}
		}
		for _, p := range []struct {
			cat, method          string
			years, rate, res, pc int
			spend                string
		}{
			{"laptop", "straight_line", 4, 0, 1000, 300, ""}, {"desktop", "straight_line", 5, 0, 500, 200, ""},
			{"server", "declining_balance", 0, 2500, 500, 300, ""}, {"phone", "declining_balance", 0, 4000, 0, 0, "opex"},
			{"monitor", "straight_line", 7, 0, 0, 0, ""},
		} {
			if err := exec(`INSERT INTO category_budget(category, price_change_bp, depreciation, depreciation_years, depreciation_rate_bp, residual_bp, spend)
				VALUES (?,?,?,?,?,?,?)`, p.cat, p.pc, p.method, p.years, p.rate, p.res, p.spend); err != nil {
				return err
			}
		}
		for i := 1; i <= 600; i++ {
			if err := exec(`INSERT INTO people(id,name,email,department,created,updated) VALUES (?,?,?,?,?,?)`,
				i, fmt.Sprintf("Person %04d", i), fmt.Sprintf("p%04d@example.org", i), fmt.Sprintf("Dept %02d", i%12), at, at); err != nil {
				return err
			}
		}
		asset, err := tx.PrepareContext(ctx, `INSERT INTO assets(id,tag,name,category,status,location,assigned_to,purchase_date,cost,currency,created,updated)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer asset.Close()
		disposal, err := tx.PrepareContext(ctx, `INSERT INTO asset_disposals(asset_id, disposed) VALUES (?,?)`)
		if err != nil {
			return err
		}
		defer disposal.Close()
		start := l.AsOf.AddYears(-8)
		for i := 1; i <= l.Assets; i++ {
			c := cats[i%len(cats)]
			status := []string{"deployed", "deployed", "in_stock", "in_repair", "deployed", "deployed", "deployed", "deployed", "deployed", "disposed"}[i%10]
			var holder any
			if i%10 < 7 {
				holder = 1 + i%600
			}
			bought := start.AddDays((i * 7) % 2900)
			if _, err := asset.ExecContext(ctx, i, assets.FormatTag(int64(i)), fmt.Sprintf("%s %d", c.Label, i), c.Name, status,
				fmt.Sprintf("Site %02d", i%40), holder, bought.String(), 20000+(i%50)*3000, "EUR", at, at); err != nil {
				return err
			}
			if status == "disposed" {
				if _, err := disposal.ExecContext(ctx, i, bought.AddDays(400+i%900).String()); err != nil {
					return err
				}
			}
		}
		for i := 1; i <= l.Licences; i++ {
			typ := []string{"subscription", "per_seat", "per_device"}[i%3]
			if err := exec(`INSERT INTO licences(id,product,vendor,type,seats,cost,currency,purchase_date,expiry_date,created,updated)
				VALUES (?,?,?,?,?,?,?,?,?,?,?)`, i, fmt.Sprintf("Product %03d", i), "Vendor", typ, 10+i%40, 100000+i*500, "EUR",
				l.AsOf.AddDays(-300-i%60).String(), l.AsOf.AddDays(-30+i*3%730).String(), at, at); err != nil {
				return err
			}
		}
		for i := 1; i <= l.Tasks; i++ {
			if err := exec(`INSERT INTO tasks(id,kind,title,due,every_months,cost,currency,status,created,updated) VALUES (?,?,?,?,?,?,?,?,?,?)`,
				i, "upgrade", fmt.Sprintf("Upgrade %d", i), l.AsOf.AddDays(-20+i%400).String(), []int{0, 0, 12}[i%3], 15000, "EUR", "planned", at, at); err != nil {
				return err
			}
		}
		return exec(`INSERT INTO settings(key,value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, assets.SettingTagCounter, fmt.Sprint(l.Assets))
	})
}

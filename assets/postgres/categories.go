package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Categories lists every category, by label.
func (s *Store) Categories(ctx context.Context) (_ []assets.Category, err error) {
	defer assets.Wrap(&err, "postgres.Categories")
	rows, err := s.pool.Query(ctx, `SELECT name, label, refresh_years, replacement_cost, replacement_currency, builtin FROM categories ORDER BY label, name`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Category
	for rows.Next() {
		var c assets.Category
		var years int32
		if err := rows.Scan(&c.Name, &c.Label, &years, &c.ReplacementCost.Minor, &c.ReplacementCost.Currency, &c.Builtin); err != nil {
			return nil, mapErr(err)
		}
		c.RefreshYears = int(years)
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

// SaveCategory creates or updates a category and its lifecycle policy.
func (s *Store) SaveCategory(ctx context.Context, c assets.Category) (err error) {
	defer assets.Wrap(&err, "postgres.SaveCategory")
	if err := c.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var old assets.Category
		var years int32
		err := tx.QueryRow(ctx, `SELECT label, refresh_years, replacement_cost, replacement_currency FROM categories WHERE name = $1 FOR UPDATE`, c.Name).
			Scan(&old.Label, &years, &old.ReplacementCost.Minor, &old.ReplacementCost.Currency)
		old.RefreshYears = int(years)
		action := "update"
		if errors.Is(err, pgx.ErrNoRows) {
			action = "create"
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO categories(name,label,refresh_years,replacement_cost,replacement_currency) VALUES ($1,$2,$3,$4,$5)
			ON CONFLICT (name) DO UPDATE SET label=excluded.label, refresh_years=excluded.refresh_years,
			replacement_cost=excluded.replacement_cost, replacement_currency=excluded.replacement_currency`,
			c.Name, c.Label, c.RefreshYears, c.ReplacementCost.Minor, c.ReplacementCost.Currency); err != nil {
			return err
		}
		var changes []assets.FieldChange
		if action == "update" {
			if changes = old.ChangesTo(c); len(changes) == 0 {
				return nil
			}
		}
		return s.record(ctx, tx, "category:"+c.Name, 0, action, c.Label, changes)
	})
}

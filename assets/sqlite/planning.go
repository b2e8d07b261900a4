package sqlite

import (
	"context"
	"database/sql"

	"steward/assets"
	"steward/assets/sqlite/internal/fastread"
)

// EachActiveAsset calls fn for every asset still in the fleet (in stock,
// deployed, in repair) with only the fields planning reads: ID, tag, name,
// category, manufacturer, model, status, location, purchase date, cost, OS
// end-of-life date and holder's ID. It skips the people join and the text nobody plans
// with, so the budget of a 100,000-asset register streams in a fraction of
// EachAsset's time. fn must not keep the pointer.
func (s *Store) EachActiveAsset(ctx context.Context, fn func(*assets.Asset) error) (err error) {
	defer assets.Wrap(&err, "sqlite.EachActiveAsset")
	rows, err := s.read.QueryContext(ctx, `SELECT id, tag, name, category, manufacturer, model, status, location,
		purchase_date, cost, currency, os, eol_date, COALESCE(assigned_to, 0) FROM assets
		WHERE status IN `+activeStatuses+` ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var a assets.Asset
	var status string
	var purchase, eol sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&a.ID, &a.Tag, &a.Name, &a.Category, &a.Manufacturer, &a.Model, &status, &a.Location,
			&purchase, &a.Cost.Minor, &a.Cost.Currency, &a.OS, &eol, &a.AssignedTo); err != nil {
			return err
		}
		a.Status = assets.Status(status)
		a.PurchaseDate, a.EOLDate = fastread.Date(purchase), fastread.Date(eol)
		if err := fn(&a); err != nil {
			return err
		}
	}
	return rows.Err()
}

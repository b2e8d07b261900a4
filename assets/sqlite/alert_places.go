package sqlite

import (
	"context"
	"database/sql"

	"steward/assets"
	"steward/assets/sqlite/internal/fastread"
)

// AlertPlaces reads the category and location of every asset and the
// location of every person, for filtering alerts by category or location
// (the dashboard, `steward alerts --category/--location`). The names are
// shared between records (a register has few categories and locations:
// fastread.Interner), so a million assets cost a map entry each, not two
// strings each.
func (s *Store) AlertPlaces(ctx context.Context) (_ *assets.AlertPlaces, err error) {
	defer assets.Wrap(&err, "sqlite.AlertPlaces")
	out := &assets.AlertPlaces{Assets: map[int64]assets.Place{}, People: map[int64]string{}}
	names := fastread.Interner{}
	rows, err := s.read.QueryContext(ctx, `SELECT id, category, location FROM assets`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var cat, loc sql.RawBytes
		if err := rows.Scan(&id, &cat, &loc); err != nil {
			return nil, err
		}
		out.Assets[id] = assets.Place{Category: names.Get(cat), Location: names.Get(loc)}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	people, err := s.read.QueryContext(ctx, `SELECT id, location FROM people WHERE location <> ''`)
	if err != nil {
		return nil, err
	}
	defer people.Close()
	for people.Next() {
		var id int64
		var loc sql.RawBytes
		if err := people.Scan(&id, &loc); err != nil {
			return nil, err
		}
		out.People[id] = names.Get(loc)
	}
	return out, people.Err()
}

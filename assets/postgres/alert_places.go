package postgres

import (
	"context"

	"steward/assets"
)

// AlertPlaces is each asset's category and location and each person's
// location, for filtering the alert list by place (steward alerts
// --category/--location, the dashboard's filters).
func (s *Store) AlertPlaces(ctx context.Context) (_ *assets.AlertPlaces, err error) {
	defer assets.Wrap(&err, "postgres.AlertPlaces")
	out := &assets.AlertPlaces{Assets: map[int64]assets.Place{}, People: map[int64]string{}}
	names := map[string]string{"": ""}
	intern := func(v string) string {
		if w, ok := names[v]; ok {
			return w
		}
		names[v] = v
		return v
	}
	rows, err := s.pool.Query(ctx, `SELECT id, category, location FROM assets`)
	if err != nil {
		return nil, mapErr(err)
	}
	for rows.Next() {
		var id int64
		var cat, loc string
		if err := rows.Scan(&id, &cat, &loc); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		out.Assets[id] = assets.Place{Category: intern(cat), Location: intern(loc)}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	people, err := s.pool.Query(ctx, `SELECT id, location FROM people WHERE location <> ''`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer people.Close()
	for people.Next() {
		var id int64
		var loc string
		if err := people.Scan(&id, &loc); err != nil {
			return nil, mapErr(err)
		}
		out.People[id] = intern(loc)
	}
	return out, mapErr(people.Err())
}

package sqlite

import (
	"context"
	"database/sql"

	"steward/assets"
)

// record writes history rows for a change to entity id inside tx. With no
// field changes it writes one row for the action itself (create, delete...).
func (s *Store) record(ctx context.Context, tx *sql.Tx, entity string, id int64, action, summary string, changes []assets.FieldChange) error {
	at := stamp(s.Now())
	if len(changes) == 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,new_value) VALUES (?,?,?,?,?,?)`,
			at, s.Actor, entity, id, action, summary)
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,field,old_value,new_value) VALUES (?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, c := range changes {
		if _, err := stmt.ExecContext(ctx, at, s.Actor, entity, id, action, c.Field, c.Old, c.New); err != nil {
			return err
		}
	}
	return nil
}

// History lists the changes to one record, newest first.
func (s *Store) History(ctx context.Context, entity string, id int64) (_ []assets.HistoryEntry, err error) {
	defer assets.Wrap(&err, "sqlite.History")
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, actor, entity, entity_id, action, field, old_value, new_value
		FROM history WHERE entity = ? AND entity_id = ? ORDER BY id DESC`, entity, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.HistoryEntry
	for rows.Next() {
		var h assets.HistoryEntry
		var at string
		if err := rows.Scan(&h.ID, &at, &h.Actor, &h.Entity, &h.EntityID, &h.Action, &h.Field, &h.Old, &h.New); err != nil {
			return nil, err
		}
		h.At = parseStamp(at)
		out = append(out, h)
	}
	return out, rows.Err()
}

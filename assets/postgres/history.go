package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// record writes the history rows of one change inside its transaction: one
// row for the action when there is no field list, else one per changed
// field, all with the same instant. The database user is filled in by the
// column's default (session_user); Actor is the display name.
func (s *Store) record(ctx context.Context, tx pgx.Tx, entity string, id int64, action, summary string, changes []assets.FieldChange) error {
	at := stamp(s.Now())
	if len(changes) == 0 {
		_, err := tx.Exec(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,new_value) VALUES ($1,$2,$3,$4,$5,$6)`,
			at, s.Actor, entity, id, action, summary)
		return err
	}
	b := &pgx.Batch{}
	for _, c := range changes {
		b.Queue(`INSERT INTO history(at,actor,entity,entity_id,action,field,old_value,new_value) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
			at, s.Actor, entity, id, action, c.Field, c.Old, c.New)
	}
	return tx.SendBatch(ctx, b).Close()
}

// History lists the changes to one record, newest first.
func (s *Store) History(ctx context.Context, entity string, id int64) (_ []assets.HistoryEntry, err error) {
	defer assets.Wrap(&err, "postgres.History")
	rows, err := s.pool.Query(ctx, `SELECT id, at, actor, entity, entity_id, action, field, old_value, new_value
		FROM history WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC`, entity, id)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.HistoryEntry
	for rows.Next() {
		var h assets.HistoryEntry
		var at string
		if err := rows.Scan(&h.ID, &at, &h.Actor, &h.Entity, &h.EntityID, &h.Action, &h.Field, &h.Old, &h.New); err != nil {
			return nil, mapErr(err)
		}
		h.At = parseStamp(at)
		out = append(out, h)
	}
	return out, mapErr(rows.Err())
}

// parseStamp reads an instant written by stamp.
func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// parseDate reads a calendar date column ("" is the zero date).
func parseDate(s string) assets.Date {
	d, _ := assets.ParseDate(s)
	return d
}

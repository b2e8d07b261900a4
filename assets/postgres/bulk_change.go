package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Bulk changes, beside assets/sqlite/bulk_change.go: the rules are
// assets.BulkChange's (Outcome, SummarizeBulk); this file reads and writes.

// PreviewBulkChange says what ApplyBulkChange would do to the selection,
// without changing anything: the summary a person confirms.
func (s *Store) PreviewBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (_ assets.BulkSummary, err error) {
	defer assets.Wrap(&err, "postgres.PreviewBulkChange")
	if err := prepareBulk(ctx, s.pool, &c); err != nil {
		return assets.BulkSummary{}, err
	}
	list, err := selectedAssets(ctx, s.pool, sel, false)
	if err != nil {
		return assets.BulkSummary{}, err
	}
	outs := make([]assets.BulkOutcome, len(list))
	for i, a := range list {
		outs[i] = c.Outcome(a)
	}
	return assets.SummarizeBulk(outs), nil
}

// ApplyBulkChange changes the selected assets in one transaction: each
// asset that changes gets one history row ("bulk") naming every field it
// changed; a change of holder closes the previous holder's hand-over and
// opens the new one's, with a row in each person's history. Assets the
// change cannot apply to are left out and listed in the summary.
func (s *Store) ApplyBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (_ assets.BulkSummary, err error) {
	defer assets.Wrap(&err, "postgres.ApplyBulkChange")
	var sum assets.BulkSummary
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		if err := prepareBulk(ctx, tx, &c); err != nil {
			return err
		}
		list, err := selectedAssets(ctx, tx, sel, true)
		if err != nil {
			return err
		}
		outs := make([]assets.BulkOutcome, len(list))
		for i, a := range list {
			outs[i] = c.Outcome(a)
		}
		sum = assets.SummarizeBulk(outs)
		if c.Category != "" && sum.Changing > 0 {
			if err := ensureCategory(ctx, tx, c.Category); err != nil {
				return mapErr(err)
			}
		}
		at := stamp(s.Now())
		for i := range outs {
			if o := &outs[i]; o.Refused == "" && len(o.Changes) > 0 {
				if err := s.applyBulk(ctx, tx, c, o, at); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return sum, err
}

// prepareBulk validates c, reading the new holder first.
func prepareBulk(ctx context.Context, q querier, c *assets.BulkChange) error {
	if c.SetHolder && c.Holder.ID != 0 {
		p, err := personWhere(ctx, q, "id = $1", c.Holder.ID)
		if assets.KindOf(err) == assets.KindNotFound {
			return assets.Invalidf("holder", "that person is not in the register")
		}
		if err != nil {
			return err
		}
		c.Holder = p
	}
	return c.Validate()
}

// selectedAssets reads the assets of a selection in tag order (as SQLite's
// COLLATE NOCASE tag), locked when lock is set.
func selectedAssets(ctx context.Context, q querier, sel assets.BulkSelection, lock bool) ([]assets.Asset, error) {
	var where string
	var args []any
	switch {
	case sel.Query != nil:
		f := assetFilter(*sel.Query)
		where, args = f.where(), f.args
	case len(sel.IDs) > 0:
		where, args = " WHERE a.id = ANY($1)", []any{sel.IDs}
	default:
		return nil, assets.Invalidf("assets", "select the assets to change")
	}
	query := "SELECT " + assetColumns + assetFrom + where + " ORDER BY nocase(a.tag), a.id" // SQLite: tag COLLATE NOCASE
	if lock {
		query += " FOR UPDATE OF a"
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Asset
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return nil, mapErr(err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	if len(out) == 0 && len(sel.IDs) > 0 {
		return nil, assets.NotFoundf("none of the selected assets is in the register any more")
	}
	return out, nil
}

// applyBulk writes one asset's outcome.
func (s *Store) applyBulk(ctx context.Context, tx pgx.Tx, c assets.BulkChange, o *assets.BulkOutcome, at string) error {
	a, n := o.Before, o.After
	on := c.On.String()
	if o.CheckIn {
		tag, err := tx.Exec(ctx, `UPDATE handovers SET checked_in = $1, in_note = 'bulk change', in_by = $2 WHERE asset_id = $3 AND checked_in = ''`, on, s.Actor, a.ID)
		if err != nil {
			return mapErr(err)
		}
		if tag.RowsAffected() == 0 {
			// Assigned by an edit or an import: record the return all the same.
			if _, err := tx.Exec(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, out_note, checked_in, in_note, in_by)
				VALUES ($1,$2,$3,'','assigned without a check-out',$4,'bulk change',$5)`, a.ID, a.AssignedTo, a.AssignedName, on, s.Actor); err != nil {
				return mapErr(err)
			}
		}
		if err := s.record(ctx, tx, "person", a.AssignedTo, "checkin", a.Tag+" "+a.Name+" on "+on+" (bulk change)", nil); err != nil {
			return mapErr(err)
		}
	}
	if o.CheckOut {
		if _, err := tx.Exec(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, out_note, out_by) VALUES ($1,$2,$3,$4,'bulk change',$5)`,
			a.ID, n.AssignedTo, n.AssignedName, on, s.Actor); err != nil {
			return mapErr(err)
		}
		if err := s.record(ctx, tx, "person", n.AssignedTo, "checkout", a.Tag+" "+a.Name+" on "+on+" (bulk change)", nil); err != nil {
			return mapErr(err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE assets SET status = $1, location = $2, category = $3, assigned_to = $4, updated = $5 WHERE id = $6`,
		string(n.Status), n.Location, n.Category, nullID(n.AssignedTo), at, a.ID); err != nil {
		return mapErr(err)
	}
	if n.AssignedTo != a.AssignedTo {
		if err := reindexAssets(ctx, tx, "a.id = $1", a.ID); err != nil { // the holder is searchable
			return mapErr(err)
		}
	}
	return mapErr(s.record(ctx, tx, "asset", a.ID, "bulk", assets.BulkHistoryText(o.Changes), nil))
}

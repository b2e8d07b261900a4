package sqlite

import (
	"context"
	"database/sql"

	"steward/assets"
)

// PreviewBulkChange says what ApplyBulkChange would do to the selection,
// without changing anything: the summary a person confirms.
func (s *Store) PreviewBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (_ assets.BulkSummary, err error) {
	defer assets.Wrap(&err, "sqlite.PreviewBulkChange")
	if err := s.prepareBulk(ctx, s.read, &c); err != nil {
		return assets.BulkSummary{}, err
	}
	list, err := s.selectedAssets(ctx, s.read, sel)
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
// opens the new one's, as a check-in and a check-out would (with a row in
// each person's history). Assets the change cannot apply to (a retired
// asset handed to someone) are left out and listed in the summary; those
// already as asked are left alone. The summary says what was done.
func (s *Store) ApplyBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (_ assets.BulkSummary, err error) {
	defer assets.Wrap(&err, "sqlite.ApplyBulkChange")
	var sum assets.BulkSummary
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		if err := s.prepareBulk(ctx, tx, &c); err != nil {
			return err
		}
		list, err := s.selectedAssets(ctx, tx, sel)
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
				return err
			}
		}
		w, err := s.newBulkWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.closeAll()
		for i := range outs {
			if o := &outs[i]; o.Refused == "" && len(o.Changes) > 0 {
				if err := w.apply(ctx, c, o); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return sum, err
}

// prepareBulk validates c, reading the new holder first (their name goes
// into history, their leave date decides whether they may receive).
func (s *Store) prepareBulk(ctx context.Context, q queryer, c *assets.BulkChange) error {
	if c.SetHolder && c.Holder.ID != 0 {
		p, err := s.personWhere(ctx, q, "id = ?", c.Holder.ID)
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

// selectedAssets reads the assets of a selection, in tag order.
func (s *Store) selectedAssets(ctx context.Context, q rowsQueryer, sel assets.BulkSelection) ([]assets.Asset, error) {
	var where string
	var args []any
	switch {
	case sel.Query != nil:
		qq := *sel.Query
		where, args = assetFilter(qq, false)
		where = " WHERE a.id IN (SELECT a.id FROM assets a" + where + ")"
	case len(sel.IDs) > 0:
		where, args = " WHERE a.id IN (SELECT value FROM json_each(?))", []any{jsonIDs(sel.IDs)}
	default:
		return nil, assets.Invalidf("assets", "select the assets to change")
	}
	rows, err := q.QueryContext(ctx, "SELECT "+assetColumns+assetFrom+where+" ORDER BY a.tag, a.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Asset
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 && len(sel.IDs) > 0 {
		return nil, assets.NotFoundf("none of the selected assets is in the register any more")
	}
	return out, nil
}

// bulkWriter holds the statements a bulk change runs for every asset.
type bulkWriter struct {
	s                              *Store
	tx                             *sql.Tx
	update, history, openH, closeH *sql.Stmt
	at                             string
}

func (s *Store) newBulkWriter(ctx context.Context, tx *sql.Tx) (*bulkWriter, error) {
	w := &bulkWriter{s: s, tx: tx, at: stamp(s.Now())}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	w.update = prep(`UPDATE assets SET status = ?, location = ?, category = ?, assigned_to = ?, updated = ?, version = version + 1 WHERE id = ?`)
	w.history = prep(`INSERT INTO history(at,actor,entity,entity_id,action,new_value) VALUES (?,?,?,?,?,?)`)
	w.openH = prep(`INSERT INTO handovers(asset_id, person_id, person_name, checked_out, out_note, out_by) VALUES (?,?,?,?,'bulk change',?)`)
	w.closeH = prep(`UPDATE handovers SET checked_in = ?, in_note = 'bulk change', in_by = ? WHERE asset_id = ? AND checked_in = ''`)
	if err != nil {
		w.closeAll()
		return nil, err
	}
	return w, nil
}

func (w *bulkWriter) closeAll() {
	for _, st := range []*sql.Stmt{w.update, w.history, w.openH, w.closeH} {
		if st != nil {
			st.Close()
		}
	}
}

// apply writes one asset's outcome.
func (w *bulkWriter) apply(ctx context.Context, c assets.BulkChange, o *assets.BulkOutcome) error {
	a, n := o.Before, o.After
	on := c.On.String()
	actor := w.s.Actor
	if o.CheckIn {
		res, err := w.closeH.ExecContext(ctx, on, actor, a.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			// Assigned by an edit or an import: record the return all the same.
			if _, err := w.tx.ExecContext(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, out_note, checked_in, in_note, in_by)
				VALUES (?,?,?,'','assigned without a check-out',?,'bulk change',?)`, a.ID, a.AssignedTo, a.AssignedName, on, actor); err != nil {
				return mapErr(err)
			}
		}
		if _, err := w.history.ExecContext(ctx, w.at, actor, "person", a.AssignedTo, "checkin", a.Tag+" "+a.Name+" on "+on+" (bulk change)"); err != nil {
			return err
		}
	}
	if o.CheckOut {
		if _, err := w.openH.ExecContext(ctx, a.ID, n.AssignedTo, n.AssignedName, on, actor); err != nil {
			return mapErr(err)
		}
		if _, err := w.history.ExecContext(ctx, w.at, actor, "person", n.AssignedTo, "checkout", a.Tag+" "+a.Name+" on "+on+" (bulk change)"); err != nil {
			return err
		}
	}
	if _, err := w.update.ExecContext(ctx, string(n.Status), n.Location, n.Category, nullID(n.AssignedTo), w.at, a.ID); err != nil {
		return mapErr(err)
	}
	if n.AssignedTo != a.AssignedTo {
		if err := reindexAsset(ctx, w.tx, a.ID); err != nil { // the holder is searchable
			return err
		}
	}
	_, err := w.history.ExecContext(ctx, w.at, actor, "asset", a.ID, "bulk", assets.BulkHistoryText(o.Changes))
	return err
}

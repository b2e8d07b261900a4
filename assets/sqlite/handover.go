package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"steward/assets"
)

const handoverColumns = `h.id, h.asset_id, a.tag, a.name, COALESCE(h.person_id, 0), h.person_name, h.checked_out, h.due_back,
	h.out_note, h.checked_in, h.in_note, h.out_by, h.in_by`

func scanHandover(r scanner) (assets.Handover, error) {
	var h assets.Handover
	var out, due, in string
	err := r.Scan(&h.ID, &h.AssetID, &h.AssetTag, &h.AssetName, &h.PersonID, &h.PersonName, &out, &due, &h.OutNote, &in, &h.InNote, &h.OutBy, &h.InBy)
	h.CheckedOut, h.DueBack, h.CheckedIn = parseDate(out), parseDate(due), parseDate(in)
	return h, err
}

// CheckOutAsset hands an asset to a person in one transaction: the asset is
// assigned to them (and marked deployed if it was in stock), a hand-over is
// opened, and both the asset's and the person's history get a "checkout" row.
func (s *Store) CheckOutAsset(ctx context.Context, c assets.CheckOut) (assets.Handover, error) {
	var h assets.Handover
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		a, err := s.assetWhere(ctx, tx, "a.id = ?", c.AssetID)
		if err != nil {
			return err
		}
		var p assets.Person
		if c.PersonID != 0 {
			p, err = s.personWhere(ctx, tx, "id = ?", c.PersonID)
			if assets.KindOf(err) == assets.KindNotFound {
				return assets.Invalidf("person", "that person is not in the register")
			}
			if err != nil {
				return err
			}
		}
		if err := c.Validate(a); err != nil {
			return err
		}
		if assets.IsLeaver(p, c.On) {
			return assets.Invalidf("person", "%s has left: hand the asset to someone who works here", p.Name)
		}
		status := a.Status
		if status == assets.StatusInStock {
			status = assets.StatusDeployed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET assigned_to = ?, status = ?, updated = ? WHERE id = ?`,
			p.ID, string(status), stamp(s.Now()), a.ID); err != nil {
			return err
		}
		if err := reindexAsset(ctx, tx, a.ID); err != nil { // the holder is searchable
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, due_back, out_note, out_by)
			VALUES (?,?,?,?,?,?,?)`, a.ID, p.ID, p.Name, c.On.String(), c.DueBack.String(), c.Note, s.Actor)
		if err != nil {
			return mapErr(err)
		}
		id, _ := res.LastInsertId()
		what := "to " + p.Name + " on " + c.On.String()
		if !c.DueBack.IsZero() {
			what += ", due back " + c.DueBack.String()
		}
		if c.Note != "" {
			what += ": " + c.Note
		}
		changes := []assets.FieldChange{{Field: "assigned_to", New: p.Name}}
		if status != a.Status {
			changes = append(changes, assets.FieldChange{Field: "status", Old: a.Status.Label(), New: status.Label()})
		}
		if err := s.record(ctx, tx, "asset", a.ID, "checkout", what, nil); err != nil {
			return err
		}
		if err := s.record(ctx, tx, "asset", a.ID, "checkout", "", changes); err != nil {
			return err
		}
		if err := s.record(ctx, tx, "person", p.ID, "checkout", a.Tag+" "+a.Name+" on "+c.On.String(), nil); err != nil {
			return err
		}
		h, err = scanHandover(tx.QueryRowContext(ctx, "SELECT "+handoverColumns+" FROM handovers h JOIN assets a ON a.id = h.asset_id WHERE h.id = ?", id))
		return err
	})
	return h, err
}

// CheckInAsset takes an asset back in one transaction: it is unassigned
// (deployed becomes in stock), its open hand-over is closed (one is written
// for the record if it had been assigned without a check-out), and both
// histories get a "checkin" row.
func (s *Store) CheckInAsset(ctx context.Context, c assets.CheckIn) (assets.Handover, error) {
	var h assets.Handover
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		a, err := s.assetWhere(ctx, tx, "a.id = ?", c.AssetID)
		if err != nil {
			return err
		}
		open, err := scanHandover(tx.QueryRowContext(ctx, "SELECT "+handoverColumns+
			" FROM handovers h JOIN assets a ON a.id = h.asset_id WHERE h.asset_id = ? AND h.checked_in = ''", a.ID))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := c.Validate(a, open); err != nil {
			return err
		}
		status := a.Status
		if status == assets.StatusDeployed {
			status = assets.StatusInStock
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET assigned_to = NULL, status = ?, updated = ? WHERE id = ?`,
			string(status), stamp(s.Now()), a.ID); err != nil {
			return err
		}
		if err := reindexAsset(ctx, tx, a.ID); err != nil {
			return err
		}
		if open.ID == 0 {
			// Assigned by an edit or an import: record the return all the same.
			res, err := tx.ExecContext(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, out_note, checked_in, in_note, in_by)
				VALUES (?,?,?,'','assigned without a check-out',?,?,?)`, a.ID, a.AssignedTo, a.AssignedName, c.On.String(), c.Note, s.Actor)
			if err != nil {
				return mapErr(err)
			}
			open.ID, _ = res.LastInsertId()
		} else if _, err := tx.ExecContext(ctx, `UPDATE handovers SET checked_in = ?, in_note = ?, in_by = ? WHERE id = ?`,
			c.On.String(), c.Note, s.Actor, open.ID); err != nil {
			return err
		}
		what := "from " + a.AssignedName + " on " + c.On.String()
		if c.Note != "" {
			what += ": " + c.Note
		}
		changes := []assets.FieldChange{{Field: "assigned_to", Old: a.AssignedName}}
		if status != a.Status {
			changes = append(changes, assets.FieldChange{Field: "status", Old: a.Status.Label(), New: status.Label()})
		}
		if err := s.record(ctx, tx, "asset", a.ID, "checkin", what, nil); err != nil {
			return err
		}
		if err := s.record(ctx, tx, "asset", a.ID, "checkin", "", changes); err != nil {
			return err
		}
		if err := s.record(ctx, tx, "person", a.AssignedTo, "checkin", a.Tag+" "+a.Name+" on "+c.On.String(), nil); err != nil {
			return err
		}
		h, err = scanHandover(tx.QueryRowContext(ctx, "SELECT "+handoverColumns+" FROM handovers h JOIN assets a ON a.id = h.asset_id WHERE h.id = ?", open.ID))
		return err
	})
	return h, err
}

// Handovers lists the hand-overs of an asset (assetID != 0) or of a person,
// newest first.
func (s *Store) Handovers(ctx context.Context, assetID, personID int64) ([]assets.Handover, error) {
	where, arg := "h.asset_id = ?", assetID
	if assetID == 0 {
		where, arg = "h.person_id = ?", personID
	}
	rows, err := s.read.QueryContext(ctx, "SELECT "+handoverColumns+" FROM handovers h JOIN assets a ON a.id = h.asset_id WHERE "+where+" ORDER BY h.id DESC", arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Handover
	for rows.Next() {
		h, err := scanHandover(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

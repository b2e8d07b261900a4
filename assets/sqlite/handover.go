package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"steward/assets"
)

const handoverColumns = `h.id, h.asset_id, a.tag, a.name, COALESCE(h.person_id, 0), h.person_name, h.checked_out, h.due_back,
	h.out_note, h.checked_in, h.in_note, h.out_by, h.in_by, h.out_condition, h.in_condition`

func scanHandover(r scanner) (assets.Handover, error) {
	var h assets.Handover
	var out, due, in, outCond, inCond string
	err := r.Scan(&h.ID, &h.AssetID, &h.AssetTag, &h.AssetName, &h.PersonID, &h.PersonName, &out, &due, &h.OutNote, &in, &h.InNote, &h.OutBy, &h.InBy, &outCond, &inCond)
	h.CheckedOut, h.DueBack, h.CheckedIn = parseDate(out), parseDate(due), parseDate(in)
	h.OutCondition, h.InCondition = assets.Condition(outCond), assets.Condition(inCond)
	return h, err
}

// CheckOutAsset hands an asset to a person in one transaction: the asset is
// assigned to them (and marked deployed if it was in stock), a hand-over is
// opened, and both the asset's and the person's history get a "checkout" row.
func (s *Store) CheckOutAsset(ctx context.Context, c assets.CheckOut) (_ assets.Handover, err error) {
	defer assets.Wrap(&err, "sqlite.CheckOutAsset")
	var h assets.Handover
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		h, err = s.checkOutTx(ctx, tx, c)
		return err
	})
	return h, err
}

// CheckOutAssets hands several assets over in one transaction: all of them
// or, when one cannot go (held by someone else, retired...), none.
func (s *Store) CheckOutAssets(ctx context.Context, list []assets.CheckOut) (_ []assets.Handover, err error) {
	defer assets.Wrap(&err, "sqlite.CheckOutAssets")
	if len(list) == 0 {
		return nil, assets.Invalidf("asset", "choose at least one asset to check out")
	}
	var out []assets.Handover
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		seen := map[int64]bool{}
		for _, c := range list {
			if seen[c.AssetID] {
				continue // chosen twice (scanned twice): handed over once
			}
			seen[c.AssetID] = true
			h, err := s.checkOutTx(ctx, tx, c)
			if err != nil {
				return err
			}
			out = append(out, h)
		}
		return nil
	})
	return out, err
}

func (s *Store) checkOutTx(ctx context.Context, tx *sql.Tx, c assets.CheckOut) (assets.Handover, error) {
	a, err := s.assetWhere(ctx, tx, "a.id = ?", c.AssetID)
	if err != nil {
		return assets.Handover{}, err
	}
	var p assets.Person
	if c.PersonID != 0 {
		p, err = s.personWhere(ctx, tx, "id = ?", c.PersonID)
		if assets.KindOf(err) == assets.KindNotFound {
			return assets.Handover{}, assets.Invalidf("person", "that person is not in the register")
		}
		if err != nil {
			return assets.Handover{}, err
		}
	}
	if err := c.Validate(a); err != nil {
		return assets.Handover{}, err
	}
	if assets.IsLeaver(p, c.On) {
		return assets.Handover{}, assets.Invalidf("person", "%s has left: hand the asset to someone who works here", p.Name)
	}
	status := c.Status(a)
	if _, err := tx.ExecContext(ctx, `UPDATE assets SET assigned_to = ?, status = ?, updated = ?, version = version + 1 WHERE id = ?`,
		p.ID, string(status), stamp(s.Now()), a.ID); err != nil {
		return assets.Handover{}, err
	}
	if err := reindexAsset(ctx, tx, a.ID); err != nil { // the holder is searchable
		return assets.Handover{}, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, due_back, out_note, out_by, out_condition)
		VALUES (?,?,?,?,?,?,?,?)`, a.ID, p.ID, p.Name, c.On.String(), c.DueBack.String(), c.Note, s.Actor, string(c.Condition))
	if err != nil {
		return assets.Handover{}, mapErr(err)
	}
	id, _ := res.LastInsertId()
	what := "to " + p.Name + " on " + c.On.String()
	if !c.DueBack.IsZero() {
		what += ", due back " + c.DueBack.String()
	}
	if c.Condition != "" {
		what += ", condition " + c.Condition.Label()
	}
	if c.Note != "" {
		what += ": " + c.Note
	}
	changes := []assets.FieldChange{{Field: "assigned_to", New: p.Name}}
	if status != a.Status {
		changes = append(changes, assets.FieldChange{Field: "status", Old: a.Status.Label(), New: status.Label()})
	}
	if err := s.record(ctx, tx, "asset", a.ID, "checkout", what, nil); err != nil {
		return assets.Handover{}, err
	}
	if err := s.record(ctx, tx, "asset", a.ID, "checkout", "", changes); err != nil {
		return assets.Handover{}, err
	}
	if err := s.record(ctx, tx, "person", p.ID, "checkout", a.Tag+" "+a.Name+" on "+c.On.String(), nil); err != nil {
		return assets.Handover{}, err
	}
	return scanHandover(tx.QueryRowContext(ctx, "SELECT "+handoverColumns+" FROM handovers h JOIN assets a ON a.id = h.asset_id WHERE h.id = ?", id))
}

// CheckInAsset takes an asset back in one transaction: it is unassigned
// and given the status and location the check-in asks for (by default
// deployed becomes in stock and it stays where it was), its open hand-over
// is closed (one is written for the record if it had been assigned without
// a check-out), and both histories get a "checkin" row.
func (s *Store) CheckInAsset(ctx context.Context, c assets.CheckIn) (_ assets.Handover, err error) {
	defer assets.Wrap(&err, "sqlite.CheckInAsset")
	var h assets.Handover
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		h, err = s.checkInTx(ctx, tx, c)
		return err
	})
	return h, err
}

// CheckInAssets takes several assets back in one transaction: all or none.
func (s *Store) CheckInAssets(ctx context.Context, list []assets.CheckIn) (_ []assets.Handover, err error) {
	defer assets.Wrap(&err, "sqlite.CheckInAssets")
	if len(list) == 0 {
		return nil, assets.Invalidf("asset", "choose at least one asset to check in")
	}
	var out []assets.Handover
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		seen := map[int64]bool{}
		for _, c := range list {
			if seen[c.AssetID] {
				continue
			}
			seen[c.AssetID] = true
			h, err := s.checkInTx(ctx, tx, c)
			if err != nil {
				return err
			}
			out = append(out, h)
		}
		return nil
	})
	return out, err
}

func (s *Store) checkInTx(ctx context.Context, tx *sql.Tx, c assets.CheckIn) (assets.Handover, error) {
	a, err := s.assetWhere(ctx, tx, "a.id = ?", c.AssetID)
	if err != nil {
		return assets.Handover{}, err
	}
	open, err := scanHandover(tx.QueryRowContext(ctx, "SELECT "+handoverColumns+
		" FROM handovers h JOIN assets a ON a.id = h.asset_id WHERE h.asset_id = ? AND h.checked_in = ''", a.ID))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return assets.Handover{}, err
	}
	if err := c.Validate(a, open); err != nil {
		return assets.Handover{}, err
	}
	status, location := c.Result(a)
	if _, err := tx.ExecContext(ctx, `UPDATE assets SET assigned_to = NULL, status = ?, location = ?, updated = ?, version = version + 1 WHERE id = ?`,
		string(status), location, stamp(s.Now()), a.ID); err != nil {
		return assets.Handover{}, err
	}
	if err := reindexAsset(ctx, tx, a.ID); err != nil {
		return assets.Handover{}, err
	}
	if open.ID == 0 {
		// Assigned by an edit or an import: record the return all the same.
		res, err := tx.ExecContext(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, out_note, checked_in, in_note, in_by, in_condition)
			VALUES (?,?,?,'','assigned without a check-out',?,?,?,?)`, a.ID, a.AssignedTo, a.AssignedName, c.On.String(), c.Note, s.Actor, string(c.Condition))
		if err != nil {
			return assets.Handover{}, mapErr(err)
		}
		open.ID, _ = res.LastInsertId()
	} else if _, err := tx.ExecContext(ctx, `UPDATE handovers SET checked_in = ?, in_note = ?, in_by = ?, in_condition = ? WHERE id = ?`,
		c.On.String(), c.Note, s.Actor, string(c.Condition), open.ID); err != nil {
		return assets.Handover{}, err
	}
	what := "from " + a.AssignedName + " on " + c.On.String()
	if c.Condition != "" {
		what += ", condition " + c.Condition.Label()
	}
	if c.Note != "" {
		what += ": " + c.Note
	}
	changes := []assets.FieldChange{{Field: "assigned_to", Old: a.AssignedName}}
	if status != a.Status {
		changes = append(changes, assets.FieldChange{Field: "status", Old: a.Status.Label(), New: status.Label()})
	}
	if location != a.Location {
		changes = append(changes, assets.FieldChange{Field: "location", Old: a.Location, New: location})
	}
	if err := s.record(ctx, tx, "asset", a.ID, "checkin", what, nil); err != nil {
		return assets.Handover{}, err
	}
	if err := s.record(ctx, tx, "asset", a.ID, "checkin", "", changes); err != nil {
		return assets.Handover{}, err
	}
	if err := s.record(ctx, tx, "person", a.AssignedTo, "checkin", a.Tag+" "+a.Name+" on "+c.On.String(), nil); err != nil {
		return assets.Handover{}, err
	}
	return scanHandover(tx.QueryRowContext(ctx, "SELECT "+handoverColumns+" FROM handovers h JOIN assets a ON a.id = h.asset_id WHERE h.id = ?", open.ID))
}

// Handovers lists the hand-overs of an asset (assetID != 0) or of a person,
// newest first.
func (s *Store) Handovers(ctx context.Context, assetID, personID int64) (_ []assets.Handover, err error) {
	defer assets.Wrap(&err, "sqlite.Handovers")
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

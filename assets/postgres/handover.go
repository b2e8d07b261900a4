package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Hand-overs, leavers, seats held and a person's page, beside
// assets/sqlite/handover.go and training.go.

const handoverColumns = `h.id, h.asset_id, a.tag, a.name, COALESCE(h.person_id, 0), h.person_name, h.checked_out, h.due_back,
	h.out_note, h.checked_in, h.in_note, h.out_by, h.in_by, h.out_condition, h.in_condition`

const handoverFrom = ` FROM handovers h JOIN assets a ON a.id = h.asset_id`

func scanHandover(r rowScanner) (assets.Handover, error) {
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
	defer assets.Wrap(&err, "postgres.CheckOutAsset")
	var h assets.Handover
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		var err error
		h, err = s.checkOutTx(ctx, tx, c)
		return err
	})
	return h, err
}

// CheckOutAssets hands several assets over in one transaction: all of them
// or, when one cannot go (held by someone else, retired...), none. An asset
// listed twice is handed over once.
func (s *Store) CheckOutAssets(ctx context.Context, list []assets.CheckOut) (_ []assets.Handover, err error) {
	defer assets.Wrap(&err, "postgres.CheckOutAssets")
	if len(list) == 0 {
		return nil, assets.Invalidf("asset", "choose at least one asset to check out")
	}
	var out []assets.Handover
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		out = out[:0]
		seen := map[int64]bool{}
		for _, c := range list {
			if seen[c.AssetID] {
				continue
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

func (s *Store) checkOutTx(ctx context.Context, tx pgx.Tx, c assets.CheckOut) (assets.Handover, error) {
	a, err := assetWhere(ctx, tx, "a.id = $1 FOR UPDATE OF a", c.AssetID)
	if err != nil {
		return assets.Handover{}, err
	}
	var p assets.Person
	if c.PersonID != 0 {
		p, err = personWhere(ctx, tx, "id = $1", c.PersonID)
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
	if _, err := tx.Exec(ctx, `UPDATE assets SET assigned_to = $1, status = $2, updated = $3 WHERE id = $4`,
		p.ID, string(status), stamp(s.Now()), a.ID); err != nil {
		return assets.Handover{}, mapErr(err)
	}
	if err := reindexAssets(ctx, tx, "a.id = $1", a.ID); err != nil { // the holder is searchable
		return assets.Handover{}, mapErr(err)
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, due_back, out_note, out_by, out_condition)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`, a.ID, p.ID, p.Name, c.On.String(), c.DueBack.String(), c.Note, s.Actor, string(c.Condition)).Scan(&id); err != nil {
		return assets.Handover{}, mapErr(err)
	}
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
	h, err := scanHandover(tx.QueryRow(ctx, "SELECT "+handoverColumns+handoverFrom+" WHERE h.id = $1", id))
	return h, mapErr(err)
}

// CheckInAsset takes an asset back in one transaction: it is unassigned
// and given the status and location the check-in asks for (by default
// deployed becomes in stock and it stays where it was), its open hand-over
// is closed (one is written for the record if it had been assigned without
// a check-out), and both histories get a "checkin" row.
func (s *Store) CheckInAsset(ctx context.Context, c assets.CheckIn) (_ assets.Handover, err error) {
	defer assets.Wrap(&err, "postgres.CheckInAsset")
	var h assets.Handover
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		var err error
		h, err = s.checkInTx(ctx, tx, c)
		return err
	})
	return h, err
}

// CheckInAssets takes several assets back in one transaction: all or none.
func (s *Store) CheckInAssets(ctx context.Context, list []assets.CheckIn) (_ []assets.Handover, err error) {
	defer assets.Wrap(&err, "postgres.CheckInAssets")
	if len(list) == 0 {
		return nil, assets.Invalidf("asset", "choose at least one asset to check in")
	}
	var out []assets.Handover
	err = s.withTx(ctx, func(tx pgx.Tx) error {
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

func (s *Store) checkInTx(ctx context.Context, tx pgx.Tx, c assets.CheckIn) (assets.Handover, error) {
	a, err := assetWhere(ctx, tx, "a.id = $1 FOR UPDATE OF a", c.AssetID)
	if err != nil {
		return assets.Handover{}, err
	}
	open, err := scanHandover(tx.QueryRow(ctx, "SELECT "+handoverColumns+handoverFrom+" WHERE h.asset_id = $1 AND h.checked_in = ''", a.ID))
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return assets.Handover{}, mapErr(err)
	}
	if err := c.Validate(a, open); err != nil {
		return assets.Handover{}, err
	}
	status, location := c.Result(a)
	if _, err := tx.Exec(ctx, `UPDATE assets SET assigned_to = NULL, status = $1, location = $2, updated = $3 WHERE id = $4`,
		string(status), location, stamp(s.Now()), a.ID); err != nil {
		return assets.Handover{}, mapErr(err)
	}
	if err := reindexAssets(ctx, tx, "a.id = $1", a.ID); err != nil {
		return assets.Handover{}, mapErr(err)
	}
	if open.ID == 0 {
		// Assigned by an edit or an import: record the return all the same.
		if err := tx.QueryRow(ctx, `INSERT INTO handovers(asset_id, person_id, person_name, checked_out, out_note, checked_in, in_note, in_by, in_condition)
			VALUES ($1,$2,$3,'','assigned without a check-out',$4,$5,$6,$7) RETURNING id`, a.ID, a.AssignedTo, a.AssignedName, c.On.String(), c.Note, s.Actor,
			string(c.Condition)).Scan(&open.ID); err != nil {
			return assets.Handover{}, mapErr(err)
		}
	} else if _, err := tx.Exec(ctx, `UPDATE handovers SET checked_in = $1, in_note = $2, in_by = $3, in_condition = $4 WHERE id = $5`,
		c.On.String(), c.Note, s.Actor, string(c.Condition), open.ID); err != nil {
		return assets.Handover{}, mapErr(err)
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
	h, err := scanHandover(tx.QueryRow(ctx, "SELECT "+handoverColumns+handoverFrom+" WHERE h.id = $1", open.ID))
	return h, mapErr(err)
}

// Handovers lists the hand-overs of an asset (assetID != 0) or of a person,
// newest first.
func (s *Store) Handovers(ctx context.Context, assetID, personID int64) (_ []assets.Handover, err error) {
	defer assets.Wrap(&err, "postgres.Handovers")
	where, arg := "h.asset_id = $1", assetID
	if assetID == 0 {
		where, arg = "h.person_id = $1", personID
	}
	rows, err := s.pool.Query(ctx, "SELECT "+handoverColumns+handoverFrom+" WHERE "+where+" ORDER BY h.id DESC", arg)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Handover
	for rows.Next() {
		h, err := scanHandover(rows)
		if err != nil {
			return nil, mapErr(err)
		}
		out = append(out, h)
	}
	return out, mapErr(rows.Err())
}

// Leavers lists people who have left as of asOf (the domain's IsLeaver)
// and still hold assets (in a holding status) or licence seats, by name.
func (s *Store) Leavers(ctx context.Context, asOf assets.Date) (_ []assets.Leaver, err error) {
	defer assets.Wrap(&err, "postgres.Leavers")
	rows, err := s.pool.Query(ctx, "SELECT "+personColumns+" FROM people WHERE status = $1 OR leave_date <> '' ORDER BY nocase(name), id",
		string(assets.PersonLeft)) // those who may have left; IsLeaver decides
	if err != nil {
		return nil, mapErr(err)
	}
	var list []assets.Leaver
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		if assets.IsLeaver(p, asOf) {
			list = append(list, assets.Leaver{Person: p})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(list))
	for i, l := range list {
		ids[i] = l.Person.ID
	}
	tags := map[int64][]string{}
	rows, err = s.pool.Query(ctx, `SELECT assigned_to, tag FROM assets WHERE assigned_to = ANY($1) AND status = ANY($2) ORDER BY assigned_to, id`, ids, holdingStatuses)
	if err != nil {
		return nil, mapErr(err)
	}
	var id int64
	var tag string
	if _, err := pgx.ForEachRow(rows, []any{&id, &tag}, func() error { tags[id] = append(tags[id], tag); return nil }); err != nil {
		return nil, mapErr(err)
	}
	seats := map[int64]int{}
	rows, err = s.pool.Query(ctx, `SELECT person_id, count(*) FROM licence_assignments WHERE person_id = ANY($1) GROUP BY person_id`, ids)
	if err != nil {
		return nil, mapErr(err)
	}
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&id, &n}, func() error { seats[id] = n; return nil }); err != nil {
		return nil, mapErr(err)
	}
	out := list[:0]
	for _, l := range list {
		l.Assets, l.Seats = tags[l.Person.ID], seats[l.Person.ID]
		if l.Risk = assets.LeaverRisk(l.Person, asOf, len(l.Assets), l.Seats); l.Risk != "" {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// SeatsHeld lists the licence seats assigned to a person.
func (s *Store) SeatsHeld(ctx context.Context, personID int64) (_ []assets.HeldSeat, err error) {
	defer assets.Wrap(&err, "postgres.SeatsHeld")
	rows, err := s.pool.Query(ctx, `SELECT l.id, trim(l.product || ' ' || l.edition), la.assigned
		FROM licence_assignments la JOIN licences l ON l.id = la.licence_id
		WHERE la.person_id = $1 ORDER BY nocase(l.product), l.id`, personID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.HeldSeat
	for rows.Next() {
		var h assets.HeldSeat
		var since string
		if err := rows.Scan(&h.LicenceID, &h.Licence, &since); err != nil {
			return nil, mapErr(err)
		}
		h.Since = parseDate(since)
		out = append(out, h)
	}
	return out, mapErr(rows.Err())
}

// PersonFile gathers everything a person's page shows as of asOf; the
// training states and flags are the domain's (PersonFile.AssessTraining).
func (s *Store) PersonFile(ctx context.Context, id int64, asOf assets.Date, warnDays int) (_ assets.PersonFile, err error) {
	defer assets.Wrap(&err, "postgres.PersonFile")
	var f assets.PersonFile
	if f.Person, err = s.Person(ctx, id); err != nil {
		return f, err
	}
	if f.Person.ManagerID != 0 {
		if m, err := s.Person(ctx, f.Person.ManagerID); err == nil {
			f.Manager = m.Name + " <" + m.Email + ">"
		}
	}
	page, err := s.ListAssets(ctx, assets.AssetQuery{AssignedTo: id, Limit: 10000})
	if err != nil {
		return f, err
	}
	f.Assets = page.Assets
	if f.Seats, err = s.SeatsHeld(ctx, id); err != nil {
		return f, err
	}
	if f.Records, err = s.TrainingRecords(ctx, id); err != nil {
		return f, err
	}
	if f.Handovers, err = s.Handovers(ctx, 0, id); err != nil {
		return f, err
	}
	courses, err := s.Courses(ctx)
	if err != nil {
		return f, err
	}
	f.AssessTraining(courses, asOf, warnDays)
	return f, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"steward/assets"
)

const personColumns = `id, name, email, department, title, location, COALESCE(manager_id, 0), start_date, leave_date, status, created, updated, version`

func scanPerson(r scanner) (assets.Person, error) {
	var p assets.Person
	var start, leave, status, created, updated string
	err := r.Scan(&p.ID, &p.Name, &p.Email, &p.Department, &p.Title, &p.Location, &p.ManagerID, &start, &leave, &status, &created, &updated, &p.Version)
	p.StartDate, p.LeaveDate = parseDate(start), parseDate(leave)
	p.Status = assets.PersonStatus(status)
	p.Created, p.Updated = parseStamp(created), parseStamp(updated)
	return p, err
}

func (s *Store) personWhere(ctx context.Context, q queryer, where string, arg any) (assets.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, "SELECT "+personColumns+" FROM people WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return p, assets.NotFoundf("no person %v", arg)
	}
	return p, err
}

// Person loads one person by ID.
func (s *Store) Person(ctx context.Context, id int64) (_ assets.Person, err error) {
	defer assets.Wrap(&err, "sqlite.Person")
	return s.personWhere(ctx, s.read, "id = ?", id)
}

// PersonByEmail loads one person by e-mail address (any case).
func (s *Store) PersonByEmail(ctx context.Context, email string) (_ assets.Person, err error) {
	defer assets.Wrap(&err, "sqlite.PersonByEmail")
	return s.personWhere(ctx, s.read, "email = ?", strings.ToLower(strings.TrimSpace(email)))
}

// CreatePerson validates and stores p with a history row.
func (s *Store) CreatePerson(ctx context.Context, p *assets.Person) (err error) {
	defer assets.Wrap(&err, "sqlite.CreatePerson")
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error { return s.insertPerson(ctx, tx, p) })
}

func (s *Store) insertPerson(ctx context.Context, tx *sql.Tx, p *assets.Person) error {
	now := s.Now()
	p.Created, p.Updated, p.Version = now, now, 1
	// newID: a new person must never take a deleted one's ID (and history).
	res, err := tx.ExecContext(ctx, `INSERT INTO people(id,name,email,department,title,location,manager_id,start_date,leave_date,status,created,updated)
		VALUES (`+newID("people", "person")+`,?,?,?,?,?,?,?,?,?,?,?)`, p.Name, p.Email, p.Department, p.Title, p.Location, nullID(p.ManagerID),
		p.StartDate.String(), p.LeaveDate.String(), string(p.Status), stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return s.record(ctx, tx, "person", p.ID, "create", p.Subject(), nil)
}

// UpdatePerson saves p, recording each changed field.
func (s *Store) UpdatePerson(ctx context.Context, p *assets.Person) (err error) {
	defer assets.Wrap(&err, "sqlite.UpdatePerson")
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		old, err := s.personWhere(ctx, tx, "id = ?", p.ID)
		if err != nil {
			return err
		}
		changes := old.ChangesTo(*p)
		if len(changes) == 0 {
			p.Version = old.Version
			return nil
		}
		if err := assets.CheckVersion("person", p.ID, p.Version, old.Version, old, *p, changes); err != nil {
			return err
		}
		if err := checkManagerCycle(ctx, tx, p.ID, p.ManagerID); err != nil {
			return err
		}
		p.Created, p.Updated, p.Version = old.Created, s.Now(), old.Version+1
		if _, err := tx.ExecContext(ctx, `UPDATE people SET name=?,email=?,department=?,title=?,location=?,manager_id=?,start_date=?,leave_date=?,status=?,updated=?,version=version+1 WHERE id=?`,
			p.Name, p.Email, p.Department, p.Title, p.Location, nullID(p.ManagerID), p.StartDate.String(), p.LeaveDate.String(),
			string(p.Status), stamp(p.Updated), p.ID); err != nil {
			return mapErr(err)
		}
		return s.record(ctx, tx, "person", p.ID, "update", "", changes)
	})
}

// People lists people matching text (name, e-mail or department, in any
// case, with or without diacritics: assets.TextFilter), by name.
func (s *Store) People(ctx context.Context, text string, limit int) (_ []assets.Person, err error) {
	defer assets.Wrap(&err, "sqlite.People")
	if limit <= 0 {
		limit = 1000
	}
	f := assets.NewTextFilter(text)
	query, args := "SELECT "+personColumns+" FROM people ORDER BY name COLLATE NOCASE, id LIMIT ?", []any{limit}
	if !f.All() {
		// Read in name order and keep the matches: the first page stops
		// the read (SQLite's LIKE folds ASCII letters only).
		query, args = "SELECT "+personColumns+" FROM people ORDER BY name COLLATE NOCASE, id", nil
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Person
	for rows.Next() && len(out) < limit {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		if f.Match(p.Name, p.Email, p.Department) {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

// DeletePerson removes a person who holds nothing: someone who still holds
// assets or licence seats is refused (mark them as left and hand back
// first), so no equipment loses track of who has it. Their training records
// go with them; hand-overs keep the name; history keeps the deletion.
func (s *Store) DeletePerson(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "sqlite.DeletePerson")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		old, err := s.personWhere(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		im, err := s.deletionImpact(ctx, tx, "person", id)
		if err != nil {
			return err
		}
		if im.Blocked() {
			return assets.Conflictf("person", "%s cannot be deleted: %s; mark them as left and hand everything back first",
				old.Name, strings.ReplaceAll(im.BlockText(), "\n", ", "))
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM people WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "person", id, "delete", old.Name+" <"+old.Email+">", nil)
	})
}

// checkManagerCycle refuses manager for person id when following the
// managers up from it (as the transaction sees them) comes back to id.
func checkManagerCycle(ctx context.Context, tx *sql.Tx, id, manager int64) error {
	if manager == 0 {
		return nil
	}
	var qerr error
	cycle := assets.ManagerCycle(id, func(p int64) (int64, bool) {
		if p == id {
			return manager, true
		}
		var m sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT manager_id FROM people WHERE id = ?", p).Scan(&m); err != nil {
			if !errors.Is(err, sql.ErrNoRows) {
				qerr = err
			}
			return 0, false
		}
		return m.Int64, m.Valid && m.Int64 != 0
	})
	if qerr != nil || cycle == nil {
		return qerr
	}
	names := make([]string, len(cycle))
	for i, p := range cycle {
		var name, email string
		if err := tx.QueryRowContext(ctx, "SELECT name, email FROM people WHERE id = ?", p).Scan(&name, &email); err != nil {
			return err
		}
		names[i] = assets.PersonSubject(name, email)
	}
	return assets.ManagerCycleError(names)
}

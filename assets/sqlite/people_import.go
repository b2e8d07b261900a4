package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"steward/assets"
)

// ImportPeople creates people whose e-mail is new and updates the others, in
// one transaction (rolled back in a dry run). Rows must be normalised and
// validated, and every manager e-mail must be in the file or the register.
func (s *Store) ImportPeople(ctx context.Context, list []assets.PersonImport, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportPeople")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = assets.ImportStats{}
		olds := make([]*assets.Person, len(list))
		// Pass 1: make sure everyone exists, so managers can be found.
		for i := range list {
			p := &list[i].Person
			old, err := s.personWhere(ctx, tx, "email = ?", p.Email)
			switch {
			case assets.KindOf(err) == assets.KindNotFound:
				fresh := *p
				fresh.ManagerID = 0
				if err := s.insertPerson(ctx, tx, &fresh); err != nil {
					return fmt.Errorf("%s: %w", p.Email, err)
				}
				p.ID = fresh.ID
				st.Created++
			case err != nil:
				return err
			default:
				p.ID = old.ID
				o := old
				olds[i] = &o
			}
		}
		// Pass 2: managers, and the updates of people already there.
		for i := range list {
			p := &list[i].Person
			p.ManagerID = 0
			if m := list[i].ManagerEmail; m != "" {
				if err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE email = ?", strings.ToLower(m)).Scan(&p.ManagerID); err != nil {
					return fmt.Errorf("%s: manager %s is not in the register", p.Email, m)
				}
			}
			old := olds[i]
			if old == nil {
				if p.ManagerID != 0 {
					if _, err := tx.ExecContext(ctx, "UPDATE people SET manager_id = ?, version = version + 1 WHERE id = ?", p.ManagerID, p.ID); err != nil {
						return err
					}
				}
				continue
			}
			changes := old.ChangesTo(*p)
			if len(changes) == 0 {
				st.Unchanged++
				continue
			}
			p.Updated = s.Now()
			if _, err := tx.ExecContext(ctx, `UPDATE people SET name=?,email=?,department=?,title=?,location=?,manager_id=?,start_date=?,leave_date=?,status=?,updated=?,version=version+1 WHERE id=?`,
				p.Name, p.Email, p.Department, p.Title, p.Location, nullID(p.ManagerID), p.StartDate.String(), p.LeaveDate.String(),
				string(p.Status), stamp(p.Updated), p.ID); err != nil {
				return fmt.Errorf("%s: %w", p.Email, mapErr(err))
			}
			if err := s.record(ctx, tx, "person", p.ID, "import", "", changes); err != nil {
				return err
			}
			st.Updated++
		}
		// Pass 3: with every manager in place, no chain may go round.
		for i := range list {
			p := &list[i].Person
			if err := checkManagerCycle(ctx, tx, p.ID, p.ManagerID); err != nil {
				return fmt.Errorf("%s: %w", p.Email, err)
			}
		}
		return nil
	})
	return st, err
}

// ImportCourses creates courses whose name is new and updates the others
// (their description, which the file does not carry, is kept), in one
// transaction (rolled back in a dry run).
func (s *Store) ImportCourses(ctx context.Context, list []assets.Course, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportCourses")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = assets.ImportStats{}
		for i := range list {
			c := &list[i]
			c.Normalize()
			if err := c.Validate(); err != nil {
				return fmt.Errorf("%s: %w", c.Name, err)
			}
			old, err := s.courseWhere(ctx, tx, "name = ?", c.Name)
			switch {
			case assets.KindOf(err) == assets.KindNotFound:
				c.ID = 0
			case err != nil:
				return err
			default:
				c.ID, c.Description = old.ID, old.Description
			}
			changed, err := s.saveCourseTx(ctx, tx, c)
			if err != nil {
				return fmt.Errorf("%s: %w", c.Name, err)
			}
			switch {
			case old.ID == 0:
				st.Created++
			case changed:
				st.Updated++
			default:
				st.Unchanged++
			}
		}
		return nil
	})
	return st, err
}

// EachPerson streams every person with their manager's e-mail, by e-mail.
func (s *Store) EachPerson(ctx context.Context, fn func(p assets.Person, managerEmail string) error) (err error) {
	defer assets.Wrap(&err, "sqlite.EachPerson")
	rows, err := s.read.QueryContext(ctx, "SELECT "+personColumns+", COALESCE((SELECT m.email FROM people m WHERE m.id = people.manager_id), '') FROM people ORDER BY email")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		p, err := scanPerson(scanPlus{rows, []any{&m}})
		if err != nil {
			return err
		}
		if err := fn(p, m); err != nil {
			return err
		}
	}
	return rows.Err()
}

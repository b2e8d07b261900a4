package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// People, beside assets/sqlite/people.go and people_import.go. SQLite's
// email column is COLLATE NOCASE: here nocase(email), which the unique
// index people_email is built on.

const personColumns = `id, name, email, department, title, location, COALESCE(manager_id, 0), start_date, leave_date, status, created, updated, version`

// scanPerson reads personColumns, then any extra columns into extra.
func scanPerson(r rowScanner, extra ...any) (assets.Person, error) {
	var p assets.Person
	var start, leave, status, created, updated string
	err := r.Scan(append([]any{&p.ID, &p.Name, &p.Email, &p.Department, &p.Title, &p.Location, &p.ManagerID, &start, &leave, &status, &created, &updated, &p.Version}, extra...)...)
	p.StartDate, p.LeaveDate = parseDate(start), parseDate(leave)
	p.Status = assets.PersonStatus(status)
	p.Created, p.Updated = parseStamp(created), parseStamp(updated)
	return p, err
}

// personWhere loads the one person where (with $1 = arg) selects.
func personWhere(ctx context.Context, q querier, where string, arg any) (assets.Person, error) {
	p, err := scanPerson(q.QueryRow(ctx, "SELECT "+personColumns+" FROM people WHERE "+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return p, assets.NotFoundf("no person %v", arg)
	}
	return p, mapErr(err)
}

// Person loads one person by ID.
func (s *Store) Person(ctx context.Context, id int64) (_ assets.Person, err error) {
	defer assets.Wrap(&err, "postgres.Person")
	return personWhere(ctx, s.pool, "id = $1", id)
}

// PersonByEmail loads one person by e-mail address (any case).
func (s *Store) PersonByEmail(ctx context.Context, email string) (_ assets.Person, err error) {
	defer assets.Wrap(&err, "postgres.PersonByEmail")
	return personWhere(ctx, s.pool, "nocase(email) = nocase($1)", strings.ToLower(strings.TrimSpace(email)))
}

// CreatePerson validates and stores p with a history row.
func (s *Store) CreatePerson(ctx context.Context, p *assets.Person) (err error) {
	defer assets.Wrap(&err, "postgres.CreatePerson")
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error { return s.insertPerson(ctx, tx, p) })
}

func (s *Store) insertPerson(ctx context.Context, tx pgx.Tx, p *assets.Person) error {
	now := s.Now()
	p.Created, p.Updated, p.Version = now, now, 1
	id, err := newID(ctx, tx, "people", "person")
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO people(id,name,email,department,title,location,manager_id,start_date,leave_date,status,created,updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`, id, p.Name, p.Email, p.Department, p.Title, p.Location, nullID(p.ManagerID),
		p.StartDate.String(), p.LeaveDate.String(), string(p.Status), stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	p.ID = id
	return s.record(ctx, tx, "person", p.ID, "create", p.Subject(), nil)
}

// UpdatePerson saves p, recording each changed field.
func (s *Store) UpdatePerson(ctx context.Context, p *assets.Person) (err error) {
	defer assets.Wrap(&err, "postgres.UpdatePerson")
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		old, err := personWhere(ctx, tx, "id = $1 FOR UPDATE", p.ID)
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
		if err := writePerson(ctx, tx, p, old.Name); err != nil {
			return err
		}
		return s.record(ctx, tx, "person", p.ID, "update", "", changes)
	})
}

// writePerson saves every field of p (its ID) but created. A new name is
// in the search rows of the assets they hold (SQLite: a trigger).
func writePerson(ctx context.Context, tx pgx.Tx, p *assets.Person, oldName string) error {
	if _, err := tx.Exec(ctx, `UPDATE people SET name=$1,email=$2,department=$3,title=$4,location=$5,manager_id=$6,start_date=$7,leave_date=$8,status=$9,updated=$10 WHERE id=$11`,
		p.Name, p.Email, p.Department, p.Title, p.Location, nullID(p.ManagerID), p.StartDate.String(), p.LeaveDate.String(),
		string(p.Status), stamp(p.Updated), p.ID); err != nil {
		return mapErr(err)
	}
	if p.Name != oldName {
		return mapErr(reindexAssets(ctx, tx, "a.assigned_to = $1", p.ID))
	}
	return nil
}

// People lists people matching text (name, e-mail or department, in any
// case, with or without diacritics: assets.TextFilter), by name.
func (s *Store) People(ctx context.Context, text string, limit int) (_ []assets.Person, err error) {
	defer assets.Wrap(&err, "postgres.People")
	if limit <= 0 {
		limit = 1000
	}
	f := assets.NewTextFilter(text)
	query, args := "SELECT "+personColumns+" FROM people ORDER BY nocase(name), id LIMIT $1", []any{limit}
	if !f.All() {
		// Read in name order and keep the matches (SQLite's store does
		// the same, so both find the same people).
		query, args = "SELECT "+personColumns+" FROM people ORDER BY nocase(name), id", nil
	}
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Person
	for rows.Next() && len(out) < limit {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, mapErr(err)
		}
		if f.Match(p.Name, p.Email, p.Department) {
			out = append(out, p)
		}
	}
	return out, mapErr(rows.Err())
}

// DeletePerson removes a person who holds nothing: someone who still holds
// assets or licence seats is refused (mark them as left and hand back
// first). Their training records go with them; hand-overs keep the name;
// history keeps the deletion.
func (s *Store) DeletePerson(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "postgres.DeletePerson")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		old, err := personWhere(ctx, tx, "id = $1 FOR UPDATE", id)
		if err != nil {
			return err
		}
		im, err := deletionImpact(ctx, tx, "person", id)
		if err != nil {
			return err
		}
		if im.Blocked() {
			return assets.Conflictf("person", "%s cannot be deleted: %s; mark them as left and hand everything back first",
				old.Name, strings.ReplaceAll(im.BlockText(), "\n", ", "))
		}
		if _, err := tx.Exec(ctx, "DELETE FROM people WHERE id = $1", id); err != nil {
			return mapErr(err)
		}
		return s.record(ctx, tx, "person", id, "delete", old.Name+" <"+old.Email+">", nil)
	})
}

// checkManagerCycle refuses manager for person id when following the
// managers up from it (as the transaction sees them) comes back to id.
func checkManagerCycle(ctx context.Context, tx pgx.Tx, id, manager int64) error {
	if manager == 0 {
		return nil
	}
	var qerr error
	cycle := assets.ManagerCycle(id, func(p int64) (int64, bool) {
		if p == id {
			return manager, true
		}
		var m *int64
		if err := tx.QueryRow(ctx, "SELECT manager_id FROM people WHERE id = $1", p).Scan(&m); err != nil {
			if !errors.Is(err, pgx.ErrNoRows) {
				qerr = err
			}
			return 0, false
		}
		return derefID(m), m != nil && *m != 0
	})
	if qerr != nil || cycle == nil {
		return mapErr(qerr)
	}
	names := make([]string, len(cycle))
	for i, p := range cycle {
		var name, email string
		if err := tx.QueryRow(ctx, "SELECT name, email FROM people WHERE id = $1", p).Scan(&name, &email); err != nil {
			return mapErr(err)
		}
		names[i] = assets.PersonSubject(name, email)
	}
	return assets.ManagerCycleError(names)
}

func derefID(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// ImportPeople creates people whose e-mail is new and updates the others, in
// one transaction (rolled back in a dry run). Rows must be normalised and
// validated, and every manager e-mail must be in the file or the register.
func (s *Store) ImportPeople(ctx context.Context, list []assets.PersonImport, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "postgres.ImportPeople")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx pgx.Tx) error {
		st = assets.ImportStats{}
		olds := make([]*assets.Person, len(list))
		// Pass 1: make sure everyone exists, so managers can be found.
		for i := range list {
			p := &list[i].Person
			old, err := personWhere(ctx, tx, "nocase(email) = nocase($1)", p.Email)
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
				err := tx.QueryRow(ctx, "SELECT id FROM people WHERE nocase(email) = nocase($1)", strings.ToLower(m)).Scan(&p.ManagerID)
				if errors.Is(err, pgx.ErrNoRows) {
					return fmt.Errorf("%s: manager %s is not in the register", p.Email, m)
				}
				if err != nil {
					return err
				}
			}
			old := olds[i]
			if old == nil {
				if p.ManagerID != 0 {
					if _, err := tx.Exec(ctx, "UPDATE people SET manager_id = $1 WHERE id = $2", p.ManagerID, p.ID); err != nil {
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
			if err := writePerson(ctx, tx, p, old.Name); err != nil {
				return fmt.Errorf("%s: %w", p.Email, err)
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

// EachPerson streams every person with their manager's e-mail, by e-mail.
func (s *Store) EachPerson(ctx context.Context, fn func(p assets.Person, managerEmail string) error) (err error) {
	defer assets.Wrap(&err, "postgres.EachPerson")
	rows, err := s.pool.Query(ctx, "SELECT "+personColumns+`, COALESCE((SELECT m.email FROM people m WHERE m.id = people.manager_id), '')
		FROM people ORDER BY nocase(email), email`)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		p, err := scanPerson(rows, &m)
		if err != nil {
			return mapErr(err)
		}
		if err := fn(p, m); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// PeopleEmails maps every person's lower-case e-mail to their ID.
func (s *Store) PeopleEmails(ctx context.Context) (_ map[string]int64, err error) {
	defer assets.Wrap(&err, "postgres.PeopleEmails")
	out := map[string]int64{}
	err = s.peopleRows(ctx, "SELECT id, email FROM people", func(id int64, email string) { out[strings.ToLower(email)] = id })
	return out, err
}

// PeopleByID maps every person's ID to their (lower-case) e-mail.
func (s *Store) PeopleByID(ctx context.Context) (_ map[int64]string, err error) {
	defer assets.Wrap(&err, "postgres.PeopleByID")
	out := map[int64]string{}
	err = s.peopleRows(ctx, "SELECT id, email FROM people", func(id int64, email string) { out[id] = strings.ToLower(email) })
	return out, err
}

// PersonDepartments maps every person's ID to their department.
func (s *Store) PersonDepartments(ctx context.Context) (_ map[int64]string, err error) {
	defer assets.Wrap(&err, "postgres.PersonDepartments")
	out := map[int64]string{}
	err = s.peopleRows(ctx, "SELECT id, department FROM people", func(id int64, dep string) { out[id] = dep })
	return out, err
}

// peopleRows runs a query of (id, text) rows, calling fn for each.
func (s *Store) peopleRows(ctx context.Context, query string, fn func(int64, string)) error {
	rows, err := s.pool.Query(ctx, query)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	var id int64
	var v string
	_, err = pgx.ForEachRow(rows, []any{&id, &v}, func() error { fn(id, v); return nil })
	return mapErr(err)
}

// holdingStatuses is the domain's HoldingStatuses as query arguments.
var holdingStatuses = statusNames(assets.HoldingStatuses)

// FindPeople lists people matching f, by name, with how many assets each
// holds. The text is matched in Go (assets.TextFilter, as SQLite's store
// does) over the people the other filters keep, in name order; then the
// page's rows are read with their counts.
func (s *Store) FindPeople(ctx context.Context, f assets.PeopleFilter) (_ []assets.PersonRow, err error) {
	defer assets.Wrap(&err, "postgres.FindPeople")
	filter := func(c *conds) {
		if f.Department != "" {
			c.add("nocase(department) = nocase(?)", f.Department)
		}
		if f.Status != "" {
			c.add("status = ?", string(f.Status))
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100000
	}
	var c conds
	holding := c.arg(holdingStatuses)
	if text := assets.NewTextFilter(f.Text); !text.All() {
		var kept conds
		filter(&kept)
		ids, err := s.matchPeople(ctx, kept, text, limit)
		if err != nil {
			return nil, err
		}
		c.add("id = ANY(?::bigint[])", ids)
	} else {
		filter(&c)
	}
	q := "SELECT " + personColumns + `, (SELECT count(*) FROM assets a WHERE a.assigned_to = people.id AND a.status = ANY(` + holding + `)) FROM people` +
		c.where() + " ORDER BY nocase(name), id LIMIT " + c.arg(limit)
	rows, err := s.pool.Query(ctx, q, c.args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.PersonRow
	for rows.Next() {
		var r assets.PersonRow
		var n int
		p, err := scanPerson(rows, &n)
		if err != nil {
			return nil, mapErr(err)
		}
		r.Person, r.AssetsHeld = p, n
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}

// matchPeople is the ids of the first limit people, in name order, that c
// keeps and whose name, e-mail, title or location text matches.
func (s *Store) matchPeople(ctx context.Context, c conds, text assets.TextFilter, limit int) ([]int64, error) {
	rows, err := s.pool.Query(ctx, "SELECT id, name, email, title, location FROM people"+c.where()+" ORDER BY nocase(name), id", c.args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() && len(ids) < limit {
		var id int64
		var name, email, title, location string
		if err := rows.Scan(&id, &name, &email, &title, &location); err != nil {
			return nil, mapErr(err)
		}
		if text.Match(name, email, title, location) {
			ids = append(ids, id)
		}
	}
	return ids, mapErr(rows.Err())
}

// Departments lists every department in use (people's, and those named by
// course scopes), sorted in any case, without empty ones.
func (s *Store) Departments(ctx context.Context) (_ []string, err error) {
	defer assets.Wrap(&err, "postgres.Departments")
	rows, err := s.pool.Query(ctx, `SELECT d FROM (SELECT department AS d FROM people WHERE department <> ''
		UNION SELECT value FROM course_scopes WHERE kind = 'department') x ORDER BY nocase(d), d`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, d)
	}
	return out, mapErr(rows.Err())
}

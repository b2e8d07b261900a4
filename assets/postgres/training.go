package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"steward/assets"
)

// Courses and training records, beside assets/sqlite/training.go.

const courseColumns = `id, name, provider, description, renewal_months, created, updated, version`

func scanCourse(r rowScanner) (assets.Course, error) {
	var c assets.Course
	var created, updated string
	err := r.Scan(&c.ID, &c.Name, &c.Provider, &c.Description, &c.RenewalMonths, &created, &updated, &c.Version)
	c.Created, c.Updated = parseStamp(created), parseStamp(updated)
	return c, err
}

// Courses lists every course with its mandatory scopes, by name.
func (s *Store) Courses(ctx context.Context) (_ []assets.Course, err error) {
	defer assets.Wrap(&err, "postgres.Courses")
	return courses(ctx, s.pool)
}

func courses(ctx context.Context, q querier) ([]assets.Course, error) {
	rows, err := q.Query(ctx, "SELECT "+courseColumns+" FROM courses ORDER BY nocase(name), id")
	if err != nil {
		return nil, mapErr(err)
	}
	var out []assets.Course
	byID := map[int64]int{}
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		byID[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	rows, err = q.Query(ctx, "SELECT course_id, kind, value FROM course_scopes")
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var sc assets.Scope
		if err := rows.Scan(&id, &sc.Kind, &sc.Value); err != nil {
			return nil, mapErr(err)
		}
		if i, ok := byID[id]; ok {
			out[i].Mandatory = append(out[i].Mandatory, sc)
		}
	}
	for i := range out {
		out[i].Mandatory = assets.NormalizeScopes(out[i].Mandatory)
	}
	return out, mapErr(rows.Err())
}

// Course loads one course by ID.
func (s *Store) Course(ctx context.Context, id int64) (_ assets.Course, err error) {
	defer assets.Wrap(&err, "postgres.Course")
	return courseWhere(ctx, s.pool, "id = $1", id)
}

// CourseByName loads one course by name (any case).
func (s *Store) CourseByName(ctx context.Context, name string) (_ assets.Course, err error) {
	defer assets.Wrap(&err, "postgres.CourseByName")
	return courseWhere(ctx, s.pool, "nocase(name) = nocase($1)", strings.TrimSpace(name))
}

func courseWhere(ctx context.Context, q querier, where string, arg any) (assets.Course, error) {
	c, err := scanCourse(q.QueryRow(ctx, "SELECT "+courseColumns+" FROM courses WHERE "+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return c, assets.NotFoundf("no course %v", arg)
	}
	if err != nil {
		return c, mapErr(err)
	}
	rows, err := q.Query(ctx, "SELECT kind, value FROM course_scopes WHERE course_id = $1", c.ID)
	if err != nil {
		return c, mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sc assets.Scope
		if err := rows.Scan(&sc.Kind, &sc.Value); err != nil {
			return c, mapErr(err)
		}
		c.Mandatory = append(c.Mandatory, sc)
	}
	c.Mandatory = assets.NormalizeScopes(c.Mandatory)
	return c, mapErr(rows.Err())
}

// SaveCourse creates c (ID 0) or updates it. Changing the renewal period
// recomputes the expiry of every record of the course not set by hand.
func (s *Store) SaveCourse(ctx context.Context, c *assets.Course) (err error) {
	defer assets.Wrap(&err, "postgres.SaveCourse")
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		_, err := s.saveCourseTx(ctx, tx, c)
		return err
	})
}

// saveCourseTx writes c, returning whether anything changed.
func (s *Store) saveCourseTx(ctx context.Context, tx pgx.Tx, c *assets.Course) (bool, error) {
	now := s.Now()
	if c.ID == 0 {
		c.Created, c.Updated, c.Version = now, now, 1
		id, err := newID(ctx, tx, "courses", "course")
		if err != nil {
			return false, err
		}
		_, err = tx.Exec(ctx, `INSERT INTO courses(id, name, provider, description, renewal_months, created, updated)
			VALUES ($1,$2,$3,$4,$5,$6,$7)`,
			id, c.Name, c.Provider, c.Description, c.RenewalMonths, stamp(now), stamp(now))
		if err != nil {
			return false, courseErr(err)
		}
		c.ID = id
		if err := writeScopes(ctx, tx, c); err != nil {
			return false, err
		}
		return true, s.record(ctx, tx, "course", c.ID, "create", c.Name, nil)
	}
	old, err := courseWhere(ctx, tx, "id = $1", c.ID)
	if err != nil {
		return false, err
	}
	changes := old.ChangesTo(*c)
	if len(changes) == 0 {
		*c = old
		return false, nil
	}
	if err := assets.CheckVersion("course", c.ID, c.Version, old.Version, old, *c, changes); err != nil {
		return false, err
	}
	c.Created, c.Updated = old.Created, now
	tag, err := tx.Exec(ctx, `UPDATE courses SET name=$1, provider=$2, description=$3, renewal_months=$4, updated=$5 WHERE id=$6 AND version=$7`,
		c.Name, c.Provider, c.Description, c.RenewalMonths, stamp(now), c.ID, old.Version)
	if err != nil {
		return false, courseErr(err)
	}
	if err := written(tag, nil, "course", c.ID, old.Version, *c, func() (any, int64, []assets.FieldChange, error) {
		theirs, err := courseWhere(ctx, tx, "id = $1", c.ID)
		return theirs, theirs.Version, theirs.ChangesTo(*c), err
	}); err != nil {
		return false, err
	}
	c.Version = old.Version + 1
	if err := writeScopes(ctx, tx, c); err != nil {
		return false, err
	}
	if old.RenewalMonths != c.RenewalMonths {
		if err := recomputeExpiry(ctx, tx, *c); err != nil {
			return false, err
		}
	}
	return true, s.record(ctx, tx, "course", c.ID, "update", "", changes)
}

func courseErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "courses_name" {
		return &assets.Error{Kind: assets.KindConflict, Field: "name", Msg: "a course with this name already exists", Err: err}
	}
	return mapErr(err)
}

func writeScopes(ctx context.Context, tx pgx.Tx, c *assets.Course) error {
	if _, err := tx.Exec(ctx, "DELETE FROM course_scopes WHERE course_id = $1", c.ID); err != nil {
		return mapErr(err)
	}
	for _, sc := range c.Mandatory {
		if _, err := tx.Exec(ctx, `INSERT INTO course_scopes(course_id, kind, value) VALUES ($1,$2,$3)
			ON CONFLICT (course_id, kind, nocase(value)) DO NOTHING`, c.ID, string(sc.Kind), sc.Value); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// recomputeExpiry sets the expiry of every record of c not set by hand
// from c's renewal period (the domain's Course.ExpiryFor).
func recomputeExpiry(ctx context.Context, tx pgx.Tx, c assets.Course) error {
	rows, err := tx.Query(ctx, "SELECT id, completed_on FROM training_records WHERE course_id = $1 AND NOT expires_override", c.ID)
	if err != nil {
		return mapErr(err)
	}
	var ids []int64
	var exps []string
	var id int64
	var done string
	if _, err := pgx.ForEachRow(rows, []any{&id, &done}, func() error {
		ids = append(ids, id)
		exps = append(exps, c.ExpiryFor(parseDate(done)).String())
		return nil
	}); err != nil {
		return mapErr(err)
	}
	if len(ids) == 0 {
		return nil
	}
	_, err = tx.Exec(ctx, `UPDATE training_records t SET expires_on = u.exp
		FROM unnest($1::bigint[], $2::text[]) AS u(id, exp) WHERE t.id = u.id AND t.expires_on <> u.exp`, ids, exps)
	return mapErr(err)
}

// DeleteCourse removes a course and its records.
func (s *Store) DeleteCourse(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "postgres.DeleteCourse")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		old, err := courseWhere(ctx, tx, "id = $1", id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM training_records WHERE course_id = $1", id).Scan(&n); err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM courses WHERE id = $1", id); err != nil {
			return mapErr(err)
		}
		return s.record(ctx, tx, "course", id, "delete", fmt.Sprintf("%s (%d training records)", old.Name, n), nil)
	})
}

// ---- training records ----

const recordColumns = `t.id, t.person_id, t.course_id, p.name, p.email, c.name, t.completed_on, t.expires_on, t.expires_override,
	t.score, t.certificate, t.note, t.created`

const recordFrom = ` FROM training_records t JOIN people p ON p.id = t.person_id JOIN courses c ON c.id = t.course_id`

func scanRecord(r rowScanner) (assets.TrainingRecord, error) {
	var t assets.TrainingRecord
	var done, exp, created string
	var score *float64
	err := r.Scan(&t.ID, &t.PersonID, &t.CourseID, &t.PersonName, &t.PersonEmail, &t.CourseName, &done, &exp, &t.Override,
		&score, &t.Certificate, &t.Note, &created)
	t.CompletedOn, t.ExpiresOn, t.Created = parseDate(done), parseDate(exp), parseStamp(created)
	t.Score = score
	return t, err
}

func records(ctx context.Context, q querier, where string, args ...any) ([]assets.TrainingRecord, error) {
	out, err := queryRows(ctx, q, scanRecord, "SELECT "+recordColumns+recordFrom+" WHERE "+where+" ORDER BY t.completed_on DESC, t.id DESC", args...)
	return out, mapErr(err)
}

// TrainingRecords lists a person's records, newest first.
func (s *Store) TrainingRecords(ctx context.Context, personID int64) (_ []assets.TrainingRecord, err error) {
	defer assets.Wrap(&err, "postgres.TrainingRecords")
	return records(ctx, s.pool, "t.person_id = $1", personID)
}

// RecordTraining stores completions (one, or a whole group at once) in one
// transaction: all or none. For each record ExpiresOn, when set, is an
// expiry given by hand; otherwise it is computed from the course. A record
// for the same person, course and day replaces the earlier one.
func (s *Store) RecordTraining(ctx context.Context, list []assets.TrainingRecord) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "postgres.RecordTraining")
	return s.ImportTraining(ctx, list, false)
}

// ImportTraining is RecordTraining with a dry run.
func (s *Store) ImportTraining(ctx context.Context, list []assets.TrainingRecord, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "postgres.ImportTraining")
	var st assets.ImportStats
	asOf := assets.Today(s.Now())
	err = s.withTxDry(ctx, dry, func(tx pgx.Tx) error {
		st = assets.ImportStats{}
		courses := map[int64]assets.Course{}
		at := stamp(s.Now())
		hist := func(personID int64, what string) error {
			_, err := tx.Exec(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,new_value) VALUES ($1,$2,'person',$3,'training',$4)`,
				at, s.Actor, personID, what)
			return mapErr(err)
		}
		for i := range list {
			r := &list[i]
			c, ok := courses[r.CourseID]
			if !ok {
				var err error
				if c, err = courseWhere(ctx, tx, "id = $1", r.CourseID); err != nil {
					return fmt.Errorf("record %d: %w", i+1, err)
				}
				courses[r.CourseID] = c
			}
			r.Normalize()
			r.SetExpiry(c, r.ExpiresOn)
			r.CourseName = c.Name
			if err := r.Validate(asOf); err != nil {
				return fmt.Errorf("record %d: %w", i+1, err)
			}
			var id int64
			var exp, cert, note string
			var over bool
			var score *float64
			err := tx.QueryRow(ctx, `SELECT id, expires_on, expires_override, score, certificate, note FROM training_records
				WHERE person_id = $1 AND course_id = $2 AND completed_on = $3`, r.PersonID, r.CourseID, r.CompletedOn.String()).
				Scan(&id, &exp, &over, &score, &cert, &note)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				err := tx.QueryRow(ctx, `INSERT INTO training_records(person_id, course_id, completed_on, expires_on, expires_override, score, certificate, note, created)
					VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`, r.PersonID, r.CourseID, r.CompletedOn.String(), r.ExpiresOn.String(), r.Override,
					r.Score, r.Certificate, r.Note, at).Scan(&r.ID)
				if err != nil {
					return fmt.Errorf("record %d: %w", i+1, mapErr(err))
				}
				st.Created++
				if err := hist(r.PersonID, c.Name+" completed on "+r.CompletedOn.String()); err != nil {
					return err
				}
			case err != nil:
				return mapErr(err)
			default:
				r.ID = id
				old := assets.TrainingRecord{ExpiresOn: parseDate(exp), Override: over, Certificate: cert, Note: note, Score: score}
				if old.ExpiresOn == r.ExpiresOn && old.Override == r.Override && assets.FormatScore(old.Score) == assets.FormatScore(r.Score) &&
					old.Certificate == r.Certificate && old.Note == r.Note {
					st.Unchanged++
					continue
				}
				if _, err := tx.Exec(ctx, `UPDATE training_records SET expires_on=$1, expires_override=$2, score=$3, certificate=$4, note=$5 WHERE id=$6`,
					r.ExpiresOn.String(), r.Override, r.Score, r.Certificate, r.Note, id); err != nil {
					return mapErr(err)
				}
				st.Updated++
				if err := hist(r.PersonID, c.Name+" of "+r.CompletedOn.String()+" corrected"); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return st, err
}

// UpdateTrainingRecord corrects one record: its completion date, expiry
// (set by hand when r.Override, else from the course's period), score,
// certificate and note. The person's latest completion of the course is
// worked out again, and their history says what changed.
func (s *Store) UpdateTrainingRecord(ctx context.Context, r *assets.TrainingRecord) (err error) {
	defer assets.Wrap(&err, "postgres.UpdateTrainingRecord")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		list, err := records(ctx, tx, "t.id = $1", r.ID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return assets.NotFoundf("no training record %d", r.ID)
		}
		old := list[0]
		c, err := courseWhere(ctx, tx, "id = $1", old.CourseID)
		if err != nil {
			return err
		}
		n := *r
		n.PersonID, n.CourseID, n.PersonName, n.PersonEmail, n.CourseName, n.Created = old.PersonID, old.CourseID, old.PersonName, old.PersonEmail, old.CourseName, old.Created
		n.Normalize()
		override := assets.Date{} // not overridden: the course's period decides again
		if r.Override {
			override = r.ExpiresOn
		}
		n.SetExpiry(c, override)
		if err := n.Validate(assets.Today(s.Now())); err != nil {
			return err
		}
		var changes []string
		for _, f := range old.ChangesTo(&n) {
			v := f.New
			if v == "" {
				v = "cleared"
			}
			changes = append(changes, f.Field+" "+v)
		}
		*r = n
		if len(changes) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE training_records SET completed_on=$1, expires_on=$2, expires_override=$3, score=$4, certificate=$5, note=$6 WHERE id=$7`,
			n.CompletedOn.String(), n.ExpiresOn.String(), n.Override, n.Score, n.Certificate, n.Note, n.ID); err != nil {
			return mapErr(err)
		}
		// The triggers follow inserts, deletes and expiry changes; a moved
		// completion date can change which record is the latest.
		if _, err := tx.Exec(ctx, `DELETE FROM training_latest WHERE course_id = $1 AND person_id = $2`, n.CourseID, n.PersonID); err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO training_latest(course_id, person_id, completed_on, expires_on)
			SELECT course_id, person_id, completed_on, expires_on FROM training_records WHERE course_id = $1 AND person_id = $2
			ORDER BY completed_on DESC LIMIT 1`, n.CourseID, n.PersonID); err != nil {
			return mapErr(err)
		}
		return s.record(ctx, tx, "person", n.PersonID, "training", old.CourseName+" of "+old.CompletedOn.String()+" corrected: "+strings.Join(changes, ", "), nil)
	})
}

// DeleteTrainingRecord removes one record (entered by mistake).
func (s *Store) DeleteTrainingRecord(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "postgres.DeleteTrainingRecord")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		list, err := records(ctx, tx, "t.id = $1", id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return assets.NotFoundf("no training record %d", id)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM training_records WHERE id = $1", id); err != nil {
			return mapErr(err)
		}
		return s.record(ctx, tx, "person", list[0].PersonID, "training", list[0].CourseName+" of "+list[0].CompletedOn.String()+" deleted", nil)
	})
}

// EachTrainingRecord streams every record, by person e-mail, course and date.
func (s *Store) EachTrainingRecord(ctx context.Context, fn func(assets.TrainingRecord) error) (err error) {
	defer assets.Wrap(&err, "postgres.EachTrainingRecord")
	rows, err := s.pool.Query(ctx, "SELECT "+recordColumns+recordFrom+" ORDER BY nocase(p.email), nocase(c.name), t.completed_on, t.id")
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanRecord(rows)
		if err != nil {
			return mapErr(err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// ---- compliance ----

// trainingSnapshot is the domain's roster (assets.TrainingRoster: people
// still here, the categories they hold, the courses and each person's
// latest completion) with the names and e-mails the issues list shows.
type trainingSnapshot struct {
	assets.TrainingRoster
	names, mails []string // by People index
}

func (s *Store) loadSnapshot(ctx context.Context, asOf assets.Date, warnDays int) (*trainingSnapshot, error) {
	sn := &trainingSnapshot{TrainingRoster: assets.TrainingRoster{Clock: assets.NewTrainingClock(asOf, warnDays), Held: map[int64]map[string]bool{}}}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, mapErr(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	if sn.Courses, err = courses(ctx, tx); err != nil {
		return nil, err
	}
	// Leavers are never required to train: the rule is the domain's.
	rows, err := tx.Query(ctx, `SELECT id, name, email, department, status, leave_date FROM people ORDER BY id`)
	if err != nil {
		return nil, mapErr(err)
	}
	index := map[int64]int{}
	var p assets.RosterPerson
	var name, mail, status, leave string
	if _, err := pgx.ForEachRow(rows, []any{&p.ID, &name, &mail, &p.Department, &status, &leave}, func() error {
		if !assets.IsLeaver(assets.Person{Status: assets.PersonStatus(status), LeaveDate: parseDate(leave)}, asOf) {
			index[p.ID] = len(sn.People)
			sn.People = append(sn.People, p)
			sn.names, sn.mails = append(sn.names, name), append(sn.mails, mail)
		}
		return nil
	}); err != nil {
		return nil, mapErr(err)
	}
	if err := loadHoldings(ctx, tx, &sn.TrainingRoster); err != nil {
		return nil, err
	}
	sn.Expires = make([][]assets.Date, len(sn.Courses))
	sn.Done = make([][]bool, len(sn.Courses))
	col := map[int64]int{}
	for ci, c := range sn.Courses {
		col[c.ID] = ci
		sn.Expires[ci] = make([]assets.Date, len(sn.People))
		sn.Done[ci] = make([]bool, len(sn.People))
	}
	rows, err = tx.Query(ctx, `SELECT course_id, person_id, expires_on FROM training_latest`)
	if err != nil {
		return nil, mapErr(err)
	}
	var cid, pid int64
	var exp string
	if _, err := pgx.ForEachRow(rows, []any{&cid, &pid, &exp}, func() error {
		ci, ok := col[cid]
		pi, ok2 := index[pid]
		if !ok || !ok2 {
			return nil // a leaver's record
		}
		sn.Done[ci][pi] = true
		sn.Expires[ci][pi] = parseDate(exp)
		return nil
	}); err != nil {
		return nil, mapErr(err)
	}
	return sn, nil
}

// loadHoldings fills r.Held with who holds an asset (in a holding status)
// of each category a mandatory course is scoped to, and only those.
func loadHoldings(ctx context.Context, q querier, r *assets.TrainingRoster) error {
	cats := assets.ScopedCategories(r.Courses)
	if len(cats) == 0 {
		return nil
	}
	rows, err := q.Query(ctx, `SELECT DISTINCT category, assigned_to FROM assets
		WHERE assigned_to IS NOT NULL AND status = ANY($1) AND category = ANY($2)`, holdingStatuses, cats)
	if err != nil {
		return mapErr(err)
	}
	var cat string
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&cat, &id}, func() error {
		m := r.Held[id]
		if m == nil {
			m = map[string]bool{}
			r.Held[id] = m
		}
		m[cat] = true
		return nil
	})
	return mapErr(err)
}

// Compliance builds the compliance matrix (departments by mandatory
// courses) as of asOf, with warnDays as the "due soon" window.
func (s *Store) Compliance(ctx context.Context, asOf assets.Date, warnDays int) (_ *assets.TrainingMatrix, err error) {
	defer assets.Wrap(&err, "postgres.Compliance")
	sn, err := s.loadSnapshot(ctx, asOf, warnDays)
	if err != nil {
		return nil, err
	}
	return sn.Matrix(), nil
}

// TrainingIssues lists every required course that is overdue, never done or
// due within warnDays, as of asOf.
func (s *Store) TrainingIssues(ctx context.Context, asOf assets.Date, warnDays int) (_ []assets.TrainingIssue, err error) {
	defer assets.Wrap(&err, "postgres.TrainingIssues")
	sn, err := s.loadSnapshot(ctx, asOf, warnDays)
	if err != nil {
		return nil, err
	}
	var out []assets.TrainingIssue
	sn.Each(func(p, c int, because assets.Scope, st assets.TrainingState) {
		if st == assets.TrainingValid {
			return
		}
		pp := sn.People[p]
		out = append(out, assets.TrainingIssue{PersonID: pp.ID, Person: sn.names[p], Email: sn.mails[p], Department: pp.Department,
			Course: &sn.Courses[c], Because: because, State: st, Expires: sn.Expires[c][p]})
	})
	return out, nil
}

// OverdueCounts maps each person with overdue or missing mandatory training
// to how many courses they are behind on (for list flags).
func (s *Store) OverdueCounts(ctx context.Context, asOf assets.Date) (_ map[int64]int, err error) {
	defer assets.Wrap(&err, "postgres.OverdueCounts")
	sn, err := s.loadSnapshot(ctx, asOf, 0)
	if err != nil {
		return nil, err
	}
	out := map[int64]int{}
	sn.Each(func(p, _ int, _ assets.Scope, st assets.TrainingState) {
		if st.Flagged() {
			out[sn.People[p].ID]++
		}
	})
	return out, nil
}

// ImportCourses creates courses whose name is new and updates the others
// (their description, which the file does not carry, is kept), in one
// transaction (rolled back in a dry run).
func (s *Store) ImportCourses(ctx context.Context, list []assets.Course, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "postgres.ImportCourses")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx pgx.Tx) error {
		st = assets.ImportStats{}
		for i := range list {
			c := &list[i]
			c.Normalize()
			if err := c.Validate(); err != nil {
				return fmt.Errorf("%s: %w", c.Name, err)
			}
			old, err := courseWhere(ctx, tx, "nocase(name) = nocase($1)", c.Name)
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

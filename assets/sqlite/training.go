package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"steward/assets"
)

func init() {
	registerAlertSource("training", trainingAlerts)
	registerAlertSource("leavers", leaverAlerts)
}

// ---- courses ----

const courseColumns = `id, name, provider, description, renewal_months, created, updated, version`

func scanCourse(r scanner) (assets.Course, error) {
	var c assets.Course
	var created, updated string
	err := r.Scan(&c.ID, &c.Name, &c.Provider, &c.Description, &c.RenewalMonths, &created, &updated, &c.Version)
	c.Created, c.Updated = parseStamp(created), parseStamp(updated)
	return c, err
}

type rowsQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Courses lists every course with its mandatory scopes, by name.
func (s *Store) Courses(ctx context.Context) (_ []assets.Course, err error) {
	defer assets.Wrap(&err, "sqlite.Courses")
	return s.courses(ctx, s.read)
}

func (s *Store) courses(ctx context.Context, q rowsQueryer) ([]assets.Course, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+courseColumns+" FROM courses ORDER BY name COLLATE NOCASE, id")
	if err != nil {
		return nil, err
	}
	var out []assets.Course
	byID := map[int64]int{}
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, "SELECT course_id, kind, value FROM course_scopes")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var sc assets.Scope
		if err := rows.Scan(&id, &sc.Kind, &sc.Value); err != nil {
			return nil, err
		}
		if i, ok := byID[id]; ok {
			out[i].Mandatory = append(out[i].Mandatory, sc)
		}
	}
	for i := range out {
		out[i].Mandatory = assets.NormalizeScopes(out[i].Mandatory)
	}
	return out, rows.Err()
}

// Course loads one course by ID.
func (s *Store) Course(ctx context.Context, id int64) (_ assets.Course, err error) {
	defer assets.Wrap(&err, "sqlite.Course")
	return s.courseWhere(ctx, s.read, "id = ?", id)
}

// CourseByName loads one course by name (any case).
func (s *Store) CourseByName(ctx context.Context, name string) (_ assets.Course, err error) {
	defer assets.Wrap(&err, "sqlite.CourseByName")
	return s.courseWhere(ctx, s.read, "name = ?", strings.TrimSpace(name))
}

type queryBoth interface {
	queryer
	rowsQueryer
}

func (s *Store) courseWhere(ctx context.Context, q queryBoth, where string, arg any) (assets.Course, error) {
	c, err := scanCourse(q.QueryRowContext(ctx, "SELECT "+courseColumns+" FROM courses WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return c, assets.NotFoundf("no course %v", arg)
	}
	if err != nil {
		return c, err
	}
	rows, err := q.QueryContext(ctx, "SELECT kind, value FROM course_scopes WHERE course_id = ?", c.ID)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var sc assets.Scope
		if err := rows.Scan(&sc.Kind, &sc.Value); err != nil {
			return c, err
		}
		c.Mandatory = append(c.Mandatory, sc)
	}
	c.Mandatory = assets.NormalizeScopes(c.Mandatory)
	return c, rows.Err()
}

// SaveCourse creates c (ID 0) or updates it. Changing the renewal period
// recomputes the expiry of every record of the course not set by hand.
func (s *Store) SaveCourse(ctx context.Context, c *assets.Course) (err error) {
	defer assets.Wrap(&err, "sqlite.SaveCourse")
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := s.saveCourseTx(ctx, tx, c)
		return err
	})
}

// saveCourseTx writes c, returning whether anything changed.
func (s *Store) saveCourseTx(ctx context.Context, tx *sql.Tx, c *assets.Course) (bool, error) {
	now := s.Now()
	if c.ID == 0 {
		c.Created, c.Updated, c.Version = now, now, 1
		res, err := tx.ExecContext(ctx, `INSERT INTO courses(id, name, provider, description, renewal_months, created, updated)
			VALUES (`+newID("courses", "course")+`,?,?,?,?,?,?)`,
			c.Name, c.Provider, c.Description, c.RenewalMonths, stamp(now), stamp(now))
		if err != nil {
			return false, courseErr(err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return false, err
		}
		if err := writeScopes(ctx, tx, c); err != nil {
			return false, err
		}
		return true, s.record(ctx, tx, "course", c.ID, "create", c.Name, nil)
	}
	old, err := s.courseWhere(ctx, tx, "id = ?", c.ID)
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
	c.Created, c.Updated, c.Version = old.Created, now, old.Version+1
	if _, err := tx.ExecContext(ctx, `UPDATE courses SET name=?, provider=?, description=?, renewal_months=?, updated=?, version=version+1 WHERE id=?`,
		c.Name, c.Provider, c.Description, c.RenewalMonths, stamp(now), c.ID); err != nil {
		return false, courseErr(err)
	}
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
	if strings.Contains(err.Error(), "courses.name") {
		return &assets.Error{Kind: assets.KindConflict, Field: "name", Msg: "a course with this name already exists", Err: err}
	}
	return mapErr(err)
}

func writeScopes(ctx context.Context, tx *sql.Tx, c *assets.Course) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM course_scopes WHERE course_id = ?", c.ID); err != nil {
		return err
	}
	for _, sc := range c.Mandatory {
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO course_scopes(course_id, kind, value) VALUES (?,?,?)", c.ID, string(sc.Kind), sc.Value); err != nil {
			return err
		}
	}
	return nil
}

func recomputeExpiry(ctx context.Context, tx *sql.Tx, c assets.Course) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, completed_on FROM training_records WHERE course_id = ? AND expires_override = 0", c.ID)
	if err != nil {
		return err
	}
	type upd struct {
		id  int64
		exp string
	}
	var list []upd
	for rows.Next() {
		var u upd
		var done string
		if err := rows.Scan(&u.id, &done); err != nil {
			rows.Close()
			return err
		}
		u.exp = c.ExpiryFor(parseDate(done)).String()
		list = append(list, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, "UPDATE training_records SET expires_on = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, u := range list {
		if _, err := stmt.ExecContext(ctx, u.exp, u.id); err != nil {
			return err
		}
	}
	return nil
}

// DeleteCourse removes a course and its records.
func (s *Store) DeleteCourse(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "sqlite.DeleteCourse")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		old, err := s.courseWhere(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM training_records WHERE course_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM courses WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "course", id, "delete", fmt.Sprintf("%s (%d training records)", old.Name, n), nil)
	})
}

// ---- training records ----

const recordColumns = `t.id, t.person_id, t.course_id, p.name, p.email, c.name, t.completed_on, t.expires_on, t.expires_override,
	t.score, t.certificate, t.note, t.created`

const recordFrom = ` FROM training_records t JOIN people p ON p.id = t.person_id JOIN courses c ON c.id = t.course_id`

func scanRecord(r scanner) (assets.TrainingRecord, error) {
	var t assets.TrainingRecord
	var done, exp, created string
	var score sql.NullFloat64
	err := r.Scan(&t.ID, &t.PersonID, &t.CourseID, &t.PersonName, &t.PersonEmail, &t.CourseName, &done, &exp, &t.Override,
		&score, &t.Certificate, &t.Note, &created)
	t.CompletedOn, t.ExpiresOn, t.Created = parseDate(done), parseDate(exp), parseStamp(created)
	if score.Valid {
		v := score.Float64
		t.Score = &v
	}
	return t, err
}

func (s *Store) records(ctx context.Context, q rowsQueryer, where string, args ...any) ([]assets.TrainingRecord, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+recordColumns+recordFrom+" WHERE "+where+" ORDER BY t.completed_on DESC, t.id DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.TrainingRecord
	for rows.Next() {
		t, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TrainingRecords lists a person's records, newest first.
func (s *Store) TrainingRecords(ctx context.Context, personID int64) (_ []assets.TrainingRecord, err error) {
	defer assets.Wrap(&err, "sqlite.TrainingRecords")
	return s.records(ctx, s.read, "t.person_id = ?", personID)
}

// RecordTraining stores completions (one, or a whole group at once) in one
// transaction: all or none. For each record ExpiresOn, when set, is an
// expiry given by hand; otherwise it is computed from the course. A record
// for the same person, course and day replaces the earlier one.
func (s *Store) RecordTraining(ctx context.Context, list []assets.TrainingRecord) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.RecordTraining")
	return s.ImportTraining(ctx, list, false)
}

// ImportTraining is RecordTraining with a dry run.
func (s *Store) ImportTraining(ctx context.Context, list []assets.TrainingRecord, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportTraining")
	var st assets.ImportStats
	asOf := assets.Today(s.Now())
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = assets.ImportStats{}
		courses := map[int64]assets.Course{}
		find, err := tx.PrepareContext(ctx, `SELECT id, expires_on, expires_override, score, certificate, note FROM training_records
			WHERE person_id = ? AND course_id = ? AND completed_on = ?`)
		if err != nil {
			return err
		}
		defer find.Close()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO training_records(person_id, course_id, completed_on, expires_on, expires_override, score, certificate, note, created)
			VALUES (?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		hist, err := tx.PrepareContext(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,new_value) VALUES (?,?,'person',?,?,?)`)
		if err != nil {
			return err
		}
		defer hist.Close()
		at := stamp(s.Now())
		for i := range list {
			r := &list[i]
			c, ok := courses[r.CourseID]
			if !ok {
				if c, err = s.courseWhere(ctx, tx, "id = ?", r.CourseID); err != nil {
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
			var score sql.NullFloat64
			err := find.QueryRowContext(ctx, r.PersonID, r.CourseID, r.CompletedOn.String()).Scan(&id, &exp, &over, &score, &cert, &note)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				res, err := ins.ExecContext(ctx, r.PersonID, r.CourseID, r.CompletedOn.String(), r.ExpiresOn.String(), r.Override,
					scoreArg(r.Score), r.Certificate, r.Note, at)
				if err != nil {
					return fmt.Errorf("record %d: %w", i+1, mapErr(err))
				}
				r.ID, _ = res.LastInsertId()
				st.Created++
				if _, err := hist.ExecContext(ctx, at, s.Actor, r.PersonID, "training", c.Name+" completed on "+r.CompletedOn.String()); err != nil {
					return err
				}
			case err != nil:
				return err
			default:
				r.ID = id
				old := assets.TrainingRecord{ExpiresOn: parseDate(exp), Override: over, Certificate: cert, Note: note}
				if score.Valid {
					v := score.Float64
					old.Score = &v
				}
				if old.ExpiresOn == r.ExpiresOn && old.Override == r.Override && assets.FormatScore(old.Score) == assets.FormatScore(r.Score) &&
					old.Certificate == r.Certificate && old.Note == r.Note {
					st.Unchanged++
					continue
				}
				if _, err := tx.ExecContext(ctx, `UPDATE training_records SET expires_on=?, expires_override=?, score=?, certificate=?, note=? WHERE id=?`,
					r.ExpiresOn.String(), r.Override, scoreArg(r.Score), r.Certificate, r.Note, id); err != nil {
					return err
				}
				st.Updated++
				if _, err := hist.ExecContext(ctx, at, s.Actor, r.PersonID, "training", c.Name+" of "+r.CompletedOn.String()+" corrected"); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return st, err
}

func scoreArg(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// UpdateTrainingRecord corrects one record: its completion date, expiry
// (set by hand when r.Override, else from the course's period), score,
// certificate and note. The
// person's latest completion of the course is worked out again, and their
// history says what changed.
func (s *Store) UpdateTrainingRecord(ctx context.Context, r *assets.TrainingRecord) (err error) {
	defer assets.Wrap(&err, "sqlite.UpdateTrainingRecord")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		list, err := s.records(ctx, tx, "t.id = ?", r.ID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return assets.NotFoundf("no training record %d", r.ID)
		}
		old := list[0]
		c, err := s.courseWhere(ctx, tx, "id = ?", old.CourseID)
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
			changes = append(changes, f.Field+" "+orText(f.New, "cleared"))
		}
		*r = n
		if len(changes) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_records SET completed_on=?, expires_on=?, expires_override=?, score=?, certificate=?, note=? WHERE id=?`,
			n.CompletedOn.String(), n.ExpiresOn.String(), n.Override, scoreArg(n.Score), n.Certificate, n.Note, n.ID); err != nil {
			return mapErr(err)
		}
		// The triggers follow inserts, deletes and expiry changes; a moved
		// completion date can change which record is the latest.
		if _, err := tx.ExecContext(ctx, `DELETE FROM training_latest WHERE course_id = ? AND person_id = ?`, n.CourseID, n.PersonID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_latest(course_id, person_id, completed_on, expires_on)
			SELECT course_id, person_id, completed_on, expires_on FROM training_records WHERE course_id = ? AND person_id = ?
			ORDER BY completed_on DESC LIMIT 1`, n.CourseID, n.PersonID); err != nil {
			return err
		}
		return s.record(ctx, tx, "person", n.PersonID, "training", old.CourseName+" of "+old.CompletedOn.String()+" corrected: "+strings.Join(changes, ", "), nil)
	})
}

// DeleteTrainingRecord removes one record (entered by mistake).
func (s *Store) DeleteTrainingRecord(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "sqlite.DeleteTrainingRecord")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		list, err := s.records(ctx, tx, "t.id = ?", id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return assets.NotFoundf("no training record %d", id)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM training_records WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "person", list[0].PersonID, "training", list[0].CourseName+" of "+list[0].CompletedOn.String()+" deleted", nil)
	})
}

// EachTrainingRecord streams every record, by person e-mail, course and date.
func (s *Store) EachTrainingRecord(ctx context.Context, fn func(assets.TrainingRecord) error) (err error) {
	defer assets.Wrap(&err, "sqlite.EachTrainingRecord")
	rows, err := s.read.QueryContext(ctx, "SELECT "+recordColumns+recordFrom+" ORDER BY p.email, c.name COLLATE NOCASE, t.completed_on")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanRecord(rows)
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ---- compliance ----

// loadSnapshot loads everything the compliance rules need (the domain's
// TrainingRoster) with a handful of set-based queries: people, the
// categories they hold, the courses and, per course, each person's
// latest completion.
func (s *Store) loadSnapshot(ctx context.Context, asOf assets.Date, warnDays int) (*assets.TrainingRoster, error) {
	sn := &assets.TrainingRoster{Clock: assets.NewTrainingClock(asOf, warnDays), Held: map[int64]map[string]bool{}}
	var err error
	if sn.Courses, err = s.Courses(ctx); err != nil {
		return nil, err
	}
	// Leavers are never required to train, so they are left out here. Like
	// the records below, people and holdings come as one list per
	// department or category: a row per person would cost more in the
	// driver than the whole computation.
	rows, err := s.read.QueryContext(ctx, rosterPeopleQuery, leaverArgs(assets.Leaving, asOf)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var dept, ids string
		if err := rows.Scan(&dept, &ids); err != nil {
			rows.Close()
			return nil, err
		}
		if err := eachID(ids, func(id int64) { sn.People = append(sn.People, assets.RosterPerson{ID: id, Department: dept}) }); err != nil {
			rows.Close()
			return nil, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(sn.People, func(i, j int) bool { return sn.People[i].ID < sn.People[j].ID })
	if err := s.loadHoldings(ctx, sn); err != nil {
		return nil, err
	}
	// One row per course: "person:expiry,person:expiry,..." of each person's
	// latest completion. Scanning 200,000 rows one by one through the driver
	// costs several times what SQLite needs to walk training_latest, so the
	// walk happens in SQLite and Go splits one string per course.
	latest, err := s.read.PrepareContext(ctx, `SELECT group_concat(entry, ',') FROM training_latest WHERE course_id = ?`)
	if err != nil {
		return nil, err
	}
	defer latest.Close()
	sn.Expires = make([][]assets.Date, len(sn.Courses))
	sn.Done = make([][]bool, len(sn.Courses))
	for ci, c := range sn.Courses {
		var list sql.NullString
		if err := latest.QueryRowContext(ctx, c.ID).Scan(&list); err != nil {
			return nil, err
		}
		exp := make([]assets.Date, len(sn.People))
		done := make([]bool, len(sn.People))
		if err := parseLatest(list.String, sn.People, exp, done); err != nil {
			return nil, fmt.Errorf("training records of %s: %w", c.Name, err)
		}
		sn.Expires[ci], sn.Done[ci] = exp, done
	}
	return sn, nil
}

// rosterPeopleQuery lists everyone still here by department (built once:
// the leaver rule is a value, not a constant).
var rosterPeopleQuery = `SELECT department, group_concat(id) FROM people
		WHERE ` + stillHere + ` GROUP BY department`

// loadHoldings fills sn.Held with who holds an asset of each category that
// a mandatory course is scoped to, and only those: nothing else reads it,
// and finding the holders means reading the whole assets table (a
// register with no such course, the usual case, skips it).
func (s *Store) loadHoldings(ctx context.Context, sn *assets.TrainingRoster) error {
	var cats []any
	for _, c := range assets.ScopedCategories(sn.Courses) {
		cats = append(cats, c)
	}
	if len(cats) == 0 {
		return nil
	}
	// One pass over the table: walking an index (category or holder)
	// would look up most rows one by one, several times slower.
	rows, err := s.read.QueryContext(ctx, `SELECT category, group_concat(assigned_to) FROM (SELECT DISTINCT category, assigned_to
		FROM assets NOT INDEXED WHERE assigned_to IS NOT NULL AND status IN `+holdingStatuses+` AND category IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(cats)), ",")+`)) GROUP BY category`, cats...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cat, ids string
		if err := rows.Scan(&cat, &ids); err != nil {
			return err
		}
		err := eachID(ids, func(id int64) {
			m := sn.Held[id]
			if m == nil {
				m = map[string]bool{}
				sn.Held[id] = m
			}
			m[cat] = true
		})
		if err != nil {
			return err
		}
	}
	return rows.Err()
}

// parseLatest splits "id:YYYY-MM-DD,id:,..." (in person id order, as
// training_latest's key keeps it) into the per-person slices, walking it
// alongside people (also in id order).
func parseLatest(s string, people []assets.RosterPerson, exp []assets.Date, done []bool) error {
	p := 0
	for i := 0; i < len(s); {
		// person id: digits up to ':'
		var id int64
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			id = id*10 + int64(s[i]-'0')
			i++
		}
		if i == start || i >= len(s) || s[i] != ':' {
			return fmt.Errorf("bad entry at %q", s[start:min(len(s), start+24)])
		}
		i++
		// expiry: "" or YYYY-MM-DD, up to ',' or the end
		end := strings.IndexByte(s[i:], ',')
		if end < 0 {
			end = len(s)
		} else {
			end += i
		}
		date := s[i:end]
		i = end + 1
		for p < len(people) && people[p].ID < id {
			p++
		}
		if p == len(people) {
			break
		}
		if people[p].ID != id {
			continue // a leaver's record
		}
		done[p] = true
		if date != "" {
			d, ok := storedDate(date)
			if !ok {
				return fmt.Errorf("bad expiry %q", date)
			}
			exp[p] = d
		}
	}
	return nil
}

// eachID calls fn for every number of a comma-separated list.
func eachID(list string, fn func(int64)) error {
	for list != "" {
		item, rest, _ := strings.Cut(list, ",")
		id, err := strconv.ParseInt(item, 10, 64)
		if err != nil {
			return fmt.Errorf("bad id %q", item)
		}
		fn(id)
		list = rest
	}
	return nil
}

// storedDate parses a stored YYYY-MM-DD without time.Parse (200,000 per load).
func storedDate(s string) (assets.Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return assets.Date{}, false
	}
	n := func(b string) int {
		v := 0
		for i := 0; i < len(b); i++ {
			v = v*10 + int(b[i]-'0')
		}
		return v
	}
	return assets.Date{Year: n(s[:4]), Month: time.Month(n(s[5:7])), Day: n(s[8:])}, true
}

// Compliance builds the compliance matrix (departments by mandatory
// courses) as of asOf, with warnDays as the "due soon" window.
func (s *Store) Compliance(ctx context.Context, asOf assets.Date, warnDays int) (_ *assets.TrainingMatrix, err error) {
	defer assets.Wrap(&err, "sqlite.Compliance")
	sn, err := s.loadSnapshot(ctx, asOf, warnDays)
	if err != nil {
		return nil, err
	}
	return sn.Matrix(), nil
}

// TrainingIssues lists every required course that is overdue, never done or
// due within warnDays, as of asOf.
func (s *Store) TrainingIssues(ctx context.Context, asOf assets.Date, warnDays int) (_ []assets.TrainingIssue, err error) {
	defer assets.Wrap(&err, "sqlite.TrainingIssues")
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
		out = append(out, assets.TrainingIssue{PersonID: pp.ID, Department: pp.Department,
			Course: &sn.Courses[c], Because: because, State: st, Expires: sn.Expires[c][p]})
	})
	if len(out) == 0 {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, "SELECT id, name, email FROM people")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type who struct{ name, email string }
	names := map[int64]who{}
	for rows.Next() {
		var id int64
		var w who
		if err := rows.Scan(&id, &w.name, &w.email); err != nil {
			return nil, err
		}
		names[id] = w
	}
	for i := range out {
		w := names[out[i].PersonID]
		out[i].Person, out[i].Email = w.name, w.email
	}
	return out, rows.Err()
}

// OverdueCounts maps each person with overdue or missing mandatory training
// to how many courses they are behind on (for list flags).
func (s *Store) OverdueCounts(ctx context.Context, asOf assets.Date) (_ map[int64]int, err error) {
	defer assets.Wrap(&err, "sqlite.OverdueCounts")
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

func trainingAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	issues, err := s.TrainingIssues(ctx, opt.AsOf, opt.Window())
	if err != nil {
		return nil, err
	}
	out := make([]assets.Alert, 0, len(issues))
	for _, is := range issues {
		if a, ok := assets.TrainingAlert(is.PersonID, is.Person, is.Email, is.Course.Name, is.Because, is.State, is.Expires, opt.AsOf); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// ---- leavers ----

// Leavers lists people who have left as of asOf (status left, or their
// leave date passed) and still hold assets or licence seats.
func (s *Store) Leavers(ctx context.Context, asOf assets.Date) (_ []assets.Leaver, err error) {
	defer assets.Wrap(&err, "sqlite.Leavers")
	rows, err := s.read.QueryContext(ctx, leaversQuery, leaverArgs(assets.Leaving, asOf)...)
	if err != nil {
		return nil, err
	}
	var list []assets.Leaver
	for rows.Next() {
		var tags sql.NullString
		p, err := scanPerson(scanPlus{rows, []any{&tags}})
		if err != nil {
			rows.Close()
			return nil, err
		}
		l := assets.Leaver{Person: p}
		if tags.String != "" {
			l.Assets = strings.Split(tags.String, ", ")
		}
		list = append(list, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(list))
	for i, l := range list {
		ids[i] = l.Person.ID
	}
	seats, err := s.seatCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, l := range list {
		l.Seats = seats[l.Person.ID]
		if l.Risk = assets.LeaverRisk(l.Person, asOf, len(l.Assets), l.Seats); l.Risk != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

// heldCount is how many assets the person of the row holds. Its index is
// named: statistics taken while nobody held anything (an import, the
// benchmark fixture) rate assets_assigned useless, and SQLite then walked
// every deployed asset for each person (15 s for 1,000 people at 100,000
// assets, against 10 ms).
var heldCount = "(SELECT count(*) FROM assets a INDEXED BY assets_assigned WHERE a.assigned_to = people.id AND a.status IN " + holdingStatuses + ")"

// leaversQuery lists the people who have left with the tags they hold
// (built once, from the leaver rule and the holding statuses).
var leaversQuery = "SELECT " + personColumns + `, (SELECT group_concat(a.tag, ', ') FROM assets a INDEXED BY assets_assigned
		WHERE a.assigned_to = people.id AND a.status IN ` + holdingStatuses + `) FROM people
		WHERE ` + hasLeft + ` ORDER BY name COLLATE NOCASE, id`

func leaverAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	list, err := s.Leavers(ctx, opt.AsOf)
	if err != nil {
		return nil, err
	}
	var out []assets.Alert
	for _, l := range list {
		if a, ok := assets.LeaverAlert(l.Person, opt.AsOf, l.Assets, l.Seats); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// ---- licence seats (lifecycle's licence_assignments) ----

// seatCounts counts the licence seats each of the given people holds.
// Leavers are a few among many: asking for them alone reads their few
// index entries, not the seats of everyone.
func (s *Store) seatCounts(ctx context.Context, people []int64) (map[int64]int, error) {
	out := map[int64]int{}
	where, args := "person_id IS NOT NULL", []any(nil)
	if len(people) <= 500 {
		where, args = idList("person_id", people)
	}
	rows, err := s.read.QueryContext(ctx, "SELECT person_id, count(*) FROM licence_assignments WHERE "+where+" GROUP BY person_id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// SeatsHeld lists the licence seats assigned to a person.
func (s *Store) SeatsHeld(ctx context.Context, personID int64) (_ []assets.HeldSeat, err error) {
	defer assets.Wrap(&err, "sqlite.SeatsHeld")
	rows, err := s.read.QueryContext(ctx, `SELECT l.id, trim(l.product || ' ' || l.edition), la.assigned
		FROM licence_assignments la JOIN licences l ON l.id = la.licence_id
		WHERE la.person_id = ? ORDER BY l.product COLLATE NOCASE, l.id`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.HeldSeat
	for rows.Next() {
		var h assets.HeldSeat
		var since string
		if err := rows.Scan(&h.LicenceID, &h.Licence, &since); err != nil {
			return nil, err
		}
		h.Since = parseDate(since)
		out = append(out, h)
	}
	return out, rows.Err()
}

// ---- a person's page ----

// PersonFile gathers everything a person's page shows as of asOf.
func (s *Store) PersonFile(ctx context.Context, id int64, asOf assets.Date, warnDays int) (_ assets.PersonFile, err error) {
	defer assets.Wrap(&err, "sqlite.PersonFile")
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

// ---- people lists ----

// FindPeople lists people matching f, by name, with how many assets each
// holds. The text is matched in Go (assets.TextFilter: any case, with or
// without diacritics) over the people the other filters keep, in name
// order; then the page's rows are read with their counts.
func (s *Store) FindPeople(ctx context.Context, f assets.PeopleFilter) (_ []assets.PersonRow, err error) {
	defer assets.Wrap(&err, "sqlite.FindPeople")
	var cond conditions
	if f.Department != "" {
		cond.add("department = ? COLLATE NOCASE", f.Department)
	}
	if f.Status != "" {
		cond.add("status = ?", string(f.Status))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100000
	}
	if text := assets.NewTextFilter(f.Text); !text.All() {
		ids, err := s.matchPeople(ctx, cond, text, limit)
		if err != nil {
			return nil, err
		}
		cond = conditions{}
		cond.add("id IN (SELECT value FROM json_each(?))", ids)
	}
	rows, err := s.read.QueryContext(ctx, "SELECT "+personColumns+", "+heldCount+`
		FROM people`+cond.where()+fmt.Sprintf(" ORDER BY name COLLATE NOCASE, id LIMIT %d", limit), cond.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.PersonRow
	for rows.Next() {
		var r assets.PersonRow
		var n int
		p, err := scanPerson(scanPlus{rows, []any{&n}})
		if err != nil {
			return nil, err
		}
		r.Person, r.AssetsHeld = p, n
		out = append(out, r)
	}
	return out, rows.Err()
}

// matchPeople is the ids (a JSON array) of the first limit people, in name
// order, that cond keeps and whose name, e-mail, title or location text
// matches.
func (s *Store) matchPeople(ctx context.Context, cond conditions, text assets.TextFilter, limit int) (string, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id, name, email, title, location FROM people"+cond.where()+" ORDER BY name COLLATE NOCASE, id", cond.args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() && len(ids) < limit {
		var id int64
		var name, email, title, location string
		if err := rows.Scan(&id, &name, &email, &title, &location); err != nil {
			return "", err
		}
		if text.Match(name, email, title, location) {
			ids = append(ids, id)
		}
	}
	return jsonIDs(ids), rows.Err()
}

// jsonIDs is ids as a JSON array, for "IN (SELECT value FROM json_each(?))":
// one parameter however many there are.
func jsonIDs(ids []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(']')
	return b.String()
}

// Departments lists every department in use (people's, and those named by
// course scopes), sorted, without empty ones.
func (s *Store) Departments(ctx context.Context) (_ []string, err error) {
	defer assets.Wrap(&err, "sqlite.Departments")
	return s.strings(ctx, `SELECT department FROM people WHERE department <> ''
		UNION SELECT value FROM course_scopes WHERE kind = 'department' ORDER BY 1 COLLATE NOCASE`)
}

// scanPlus scans a row's leading columns with a scanner and the extra
// trailing ones into extra.
type scanPlus struct {
	rows  *sql.Rows
	extra []any
}

func (s scanPlus) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.extra...)...) }

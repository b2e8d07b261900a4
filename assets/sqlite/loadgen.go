package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"steward/assets"
)

// TrainingLoad sizes a synthetic register for the compliance benchmarks.
type TrainingLoad struct {
	People  int // e.g. 10,000
	Courses int // e.g. 20; every person has one record per course
	AsOf    assets.Date
}

// BuildTrainingLoad fills an empty store with a deterministic register of
// people (ten departments, a laptop each, one in twenty gone), courses
// (mandatory for everyone, for a department or for laptop holders, or
// optional) and one completion per person and course spread over the last
// two years, so that some are valid, some due soon and some expired. It
// writes with plain SQL in one transaction: it builds benchmark fixtures and
// is not an import path.
func BuildTrainingLoad(ctx context.Context, s *Store, l TrainingLoad) error {
	if l.AsOf.IsZero() {
		l.AsOf = assets.Today(s.Now())
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		at := stamp(s.Now())
		person, err := tx.PrepareContext(ctx, `INSERT INTO people(id,name,email,department,title,location,start_date,leave_date,status,created,updated)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer person.Close()
		asset, err := tx.PrepareContext(ctx, `INSERT INTO assets(id,tag,name,category,status,assigned_to,created,updated) VALUES (?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer asset.Close()
		for i := 1; i <= l.People; i++ {
			status, leave := "active", ""
			if i%20 == 0 {
				status, leave = "left", l.AsOf.AddDays(-30-i%300).String()
			}
			if _, err := person.ExecContext(ctx, i, fmt.Sprintf("Person %05d", i), fmt.Sprintf("person%05d@example.org", i),
				fmt.Sprintf("Dept %02d", i%10), "Staff", "HQ", "2020-01-01", leave, status, at, at); err != nil {
				return err
			}
			if i%5 != 0 { // four in five hold a laptop
				if _, err := asset.ExecContext(ctx, i, assets.FormatTag(int64(i)), "Laptop", "laptop", "deployed", i, at, at); err != nil {
					return err
				}
			}
		}
		course, err := tx.PrepareContext(ctx, `INSERT INTO courses(id,name,provider,renewal_months,created,updated) VALUES (?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer course.Close()
		scope, err := tx.PrepareContext(ctx, `INSERT INTO course_scopes(course_id,kind,value) VALUES (?,?,?)`)
		if err != nil {
			return err
		}
		defer scope.Close()
		for c := 1; c <= l.Courses; c++ {
			renewal := []int{12, 24, 6, 0}[c%4]
			if _, err := course.ExecContext(ctx, c, fmt.Sprintf("Course %02d", c), "Academy", renewal, at, at); err != nil {
				return err
			}
			var kind, value string
			switch c % 5 {
			case 0:
				kind = "all"
			case 1, 2:
				kind, value = "department", fmt.Sprintf("Dept %02d", c%10)
			case 3:
				kind, value = "category", "laptop"
			}
			if kind != "" {
				if _, err := scope.ExecContext(ctx, c, kind, value); err != nil {
					return err
				}
			}
		}
		rec, err := tx.PrepareContext(ctx, `INSERT INTO training_records(person_id,course_id,completed_on,expires_on,score,created) VALUES (?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer rec.Close()
		renewals := map[int]assets.Course{}
		for c := 1; c <= l.Courses; c++ {
			renewals[c] = assets.Course{RenewalMonths: []int{12, 24, 6, 0}[c%4]}
		}
		for i := 1; i <= l.People; i++ {
			for c := 1; c <= l.Courses; c++ {
				done := l.AsOf.AddDays(-((i*7 + c*31) % 730))
				if _, err := rec.ExecContext(ctx, i, c, done.String(), renewals[c].ExpiryFor(done).String(), 50+(i+c)%51, at); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings(key,value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, assets.SettingTagCounter, fmt.Sprint(l.People))
		return err
	})
}

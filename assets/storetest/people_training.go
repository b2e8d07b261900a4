package storetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"steward/assets"
)

// newCourse saves a course, failing the test on error.
func newCourse(t *testing.T, s TrainingStore, name string, months int, scopes ...assets.Scope) assets.Course {
	t.Helper()
	c := assets.Course{Name: name, RenewalMonths: months, Mandatory: scopes}
	must(t, s.SaveCourse(ctx, &c))
	return c
}

func courseNames(list []assets.Course) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.Name + " (" + c.Provider + ", " + c.Renewal() + ", " + formatScopes(c.Mandatory) + ")"
	}
	return out
}

func formatScopes(sc []assets.Scope) string {
	parts := make([]string, len(sc))
	for i, x := range sc {
		parts[i] = x.String()
	}
	return strings.Join(parts, "; ")
}

var (
	scopeAll      = assets.Scope{Kind: assets.ScopeAll}
	scopeDept     = func(d string) assets.Scope { return assets.Scope{Kind: assets.ScopeDepartment, Value: d} }
	scopeCategory = func(c string) assets.Scope { return assets.Scope{Kind: assets.ScopeCategory, Value: c} }
)

var trainingCases = []Case[TrainingStore]{
	{"Courses", func(t *testing.T, s TrainingStore) {
		sec := assets.Course{Name: " Security awareness ", Provider: "KnowBe4", Description: "Phishing\r\nand passwords", RenewalMonths: 12,
			Mandatory: []assets.Scope{scopeCategory("Laptop"), scopeDept(" Sales"), scopeDept("sales")}}
		must(t, s.SaveCourse(ctx, &sec))
		if sec.ID == 0 || sec.Name != "Security awareness" || sec.Created.IsZero() {
			t.Fatalf("saved course %+v", sec)
		}
		got, err := s.Course(ctx, sec.ID)
		must(t, err)
		same(t, "course read back", courseNames([]assets.Course{got}), []string{"Security awareness (KnowBe4, every 12 months, department:Sales; category:laptop)"})
		if got.Description != sec.Description || !got.Created.Equal(sec.Created) || !got.Updated.Equal(sec.Created) {
			t.Errorf("course read back: %+v, saved %+v", got, sec)
		}
		got, err = s.CourseByName(ctx, " SECURITY awareness")
		must(t, err)
		if got.ID != sec.ID {
			t.Errorf("CourseByName found %d, want %d", got.ID, sec.ID)
		}
		same(t, "history", peopleHistory(t, s, "course", sec.ID), []string{"create: Security awareness"})
		newCourse(t, s, "gdpr basics", 0)
		newCourse(t, s, "Fire safety", 1, scopeAll, scopeDept("IT"))
		list, err := s.Courses(ctx)
		must(t, err)
		same(t, "Courses", courseNames(list), []string{
			"Fire safety (, every month, all)",
			"gdpr basics (, once, )",
			"Security awareness (KnowBe4, every 12 months, department:Sales; category:laptop)",
		})

		for _, c := range []struct {
			what string
			c    assets.Course
			kind assets.Kind
		}{
			{"same name in another case", assets.Course{Name: "GDPR Basics"}, assets.KindConflict},
			{"no name", assets.Course{Name: " "}, assets.KindInvalid},
			{"renewal too long", assets.Course{Name: "X", RenewalMonths: 121}, assets.KindInvalid},
			{"bad category", assets.Course{Name: "X", Mandatory: []assets.Scope{scopeCategory("not a code!")}}, assets.KindInvalid},
			{"empty department", assets.Course{Name: "X", Mandatory: []assets.Scope{scopeDept(" ")}}, assets.KindInvalid},
			{"unknown course", assets.Course{ID: sec.ID + 100, Name: "X"}, assets.KindNotFound},
		} {
			c.c.Mandatory = append([]assets.Scope(nil), c.c.Mandatory...)
			wantErrKind(t, c.what, s.SaveCourse(ctx, &c.c), c.kind)
		}
		g, err := s.CourseByName(ctx, "gdpr basics")
		must(t, err)
		g.Name = "Security AWARENESS"
		wantErrKind(t, "rename onto another course", s.SaveCourse(ctx, &g), assets.KindConflict)

		// An update records each field.
		up := sec
		up.Provider, up.RenewalMonths, up.Mandatory = "", 24, []assets.Scope{scopeDept("IT"), scopeAll}
		must(t, s.SaveCourse(ctx, &up))
		if !up.Created.Equal(sec.Created) || !up.Updated.After(sec.Updated) {
			t.Errorf("stamps after update %v %v", up.Created, up.Updated)
		}
		same(t, "history after update", peopleHistory(t, s, "course", sec.ID), []string{
			"update mandatory department:Sales; category:laptop -> all",
			"update renewal_months 12 -> 24",
			"update provider KnowBe4 -> ",
			"create: Security awareness"})
		// Unchanged: nothing written, the course comes back as stored.
		again := up
		again.Description = "Phishing\nand passwords"
		again.Updated = time.Time{}
		must(t, s.SaveCourse(ctx, &again))
		if !again.Updated.Equal(up.Updated) {
			t.Errorf("unchanged save: updated %v, want %v", again.Updated, up.Updated)
		}
		if n := len(peopleHistory(t, s, "course", sec.ID)); n != 4 {
			t.Errorf("unchanged save wrote history (%d rows)", n)
		}

		_, err = s.Course(ctx, sec.ID+100)
		wantErrKind(t, "Course of an unknown ID", err, assets.KindNotFound)
		_, err = s.CourseByName(ctx, "nothing")
		wantErrKind(t, "CourseByName of an unknown name", err, assets.KindNotFound)
		wantErrKind(t, "DeleteCourse of an unknown ID", s.DeleteCourse(ctx, sec.ID+100), assets.KindNotFound)

		must(t, s.DeleteCourse(ctx, g.ID))
		same(t, "history of a deleted course", peopleHistory(t, s, "course", g.ID)[0], "delete: gdpr basics (0 training records)")
		list, err = s.Courses(ctx)
		must(t, err)
		same(t, "Courses after a deletion", courseNames(list), []string{
			"Fire safety (, every month, all)",
			"Security awareness (, every 24 months, all)",
		})
		// The department a course names is a department.
		newPerson(t, s, "A", "a@example.com", "Sales")
		d, err := s.Departments(ctx)
		must(t, err)
		same(t, "departments with course scopes", d, []string{"Sales"}) // Fire safety's IT went with "all"
		newCourse(t, s, "Kit", 0, scopeDept("SALES"), scopeDept("Accounts"))
		d, err = s.Departments(ctx)
		must(t, err)
		same(t, "departments with course scopes in another case", d, []string{"Accounts", "SALES", "Sales"})
	}},
	{"ImportCourses", func(t *testing.T, s TrainingStore) {
		g := assets.Course{Name: "GDPR basics", Description: "kept", RenewalMonths: 12}
		must(t, s.SaveCourse(ctx, &g))
		newCourse(t, s, "Fire safety", 12, scopeAll)
		list := func() []assets.Course {
			return []assets.Course{
				{Name: "gdpr BASICS", Provider: "ICO", RenewalMonths: 12},
				{Name: " New course ", RenewalMonths: 6, Mandatory: []assets.Scope{scopeDept("IT")}},
				{Name: "Fire safety", RenewalMonths: 12, Mandatory: []assets.Scope{scopeAll}},
			}
		}
		st, err := s.ImportCourses(ctx, list(), true)
		must(t, err)
		same(t, "dry run", st, assets.ImportStats{Created: 1, Updated: 1, Unchanged: 1})
		all, err := s.Courses(ctx)
		must(t, err)
		same(t, "after a dry run", courseNames(all), []string{"Fire safety (, every 12 months, all)", "GDPR basics (, every 12 months, )"})
		st, err = s.ImportCourses(ctx, list(), false)
		must(t, err)
		same(t, "import", st, assets.ImportStats{Created: 1, Updated: 1, Unchanged: 1})
		all, err = s.Courses(ctx)
		must(t, err)
		same(t, "after the import", courseNames(all), []string{"Fire safety (, every 12 months, all)", "gdpr BASICS (ICO, every 12 months, )",
			"New course (, every 6 months, department:IT)"})
		got, err := s.Course(ctx, g.ID)
		must(t, err)
		if got.Description != "kept" {
			t.Errorf("import lost the description: %q", got.Description)
		}
		same(t, "history", peopleHistory(t, s, "course", g.ID), []string{"update provider  -> ICO", "update name GDPR basics -> gdpr BASICS", "create: GDPR basics"})
		_, err = s.ImportCourses(ctx, []assets.Course{{Name: "Fine"}, {Name: "Bad", RenewalMonths: -1}}, false)
		wantErrKind(t, "a bad row", err, assets.KindInvalid)
		if err == nil || !strings.HasPrefix(err.Error(), "Bad: ") {
			t.Errorf("a bad row: %v", err)
		}
		if _, err := s.CourseByName(ctx, "Fine"); assets.KindOf(err) != assets.KindNotFound {
			t.Errorf("a refused import kept a row: %v", err)
		}
	}},
	{"Records", func(t *testing.T, s TrainingStore) {
		ada := newPerson(t, s, "Ada", "ada@example.com", "Sales")
		bob := newPerson(t, s, "Bob", "bob@example.com", "IT")
		sec := newCourse(t, s, "Security", 12, scopeAll)
		once := newCourse(t, s, "induction", 0)
		st, err := s.RecordTraining(ctx, []assets.TrainingRecord{
			{PersonID: ada.ID, CourseID: sec.ID, CompletedOn: date("2025-03-10"), Score: ptr(85.5), Certificate: " C-1 "},
			{PersonID: ada.ID, CourseID: once.ID, CompletedOn: date("2024-01-01"), Note: "first day"},
			{PersonID: bob.ID, CourseID: sec.ID, CompletedOn: date("2025-01-31"), ExpiresOn: date("2025-06-30")},
			{PersonID: bob.ID, CourseID: sec.ID, CompletedOn: date("2024-01-31"), ExpiresOn: date("2025-01-31")}, // as computed: no override
		})
		must(t, err)
		same(t, "stats", st, assets.ImportStats{Created: 4})
		recs, err := s.TrainingRecords(ctx, ada.ID)
		must(t, err)
		same(t, "Ada's records", recordLines(recs), []string{
			"ada@example.com Security 2025-03-10 2026-03-10 85.5 C-1",
			"ada@example.com induction 2024-01-01    first day"})
		if recs[0].ID == 0 || recs[0].PersonID != ada.ID || recs[0].CourseID != sec.ID || recs[0].PersonName != "Ada" || recs[0].Created.IsZero() {
			t.Errorf("record %+v", recs[0])
		}
		recs, err = s.TrainingRecords(ctx, bob.ID)
		must(t, err)
		same(t, "Bob's records", recordLines(recs), []string{
			"bob@example.com Security 2025-01-31 2025-06-30*",
			"bob@example.com Security 2024-01-31 2025-01-31"})
		bobLatest := recs[0]
		same(t, "Ada's history", peopleHistory(t, s, "person", ada.ID), []string{
			"training: induction completed on 2024-01-01", "training: Security completed on 2025-03-10", "create: Ada <ada@example.com>"})

		// The same person, course and day again: unchanged, or corrected.
		st, err = s.RecordTraining(ctx, []assets.TrainingRecord{
			{PersonID: ada.ID, CourseID: sec.ID, CompletedOn: date("2025-03-10"), Score: ptr(85.5), Certificate: "C-1"},
			{PersonID: ada.ID, CourseID: once.ID, CompletedOn: date("2024-01-01"), Note: "first day, again"},
		})
		must(t, err)
		same(t, "stats again", st, assets.ImportStats{Updated: 1, Unchanged: 1})
		same(t, "Ada's history after a correction", peopleHistory(t, s, "person", ada.ID)[0], "training: induction of 2024-01-01 corrected")

		// All or nothing.
		ok := assets.TrainingRecord{PersonID: bob.ID, CourseID: once.ID, CompletedOn: date("2025-05-05")}
		for _, c := range []struct {
			what string
			r    assets.TrainingRecord
			kind assets.Kind
			msg  string
		}{
			{"unknown course", assets.TrainingRecord{PersonID: bob.ID, CourseID: sec.ID + 100, CompletedOn: date("2025-05-05")}, assets.KindNotFound, "record 2: "},
			{"unknown person", assets.TrainingRecord{PersonID: bob.ID + 100, CourseID: sec.ID, CompletedOn: date("2025-05-05")}, assets.KindInvalid, "record 2: "},
			{"in the future", assets.TrainingRecord{PersonID: bob.ID, CourseID: sec.ID, CompletedOn: date("2026-03-02")}, assets.KindInvalid, "record 2: "},
			{"score", assets.TrainingRecord{PersonID: bob.ID, CourseID: sec.ID, CompletedOn: date("2025-05-05"), Score: ptr(101)}, assets.KindInvalid, "record 2: "},
			{"expiry before completion", assets.TrainingRecord{PersonID: bob.ID, CourseID: sec.ID, CompletedOn: date("2025-05-05"), ExpiresOn: date("2025-05-04")}, assets.KindInvalid, "record 2: "},
		} {
			_, err := s.RecordTraining(ctx, []assets.TrainingRecord{ok, c.r})
			wantErrKind(t, c.what, err, c.kind)
			if err == nil || !strings.HasPrefix(err.Error(), c.msg) {
				t.Errorf("%s: %v, want it to start %q", c.what, err, c.msg)
			}
		}
		st, err = s.ImportTraining(ctx, []assets.TrainingRecord{ok}, true)
		must(t, err)
		same(t, "dry run", st, assets.ImportStats{Created: 1})
		recs, err = s.TrainingRecords(ctx, bob.ID)
		must(t, err)
		if len(recs) != 2 {
			t.Errorf("refused and dry imports left records: %q", recordLines(recs))
		}

		// A new renewal period moves every expiry not set by hand.
		sec.RenewalMonths = 6
		must(t, s.SaveCourse(ctx, &sec))
		var all []string
		must(t, s.EachTrainingRecord(ctx, func(r assets.TrainingRecord) error {
			all = append(all, recordLines([]assets.TrainingRecord{r})[0])
			return nil
		}))
		same(t, "every record after a new renewal period", all, []string{
			"ada@example.com induction 2024-01-01    first day, again",
			"ada@example.com Security 2025-03-10 2025-09-10 85.5 C-1",
			"bob@example.com Security 2024-01-31 2024-07-31",
			"bob@example.com Security 2025-01-31 2025-06-30*"})
		stop := errors.New("stop")
		if err := s.EachTrainingRecord(ctx, func(assets.TrainingRecord) error { return stop }); !errors.Is(err, stop) {
			t.Errorf("EachTrainingRecord stopped with %v", err)
		}

		// A correction: the date moves, the expiry follows the course again.
		r := bobLatest
		r.CompletedOn, r.Override, r.ExpiresOn, r.Score, r.Note = date("2025-02-01"), false, assets.Date{}, ptr(70), "redone"
		must(t, s.UpdateTrainingRecord(ctx, &r))
		same(t, "corrected record", recordLines([]assets.TrainingRecord{r}), []string{"bob@example.com Security 2025-02-01 2025-08-01 70  redone"})
		same(t, "Bob's history", peopleHistory(t, s, "person", bob.ID)[0],
			"training: Security of 2025-01-31 corrected: completed 2025-02-01, expires 2025-08-01, score 70, note redone")
		r.Override, r.ExpiresOn, r.Note = true, date("2027-01-01"), ""
		must(t, s.UpdateTrainingRecord(ctx, &r))
		same(t, "Bob's history", peopleHistory(t, s, "person", bob.ID)[0],
			"training: Security of 2025-02-01 corrected: expires 2027-01-01, note cleared")
		n := len(peopleHistory(t, s, "person", bob.ID))
		must(t, s.UpdateTrainingRecord(ctx, &r))
		if m := len(peopleHistory(t, s, "person", bob.ID)); m != n {
			t.Errorf("unchanged correction wrote history")
		}
		x := r
		x.ID = r.ID + 100
		wantErrKind(t, "correction of an unknown record", s.UpdateTrainingRecord(ctx, &x), assets.KindNotFound)
		x = r
		x.CompletedOn = date("2030-01-01")
		wantErrKind(t, "correction into the future", s.UpdateTrainingRecord(ctx, &x), assets.KindInvalid)
		x = r
		x.CompletedOn = date("2024-01-31")
		wantErrKind(t, "correction onto another record's day", s.UpdateTrainingRecord(ctx, &x), assets.KindConflict)

		wantErrKind(t, "deletion of an unknown record", s.DeleteTrainingRecord(ctx, r.ID+100), assets.KindNotFound)
		must(t, s.DeleteTrainingRecord(ctx, r.ID))
		same(t, "Bob's history", peopleHistory(t, s, "person", bob.ID)[0], "training: Security of 2025-02-01 deleted")
		recs, err = s.TrainingRecords(ctx, bob.ID)
		must(t, err)
		same(t, "Bob's records", recordLines(recs), []string{"bob@example.com Security 2024-01-31 2024-07-31"})

		// A course goes with its records; a person with theirs.
		must(t, s.DeleteCourse(ctx, sec.ID))
		same(t, "deleted course's history", peopleHistory(t, s, "course", sec.ID)[0], "delete: Security (2 training records)")
		must(t, s.DeletePerson(ctx, ada.ID))
		all = nil
		must(t, s.EachTrainingRecord(ctx, func(r assets.TrainingRecord) error { all = append(all, r.PersonEmail); return nil }))
		same(t, "records left", all, []string(nil))
		recs, err = s.TrainingRecords(ctx, ada.ID)
		must(t, err)
		same(t, "records of a deleted person", recs, []assets.TrainingRecord(nil))
	}},
	{"Compliance", func(t *testing.T, s TrainingStore) {
		mk := func(name, dept string, status assets.PersonStatus, leave string) assets.Person {
			p := assets.Person{Name: name, Email: strings.ToLower(name) + "@example.com", Department: dept, Status: status}
			if leave != "" {
				p.LeaveDate = date(leave)
			}
			must(t, s.CreatePerson(ctx, &p))
			return p
		}
		p1 := mk("P1", "Sales", "", "")
		p2 := mk("P2", "sales", "", "")
		p3 := mk("P3", "IT", assets.PersonOnLeave, "")
		p4 := mk("P4", "", "", "")
		p5 := mk("P5", "IT", assets.PersonLeft, "")
		p6 := mk("P6", "Sales", "", "2026-02-01")
		p7 := mk("P7", "IT", "", "2026-03-01")
		sec := newCourse(t, s, "Sec", 12, scopeAll)
		kit := newCourse(t, s, "Sales kit", 0, scopeDept("SALES"))
		opt := newCourse(t, s, "optional", 1)
		newCourse(t, s, "Laptop care", 12, scopeCategory("laptop"))
		_, err := s.RecordTraining(ctx, []assets.TrainingRecord{
			{PersonID: p1.ID, CourseID: sec.ID, CompletedOn: date("2024-01-01")},
			{PersonID: p1.ID, CourseID: sec.ID, CompletedOn: date("2025-12-01")},
			{PersonID: p1.ID, CourseID: kit.ID, CompletedOn: date("2024-01-01")},
			{PersonID: p2.ID, CourseID: sec.ID, CompletedOn: date("2025-03-15")},
			{PersonID: p3.ID, CourseID: sec.ID, CompletedOn: date("2024-06-01")},
			{PersonID: p4.ID, CourseID: opt.ID, CompletedOn: date("2024-06-01")},
			{PersonID: p5.ID, CourseID: sec.ID, CompletedOn: date("2020-06-01")},
			{PersonID: p6.ID, CourseID: sec.ID, CompletedOn: date("2020-06-01")},
		})
		must(t, err)
		asOf := date("2026-03-01")
		m, err := s.Compliance(ctx, asOf, 30)
		must(t, err)
		same(t, "departments", m.Departments, []string{"IT", "Sales", ""})
		same(t, "courses", courseNames(m.Courses), []string{"Laptop care (, every 12 months, category:laptop)",
			"Sales kit (, once, department:SALES)", "Sec (, every 12 months, all)"})
		type cell = assets.ComplianceCell
		same(t, "cells", m.Cells, [][]cell{
			{{}, {}, {Required: 2, Overdue: 1, Missing: 1}},
			{{}, {Required: 2, Compliant: 1, Missing: 1}, {Required: 2, Compliant: 2, DueSoon: 1}},
			{{}, {}, {Required: 1, Missing: 1}},
		})
		same(t, "totals", m.Totals, []cell{{}, {Required: 2, Compliant: 1, Missing: 1}, {Required: 5, Compliant: 2, DueSoon: 1, Overdue: 1, Missing: 2}})
		if m.AsOf != asOf {
			t.Errorf("matrix as of %v", m.AsOf)
		}
		issues, err := s.TrainingIssues(ctx, asOf, 30)
		must(t, err)
		same(t, "issues", issueLines(issues), []string{
			"P2 <p2@example.com> [sales] Sales kit: never done because the SALES department, expires ",
			"P2 <p2@example.com> [sales] Sec: due soon because everyone, expires 2026-03-15",
			"P3 <p3@example.com> [IT] Sec: overdue because everyone, expires 2025-06-01",
			"P4 <p4@example.com> [] Sec: never done because everyone, expires ",
			"P7 <p7@example.com> [IT] Sec: never done because everyone, expires ",
		})
		if len(issues) > 0 && (issues[0].PersonID != p2.ID || issues[0].Course.ID != kit.ID) {
			t.Errorf("issue %+v", issues[0])
		}
		issues, err = s.TrainingIssues(ctx, asOf, 0)
		must(t, err)
		if len(issues) != 4 {
			t.Errorf("issues without a warning window: %q", issueLines(issues))
		}
		issues, err = s.TrainingIssues(ctx, date("2023-01-01"), 0)
		must(t, err)
		// Completions after the day asked still count; P6 was still here.
		same(t, "issues in 2023", issueLines(issues), []string{
			"P2 <p2@example.com> [sales] Sales kit: never done because the SALES department, expires ",
			"P4 <p4@example.com> [] Sec: never done because everyone, expires ",
			"P6 <p6@example.com> [Sales] Sales kit: never done because the SALES department, expires ",
			"P6 <p6@example.com> [Sales] Sec: overdue because everyone, expires 2021-06-01",
			"P7 <p7@example.com> [IT] Sec: never done because everyone, expires ",
		})
		counts, err := s.OverdueCounts(ctx, asOf)
		must(t, err)
		same(t, "overdue counts", counts, map[int64]int{p2.ID: 1, p3.ID: 1, p4.ID: 1, p7.ID: 1})
		counts, err = s.OverdueCounts(ctx, date("2026-12-02"))
		must(t, err)
		same(t, "overdue counts later", counts, map[int64]int{p1.ID: 1, p2.ID: 2, p3.ID: 1, p4.ID: 1})

		// A corrected date that makes an older completion the latest.
		recs, err := s.TrainingRecords(ctx, p1.ID)
		must(t, err)
		for _, r := range recs {
			if r.CourseID == sec.ID && r.CompletedOn == date("2025-12-01") {
				r.CompletedOn = date("2023-06-01")
				must(t, s.UpdateTrainingRecord(ctx, &r))
			}
		}
		counts, err = s.OverdueCounts(ctx, asOf)
		must(t, err)
		same(t, "overdue counts after a correction", counts, map[int64]int{p1.ID: 1, p2.ID: 1, p3.ID: 1, p4.ID: 1, p7.ID: 1})
		_ = p5
	}},
	{"ComplianceEmpty", func(t *testing.T, s TrainingStore) {
		m, err := s.Compliance(ctx, date("2026-03-01"), 30)
		must(t, err)
		if len(m.Departments) != 0 || len(m.Courses) != 0 || len(m.Totals) != 0 {
			t.Errorf("matrix of an empty register %+v", m)
		}
		issues, err := s.TrainingIssues(ctx, date("2026-03-01"), 30)
		must(t, err)
		same(t, "issues", issues, []assets.TrainingIssue(nil))
		counts, err := s.OverdueCounts(ctx, date("2026-03-01"))
		must(t, err)
		same(t, "counts", counts, map[int64]int{})
		list, err := s.Courses(ctx)
		must(t, err)
		same(t, "courses", list, []assets.Course(nil))
	}},
}

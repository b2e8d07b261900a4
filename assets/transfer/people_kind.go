package transfer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"steward/assets"
	"steward/assets/csvio"
)

var (
	peopleColumns   = []string{"name", "email", "department", "title", "location", "manager", "start_date", "leave_date", "status"}
	courseColumns   = []string{"name", "provider", "renewal_months", "mandatory"}
	trainingColumns = []string{"email", "course", "completed_on", "expires_on", "score", "certificate", "note"}
)

func init() {
	Register(Kind{Name: "people", Columns: peopleColumns, Required: []string{"name", "email"}, Import: importPeople, Export: exportPeople})
	Register(Kind{Name: "courses", Columns: courseColumns, Required: []string{"name"}, Import: importCourses, Export: exportCourses})
	Register(Kind{Name: "training", Columns: trainingColumns, Required: []string{"email", "course", "completed_on"}, Import: importTraining, Export: exportTraining,
		Aliases: lmsAliases})
}

// ---- people ----

// peopleKindsStore is what the people, courses and training kinds read and
// write.
type peopleKindsStore interface {
	Categories(ctx context.Context) ([]assets.Category, error)
	Courses(ctx context.Context) ([]assets.Course, error)
	Departments(ctx context.Context) ([]string, error)
	EachPerson(ctx context.Context, fn func(p assets.Person, managerEmail string) error) error
	EachTrainingRecord(ctx context.Context, fn func(assets.TrainingRecord) error) error
	ImportCourses(ctx context.Context, list []assets.Course, dry bool) (assets.ImportStats, error)
	ImportPeople(ctx context.Context, list []assets.PersonImport, dry bool) (assets.ImportStats, error)
	Clock() time.Time
	ImportTraining(ctx context.Context, list []assets.TrainingRecord, dry bool) (assets.ImportStats, error)
	PeopleEmails(ctx context.Context) (map[string]int64, error)
}

func importPeople(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	known, err := s.PeopleEmails(ctx)
	if err != nil {
		return Result{}, err
	}
	var list []assets.PersonImport
	// Where each row's manager cell is, made while the row is current (a
	// row's position cannot be asked for later).
	var managerAt []csvio.Error
	emails := map[string]int{}
	var c collector
	n, err := readAll(r, func(row csvio.Row) []*csvio.Error {
		var errs []*csvio.Error
		p := assets.Person{Name: row.Get("name"), Email: row.Get("email"), Department: row.Get("department"),
			Title: row.Get("title"), Location: row.Get("location")}
		var err error
		if p.Status, err = assets.ParsePersonStatus(row.Get("status")); err != nil {
			errs = append(errs, row.Errorf("status", "%v", err))
		}
		if p.StartDate, err = assets.ParseDate(row.Get("start_date")); err != nil {
			errs = append(errs, row.Errorf("start_date", "%v", err))
		}
		if p.LeaveDate, err = assets.ParseDate(row.Get("leave_date")); err != nil {
			errs = append(errs, row.Errorf("leave_date", "%v", err))
		}
		p.Normalize()
		if err := p.Validate(); err != nil {
			for _, e := range fieldErrors(err) {
				errs = append(errs, row.Errorf(e.Field, "%s", e.Msg))
			}
		}
		if p.Email != "" {
			if prev, dup := emails[p.Email]; dup {
				errs = append(errs, row.Errorf("email", "%s is also on line %d", p.Email, prev))
			}
			emails[p.Email] = row.Line
		}
		list = append(list, assets.PersonImport{Person: p, ManagerEmail: normEmail(row.Get("manager"))})
		managerAt = append(managerAt, *row.Errorf("manager", ""))
		return errs
	})
	res := Result{Rows: n}
	var rowErrs csvio.Errors
	if err != nil && !errors.As(err, &rowErrs) {
		return res, err
	}
	c.errs = rowErrs
	// Managers are checked once every row is read: one may come later in the file.
	for i, p := range list {
		m := p.ManagerEmail
		if m == "" {
			continue
		}
		_, inFile := emails[m]
		_, inRegister := known[m]
		e := managerAt[i]
		switch {
		case m == p.Email:
			e.Msg = "a person cannot be their own manager"
		case !inFile && !inRegister:
			e.Msg = fmt.Sprintf("nobody with e-mail %q is in this file or the register", m)
		default:
			continue
		}
		c.add(&e)
	}
	if c.errs.Len() == 0 {
		if err := managerCycles(ctx, s, list, managerAt, &c); err != nil {
			return res, err
		}
	}
	if c.errs.Len() > 0 {
		l := c.errs.List
		sort.SliceStable(l, func(i, j int) bool {
			if l[i].Line != l[j].Line {
				return l[i].Line < l[j].Line
			}
			return l[i].Column < l[j].Column
		})
		return res, c.errs
	}
	st, err := s.ImportPeople(ctx, list, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

// managerCycles refuses, on its manager cell, each row whose managers
// would go round in a circle once the file is in: the file's managers
// replace the register's for its people, so a circle may lie within the
// file or run through the register. Each circle is reported once, on its
// first row in the file.
func managerCycles(ctx context.Context, s Store, list []assets.PersonImport, managerAt []csvio.Error, c *collector) error {
	manager := map[string]string{} // e-mail -> manager's e-mail
	names := map[string]string{}   // e-mail -> Name <email>
	err := s.EachPerson(ctx, func(p assets.Person, m string) error {
		manager[p.Email], names[p.Email] = m, p.Subject()
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range list {
		manager[p.Email], names[p.Email] = p.ManagerEmail, p.Subject()
	}
	reported := map[string]bool{}
	for i, p := range list {
		if reported[p.Email] {
			continue
		}
		cycle := assets.ManagerCycle(p.Email, func(e string) (string, bool) { m := manager[e]; return m, m != "" })
		if len(cycle) <= 2 { // their own manager: said already
			continue
		}
		who := make([]string, len(cycle))
		for k, e := range cycle {
			who[k], reported[e] = names[e], true
		}
		e := managerAt[i]
		e.Msg = fieldErrors(assets.ManagerCycleError(who))[0].Msg
		c.add(&e)
	}
	return nil
}

func exportPeople(ctx context.Context, s Store, _ Options, emit func([]string) error) error {
	return s.EachPerson(ctx, func(p assets.Person, manager string) error {
		return emit([]string{p.Name, p.Email, p.Department, p.Title, p.Location, manager, p.StartDate.String(), p.LeaveDate.String(), string(p.Status)})
	})
}

// ---- courses ----

// scopeNames is what a mandatory cell's names can refer to.
type scopeNames struct {
	categories  map[string]string // code or lower-case label -> code
	departments map[string]string // lower-case -> as written in the register
}

func loadScopeNames(ctx context.Context, s Store) (scopeNames, error) {
	n := scopeNames{categories: map[string]string{}, departments: map[string]string{}}
	cats, err := s.Categories(ctx)
	if err != nil {
		return n, err
	}
	for _, c := range cats {
		n.categories[c.Name] = c.Name
		n.categories[strings.ToLower(c.Label)] = c.Name
	}
	depts, err := s.Departments(ctx)
	if err != nil {
		return n, err
	}
	for _, d := range depts {
		n.departments[strings.ToLower(d)] = d
	}
	return n, nil
}

// ParseMandatory reads a mandatory cell: "all", or names separated by ";".
// A name is a category when it is a category's code or label, otherwise a
// department; "department:" or "category:" in front says which outright.
// Departments nobody belongs to yet are returned in unknown, to be noted.
func (n scopeNames) parse(cell string) (scopes []assets.Scope, unknown []string, err error) {
	for _, tok := range strings.Split(cell, ";") {
		tok = strings.TrimSpace(tok)
		if tok == "" {
			continue
		}
		kind, name, explicit := strings.Cut(tok, ":")
		if !explicit {
			kind, name = "", tok
		}
		kind, name = strings.ToLower(strings.TrimSpace(kind)), strings.TrimSpace(name)
		switch {
		case kind == "" && strings.EqualFold(name, "all"):
			scopes = append(scopes, assets.Scope{Kind: assets.ScopeAll})
		case kind == "category" || kind == "" && n.categories[strings.ToLower(name)] != "":
			code, ok := n.categories[strings.ToLower(name)]
			if !ok {
				return nil, nil, fmt.Errorf("there is no category %q", name)
			}
			scopes = append(scopes, assets.Scope{Kind: assets.ScopeCategory, Value: code})
		case kind == "department" || kind == "dept" || kind == "":
			if name == "" {
				return nil, nil, fmt.Errorf("%q names no department", tok)
			}
			if d, ok := n.departments[strings.ToLower(name)]; ok {
				name = d
			} else {
				unknown = append(unknown, name)
			}
			scopes = append(scopes, assets.Scope{Kind: assets.ScopeDepartment, Value: name})
		default:
			return nil, nil, fmt.Errorf("%q: write all, a department or a category name (or department:NAME, category:NAME), separated by ;", tok)
		}
	}
	return scopes, unknown, nil
}

// format writes scopes back as a cell that parses to the same scopes.
func (n scopeNames) format(sc []assets.Scope) string {
	parts := make([]string, 0, len(sc))
	for _, x := range sc {
		switch x.Kind {
		case assets.ScopeAll:
			parts = append(parts, "all")
		case assets.ScopeCategory:
			parts = append(parts, x.Value)
		default:
			if n.categories[strings.ToLower(x.Value)] != "" || strings.EqualFold(x.Value, "all") || strings.Contains(x.Value, ":") {
				parts = append(parts, "department:"+x.Value)
			} else {
				parts = append(parts, x.Value)
			}
		}
	}
	return strings.Join(parts, "; ")
}

func importCourses(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	names, err := loadScopeNames(ctx, s)
	if err != nil {
		return Result{}, err
	}
	var list []assets.Course
	seen := map[string]int{}
	newDepts := map[string]bool{}
	n, err := readAll(r, func(row csvio.Row) []*csvio.Error {
		var errs []*csvio.Error
		c := assets.Course{Name: row.Get("name"), Provider: row.Get("provider")}
		if m := row.Get("renewal_months"); m != "" {
			v, err := strconv.Atoi(m)
			if err != nil {
				errs = append(errs, row.Errorf("renewal_months", "%q is not a whole number of months (0 = done once)", m))
			}
			c.RenewalMonths = v
		}
		sc, unknown, err := names.parse(row.Get("mandatory"))
		if err != nil {
			errs = append(errs, row.Errorf("mandatory", "%v", err))
		}
		for _, u := range unknown {
			newDepts[u] = true
		}
		c.Mandatory = sc
		c.Normalize()
		if err := c.Validate(); err != nil {
			for _, e := range fieldErrors(err) {
				errs = append(errs, row.Errorf(e.Field, "%s", e.Msg))
			}
		}
		key := strings.ToLower(c.Name)
		if prev, dup := seen[key]; dup && key != "" {
			errs = append(errs, row.Errorf("name", "course %q is also on line %d", c.Name, prev))
		}
		seen[key] = row.Line
		list = append(list, c)
		return errs
	})
	res := Result{Rows: n}
	if err != nil {
		return res, err
	}
	st, err := s.ImportCourses(ctx, list, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	var depts []string
	for d := range newDepts {
		depts = append(depts, d)
	}
	sort.Strings(depts)
	for _, d := range depts {
		res.Notes = append(res.Notes, fmt.Sprintf("nobody is in department %q yet (read as a department: it is not a category)", d))
	}
	return res, err
}

func exportCourses(ctx context.Context, s Store, _ Options, emit func([]string) error) error {
	names, err := loadScopeNames(ctx, s)
	if err != nil {
		return err
	}
	list, err := s.Courses(ctx)
	if err != nil {
		return err
	}
	for _, c := range list {
		if err := emit([]string{c.Name, c.Provider, strconv.Itoa(c.RenewalMonths), names.format(c.Mandatory)}); err != nil {
			return err
		}
	}
	return nil
}

// ---- training ----

// courseKey matches course names as LMS exports vary them: any case, runs of
// spaces collapsed.
func courseKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func importTraining(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	people, err := s.PeopleEmails(ctx)
	if err != nil {
		return Result{}, err
	}
	courses, err := s.Courses(ctx)
	if err != nil {
		return Result{}, err
	}
	byName := map[string]assets.Course{}
	for _, c := range courses {
		byName[courseKey(c.Name)] = c
	}
	type seenRow struct {
		line int
		rec  assets.TrainingRecord
	}
	seen := map[string]seenRow{}
	var list []assets.TrainingRecord
	var notes []string
	asOf := assets.Today(s.Clock())
	n, err := readAll(r, func(row csvio.Row) []*csvio.Error {
		var errs []*csvio.Error
		var rec assets.TrainingRecord
		email := normEmail(row.Get("email"))
		switch id, ok := people[email]; {
		case email == "":
			errs = append(errs, row.Errorf("email", "say whose record this is: give their e-mail address"))
		case !ok:
			errs = append(errs, row.Errorf("email", "nobody with e-mail %q is in the register: import people first", row.Get("email")))
		default:
			rec.PersonID = id
		}
		var course assets.Course
		name := row.Get("course")
		switch c, ok := byName[courseKey(name)]; {
		case name == "":
			errs = append(errs, row.Errorf("course", "say which course was completed"))
		case !ok:
			errs = append(errs, row.Errorf("course", "there is no course %q: add it on the Training screen or import courses first", name))
		default:
			course, rec.CourseID = c, c.ID
		}
		var err error
		if rec.CompletedOn, err = assets.ParseLMSDate(row.Get("completed_on")); err != nil {
			errs = append(errs, row.Errorf("completed_on", "%v", err))
		}
		var given assets.Date
		if given, err = assets.ParseLMSDate(row.Get("expires_on")); err != nil {
			errs = append(errs, row.Errorf("expires_on", "%v", err))
		}
		if rec.Score, err = assets.ParseScore(row.Get("score")); err != nil {
			errs = append(errs, row.Errorf("score", "%v", err))
		}
		rec.Certificate, rec.Note = row.Get("certificate"), row.Get("note")
		rec.Normalize()
		if len(errs) == 0 {
			rec.SetExpiry(course, given)
			if err := rec.Validate(asOf); err != nil {
				for _, e := range fieldErrors(err) {
					errs = append(errs, row.Errorf(trainingColumn(e.Field), "%s", e.Msg))
				}
			}
		}
		if len(errs) > 0 {
			return errs
		}
		key := fmt.Sprint(rec.PersonID, "/", rec.CourseID, "/", rec.CompletedOn)
		if prev, dup := seen[key]; dup {
			if sameRecord(prev.rec, rec) {
				notes = append(notes, fmt.Sprintf("line %d repeats line %d: imported once", row.Line, prev.line))
				return nil
			}
			return []*csvio.Error{row.Errorf("completed_on", "line %d has the same person, course and date with other details: keep one", prev.line)}
		}
		seen[key] = seenRow{row.Line, rec}
		// The store computes the expiry again; pass only a real override.
		if !rec.Override {
			rec.ExpiresOn = assets.Date{}
		}
		list = append(list, rec)
		return nil
	})
	res := Result{Rows: n, Notes: notes}
	if err != nil {
		return res, err
	}
	st, err := s.ImportTraining(ctx, list, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

func sameRecord(a, b assets.TrainingRecord) bool {
	return a.ExpiresOn == b.ExpiresOn && assets.FormatScore(a.Score) == assets.FormatScore(b.Score) &&
		a.Certificate == b.Certificate && a.Note == b.Note
}

func trainingColumn(field string) string {
	switch field {
	case "course", "email", "completed_on", "expires_on", "score", "certificate", "note":
		return field
	}
	return "email"
}

func exportTraining(ctx context.Context, s Store, _ Options, emit func([]string) error) error {
	return s.EachTrainingRecord(ctx, func(t assets.TrainingRecord) error {
		return emit([]string{t.PersonEmail, t.CourseName, t.CompletedOn.String(), t.ExpiresOn.String(), assets.FormatScore(t.Score), t.Certificate, t.Note})
	})
}

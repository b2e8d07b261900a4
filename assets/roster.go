package assets

import (
	"sort"
	"strings"
)

// TrainingRoster is what the training compliance rules read of a register
// as of one day, laid out for a whole organisation at once (10,000 people
// by 20 courses): a store loads it with a few set-based queries and asks
// it for the matrix, the issues or the overdue counts.
type TrainingRoster struct {
	Clock   TrainingClock
	Courses []Course
	// People is everyone still here on Clock.AsOf (not Leaving: a leaver
	// is never required to train), in id order.
	People []RosterPerson
	// Held maps a person's id to the categories of the assets they hold
	// (HoldingStatuses). Only the categories of ScopedCategories are
	// read, so a store may leave out every other.
	Held map[int64]map[string]bool
	// Expires[c][p] is the expiry of person p's latest completion of
	// course c (zero when it never expires); Done[c][p] says whether p
	// completed c at all.
	Expires [][]Date
	Done    [][]bool
}

// RosterPerson is what the rules read of one person.
type RosterPerson struct {
	ID         int64
	Department string
}

// ScopedCategories lists the categories that make a course mandatory for
// whoever holds an asset of them, each once, in course order. A register
// without any needs no holdings.
func ScopedCategories(courses []Course) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range courses {
		for _, sc := range c.Mandatory {
			if sc.Kind == ScopeCategory && !seen[sc.Value] {
				seen[sc.Value] = true
				out = append(out, sc.Value)
			}
		}
	}
	return out
}

// Holder is what the mandatory rules know of person p (an index of People).
func (r *TrainingRoster) Holder(p int) Holder {
	pp := r.People[p]
	return Holder{Department: pp.Department, Categories: r.Held[pp.ID]}
}

// Each calls fn for every (person, mandatory course) pair where the course
// is required of the person, with the scope that requires it and the
// person's state (p indexes People, c Courses).
func (r *TrainingRoster) Each(fn func(p, c int, because Scope, st TrainingState)) {
	var mandatory []int
	for ci, c := range r.Courses {
		if c.IsMandatory() {
			mandatory = append(mandatory, ci)
		}
	}
	for p := range r.People {
		h := r.Holder(p)
		for _, c := range mandatory {
			req, because := r.Courses[c].MandatoryFor(h)
			if !req {
				continue
			}
			var completed Date
			if r.Done[c][p] {
				completed = r.Clock.AsOf // any non-zero date: "done"
			}
			fn(p, c, because, r.Clock.State(true, completed, r.Expires[c][p]))
		}
	}
}

// Matrix is the compliance matrix: the departments of everyone still here
// (in any case: "Sales" and "sales" are one; no department last) by the
// mandatory courses, each cell counting the people required and their
// states, with a total per course.
func (r *TrainingRoster) Matrix() *TrainingMatrix {
	m := &TrainingMatrix{AsOf: r.Clock.AsOf}
	col := map[int]int{}
	for ci, c := range r.Courses {
		if c.IsMandatory() {
			col[ci] = len(m.Courses)
			m.Courses = append(m.Courses, c)
		}
	}
	deptRow := map[string]int{}
	var names []string
	for _, p := range r.People {
		key := strings.ToLower(p.Department)
		if _, ok := deptRow[key]; !ok {
			deptRow[key] = -1
			names = append(names, p.Department)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "") != (names[j] == "") {
			return names[j] == ""
		}
		return strings.ToLower(names[i]) < strings.ToLower(names[j])
	})
	for i, n := range names {
		deptRow[strings.ToLower(n)] = i
	}
	m.Departments = names
	m.Cells = make([][]ComplianceCell, len(names))
	for i := range m.Cells {
		m.Cells[i] = make([]ComplianceCell, len(m.Courses))
	}
	m.Totals = make([]ComplianceCell, len(m.Courses))
	rowOf := make([]int, len(r.People))
	for i, p := range r.People {
		rowOf[i] = deptRow[strings.ToLower(p.Department)]
	}
	colOf := make([]int, len(r.Courses))
	for ci, i := range col {
		colOf[ci] = i
	}
	r.Each(func(p, c int, _ Scope, st TrainingState) {
		m.Cells[rowOf[p]][colOf[c]].Add(st)
		m.Totals[colOf[c]].Add(st)
	})
	return m
}

// AssessTraining fills f.Training and f.Flags from what the file holds
// (Person, Assets, Seats, Records newest first) and every course, as of
// asOf with warnDays as the "due soon" window: each course mandatory for
// the person or done by them, with its state; then the leaver risk and
// each course overdue, never done or due soon, in words.
func (f *PersonFile) AssessTraining(courses []Course, asOf Date, warnDays int) {
	held := map[string]bool{}
	heldN := 0
	for _, a := range f.Assets {
		if a.Status.Holding() {
			held[a.Category] = true
			heldN++
		}
	}
	h := Holder{Department: f.Person.Department, Categories: held, Leaver: IsLeaver(f.Person, asOf)}
	latest := map[int64]*TrainingRecord{}
	for i := range f.Records { // newest first: the first seen is the latest
		r := &f.Records[i]
		if latest[r.CourseID] == nil {
			latest[r.CourseID] = r
		}
	}
	clock := NewTrainingClock(asOf, warnDays)
	f.Training, f.Flags = nil, nil
	for _, c := range courses {
		req, because := c.MandatoryFor(h)
		l := latest[c.ID]
		if !req && l == nil {
			continue
		}
		cs := CourseStatus{Course: c, Required: req, Because: because, Latest: l}
		if l != nil {
			cs.State = clock.State(req, l.CompletedOn, l.ExpiresOn)
		} else {
			cs.State = clock.State(req, Date{}, Date{})
		}
		f.Training = append(f.Training, cs)
	}
	if risk := LeaverRisk(f.Person, asOf, heldN, len(f.Seats)); risk != "" {
		f.Flags = append(f.Flags, "Security risk: "+risk)
	}
	for _, cs := range f.Training {
		switch cs.State {
		case TrainingMissing:
			f.Flags = append(f.Flags, "Overdue: "+cs.Course.Name+" never completed")
		case TrainingOverdue:
			f.Flags = append(f.Flags, "Overdue: "+cs.Course.Name+" expired on "+cs.Latest.ExpiresOn.String())
		case TrainingDueSoon:
			f.Flags = append(f.Flags, "Due soon: "+cs.Course.Name+" expires on "+cs.Latest.ExpiresOn.String())
		}
	}
}

package report

import (
	"fmt"
	"sort"
	"strconv"

	"steward/assets"
)

// TrainingRecord is one person's standing on one required course: when they
// last completed it and when it is next due (zero: never taken).
type TrainingRecord struct {
	Person     string
	Department string
	Course     string
	Completed  assets.Date
	Due        assets.Date
}

// TrainingInput is what the training compliance report needs: either every
// requirement in Records, or counts already made in Cells with Records
// holding at least the people who are overdue or have never taken a course.
type TrainingInput struct {
	Org      string
	AsOf     assets.Date
	SoonDays int // due within this many days counts as due soon; 0 means 30
	Records  []TrainingRecord
	Cells    []TrainingCell // when set, the by-department table comes from here
}

// TrainingCell is one department's standing on one course.
type TrainingCell struct {
	Department, Course         string
	People, Compliant, DueSoon int
	Overdue                    int // expired or never taken
}

// TrainingState is where a record stands on the as-of date.
func TrainingState(r TrainingRecord, asOf assets.Date, soonDays int) string {
	switch {
	case r.Due.IsZero() && r.Completed.IsZero():
		return "Never taken"
	case !r.Due.IsZero() && r.Due.Before(asOf):
		return "Overdue"
	case !r.Due.IsZero() && asOf.DaysUntil(r.Due) <= soonDays:
		return "Due soon"
	}
	return "Up to date"
}

// Training builds the training compliance report: a table by department and
// course, and the list of people overdue (never taken counts as overdue).
func Training(in TrainingInput) *Document {
	if in.SoonDays <= 0 {
		in.SoonDays = 30
	}
	type key struct{ dept, course string }
	type tally struct{ people, ok, soon, overdue int }
	tallies := map[key]*tally{}
	var overdue []TrainingRecord
	var total tally
	for _, r := range in.Records {
		k := key{r.Department, r.Course}
		if k.dept == "" {
			k.dept = "(no department)"
		}
		t := tallies[k]
		if t == nil {
			t = &tally{}
			tallies[k] = t
		}
		t.people++
		total.people++
		switch TrainingState(r, in.AsOf, in.SoonDays) {
		case "Up to date":
			t.ok++
			total.ok++
		case "Due soon":
			t.soon++
			total.soon++
			t.ok++ // still compliant today
			total.ok++
		default:
			t.overdue++
			total.overdue++
			overdue = append(overdue, r)
		}
	}
	if in.Cells != nil {
		tallies = map[key]*tally{}
		total = tally{}
		for _, c := range in.Cells {
			k := key{c.Department, c.Course}
			if k.dept == "" {
				k.dept = "(no department)"
			}
			t := tally{c.People, c.Compliant, c.DueSoon, c.Overdue}
			tallies[k] = &t
			total.people += t.people
			total.ok += t.ok
			total.soon += t.soon
			total.overdue += t.overdue
		}
	}
	keys := make([]key, 0, len(tallies))
	for k := range tallies {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].dept != keys[j].dept {
			return keys[i].dept < keys[j].dept
		}
		return keys[i].course < keys[j].course
	})
	pct := func(t tally) float64 {
		if t.people == 0 {
			return 100
		}
		return float64(t.ok) * 100 / float64(t.people)
	}
	by := Section{Title: "By department and course", Empty: "No training requirements recorded.",
		Note: "Compliant counts people up to date on the as-of date, including those due soon.",
		Columns: []Column{{Title: "Department", Width: 1.8}, {Title: "Course", Width: 2.4}, {Title: "People", Kind: Int},
			{Title: "Compliant", Kind: Int}, {Title: "Due in " + assets.CountOf(in.SoonDays, "day", "days"), Kind: Int}, {Title: "Overdue", Kind: Int}, {Title: "Compliant %", Kind: Pct}}}
	for _, k := range keys {
		t := *tallies[k]
		by.Rows = append(by.Rows, []Cell{T(k.dept), T(k.course), I(t.people), I(t.ok), I(t.soon), I(t.overdue), P(pct(t))})
	}
	if len(keys) > 0 {
		by.Total = []Cell{T("All"), T(""), I(total.people), I(total.ok), I(total.soon), I(total.overdue), P(pct(total))}
	}
	sort.SliceStable(overdue, func(i, j int) bool {
		if overdue[i].Department != overdue[j].Department {
			return overdue[i].Department < overdue[j].Department
		}
		if overdue[i].Person != overdue[j].Person {
			return overdue[i].Person < overdue[j].Person
		}
		return overdue[i].Course < overdue[j].Course
	})
	od := Section{Title: "People overdue", Empty: "Nobody is overdue.",
		Columns: []Column{{Title: "Person", Width: 2}, {Title: "Department", Width: 1.6}, {Title: "Course", Width: 2.2},
			{Title: "Last completed", Kind: Date}, {Title: "Due", Kind: Date}, {Title: "Days overdue", Kind: Int}}}
	for _, r := range overdue {
		days := T("never taken")
		if !r.Due.IsZero() {
			days = I(r.Due.DaysUntil(in.AsOf))
		}
		od.Rows = append(od.Rows, []Cell{T(r.Person), T(r.Department), T(r.Course), D(r.Completed), D(r.Due), days})
	}
	n := func(v int) string { return groupDigits(strconv.Itoa(v)) }
	return &Document{Kind: "training", Title: "Training compliance", Org: in.Org, AsOf: in.AsOf,
		Summary: []KV{{"Requirements", n(total.people)}, {"Compliant", fmt.Sprintf("%s (%.1f%%)", n(total.ok), pct(total))},
			{"Overdue or never taken", n(total.overdue)}},
		Sections: []Section{by, od}}
}

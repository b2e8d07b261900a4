package assets

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// A small organisation, laid out as a store loads it: the compliance
// matrix and each person's standing come from the roster alone.
func TestTrainingRosterMatrix(t *testing.T) {
	asOf := d("2026-03-01")
	courses := []Course{
		{ID: 1, Name: "Security", RenewalMonths: 12, Mandatory: []Scope{{Kind: ScopeAll}}},
		{ID: 2, Name: "Sales ethics", Mandatory: []Scope{{Kind: ScopeDepartment, Value: "sales"}}},
		{ID: 3, Name: "Optional Excel"},
		{ID: 4, Name: "Laptop care", RenewalMonths: 24, Mandatory: []Scope{{Kind: ScopeCategory, Value: "laptop"}, {Kind: ScopeCategory, Value: "tablet"}}},
	}
	r := &TrainingRoster{
		Clock:   NewTrainingClock(asOf, 30),
		Courses: courses,
		People:  []RosterPerson{{1, "Sales"}, {2, "sales"}, {3, ""}, {4, "IT"}},
		Held:    map[int64]map[string]bool{2: {"laptop": true}, 4: {"tablet": true, "phone": true}},
		// person:        1             2             3             4
		Expires: [][]Date{
			{d("2026-12-01"), d("2026-03-15"), d("2026-02-01"), {}}, // Security: valid, due soon, overdue, never
			{{}, {}, {}, {}},              // Sales ethics, done once by 1
			{{}, {}, {}, {}},              // optional
			{{}, d("2027-01-01"), {}, {}}, // Laptop care
		},
		Done: [][]bool{
			{true, true, true, false},
			{true, false, false, false},
			{true, false, false, false},
			{false, true, false, false},
		},
	}
	if got := ScopedCategories(courses); !reflect.DeepEqual(got, []string{"laptop", "tablet"}) {
		t.Errorf("scoped categories %v", got)
	}
	var each []string
	r.Each(func(p, c int, because Scope, st TrainingState) {
		each = append(each, fmt.Sprintf("%d %s %s: %s", r.People[p].ID, r.Courses[c].Name, because, st))
	})
	want := []string{
		"1 Security all: valid", "1 Sales ethics department:sales: valid",
		"2 Security all: due soon", "2 Sales ethics department:sales: never done", "2 Laptop care category:laptop: valid",
		"3 Security all: overdue",
		"4 Security all: never done", "4 Laptop care category:tablet: never done",
	}
	if !reflect.DeepEqual(each, want) {
		t.Errorf("each:\n%s\nwant\n%s", strings.Join(each, "\n"), strings.Join(want, "\n"))
	}
	m := r.Matrix()
	if !reflect.DeepEqual(m.Departments, []string{"IT", "Sales", ""}) {
		t.Fatalf("departments %q", m.Departments)
	}
	var names []string
	for _, c := range m.Courses {
		names = append(names, c.Name)
	}
	if !reflect.DeepEqual(names, []string{"Security", "Sales ethics", "Laptop care"}) {
		t.Fatalf("courses %q", names)
	}
	cell := func(c ComplianceCell) string {
		return fmt.Sprintf("%d/%d soon %d overdue %d missing %d", c.Compliant, c.Required, c.DueSoon, c.Overdue, c.Missing)
	}
	for _, x := range []struct {
		dept, course int
		want         string
	}{
		{0, 0, "0/1 soon 0 overdue 0 missing 1"}, // IT, Security
		{0, 2, "0/1 soon 0 overdue 0 missing 1"}, // IT, Laptop care (tablet)
		{1, 0, "2/2 soon 1 overdue 0 missing 0"}, // Sales and sales together
		{1, 1, "1/2 soon 0 overdue 0 missing 1"},
		{1, 2, "1/1 soon 0 overdue 0 missing 0"},
		{2, 0, "0/1 soon 0 overdue 1 missing 0"}, // no department
		{2, 1, "0/0 soon 0 overdue 0 missing 0"},
	} {
		if got := cell(m.Cell(x.dept, x.course)); got != x.want {
			t.Errorf("cell %s / %s: %s, want %s", m.Departments[x.dept], m.Courses[x.course].Name, got, x.want)
		}
	}
	if got := cell(m.Totals[0]); got != "2/4 soon 1 overdue 1 missing 1" {
		t.Errorf("Security total %s", got)
	}
}

// A person's page: courses required or done, then the flags in words.
// Only held assets count, for the category scopes and the leaver risk
// alike (a retired laptop still assigned is not held).
func TestAssessTraining(t *testing.T) {
	asOf := d("2026-03-01")
	courses := []Course{
		{ID: 1, Name: "Security", RenewalMonths: 12, Mandatory: []Scope{{Kind: ScopeAll}}},
		{ID: 2, Name: "Laptop care", Mandatory: []Scope{{Kind: ScopeCategory, Value: "laptop"}}},
		{ID: 3, Name: "Phone care", Mandatory: []Scope{{Kind: ScopeCategory, Value: "phone"}}},
		{ID: 4, Name: "Excel", RenewalMonths: 12},
		{ID: 5, Name: "First aid", RenewalMonths: 12, Mandatory: []Scope{{Kind: ScopeDepartment, Value: "Ops"}}},
	}
	f := PersonFile{
		Person: Person{ID: 1, Name: "Ann", Department: "ops", Status: PersonActive},
		Assets: []Asset{{Category: "laptop", Status: StatusRetired}, {Category: "phone", Status: StatusLost}},
		Records: []TrainingRecord{ // newest first
			{CourseID: 1, CompletedOn: d("2025-03-10"), ExpiresOn: d("2026-03-10")},
			{CourseID: 1, CompletedOn: d("2024-03-10"), ExpiresOn: d("2025-03-10")},
			{CourseID: 4, CompletedOn: d("2024-01-01"), ExpiresOn: d("2025-01-01")},
			{CourseID: 5, CompletedOn: d("2025-01-01"), ExpiresOn: d("2026-01-01")},
		},
	}
	f.AssessTraining(courses, asOf, 30)
	var got []string
	for _, cs := range f.Training {
		got = append(got, fmt.Sprintf("%s required %v (%s): %s", cs.Course.Name, cs.Required, cs.Because, cs.State))
	}
	want := []string{
		"Security required true (all): due soon",
		"Phone care required true (category:phone): never done",
		"Excel required false (department:): expired",
		"First aid required true (department:Ops): overdue",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("training:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantFlags := []string{"Due soon: Security expires on 2026-03-10", "Overdue: Phone care never completed", "Overdue: First aid expired on 2026-01-01"}
	if !reflect.DeepEqual(f.Flags, wantFlags) {
		t.Errorf("flags %q\nwant  %q", f.Flags, wantFlags)
	}

	// Gone: nothing is required any more; the lost phone is a risk, the retired laptop is not.
	f.Person.Status = PersonLeft
	f.Seats = []HeldSeat{{LicenceID: 1}}
	f.AssessTraining(courses, asOf, 30)
	for _, cs := range f.Training {
		if cs.Required {
			t.Errorf("a leaver is required to take %s", cs.Course.Name)
		}
	}
	if len(f.Flags) == 0 || f.Flags[0] != "Security risk: has left but still holds 1 asset and 1 licence seat" {
		t.Errorf("leaver flags %q", f.Flags)
	}
}

package assets

import (
	"slices"
	"testing"
)

// The status methods answer from the sets a store builds its SQL from.
func TestStatusSets(t *testing.T) {
	for _, s := range Statuses {
		if s.Active() != slices.Contains(ActiveStatuses, s) {
			t.Errorf("%s: Active %v disagrees with ActiveStatuses", s, s.Active())
		}
		if s.Holding() != slices.Contains(HoldingStatuses, s) {
			t.Errorf("%s: Holding %v disagrees with HoldingStatuses", s, s.Holding())
		}
		// Held means in the fleet or lost: never retired or disposed of.
		want := s != StatusRetired && s != StatusDisposed
		if s.Holding() != want {
			t.Errorf("%s: Holding %v, want %v", s, s.Holding(), want)
		}
		if s.Active() && !s.Holding() {
			t.Errorf("%s is active but not held", s)
		}
	}
	if Status("").Active() || Status("").Holding() || Status("LOST").Holding() {
		t.Error("an unknown status counts")
	}
	for _, s := range TaskStatuses {
		want := s == TaskPlanned || s == TaskInProgress
		if s.Open() != want || s.Open() != slices.Contains(OpenTaskStatuses, s) {
			t.Errorf("task %s: Open %v, want %v", s, s.Open(), want)
		}
	}
}

func TestLeaverRule(t *testing.T) {
	asOf := d("2026-03-01")
	for _, tc := range []struct {
		name string
		r    LeaverRule
		p    Person
		want bool
	}{
		{"left", Leaving, Person{Status: PersonLeft}, true},
		{"left, leave date ahead", Leaving, Person{Status: PersonLeft, LeaveDate: d("2026-05-01")}, true},
		{"active, leave date passed", Leaving, Person{Status: PersonActive, LeaveDate: d("2026-02-28")}, true},
		{"on leave, leave date passed", Leaving, Person{Status: PersonOnLeave, LeaveDate: d("2025-12-31")}, true},
		{"leave day itself", Leaving, Person{Status: PersonActive, LeaveDate: asOf}, false},
		{"active", Leaving, Person{Status: PersonActive}, false},
		{"on leave", Leaving, Person{Status: PersonOnLeave}, false},
		{"date ignored by a rule without it", LeaverRule{Statuses: []PersonStatus{PersonLeft}}, Person{Status: PersonActive, LeaveDate: d("2020-01-01")}, false},
		{"no statuses", LeaverRule{LeaveDatePassed: true}, Person{Status: PersonLeft}, false},
	} {
		if got := tc.r.Has(tc.p, asOf); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		if tc.r.LeaveDatePassed && len(tc.r.Statuses) == 1 {
			if got := IsLeaver(tc.p, asOf); got != tc.want {
				t.Errorf("%s: IsLeaver %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

package assets

// The sets and rules below are the single statement of who and what counts
// for the lifecycle, leaver and training rules. The Go methods (Active,
// Holding, Open, IsLeaver) read them, and a store builds its SQL filters
// from them (assets/sqlite rules_sql.go), so a change here changes both.

// ActiveStatuses are the statuses of an asset still in the fleet: it
// counts for end of life, warranty, audits and budget planning
// (Status.Active).
var ActiveStatuses = []Status{StatusInStock, StatusDeployed, StatusInRepair}

// HoldingStatuses are the statuses in which an asset assigned to someone
// counts as held by them: every active status, and lost (a lost laptop
// still assigned to a leaver is exactly the risk the leaver rule is for).
// What a person holds decides the leaver alert, the "assets held" count
// of the people list and the category scopes of mandatory training
// (Status.Holding).
var HoldingStatuses = []Status{StatusInStock, StatusDeployed, StatusInRepair, StatusLost}

// OpenTaskStatuses are the statuses of a task whose work is still to do:
// only those raise due and overdue alerts (TaskStatus.Open).
var OpenTaskStatuses = []TaskStatus{TaskPlanned, TaskInProgress}

// Holding reports whether an asset in status s, assigned to someone,
// counts as held by them (HoldingStatuses).
func (s Status) Holding() bool { return inSet(HoldingStatuses, s) }

// LeaverRule says who has left the organisation as of a day.
type LeaverRule struct {
	// Statuses: a person in one of these has left.
	Statuses []PersonStatus
	// LeaveDatePassed: a person whose leave date is before the day asked
	// about has left too, whatever their status (the leave day itself is
	// still a working day).
	LeaveDatePassed bool
}

// Leaving is the leaver rule Steward applies (IsLeaver): marked left, or
// the leave date has passed. A leaver is never required to train, and a
// leaver who still holds assets or licence seats raises an alert.
var Leaving = LeaverRule{Statuses: []PersonStatus{PersonLeft}, LeaveDatePassed: true}

// Has reports whether p has left as of asOf under r.
func (r LeaverRule) Has(p Person, asOf Date) bool {
	return inSet(r.Statuses, p.Status) || (r.LeaveDatePassed && !p.LeaveDate.IsZero() && asOf.After(p.LeaveDate))
}

func inSet[T comparable](set []T, v T) bool {
	for _, x := range set {
		if x == v {
			return true
		}
	}
	return false
}

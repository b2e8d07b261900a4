package assets

import (
	"strings"
)

// TrainingAlert raises the alert for one person's standing with one
// mandatory course: a warning when it was never done (dated asOf) or has
// expired, an info alert when it expires within the warning window; none
// for any other state. because is the scope that makes the course
// mandatory for them, expires the expiry of their latest completion.
func TrainingAlert(personID int64, name, email, course string, because Scope, st TrainingState, expires, asOf Date) (Alert, bool) {
	a := Alert{Subject: PersonSubject(name, email) + ": " + course, Ref: Ref{Entity: "person", ID: personID}, Date: expires}
	switch st {
	case TrainingMissing:
		a.Kind, a.Severity, a.Date = AlertTrainingOverdue, SeverityWarning, asOf
		a.Reason = "never completed; mandatory for " + because.Describe()
	case TrainingOverdue:
		a.Kind, a.Severity = AlertTrainingOverdue, SeverityWarning
		a.Reason = "expired on " + expires.String() + "; mandatory for " + because.Describe()
	case TrainingDueSoon:
		a.Kind, a.Severity = AlertTrainingDue, SeverityInfo
		when := "in " + CountOf(asOf.DaysUntil(expires), "day", "days")
		if expires == asOf {
			when = "today"
		}
		a.Reason = "expires on " + expires.String() + " (" + when + "); renew it"
	default:
		return Alert{}, false
	}
	return a, true
}

// LeaverAlert raises a critical alert for someone who has left as of asOf
// (IsLeaver) and still holds assets (tags, named in this order) or
// licence seats; none otherwise. It is dated their leave date.
func LeaverAlert(p Person, asOf Date, tags []string, seats int) (Alert, bool) {
	risk := LeaverRisk(p, asOf, len(tags), seats)
	if risk == "" {
		return Alert{}, false
	}
	if len(tags) > 0 {
		risk += " (" + strings.Join(tags, ", ") + ")"
	}
	return Alert{Kind: AlertLeaverHolding, Severity: SeverityCritical, Subject: p.Subject(),
		Reason: risk + ": recover them and revoke access", Date: p.LeaveDate, Ref: Ref{Entity: "person", ID: p.ID},
		Impact: len(tags) + seats}, true
}

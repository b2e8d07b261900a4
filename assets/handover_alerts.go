package assets

import "fmt"

// AlertReturnOverdue is raised for an asset on loan that was not brought
// back by its due-back date.
const AlertReturnOverdue = "return_overdue"

// ReturnCriticalDays is how many days late a loan turns from a warning into
// a critical alert: a month late, the asset is as good as lost.
const ReturnCriticalDays = 30

// DueBackState is where an open hand-over stands with its return date.
type DueBackState int

const (
	DueBackNone    DueBackState = iota // no return date, or it is back
	DueBackLater                       // due back in the future
	DueBackToday                       // due back today
	DueBackOverdue                     // the date has passed
)

// DueBackState says where h stands with its return date on asOf, and how many
// days are left (negative: overdue by that many).
func (h Handover) DueBackState(asOf Date) (DueBackState, int) {
	if !h.Open() || h.DueBack.IsZero() {
		return DueBackNone, 0
	}
	left := asOf.DaysUntil(h.DueBack)
	switch {
	case left < 0:
		return DueBackOverdue, left
	case left == 0:
		return DueBackToday, 0
	}
	return DueBackLater, left
}

// DueBackText says when h is due back, in words for the asset's and the
// person's pages ("due back 2026-03-01, 6 days overdue"); "" when it has no
// return date or is back.
func (h Handover) DueBackText(asOf Date) string {
	st, left := h.DueBackState(asOf)
	switch st {
	case DueBackOverdue:
		return fmt.Sprintf("due back %s, %s overdue", h.DueBack, days(-left))
	case DueBackToday:
		return fmt.Sprintf("due back today (%s)", h.DueBack)
	case DueBackLater:
		return fmt.Sprintf("due back %s, in %s", h.DueBack, days(left))
	}
	return ""
}

// ReturnOverdueAlert raises a warning for an open hand-over past its
// due-back date, critical once it is more than ReturnCriticalDays late;
// nothing for one without a date, one not yet due, or one returned.
func ReturnOverdueAlert(h Handover, opt AlertOptions) (Alert, bool) {
	st, left := h.DueBackState(opt.AsOf)
	if st != DueBackOverdue {
		return Alert{}, false
	}
	late := -left
	sev := SeverityWarning
	if late > ReturnCriticalDays {
		sev = SeverityCritical
	}
	who := h.PersonName
	if who == "" {
		who = "its holder"
	}
	reason := fmt.Sprintf("%s overdue: %s should have brought it back on %s", days(late), who, h.DueBack)
	if !h.CheckedOut.IsZero() {
		reason += fmt.Sprintf(" (out since %s)", h.CheckedOut)
	}
	return Alert{Kind: AlertReturnOverdue, Severity: sev, Subject: AssetSubject(h.AssetTag, h.AssetName), Reason: reason,
		Date: h.DueBack, Ref: Ref{Entity: "asset", ID: h.AssetID}}, true
}

package assets

import (
	"fmt"
	"strconv"
	"strings"
)

// Alert kinds raised by the lifecycle rules. Each has a function here that
// builds it from plain values (EOLAlert, OSSupportAlert, CoverageAlert, LicenceAlerts,
// TaskAlert, TrainingAlert, LeaverAlert; AuditDueAlert in audit.go), and
// AlertKinds lists them all.
const (
	AlertEOL              = "eol"        // the hardware: refresh policy, end-of-life date, device catalog
	AlertOSSupport        = "os_support" // the operating system or firmware: OS catalog
	AlertWarranty         = "warranty"
	AlertLicenceShortfall = "licence_shortfall"
	AlertLicenceExpiry    = "licence_expiry"
	AlertTaskOverdue      = "task_overdue"
	AlertTaskDue          = "task_due"
	AlertTrainingOverdue  = "training_overdue" // mandatory training expired or never done
	AlertTrainingDue      = "training_due"     // mandatory training expiring within the window
	AlertLeaverHolding    = "leaver_holding"   // someone who left still holds assets or seats
)

// AlertKinds lists every alert kind, in no particular order (RankedKinds
// gives them in rank order).
var AlertKinds = []string{AlertEOL, AlertOSSupport, AlertWarranty, AlertLicenceShortfall, AlertLicenceExpiry, AlertTaskOverdue, AlertTaskDue,
	AlertTrainingOverdue, AlertTrainingDue, AlertLeaverHolding, AlertAuditDue, AlertReturnOverdue}

// AssetSubject is how alerts name an asset: "ST-000123 Dell Latitude 5440".
func AssetSubject(tag, name string) string {
	if name == "" {
		return tag
	}
	return tag + " " + name
}

// TaskSubject is how alerts and lists name a task: by its assets' tags
// ("ST-000001, ST-000002", "ST-000001, ST-000002 and 3 more"), or by its
// name when it has none.
func TaskSubject(t *Task) string {
	switch n := len(t.AssetTags); {
	case n == 0:
		return t.Name()
	case n <= 3:
		return strings.Join(t.AssetTags, ", ")
	default:
		return strings.Join(t.AssetTags[:2], ", ") + " and " + strconv.Itoa(n-2) + " more"
	}
}

// EOLAlert turns an asset's end-of-life result into an alert: critical once
// end of life is reached, a warning while it is ending; none otherwise
// (unknown is shown on the asset page, not raised).
func EOLAlert(subject string, ref Ref, r EOLResult) (Alert, bool) {
	switch r.State {
	case EOLReached:
		return Alert{Kind: AlertEOL, Severity: SeverityCritical, Subject: subject, Reason: "end of life: " + r.Reason(), Date: r.Date, Ref: ref}, true
	case EOLEnding:
		return Alert{Kind: AlertEOL, Severity: SeverityWarning, Subject: subject, Reason: "end of life soon: " + r.Reason(), Date: r.Date, Ref: ref}, true
	}
	return Alert{}, false
}

// CoverageAlert raises a warning while an asset's cover is ending, and an
// info alert when it lapsed within the warning window. Older lapses are a
// known state shown in the assets table, not news, so they raise nothing.
func CoverageAlert(subject string, ref Ref, cv Coverage, warnDays int) (Alert, bool) {
	switch {
	case cv.State == CoverageEnding:
		return Alert{Kind: AlertWarranty, Severity: SeverityWarning, Subject: subject, Reason: cv.Reason, Date: cv.End, Ref: ref}, true
	case cv.State == CoverageExpired && -cv.DaysLeft <= warnDays:
		return Alert{Kind: AlertWarranty, Severity: SeverityInfo, Subject: subject, Reason: "out of cover: " + cv.Reason, Date: cv.End, Ref: ref}, true
	}
	return Alert{}, false
}

// LicenceAlerts raises a critical alert for a seat shortfall, a critical one
// for an expired licence still in use, a warning for an expired unused one
// or one expiring within the window.
func LicenceAlerts(l *Licence, c Compliance) []Alert {
	var out []Alert
	ref := Ref{Entity: "licence", ID: l.ID}
	if c.Shortfall > 0 {
		out = append(out, Alert{Kind: AlertLicenceShortfall, Severity: SeverityCritical, Subject: l.Title(),
			Reason: fmt.Sprintf("%d assigned, %d installed, %d bought: %d %s short", c.Assigned, c.Installed, c.Bought, c.Shortfall, Plural(c.Shortfall, "seat", "seats")),
			Ref:    ref, Date: c.End, Impact: c.Shortfall})
	}
	switch c.Term {
	case TermExpired:
		sev := SeverityWarning
		reason := fmt.Sprintf("expired on %s (%s ago)", c.End, CountOf(-c.DaysLeft, "day", "days"))
		impact := 0
		if c.InUse > 0 {
			sev, impact = SeverityCritical, c.InUse
			reason += fmt.Sprintf(" and still in use on %d", c.InUse)
		}
		out = append(out, Alert{Kind: AlertLicenceExpiry, Severity: sev, Subject: l.Title(), Reason: reason, Date: c.End, Ref: ref, Impact: impact})
	case TermExpiring:
		out = append(out, Alert{Kind: AlertLicenceExpiry, Severity: SeverityWarning, Subject: l.Title(),
			Reason: fmt.Sprintf("expires on %s, in %s: renew or retire it", c.End, days(c.DaysLeft)), Date: c.End, Ref: ref})
	}
	return out
}

// TaskAlert raises a warning for an overdue task and an info alert for one
// due within the window.
func TaskAlert(t *Task, subject string, asOf Date, warnDays int) (Alert, bool) {
	st, left := TaskDueState(t, asOf, warnDays)
	ref := Ref{Entity: "task", ID: t.ID}
	switch st {
	case DueOverdue:
		return Alert{Kind: AlertTaskOverdue, Severity: SeverityWarning, Subject: subject,
			Reason: t.Name() + " was due on " + t.Due.String() + " (" + strconv.Itoa(-left) + " " + Plural(-left, "day", "days") + " overdue)", Date: t.Due, Ref: ref}, true
	case DueSoon:
		return Alert{Kind: AlertTaskDue, Severity: SeverityInfo, Subject: subject,
			Reason: t.Name() + " is due on " + t.Due.String() + ", in " + days(left), Date: t.Due, Ref: ref}, true
	}
	return Alert{}, false
}

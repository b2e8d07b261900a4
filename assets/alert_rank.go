package assets

import (
	"cmp"
	"slices"
	"strings"
)

// The ranking of alerts (issue 16, the dashboard that ranks): what needs
// action now comes first, and among equally severe alerts the security and
// compliance risks come before the housekeeping.
//
// The order is total: severity (critical first), then the kind's rank
// (KindRank), then the impact within the kind (Alert.Impact, largest
// first: assets and seats a leaver holds, seats short, installs of an
// expired licence), then the date (earliest first: the most overdue, or
// what ends soonest), then subject, kind and record. Alerts of the same
// severity and kind are therefore next to each other: AlertGroups finds
// those groups. The store's alert list (Alerts, Overview) is in this
// order, and `steward alerts` prints it so.

// alertKindOrder is the kinds in rank order: security and compliance risks
// first (a leaver still holding equipment, an expired licence in use, an
// operating system out of support), then shortfalls, overdue returns,
// overdue training, hardware past refresh, warranties, tasks, audits, and
// what is merely coming up.
var alertKindOrder = [...]string{
	AlertLeaverHolding,
	AlertLicenceExpiry,
	AlertOSSupport,
	AlertLicenceShortfall,
	AlertReturnOverdue,
	AlertTrainingOverdue,
	AlertEOL,
	AlertWarranty,
	AlertTaskOverdue,
	AlertAuditDue,
	AlertTrainingDue,
	AlertTaskDue,
}

// KindRankOther is the rank of a kind KindRank does not know: after all
// the known ones.
const KindRankOther = len(alertKindOrder)

// KindRank is the place of an alert kind among equally severe alerts: 0
// first. Unknown kinds rank KindRankOther.
func KindRank(kind string) int {
	switch kind {
	case AlertLeaverHolding:
		return 0
	case AlertLicenceExpiry:
		return 1
	case AlertOSSupport:
		return 2
	case AlertLicenceShortfall:
		return 3
	case AlertReturnOverdue:
		return 4
	case AlertTrainingOverdue:
		return 5
	case AlertEOL:
		return 6
	case AlertWarranty:
		return 7
	case AlertTaskOverdue:
		return 8
	case AlertAuditDue:
		return 9
	case AlertTrainingDue:
		return 10
	case AlertTaskDue:
		return 11
	}
	return KindRankOther
}

// RankedKinds is every alert kind in rank order (a copy).
func RankedKinds() []string { return slices.Clone(alertKindOrder[:]) }

// KindHasImpact says whether alerts of kind carry an Impact that orders
// them before their date (a count: assets held, seats short, installs).
// The other kinds are ordered by date, which for them is the impact: the
// earliest date is the longest overdue or the soonest to end.
func KindHasImpact(kind string) bool {
	switch kind {
	case AlertLeaverHolding, AlertLicenceShortfall, AlertLicenceExpiry:
		return true
	}
	return false
}

// CompareAlerts is the ranking as a comparison: negative when x comes
// before y.
func CompareAlerts(x, y *Alert) int {
	if x.Severity != y.Severity {
		return cmp.Compare(y.Severity, x.Severity)
	}
	if c := cmp.Compare(KindRank(x.Kind), KindRank(y.Kind)); c != 0 {
		return c
	}
	if x.Impact != y.Impact {
		return cmp.Compare(y.Impact, x.Impact)
	}
	if c := x.Date.Compare(y.Date); c != 0 {
		return c
	}
	if c := strings.Compare(x.Subject, y.Subject); c != 0 {
		return c
	}
	if c := strings.Compare(x.Kind, y.Kind); c != 0 {
		return c
	}
	if c := strings.Compare(x.Ref.Entity, y.Ref.Entity); c != 0 {
		return c
	}
	return cmp.Compare(x.Ref.ID, y.Ref.ID)
}

// SortAlerts puts alerts in rank order (CompareAlerts). The order is total,
// so an unstable sort gives the same list every time.
func SortAlerts(list []Alert) {
	slices.SortFunc(list, func(x, y Alert) int { return CompareAlerts(&x, &y) })
}

// AlertGroup is a run of alerts of one severity and kind in a ranked list:
// list[Start:Start+N].
type AlertGroup struct {
	Severity Severity
	Kind     string // "" for kinds KindRank does not know
	Start, N int
}

// AlertGroups finds the groups of a list in rank order without reading
// every alert: a binary search per severity and kind rank, so a list of
// 580,000 alerts is grouped in microseconds. Unknown kinds share a rank
// and are ordered by date among themselves: they make one group per
// severity, of Kind "".
func AlertGroups(ranked []Alert) []AlertGroup {
	var out []AlertGroup
	key := func(a *Alert) int { return int(SeverityCritical-a.Severity)*(KindRankOther+1) + KindRank(a.Kind) }
	for i := 0; i < len(ranked); {
		k := key(&ranked[i])
		// The first alert past this key: binary search on the rest.
		j := i + 1 + searchFirst(len(ranked)-i-1, func(n int) bool { return key(&ranked[i+1+n]) > k })
		kind := ranked[i].Kind
		if KindRank(kind) == KindRankOther {
			kind = "" // kinds this build does not know share one group
		}
		out = append(out, AlertGroup{ranked[i].Severity, kind, i, j - i})
		i = j
	}
	return out
}

// searchFirst is the smallest n in [0, count) with f(n) true, or count.
func searchFirst(count int, f func(int) bool) int {
	lo, hi := 0, count
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if f(m) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// KindTitle is an alert kind in words, as the dashboard's group headers
// and filters name it.
func KindTitle(kind string) string {
	switch kind {
	case AlertLeaverHolding:
		return "Leavers holding equipment"
	case AlertLicenceExpiry:
		return "Licences expired or expiring"
	case AlertOSSupport:
		return "OS or firmware out of support"
	case AlertLicenceShortfall:
		return "Licence shortfalls"
	case AlertReturnOverdue:
		return "Returns overdue"
	case AlertTrainingOverdue:
		return "Training overdue"
	case AlertEOL:
		return "Hardware end of life"
	case AlertWarranty:
		return "Warranties"
	case AlertTaskOverdue:
		return "Tasks overdue"
	case AlertAuditDue:
		return "Audits due"
	case AlertTrainingDue:
		return "Training due"
	case AlertTaskDue:
		return "Tasks due"
	}
	return kind
}

// ParseSeverity reads a severity by its name ("critical", "warning",
// "info"), as String writes it.
func ParseSeverity(s string) (Severity, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "critical":
		return SeverityCritical, true
	case "warning":
		return SeverityWarning, true
	case "info":
		return SeverityInfo, true
	}
	return 0, false
}

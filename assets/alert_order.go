package assets

import (
	"cmp"
	"strings"
)

// CompareAlerts is the total order of an alert list: severity (critical
// first), then date, then subject; kind and record break the remaining
// ties. Every store's Alerts gives its list in this order (SQLite's merge,
// assets/sqlite/internal/fastread, sorts on packed keys that give the same
// order).
func CompareAlerts(x, y Alert) int {
	if x.Severity != y.Severity {
		return cmp.Compare(y.Severity, x.Severity)
	}
	if c := x.Date.Compare(y.Date); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(x.Subject, y.Subject), strings.Compare(x.Kind, y.Kind),
		strings.Compare(x.Ref.Entity, y.Ref.Entity), cmp.Compare(x.Ref.ID, y.Ref.ID))
}

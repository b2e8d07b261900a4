package assets

// Overview is the register at a glance, as the dashboard shows it: the
// assets counted by status and by category, and every alert as of
// Options.AsOf in rank order (CompareAlerts; AlertGroups finds its groups). Alerts may be shared with
// other callers (a store keeps the list while its data is unchanged):
// read it, never change it.
type Overview struct {
	ByStatus, ByCategory []Count
	Options              AlertOptions
	Alerts               []Alert
}

package sqlite

// MergeAlerts exposes the alert merge to the benchmarks of package sqlite_test.
var MergeAlerts = mergeAlerts

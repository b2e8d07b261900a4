package sqlite

// MergeAlerts exposes the alert merge to the benchmarks of package sqlite_test.
var MergeAlerts = mergeAlerts

// SetAsideMin changes the smallest bulk insert whose search index is built
// aside (search_build.go) until the returned function restores it.
func SetAsideMin(n int) (restore func()) {
	old := asideMin
	asideMin = n
	return func() { asideMin = old }
}

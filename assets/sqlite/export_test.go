package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"steward/assets"
	"steward/assets/sqlite/internal/fastread"
)

// MergeAlerts exposes the alert merge to the benchmarks of package sqlite_test.
var MergeAlerts = fastread.MergeLists

// SortedRuns is lists of alerts each in order, as Alerts' jobs leave them.
type SortedRuns []fastread.Run

// SortRuns orders each list on its own (Alerts' jobs do it for theirs).
func SortRuns(parts [][]assets.Alert) SortedRuns { return fastread.SortEach(parts) }

// Merge is the serial end of Alerts: the sorted runs merged into one list.
func (r SortedRuns) Merge() []assets.Alert { return fastread.Merge(r) }

// SetAsideMin changes the smallest bulk insert whose search index is built
// aside (search_build.go) until the returned function restores it.
func SetAsideMin(n int) (restore func()) {
	old := asideMin
	asideMin = n
	return func() { asideMin = old }
}

// FailSearchAside makes every search index build aside fail until the
// returned function restores the real one.
func FailSearchAside() (restore func()) {
	old := indexStaged
	indexStaged = func(context.Context, *sql.Conn) error {
		return errors.New("no memory for the build aside (test)")
	}
	return func() { indexStaged = old }
}

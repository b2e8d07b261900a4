package sqlite

import (
	"context"
	"errors"

	"steward/assets"
)

// MergeAlerts exposes the alert merge to the benchmarks of package sqlite_test.
var MergeAlerts = mergeAlerts

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
	old := buildAside
	buildAside = func(context.Context, string, []assets.Asset, map[int64]string) (map[string][][]any, error) {
		return nil, errors.New("no memory for the build aside (test)")
	}
	return func() { buildAside = old }
}

// Package storesource adapts the SQLite store to the reports' Source
// interfaces. It is the one place that knows both: as licences, contracts,
// upgrade tasks, warranties, training and scans land in the store, their
// adapters go here (the optional interfaces are in assets/report/load.go),
// and both the command line and the window pick them up.
package storesource

import (
	"steward/assets/report"
	"steward/assets/sqlite"
)

// Source is the store seen by the reports.
type Source struct {
	*sqlite.Store
}

// New wraps s.
func New(s *sqlite.Store) report.Source { return Source{s} }

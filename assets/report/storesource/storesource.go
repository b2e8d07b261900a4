// Package storesource adapts a store to the reports' Source interfaces. It
// is the one place that knows both: as licences, contracts, upgrade tasks,
// warranties, training and scans land in the store, their adapters go here
// (the optional interfaces are in assets/report/load.go), and both the
// command line and the window pick them up.
package storesource

import (
	"context"

	"steward/assets"
	"steward/assets/report"
)

// Store is what the adapters read: the report interfaces a store answers
// as it is, and the queries the adapters turn into report inputs. The
// SQLite store meets it (checked in package main's wiring).
type Store interface {
	report.Source
	report.ActiveSource
	report.CountSource
	report.BudgetSource
	// budget.go
	EachBookAsset(ctx context.Context, fn func(*assets.BookAsset) error) error
	// budget.go, lifecycle.go
	ListLicences(ctx context.Context, q assets.LicenceQuery) ([]assets.LicenceStatus, error)
	ListContracts(ctx context.Context, q assets.ContractQuery) ([]assets.ContractRow, error)
	ListTasks(ctx context.Context, q assets.TaskQuery) ([]assets.Task, error)
	// eol.go: the catalog's user updates sit next to the register.
	Path() string
	// people.go
	Compliance(ctx context.Context, asOf assets.Date, warnDays int) (*assets.TrainingMatrix, error)
	TrainingIssues(ctx context.Context, asOf assets.Date, warnDays int) ([]assets.TrainingIssue, error)
	// sitevisit.go
	SiteVisit(ctx context.Context, scanID int64) (assets.SiteVisit, error)
}

// Source is the store seen by the reports.
type Source struct {
	Store
}

// New wraps s.
func New(s Store) report.Source { return Source{s} }

// Source gives every report its data: report.Build finds the optional
// sources by type assertion, so each is checked here.
var (
	_ report.Source            = Source{}
	_ report.ActiveSource      = Source{}
	_ report.CountSource       = Source{}
	_ report.RenewalSource     = Source{}
	_ report.BudgetSource      = Source{}
	_ report.BookSource        = Source{}
	_ report.LicenceNoteSource = Source{}
	_ report.TaskSource        = Source{}
	_ report.WarrantySource    = Source{}
	_ report.EOLSource         = Source{}
	_ report.LicenceSource     = Source{}
	_ report.TrainingSource    = Source{}
	_ report.ScanSource        = Source{}
)

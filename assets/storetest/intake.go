package storetest

import (
	"context"
	"testing"

	"steward/assets"
)

// IntakeStore is the part of a register that holds inventory reports, network scans and sightings, site visits and audits (stocktakes).
// It is three smaller contracts, each with its own Run function, so that an
// engine can be held to one at a time while it is being written.
type IntakeStore interface {
	InventoryStore
	ScanStore
	AuditStore
}

// intakeFixture is what the intake cases need of the rest of the register
// to set a test up and check it: assets (and people) to match, find and
// move, the assets as stored, and history rows. (The same methods are in
// AssetStore and PeopleStore; an engine whose asset part is not written yet
// may give its own, as long as they write the same rows and read the clock
// as often.)
type intakeFixture interface {
	lifecycleFixture
	Asset(ctx context.Context, id int64) (assets.Asset, error)
}

// InventoryStore keeps the inventory reports collectors send, attaches each
// to its asset (assets.MatchMachine) or creates one, and keeps the latest
// report's software list.
type InventoryStore interface {
	intakeFixture
	ImportInventory(ctx context.Context, in assets.InventoryImport, dry bool) (assets.InventoryResult, error)
	ImportInventories(ctx context.Context, list []assets.InventoryImport, dry bool) (results []assets.InventoryResult, errs []error, err error)
	InventoryReports(ctx context.Context, assetID int64) ([]assets.InventoryReportInfo, error)
	InventoryReportJSON(ctx context.Context, reportID int64) ([]byte, error)
	LatestInventoryJSON(ctx context.Context, assetID int64) ([]byte, error)
	AssetSoftware(ctx context.Context, assetID int64, text string) ([]assets.InstalledSoftware, error)
}

// ScanStore keeps network scans and the devices they saw (sightings),
// matched to assets by assets.MatchSighting, and the site visit report.
type ScanStore interface {
	intakeFixture
	RecordScan(ctx context.Context, info assets.ScanInfo, list []assets.Sighting) (assets.ScanOutcome, error)
	Sightings(ctx context.Context, q assets.SightingQuery) ([]assets.Sighting, []assets.SightingState, error)
	UnknownDevices(ctx context.Context) (int, error)
	LinkSighting(ctx context.Context, sightingID, assetID int64) error
	SiteVisit(ctx context.Context, scanID int64) (assets.SiteVisit, error)
}

// AuditStore keeps stocktakes: the locations audited, the codes scanned,
// the kept result, the moves applied, and each category's audit interval.
// It records scans (RecordScan) for the network cross-check.
type AuditStore interface {
	intakeFixture
	RecordScan(ctx context.Context, info assets.ScanInfo, list []assets.Sighting) (assets.ScanOutcome, error)
	StartAudit(ctx context.Context, locations []string, auditor string) (assets.Audit, error)
	Audit(ctx context.Context, id int64) (assets.Audit, error)
	Audits(ctx context.Context, open bool) ([]assets.Audit, error)
	ExpectedAssets(ctx context.Context, a assets.Audit) ([]assets.Asset, error)
	AddAuditScan(ctx context.Context, auditID int64, location, code string) (assets.AuditScan, error)
	AuditScans(ctx context.Context, auditID int64) ([]assets.AuditScan, error)
	AuditProgress(ctx context.Context, a assets.Audit) (assets.AuditResult, error)
	FinishAudit(ctx context.Context, auditID int64) (assets.AuditResult, error)
	AuditResult(ctx context.Context, auditID int64) (assets.AuditResult, error)
	ApplyAuditMoves(ctx context.Context, auditID int64) (int, error)
	AuditNetwork(ctx context.Context, res assets.AuditResult) ([]assets.NetworkCheck, error)
	SetAuditInterval(ctx context.Context, category string, months int) error
	AuditIntervals(ctx context.Context) (map[string]int, error)
}

// RunIntake holds a store to the Intake part of the contract.
func RunIntake(t *testing.T, open Opener[IntakeStore]) {
	t.Run("Inventory", func(t *testing.T) { RunInventory(t, func(t *testing.T) InventoryStore { return open(t) }) })
	t.Run("Scans", func(t *testing.T) { RunScans(t, func(t *testing.T) ScanStore { return open(t) }) })
	t.Run("Audits", func(t *testing.T) { RunAudits(t, func(t *testing.T) AuditStore { return open(t) }) })
}

// RunInventory holds a store to the inventory report part of the contract.
func RunInventory(t *testing.T, open Opener[InventoryStore]) { run(t, open, inventoryCases) }

// RunScans holds a store to the network scan part of the contract.
func RunScans(t *testing.T, open Opener[ScanStore]) { run(t, open, scanCases) }

// RunAudits holds a store to the stocktake part of the contract.
func RunAudits(t *testing.T, open Opener[AuditStore]) { run(t, open, auditCases) }

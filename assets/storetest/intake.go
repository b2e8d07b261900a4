package storetest

import (
	"context"
	"testing"

	"steward/assets"
)

// IntakeStore is the part of a register that holds inventory reports, network scans and sightings, site visits and audits (stocktakes).
type IntakeStore interface {
	ImportInventory(ctx context.Context, in assets.InventoryImport, dry bool) (assets.InventoryResult, error)
	ImportInventories(ctx context.Context, list []assets.InventoryImport, dry bool) (results []assets.InventoryResult, errs []error, err error)
	InventoryReports(ctx context.Context, assetID int64) ([]assets.InventoryReportInfo, error)
	InventoryReportJSON(ctx context.Context, reportID int64) ([]byte, error)
	LatestInventoryJSON(ctx context.Context, assetID int64) ([]byte, error)
	AssetSoftware(ctx context.Context, assetID int64, text string) ([]assets.InstalledSoftware, error)
	RecordScan(ctx context.Context, info assets.ScanInfo, list []assets.Sighting) (assets.ScanOutcome, error)
	Sightings(ctx context.Context, q assets.SightingQuery) ([]assets.Sighting, []assets.SightingState, error)
	UnknownDevices(ctx context.Context) (int, error)
	LinkSighting(ctx context.Context, sightingID, assetID int64) error
	SiteVisit(ctx context.Context, scanID int64) (assets.SiteVisit, error)
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
	run(t, open, intakeCases)
}

var intakeCases = []Case[IntakeStore]{}

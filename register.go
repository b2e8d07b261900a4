package main

import (
	"context"
	"time"

	"steward/assets"
	"steward/assets/report/storesource"
	"steward/assets/safefile"
	"steward/assets/transfer"
)

// registerStore is the register as the commands hold it, on either engine: a
// SQLite file (assets/sqlite) or a shared PostgreSQL database
// (assets/postgres). openStore returns one. What only one engine can do is
// the engine's to refuse in plain words (a shared register has no backup
// files to restore or visit bundles to take).
type registerStore interface {
	storesource.Store
	transfer.Store
	Close() error
	// Path is the file, or the address without its password.
	Path() string
	Created() bool
	Who(ctx context.Context) (user, role string, err error)
	Clock() time.Time

	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error

	// backups, restore (cmd_backup.go) and the window's daily copy
	BackupTo(ctx context.Context, dest string) error
	BackupToNew(ctx context.Context, base, ext string) (string, error)
	RestoreFrom(ctx context.Context, src string) (kept string, err error)
	DailyBackup(ctx context.Context, dir string, keep int) (string, bool, error)
	IntegrityCheck(ctx context.Context) (string, error)

	// licence keys (cmd_keys.go, passphrase.go)
	Copies() ([]string, error)
	KeyEncryption(ctx context.Context) (assets.KeyEncryptionStatus, error)
	UnlockKeys(ctx context.Context, passphrase string) error
	EnableKeyEncryption(ctx context.Context, passphrase string) error
	DisableKeyEncryption(ctx context.Context, passphrase string) error
	ChangeKeyPassphrase(ctx context.Context, old, new string) error

	// visits (cmd_visit.go)
	WriteVisitBundle(ctx context.Context, locations []string, dest string, rules safefile.Rules, replace bool) (assets.VisitCheckout, error)
	CheckinVisit(ctx context.Context, path string, opt assets.CheckinOptions) (assets.MergePlan, error)

	// the commands' own reads and writes (assets, audit, demo, import,
	// inventory, training)
	AssetByTag(ctx context.Context, tag string) (assets.Asset, error)
	PersonByEmail(ctx context.Context, email string) (assets.Person, error)
	CourseByName(ctx context.Context, name string) (assets.Course, error)
	CreateAssets(ctx context.Context, list []assets.Asset) error
	CheckOutAsset(ctx context.Context, c assets.CheckOut) (assets.Handover, error)

	// steward alerts
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error)
	AlertPlaces(ctx context.Context) (*assets.AlertPlaces, error)
	CreatePerson(ctx context.Context, p *assets.Person) error
	SaveCourse(ctx context.Context, c *assets.Course) error
	RecordTraining(ctx context.Context, list []assets.TrainingRecord) (assets.ImportStats, error)
	SaveBudgetSettings(ctx context.Context, b assets.BudgetSettings) error
	SetAuditInterval(ctx context.Context, category string, months int) error
	SetInstalledSoftwareMany(ctx context.Context, byAsset map[int64][]assets.InstalledSoftware) error
	PreviewBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (assets.BulkSummary, error)
	ApplyBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (assets.BulkSummary, error)
	ImportInventory(ctx context.Context, in assets.InventoryImport, dry bool) (assets.InventoryResult, error)
	ImportInventories(ctx context.Context, list []assets.InventoryImport, dry bool) (results []assets.InventoryResult, errs []error, err error)
	StartAudit(ctx context.Context, locations []string, auditor string) (assets.Audit, error)
	Audit(ctx context.Context, id int64) (assets.Audit, error)
	AddAuditScan(ctx context.Context, auditID int64, location, code string) (assets.AuditScan, error)
	FinishAudit(ctx context.Context, auditID int64) (assets.AuditResult, error)
	AuditResult(ctx context.Context, auditID int64) (assets.AuditResult, error)
	AuditNetwork(ctx context.Context, res assets.AuditResult) ([]assets.NetworkCheck, error)
	ApplyAuditMoves(ctx context.Context, auditID int64) (int, error)
}

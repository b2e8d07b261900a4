package storetest

import (
	"context"
	"testing"

	"steward/assets"
)

// LifecycleStore is the part of a register that holds licences and seats, installed software, contracts, tasks, budgets, depreciation, model costs and licence-key encryption.
// It is five smaller contracts, each with its own Run function, so that an
// engine can be held to one at a time while it is being written.
type LifecycleStore interface {
	LicenceStore
	ContractStore
	TaskStore
	BudgetStore
	KeyStore
}

// lifecycleFixture is what the lifecycle cases need of the rest of the
// register to set a test up and check it: assets and people to hold seats
// and be covered, and the history rows the changes write. (The same methods
// are in AssetStore and PeopleStore; an engine whose asset or people part is
// not written yet may give its own, as long as they write the same rows.)
type lifecycleFixture interface {
	CreateAsset(ctx context.Context, a *assets.Asset) error
	CreatePerson(ctx context.Context, p *assets.Person) error
	History(ctx context.Context, entity string, id int64) ([]assets.HistoryEntry, error)
}

// LicenceStore holds licences, their seats and the installed software their
// compliance counts.
type LicenceStore interface {
	lifecycleFixture
	ListLicences(ctx context.Context, q assets.LicenceQuery) ([]assets.LicenceStatus, error)
	Licence(ctx context.Context, id int64) (assets.Licence, error)
	LicenceCompliance(ctx context.Context, id int64, asOf assets.Date, warnDays int) (assets.Compliance, error)
	CreateLicence(ctx context.Context, l *assets.Licence) error
	UpdateLicence(ctx context.Context, l *assets.Licence) error
	DeleteLicence(ctx context.Context, id int64) error
	Assignments(ctx context.Context, licenceID int64) ([]assets.SeatAssignment, error)
	AssignSeat(ctx context.Context, a *assets.SeatAssignment) error
	UnassignSeat(ctx context.Context, assignmentID int64) error
	Installations(ctx context.Context, licenceID int64) ([]assets.InstalledSoftware, error)
	SetInstalledSoftware(ctx context.Context, assetID int64, list []assets.InstalledSoftware) error
	SetInstalledSoftwareMany(ctx context.Context, byAsset map[int64][]assets.InstalledSoftware) error
	ImportLicences(ctx context.Context, items []assets.LicenceImport, dry bool) (assets.ImportStats, error)
	SeatTargets(ctx context.Context) (map[int64][]string, error)
}

// ContractStore holds warranty and support contracts and the assets they
// cover.
type ContractStore interface {
	lifecycleFixture
	ListContracts(ctx context.Context, q assets.ContractQuery) ([]assets.ContractRow, error)
	Contract(ctx context.Context, id int64) (assets.Contract, error)
	CreateContract(ctx context.Context, c *assets.Contract) error
	UpdateContract(ctx context.Context, c *assets.Contract) error
	DeleteContract(ctx context.Context, id int64) error
	AssetContracts(ctx context.Context, assetID int64) ([]assets.Contract, error)
	WarrantyEnds(ctx context.Context) (map[int64]assets.Date, error)
	RenewContract(ctx context.Context, id int64, edit func(next *assets.Contract)) (assets.Contract, error)
	ImportContracts(ctx context.Context, items []assets.ContractImport, dry bool) (assets.ImportStats, error)
}

// TaskStore holds planned work (upgrades, replacements, maintenance) on
// assets, one-off or recurring.
type TaskStore interface {
	lifecycleFixture
	ListTasks(ctx context.Context, q assets.TaskQuery) ([]assets.Task, error)
	Task(ctx context.Context, id int64) (assets.Task, error)
	CreateTask(ctx context.Context, t *assets.Task) error
	UpdateTask(ctx context.Context, t *assets.Task) error
	CompleteTask(ctx context.Context, id int64, on assets.Date, note string) (*assets.Task, error)
	RescheduleTask(ctx context.Context, id int64, due assets.Date) error
	DeleteTask(ctx context.Context, id int64) error
	ImportTasks(ctx context.Context, items []assets.TaskImport, dry bool) (assets.ImportStats, error)
}

// BudgetStore holds category budget policies, asset depreciation overrides,
// disposal dates, the budget settings and model replacement costs.
type BudgetStore interface {
	lifecycleFixture
	CategoryBudgets(ctx context.Context) (map[string]assets.CategoryBudget, error)
	SaveCategoryBudget(ctx context.Context, category string, b assets.CategoryBudget) error
	ImportCategories(ctx context.Context, items []assets.CategoryWithBudget, dry bool) (assets.ImportStats, error)
	CategoriesWithBudget(ctx context.Context) ([]assets.CategoryWithBudget, error)
	SetAssetDepreciation(ctx context.Context, assetID int64, d *assets.Depreciation) error
	SetDisposalDate(ctx context.Context, assetID int64, d assets.Date) error
	EachBookAsset(ctx context.Context, fn func(*assets.BookAsset) error) error
	BudgetSettings(ctx context.Context) (assets.BudgetSettings, error)
	SaveBudgetSettings(ctx context.Context, b assets.BudgetSettings) error
	AssetDepreciations(ctx context.Context) (map[int64]assets.Depreciation, error)
	AssetBookValue(ctx context.Context, a *assets.Asset, on assets.Date) (value assets.Money, policy assets.Depreciation, ok bool, err error)
	ModelCosts(ctx context.Context) (map[string]assets.Money, error)
	ListModelCosts(ctx context.Context) ([]assets.ModelCost, error)
	ImportModelCosts(ctx context.Context, items []assets.ModelCostImport, dry bool) (assets.ImportStats, error)
	AssetBook(ctx context.Context, assetID int64) (*assets.Depreciation, assets.Date, error)
}

// KeyStore seals licence keys at rest under a passphrase. The sealed form
// (assets/secret) and the settings that hold the salt and check are the
// same on every engine, so a register copied between engines opens with
// the same passphrase. It needs licences to seal.
type KeyStore interface {
	lifecycleFixture
	CreateLicence(ctx context.Context, l *assets.Licence) error
	UpdateLicence(ctx context.Context, l *assets.Licence) error
	Licence(ctx context.Context, id int64) (assets.Licence, error)
	ListLicences(ctx context.Context, q assets.LicenceQuery) ([]assets.LicenceStatus, error)
	Setting(ctx context.Context, key string) (string, error)
	KeyEncryption(ctx context.Context) (assets.KeyEncryptionStatus, error)
	EnableKeyEncryption(ctx context.Context, passphrase string) error
	UnlockKeys(ctx context.Context, passphrase string) error
	DisableKeyEncryption(ctx context.Context, passphrase string) error
	ChangeKeyPassphrase(ctx context.Context, oldPass, newPass string) error
	KeysReadable(ctx context.Context) (bool, error)
	LockKeys()
}

// RunLifecycle holds a store to the Lifecycle part of the contract.
func RunLifecycle(t *testing.T, open Opener[LifecycleStore]) {
	t.Run("Licences", func(t *testing.T) { RunLicences(t, func(t *testing.T) LicenceStore { return open(t) }) })
	t.Run("Contracts", func(t *testing.T) { RunContracts(t, func(t *testing.T) ContractStore { return open(t) }) })
	t.Run("Tasks", func(t *testing.T) { RunTasks(t, func(t *testing.T) TaskStore { return open(t) }) })
	t.Run("Budget", func(t *testing.T) { RunBudget(t, func(t *testing.T) BudgetStore { return open(t) }) })
	t.Run("Keys", func(t *testing.T) { RunKeys(t, func(t *testing.T) KeyStore { return open(t) }) })
}

// RunLicences holds a store to the licence part of the contract.
func RunLicences(t *testing.T, open Opener[LicenceStore]) { run(t, open, licenceCases) }

// RunContracts holds a store to the contract part of the contract.
func RunContracts(t *testing.T, open Opener[ContractStore]) { run(t, open, contractCases) }

// RunTasks holds a store to the task part of the contract.
func RunTasks(t *testing.T, open Opener[TaskStore]) { run(t, open, taskCases) }

// RunBudget holds a store to the budget part of the contract.
func RunBudget(t *testing.T, open Opener[BudgetStore]) { run(t, open, budgetCases) }

// RunKeys holds a store to the licence-key encryption part of the contract.
func RunKeys(t *testing.T, open Opener[KeyStore]) { run(t, open, keyCases) }

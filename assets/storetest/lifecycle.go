package storetest

import (
	"context"
	"testing"

	"steward/assets"
)

// LifecycleStore is the part of a register that holds licences and seats, installed software, contracts, tasks, budgets, depreciation, model costs and licence-key encryption.
type LifecycleStore interface {
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
	ListContracts(ctx context.Context, q assets.ContractQuery) ([]assets.ContractRow, error)
	Contract(ctx context.Context, id int64) (assets.Contract, error)
	CreateContract(ctx context.Context, c *assets.Contract) error
	UpdateContract(ctx context.Context, c *assets.Contract) error
	DeleteContract(ctx context.Context, id int64) error
	AssetContracts(ctx context.Context, assetID int64) ([]assets.Contract, error)
	WarrantyEnds(ctx context.Context) (map[int64]assets.Date, error)
	RenewContract(ctx context.Context, id int64, edit func(next *assets.Contract)) (assets.Contract, error)
	ImportContracts(ctx context.Context, items []assets.ContractImport, dry bool) (assets.ImportStats, error)
	ListTasks(ctx context.Context, q assets.TaskQuery) ([]assets.Task, error)
	Task(ctx context.Context, id int64) (assets.Task, error)
	CreateTask(ctx context.Context, t *assets.Task) error
	UpdateTask(ctx context.Context, t *assets.Task) error
	CompleteTask(ctx context.Context, id int64, on assets.Date, note string) (*assets.Task, error)
	RescheduleTask(ctx context.Context, id int64, due assets.Date) error
	DeleteTask(ctx context.Context, id int64) error
	ImportTasks(ctx context.Context, items []assets.TaskImport, dry bool) (assets.ImportStats, error)
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
	run(t, open, lifecycleCases)
}

var lifecycleCases = []Case[LifecycleStore]{}

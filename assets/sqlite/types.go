package sqlite

import "steward/assets"

// The read-model and import types live in assets (readmodel.go,
// importrows.go), where every consumer and every store can use them; the
// store's code keeps its short names for them.
type (
	LicenceStatus       = assets.LicenceStatus
	LicenceQuery        = assets.LicenceQuery
	ContractQuery       = assets.ContractQuery
	ContractRow         = assets.ContractRow
	TaskQuery           = assets.TaskQuery
	AssetFlags          = assets.AssetFlags
	AssetLifecycle      = assets.AssetLifecycle
	TrainingIssue       = assets.TrainingIssue
	Leaver              = assets.Leaver
	PeopleFilter        = assets.PeopleFilter
	PersonRow           = assets.PersonRow
	ScanInfo            = assets.ScanInfo
	ScanOutcome         = assets.ScanOutcome
	SightingQuery       = assets.SightingQuery
	SiteVisit           = assets.SiteVisit
	BookAsset           = assets.BookAsset
	InventoryReportInfo = assets.InventoryReportInfo
	InventoryResult     = assets.InventoryResult
	KeyEncryptionStatus = assets.KeyEncryptionStatus
	BackupInfo          = assets.BackupInfo
	VisitCheckout       = assets.VisitCheckout
	CheckinOptions      = assets.CheckinOptions
	ImportStats         = assets.ImportStats
	AssetBatch          = assets.AssetBatch
	AssetImportPlan     = assets.AssetImportPlan
	InventoryImport     = assets.InventoryImport
	LicenceImport       = assets.LicenceImport
	ContractImport      = assets.ContractImport
	TaskImport          = assets.TaskImport
	PersonImport        = assets.PersonImport
	ModelCostImport     = assets.ModelCostImport
	CategoryWithBudget  = assets.CategoryWithBudget
)

// Licence filters for LicenceQuery.Filter.
const (
	LicenceFilterAll       = assets.LicenceFilterAll
	LicenceFilterShortfall = assets.LicenceFilterShortfall
	LicenceFilterUnused    = assets.LicenceFilterUnused
	LicenceFilterExpiring  = assets.LicenceFilterExpiring
	LicenceFilterExpired   = assets.LicenceFilterExpired
)

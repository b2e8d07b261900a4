package assets

import "time"

// Live updates: a shared register (PostgreSQL) tells every open window what
// another client changed, so lists and the dashboard refresh by themselves.
// A watcher (postgres.Store.Watch) calls back with a Change for each change
// and for each change of its connection's state.

// ChangeKind says what a Change reports.
type ChangeKind int

const (
	// ChangeData: rows of Entity changed (EntityID one of them, or 0 when
	// several did or the rows have no number).
	ChangeData ChangeKind = iota
	// ChangeLost: the connection to the shared register was lost at At;
	// the watcher is reconnecting.
	ChangeLost
	// ChangeConnected: the watcher is connected (again) and has caught up
	// with every change made while it was away (delivered before this).
	ChangeConnected
	// ChangeResync: changes may have been missed (the log was pruned
	// past the last one seen, or too many to list): reload everything.
	ChangeResync
)

// The entities a change names: the lists a window shows. A child record
// (a licence's seats, a contract's assets...) changes its parent's entity.
const (
	EntityAssets          = "assets" // also inventory reports, by asset
	EntityPeople          = "people"
	EntityLicences        = "licences"
	EntityContracts       = "contracts"
	EntityTasks           = "tasks"
	EntityCourses         = "courses"
	EntityTrainingRecords = "training_records"
	EntityHandovers       = "handovers"
	EntityCategories      = "categories"
	EntitySettings        = "settings"
	EntityScans           = "scans"
	EntitySightings       = "sightings"
	EntitySoftware        = "software"
	EntityAudits          = "audits"
	EntityBudget          = "budget"
)

// Change is one change to a shared register, or to the connection to it.
type Change struct {
	Kind ChangeKind
	// Seq is the change log's number (ChangeData), increasing in the order
	// the changes were made (not always the order they were committed).
	Seq      int64
	Entity   string // ChangeData: one of the Entity constants
	EntityID int64  // ChangeData: the row when one changed, else 0
	Action   string // ChangeData: "insert", "update" or "delete"
	Rows     int64  // ChangeData: how many rows the statement changed
	// At: ChangeLost, when the connection was lost; ChangeConnected, when
	// it was made; ChangeData, when the change was made if known (catch-up).
	At time.Time
}

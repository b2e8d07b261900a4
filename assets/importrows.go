package assets

// Import rows: one record of an import file as a store's Import* methods take
// it, with what the file says beyond the record (its line, what to keep when
// the file has no column for it), and the counts an import gives back.

import "time"

// ImportStats counts what an import did.
type ImportStats struct {
	Created, Updated, Unchanged int
}

// Saved counts one existing record an import saved: updated if it changed,
// unchanged if not.
func (st *ImportStats) Saved(changed bool) {
	if changed {
		st.Updated++
	} else {
		st.Unchanged++
	}
}

// AssetBatch is consecutive rows of an asset import, in file order.
type AssetBatch struct {
	Assets   []Asset // normalised and validated; IDs and tags are set here
	Warranty []Date  // each asset's warranty end (zero for none), as long as Assets
	Lines    []int   // each asset's line in the file, for errors; nil to number them
}

// AssetImportPlan is what the check of an import found out about all its
// rows, for the write to choose how to write them.
type AssetImportPlan struct {
	Rows       int // rows in all
	Tagged     int // rows with a tag
	Serials    int // rows with a serial number
	Warranties int // rows with a warranty end
	// TagInFile reports whether a row has this tag (any case): a tag
	// generated for an untagged row must not take it.
	TagInFile func(tag string) bool
	// Held says the batches stay in memory, unchanged, until the import
	// returns: the search index built aside then reads them once every
	// row is in, as CreateAssets does, instead of batch by batch (which
	// takes a core from the rows being written).
	Held bool
}

// InventoryImport is one inventory report to store. The store does not read
// the report's format: the caller passes the facts matching needs, the
// software list, and the JSON to keep.
type InventoryImport struct {
	Facts         MachineFacts
	CollectedAt   time.Time
	SchemaVersion int
	Source        string // file name or agent address, for the history
	Report        []byte // the report's JSON, kept whole
	Software      []InstalledSoftware
	// Changes lists what differs from the asset's previous report (JSON as
	// stored); called inside the transaction, only when there is one.
	Changes func(previous []byte) []InventoryChange
}

// LicenceImport is one row of a licences import. A row updates the licence
// with the same product, vendor, edition and purchase date, else creates
// one. An empty key keeps the stored key (exports leave keys out unless
// asked), and so do the fields the file has no column for (renewal date,
// supplier, contract reference, notes). With SetSeats, the licence's seats
// become exactly Seats.
type LicenceImport struct {
	Line     int
	Licence  Licence
	Seats    []SeatAssignment // PersonID or AssetID set
	SetSeats bool
	// KeepRenews and KeepTerm keep the stored "renews" flag and term when
	// the file has no column for them.
	KeepRenews, KeepTerm bool
}

// ContractImport is one row of a contracts import. A row updates the
// contract with the same provider and reference (or, without a reference,
// the same provider, start and end), else creates one.
type ContractImport struct {
	Line     int
	Contract Contract
}

// TaskImport is one row of a tasks import. A row updates the task with the
// same kind, due date and assets, else creates one.
type TaskImport struct {
	Line int
	Task Task
	// KeepSpend keeps the stored capex/opex choice (the file has no column).
	KeepSpend bool
}

// PersonImport is one person as an import file gives them, with the manager
// named by e-mail (resolved once every row is in, so a manager may come
// later in the same file).
type PersonImport struct {
	Person
	ManagerEmail string
}

// ModelCostImport is one row of a model-costs import.
type ModelCostImport struct {
	Line int
	Cost ModelCost
}

// CategoryWithBudget is a category with its budget policy: one row of the
// categories import and export.
type CategoryWithBudget struct {
	Line     int
	Category Category
	Budget   CategoryBudget
	// AuditIntervalMonths is how often the category's assets are audited
	// (0: never); on import KeepAuditInterval leaves the stored one as is
	// (a file without the column).
	AuditIntervalMonths int
	KeepAuditInterval   bool
}

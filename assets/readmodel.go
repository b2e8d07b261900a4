package assets

// The read model: what a store's queries take (the *Query and *Filter types)
// and give back (rows with what the lists show beside the record). They are
// plain values, the same for every store, so the screens, reports and
// commands that use them need not know which store answers.

import "time"

// LicenceStatus is a licence with its compliance on the query's date.
type LicenceStatus struct {
	Licence
	Compliance Compliance
}

// LicenceQuery selects licences for the list. Empty fields match all.
type LicenceQuery struct {
	Search   string // product, vendor, edition or supplier contains it
	Vendor   string
	Type     LicenceType
	Filter   string // one of the LicenceFilter constants
	AsOf     Date
	WarnDays int
}

// Licence filters for LicenceQuery.Filter.
const (
	LicenceFilterAll       = ""
	LicenceFilterShortfall = "shortfall"
	LicenceFilterUnused    = "unused"
	LicenceFilterExpiring  = "expiring"
	LicenceFilterExpired   = "expired"
	// LicenceFilterExpiredInUse is the expired licences still installed or
	// assigned (the critical licence_expiry alerts).
	LicenceFilterExpiredInUse = "expired_in_use"
)

// ContractQuery selects contracts for the list. Empty fields match all.
type ContractQuery struct {
	Search   string // provider, reference or level contains it
	Kind     ContractKind
	State    CoverageState // active, ending, expired (none: not started)
	AssetID  int64
	AsOf     Date
	WarnDays int
}

// ContractRow is a contract with its state on the query's date.
type ContractRow struct {
	Contract
	State    CoverageState
	DaysLeft int
}

// TaskQuery selects tasks. Empty fields match all.
type TaskQuery struct {
	Open    bool // planned or in progress only
	Status  TaskStatus
	Kind    TaskKind
	AssetID int64
	DueBy   Date // due on or before
	Limit   int
}

// AssetFlags is an asset's lifecycle standing for badges and the detail
// pane: its end-of-life state with reasons, its OS or firmware support and
// its cover.
type AssetFlags struct {
	EOL      EOLResult
	OS       OSSupport
	Coverage Coverage
}

// AssetLifecycle is everything the asset page shows about an asset's life.
type AssetLifecycle struct {
	AssetFlags
	Contracts []Contract
	Tasks     []Task
	Licences  []Licence // licences with a seat assigned to the asset
}

// TrainingIssue is one person's problem with one mandatory course.
type TrainingIssue struct {
	PersonID   int64
	Person     string
	Email      string
	Department string
	Course     *Course // shared, not to be changed
	Because    Scope
	State      TrainingState
	Expires    Date // zero when never done
}

// Leaver is someone who has left and still holds assets or licence seats.
type Leaver struct {
	Person Person
	Assets []string // tags
	Seats  int
	Risk   string
}

// PeopleFilter selects people for the People screen.
type PeopleFilter struct {
	Text       string // name, e-mail, title or location contains
	Department string // exact, any case; "" = all
	Status     PersonStatus
	Limit      int
}

// PersonRow is one line of the people list: the person and what they hold.
type PersonRow struct {
	Person
	AssetsHeld int
}

// ScanInfo describes one discovery scan being recorded.
type ScanInfo struct {
	Started, Finished time.Time
	Interfaces        []string
	Site              string
}

// ScanOutcome is what a recorded scan means for the register.
type ScanOutcome struct {
	ScanID  int64
	New     []Sighting // seen now, no asset: a security signal
	Known   int        // seen now and matched or linked to an asset
	Matched int        // matched to an asset by this scan
	Missing []Sighting // seen at this site before, not in this scan
}

// SightingQuery filters Sightings.
type SightingQuery struct {
	State SightingState // "" for all
	Site  string        // "" for every site
}

// SiteVisit is one scan of a site: the devices it found, which of them were
// first seen since the site's previous scan, and what that previous scan
// saw that this one did not.
type SiteVisit struct {
	ScanID            int64
	Site              string
	Started, Finished time.Time
	PrevID            int64 // 0: the site's first scan
	PrevFinished      time.Time
	Found             []Sighting
	New               map[int64]bool // sighting IDs first seen after the previous scan
	Missing           []Sighting
}

// BookAsset is what the depreciation report reads of an asset.
type BookAsset struct {
	ID        int64
	Category  string
	Status    Status
	Location  string
	Purchase  Date
	Cost      Money
	Disposed  Date          // zero: no disposal date recorded
	Override  *Depreciation // the asset's own policy, if any
	HolderDep string        // the holder's department
}

// InventoryReportInfo lists one stored report without its body.
type InventoryReportInfo struct {
	ID          int64     `json:"id"`
	AssetID     int64     `json:"asset_id"`
	CollectedAt time.Time `json:"collected_at"`
	ImportedAt  time.Time `json:"imported_at"`
	Source      string    `json:"source,omitempty"`
	HostName    string    `json:"hostname,omitempty"`
	OS          string    `json:"os,omitempty"`
}

// InventoryResult says what a store's ImportInventory did with one report.
type InventoryResult struct {
	AssetID   int64  `json:"asset_id"`
	Tag       string `json:"tag"`
	Name      string `json:"name"`
	Created   bool   `json:"created,omitempty"`
	MatchedBy string `json:"matched_by,omitempty"` // serial, uuid, mac, hostname
	// Duplicate: this asset already has a report from that instant.
	Duplicate bool `json:"duplicate,omitempty"`
	// Older: the asset has a newer report; this one joins the history only.
	Older   bool              `json:"older,omitempty"`
	Updated []FieldChange     `json:"updated,omitempty"` // asset fields taken from the report
	Changes []InventoryChange `json:"changes,omitempty"` // since the previous report
}

// KeyEncryptionStatus tells whether licence keys are encrypted at rest and
// whether this session holds the passphrase.
type KeyEncryptionStatus struct {
	Enabled  bool
	Unlocked bool
	Sealed   int // licence keys stored sealed
	Plain    int // licence keys stored in plain text
}

// BackupInfo is what checking a backup file learned about it.
type BackupInfo struct {
	SchemaVersion int
	Assets        int
}

// VisitCheckout is what a checkout took.
type VisitCheckout struct {
	GID       string
	Locations []string
	Counts    map[string]int // records by table
	TagPrefix string
}

// CheckinOptions say how a check-in runs.
type CheckinOptions struct {
	DryRun bool
	// All resolves every conflict (Theirs, Mine); Undecided leaves them
	// open (the register keeps its value).
	All Side
	// Per resolves single conflicts, by ResolutionKey.
	Per map[string]Side
}

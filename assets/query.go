package assets

// SortField is a column the assets list can be ordered by.
type SortField string

const (
	SortTag          SortField = "tag"
	SortName         SortField = "name"
	SortCategory     SortField = "category"
	SortStatus       SortField = "status"
	SortLocation     SortField = "location"
	SortAssigned     SortField = "assigned" // by the holder's name
	SortManufacturer SortField = "manufacturer"
	SortModel        SortField = "model"
	SortPurchase     SortField = "purchase_date"
	SortCost         SortField = "cost"
	SortUpdated      SortField = "updated"
)

// AssetQuery selects a page of assets. Empty filters match everything.
type AssetQuery struct {
	Search     string // free text over tag, name, serial, model, manufacturer, person, notes
	Category   string
	Status     Status
	Location   string
	AssignedTo int64
	Sort       SortField
	Desc       bool
	After      *Cursor // continue after this row (keyset pagination)
	Limit      int     // rows per page; 0 means 100
}

// Cursor marks the last row of a page: its sort value and ID.
type Cursor struct {
	Value any
	ID    int64
}

// AssetPage is one page of a query, with the cursor for the next one (nil at
// the end).
type AssetPage struct {
	Assets []Asset
	Next   *Cursor
}

// Count is a label and how many records carry it.
type Count struct {
	Key   string
	Label string
	N     int
}

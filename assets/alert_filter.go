package assets

import (
	"fmt"
	"slices"
	"strings"
)

// Place is where an alert's record sits: the category and location of an
// asset, the location of a person.
type Place struct{ Category, Location string }

// AlertPlaces is the category and location of every record an alert can
// be about that has one: assets (category, location) and people
// (location). Licences, tasks and the rest have no place, so a category
// or location filter leaves their alerts out.
type AlertPlaces struct {
	Assets map[int64]Place
	People map[int64]string
}

// Of is the place of the record ref points at (zero when it has none).
func (p *AlertPlaces) Of(ref Ref) Place {
	if p == nil {
		return Place{}
	}
	switch ref.Entity {
	case "asset":
		return p.Assets[ref.ID]
	case "person":
		return Place{Location: p.People[ref.ID]}
	}
	return Place{}
}

// AlertFilter picks alerts: of any of Kinds (nil: every kind; empty but
// not nil: none), of any of Severities (likewise), about a record in Category and at
// Location ("" : anywhere). The conditions combine: an alert must meet
// them all.
type AlertFilter struct {
	Kinds      []string
	Severities []Severity
	Category   string
	Location   string
}

// NeedsPlaces says whether Match reads the records' places.
func (f AlertFilter) NeedsPlaces() bool { return f.Category != "" || f.Location != "" }

// IsZero says whether the filter lets every alert through.
func (f AlertFilter) IsZero() bool {
	return len(f.Kinds) == 0 && len(f.Severities) == 0 && !f.NeedsPlaces()
}

// And is the filter that needs both f and g: kinds and severities in both
// (a nil list in one takes the other's), the category or location of
// either (g's when both set one; callers give different conditions).
func (f AlertFilter) And(g AlertFilter) AlertFilter {
	out := f
	out.Kinds = intersect(f.Kinds, g.Kinds)
	out.Severities = intersect(f.Severities, g.Severities)
	if g.Category != "" {
		out.Category = g.Category
	}
	if g.Location != "" {
		out.Location = g.Location
	}
	return out
}

// intersect is what both lists hold, where a nil list means "any"; two
// lists with nothing in common give a list that matches nothing.
func intersect[T comparable](a, b []T) []T {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	out := make([]T, 0, len(a)) // not nil even when empty: matches nothing
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// Match says whether a passes the filter; places is read only when the
// filter names a category or location.
func (f AlertFilter) Match(a *Alert, places *AlertPlaces) bool {
	if f.Kinds != nil && !slices.Contains(f.Kinds, a.Kind) {
		return false
	}
	if f.Severities != nil && !slices.Contains(f.Severities, a.Severity) {
		return false
	}
	if f.NeedsPlaces() {
		p := places.Of(a.Ref)
		if f.Category != "" && !strings.EqualFold(p.Category, f.Category) {
			return false
		}
		if f.Location != "" && !strings.EqualFold(p.Location, f.Location) {
			return false
		}
	}
	return true
}

// FilterAlerts is the positions in list of the alerts f lets through, in
// list order (so a ranked list stays ranked).
func FilterAlerts(list []Alert, f AlertFilter, places *AlertPlaces) []int32 {
	var out []int32
	for i := range list {
		if f.Match(&list[i], places) {
			out = append(out, int32(i))
		}
	}
	return out
}

// CheckAlertKind says whether kind is an alert kind, in words if not.
func CheckAlertKind(kind string) error {
	if slices.Contains(AlertKinds, kind) {
		return nil
	}
	return fmt.Errorf("no alert kind %q: use one of %s", kind, strings.Join(RankedKinds(), ", "))
}

// Tile is one of the dashboard's counts (issue 16): what needs looking at,
// each opening the list of what it counts.
type Tile struct {
	ID    string // stable name, e.g. "leavers"
	Title string
	N     int
	// Filter picks the alerts the tile counts; Devices tiles count unknown
	// devices from the last scan instead (they open the Discovery screen).
	Filter  AlertFilter
	Devices bool
}

// tileSpecs are the tiles in the order the dashboard shows them.
var tileSpecs = []Tile{
	{ID: "leavers", Title: "Leavers with equipment", Filter: AlertFilter{Kinds: []string{AlertLeaverHolding}}},
	{ID: "shortfalls", Title: "Licence shortfalls", Filter: AlertFilter{Kinds: []string{AlertLicenceShortfall}}},
	{ID: "expired_in_use", Title: "Expired licences in use", Filter: AlertFilter{Kinds: []string{AlertLicenceExpiry}, Severities: []Severity{SeverityCritical}}},
	{ID: "os_support", Title: "OS/firmware unsupported", Filter: AlertFilter{Kinds: []string{AlertOSSupport}, Severities: []Severity{SeverityCritical}}},
	{ID: "training", Title: "Training overdue", Filter: AlertFilter{Kinds: []string{AlertTrainingOverdue}}},
	{ID: "refresh", Title: "Hardware past refresh", Filter: AlertFilter{Kinds: []string{AlertEOL}, Severities: []Severity{SeverityCritical}}},
	{ID: "warranties", Title: "Warranties ending", Filter: AlertFilter{Kinds: []string{AlertWarranty}, Severities: []Severity{SeverityWarning}}},
	{ID: "overdue", Title: "Tasks and returns overdue", Filter: AlertFilter{Kinds: []string{AlertTaskOverdue, AlertReturnOverdue}}},
	{ID: "unknown_devices", Title: "Unknown devices (last scan)", Devices: true},
}

// Tiles counts the dashboard's tiles from the alert list (one pass, in any
// order) and the number of unknown devices seen in the last scan.
func Tiles(alerts []Alert, unknownDevices int) []Tile {
	var bySevKind [3][KindRankOther + 1]int
	for i := range alerts {
		if s := alerts[i].Severity; s >= SeverityInfo && s <= SeverityCritical {
			bySevKind[s][KindRank(alerts[i].Kind)]++
		}
	}
	out := make([]Tile, len(tileSpecs))
	for i, t := range tileSpecs {
		t.Filter.Kinds = slices.Clone(t.Filter.Kinds)
		t.Filter.Severities = slices.Clone(t.Filter.Severities)
		if t.Devices {
			t.N = unknownDevices
		} else {
			sevs := t.Filter.Severities
			if len(sevs) == 0 {
				sevs = []Severity{SeverityInfo, SeverityWarning, SeverityCritical}
			}
			for _, k := range t.Filter.Kinds {
				for _, s := range sevs {
					t.N += bySevKind[s][KindRank(k)]
				}
			}
		}
		out[i] = t
	}
	return out
}

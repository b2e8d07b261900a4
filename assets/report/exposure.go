package report

import (
	"fmt"
	"sort"
	"strconv"

	"steward/assets"
)

// Warranty is the warranty of one asset, as the lifecycle records keep it.
type Warranty struct {
	AssetID  int64
	Ends     assets.Date
	Provider string
}

// EOLState is an end-of-life finding from elsewhere (the end-of-life catalog
// of models and operating systems). It counts when it comes before the
// asset's own end-of-life date or refresh date.
type EOLState struct {
	Date   assets.Date
	Reason string
}

// OSState is an asset's operating system or firmware support from the
// end-of-life catalog. It is apart from the hardware's end of life: an
// update, not a replacement, brings the asset back into support.
type OSState struct {
	Release string      // as the catalog names it: "FortiOS 7.0"
	Date    assets.Date // end of support
	Next    string      // the upgrade path: the next supported release, "" when the catalog knows none
	Reason  string
}

// ExposureInput is what the end-of-life and warranty report needs.
type ExposureInput struct {
	Org        string
	AsOf       assets.Date
	Months     int // look-ahead window; 0 means 12
	Categories []assets.Category
	Warranties []Warranty         // nil when no warranty records exist
	EOL        map[int64]EOLState // optional findings by asset ID
	OS         map[int64]OSState  // optional: OS and firmware support by asset ID (Reason shown as a note)
}

// ExposureRow is one asset at or near end of life, or out of warranty.
type ExposureRow struct {
	Tag, Name, Category, Location string
	Date                          assets.Date
	Days                          int // from the as-of date; negative when past
	State, Reason                 string
	Release, Next                 string // OS rows: the release and the next supported one
}

// Exposure is what is at or near end of life, and what is out of warranty.
type Exposure struct {
	Org                  string
	AsOf                 assets.Date
	Months               int
	EOL                  []ExposureRow
	OS                   []ExposureRow // Release and Next filled
	Warranty             []ExposureRow
	Active               int
	PastEOL, SoonEOL     int
	PastOS, SoonOS       int // OS or firmware out of support, or leaving it within Months
	Expired, Expiring    int
	NoWarranty           int // active assets with no warranty record
	WarrantyRecordsKnown bool
	Ages                 []AgeLine // the fleet by category and age (charts.go)
}

// ExposureBuilder collects assets for the exposure report.
type ExposureBuilder struct {
	in       ExposureInput
	cats     map[string]assets.Category
	warranty map[int64]Warranty
	horizon  assets.Date
	ages     ages
	e        Exposure
}

// NewExposure starts the report; Add each asset, then Build.
func NewExposure(in ExposureInput) *ExposureBuilder {
	if in.Months <= 0 {
		in.Months = 12
	}
	b := &ExposureBuilder{in: in, cats: map[string]assets.Category{}, warranty: map[int64]Warranty{}, horizon: in.AsOf.AddMonths(in.Months)}
	for _, c := range in.Categories {
		b.cats[c.Name] = c
	}
	for _, w := range in.Warranties {
		if old, ok := b.warranty[w.AssetID]; !ok || w.Ends.After(old.Ends) {
			b.warranty[w.AssetID] = w // the longest cover counts
		}
	}
	b.e = Exposure{Org: in.Org, AsOf: in.AsOf, Months: in.Months, WarrantyRecordsKnown: in.Warranties != nil}
	return b
}

// Add checks one asset still in the fleet.
func (b *ExposureBuilder) Add(a *assets.Asset) {
	if !a.Status.Active() {
		return
	}
	b.e.Active++
	cat := categoryOf(b.cats, a.Category)
	b.ages.add(a, cat, b.in.AsOf)
	row := ExposureRow{Tag: a.Tag, Name: a.Name, Category: cat.Label, Location: a.Location}
	date, reason, known := EOLDate(a, cat)
	if st, ok := b.in.EOL[a.ID]; ok && !st.Date.IsZero() && (!known || st.Date.Before(date)) {
		date, reason, known = st.Date, st.Reason, true
	}
	if known && date.Before(b.horizon) {
		r := row
		r.Date, r.Days, r.Reason = date, b.in.AsOf.DaysUntil(date), reason
		if date.After(b.in.AsOf) {
			r.State = "Within " + assets.CountOf(b.in.Months, "month", "months")
			b.e.SoonEOL++
		} else {
			r.State = "Past end of life"
			b.e.PastEOL++
		}
		b.e.EOL = append(b.e.EOL, r)
	}
	if st, ok := b.in.OS[a.ID]; ok && !st.Date.IsZero() && st.Date.Before(b.horizon) {
		r := row
		r.Date, r.Days, r.Reason, r.Release, r.Next = st.Date, b.in.AsOf.DaysUntil(st.Date), st.Reason, st.Release, st.Next
		if st.Date.After(b.in.AsOf) {
			r.State = "Support ends within " + assets.CountOf(b.in.Months, "month", "months")
			b.e.SoonOS++
		} else {
			r.State = "Unsupported"
			b.e.PastOS++
		}
		b.e.OS = append(b.e.OS, r)
	}
	w, ok := b.warranty[a.ID]
	if !ok || w.Ends.IsZero() {
		b.e.NoWarranty++
		return
	}
	if w.Ends.Before(b.horizon) {
		r := row
		r.Date, r.Days = w.Ends, b.in.AsOf.DaysUntil(w.Ends)
		r.Reason = joinNonEmpty(w.Provider, "")
		if w.Ends.After(b.in.AsOf) {
			r.State = "Expires within " + assets.CountOf(b.in.Months, "month", "months")
			b.e.Expiring++
		} else {
			r.State = "Out of warranty"
			b.e.Expired++
		}
		b.e.Warranty = append(b.e.Warranty, r)
	}
}

// Build sorts the findings, earliest first.
func (b *ExposureBuilder) Build() *Exposure {
	byDate := func(rows []ExposureRow) {
		sort.SliceStable(rows, func(i, j int) bool {
			if c := rows[i].Date.Compare(rows[j].Date); c != 0 {
				return c < 0
			}
			return rows[i].Tag < rows[j].Tag
		})
	}
	byDate(b.e.EOL)
	byDate(b.e.OS)
	byDate(b.e.Warranty)
	b.e.Ages = b.ages.list(b.in.Categories)
	e := b.e
	return &e
}

// Document lays the exposure report out.
func (e *Exposure) Document() *Document {
	n := func(v int) string { return groupDigits(strconv.Itoa(v)) }
	d := &Document{Kind: "eol", Title: "End-of-life and warranty exposure", Org: e.Org, AsOf: e.AsOf, Landscape: true,
		Subtitle: fmt.Sprintf("Assets in the fleet that are past end of life or reach it within %s, whose operating system or firmware is out of support or leaves it within %[1]s, and assets out of warranty or whose warranty ends within %[1]s.", assets.CountOf(e.Months, "month", "months"))}
	d.Summary = []KV{
		{"Assets in the fleet", n(e.Active)},
		{"Past end of life", n(e.PastEOL)},
		{"End of life within " + assets.CountOf(e.Months, "month", "months"), n(e.SoonEOL)},
		{"OS or firmware unsupported", n(e.PastOS)},
		{"OS or firmware support ends within " + assets.CountOf(e.Months, "month", "months"), n(e.SoonOS)},
	}
	if e.WarrantyRecordsKnown {
		d.Summary = append(d.Summary,
			KV{"Out of warranty", n(e.Expired)},
			KV{"Warranty ends within " + assets.CountOf(e.Months, "month", "months"), n(e.Expiring)},
			KV{"No warranty recorded", n(e.NoWarranty)})
	}
	cols := []Column{{Title: "Tag", Width: 1.1}, {Title: "Name", Width: 2.1}, {Title: "Category", Width: 0.9},
		{Title: "Location", Width: 1.1}, {Title: "Date", Kind: Date}, {Title: "Days", Kind: Int, Width: 0.6},
		{Title: "State", Width: 1.2}, {Title: "Reason", Width: 4.2, Wrap: true}}
	eol := Section{Title: "End of life", Columns: cols, Empty: "No asset is at or near end of life."}
	for _, r := range e.EOL {
		eol.Rows = append(eol.Rows, []Cell{T(r.Tag), T(r.Name), T(r.Category), T(r.Location), D(r.Date), I(r.Days), T(r.State), T(r.Reason)})
	}
	oscols := []Column{{Title: "Tag", Width: 1.1}, {Title: "Name", Width: 1.8}, {Title: "Category", Width: 0.9},
		{Title: "Location", Width: 1.0}, {Title: "Date", Kind: Date}, {Title: "Days", Kind: Int, Width: 0.6},
		{Title: "State", Width: 1.1}, {Title: "OS or firmware", Width: 1.8, Wrap: true}, {Title: "Upgrade to", Width: 1.8, Wrap: true},
		{Title: "Note", Width: 2.2, Wrap: true}}
	ossec := Section{Title: "OS and firmware support", Columns: oscols, Empty: "No asset's operating system or firmware is out of support or near the end of it."}
	for _, r := range e.OS {
		ossec.Rows = append(ossec.Rows, []Cell{T(r.Tag), T(r.Name), T(r.Category), T(r.Location), D(r.Date), I(r.Days), T(r.State), T(r.Release), T(r.Next), T(r.Reason)})
	}
	wcols := append([]Column(nil), cols...)
	wcols[7].Title = "Provider"
	war := Section{Title: "Warranty", Columns: wcols, Empty: "No asset is out of warranty or near the end of it."}
	if !e.WarrantyRecordsKnown {
		war.Empty = "This register has no warranty records yet."
	}
	for _, r := range e.Warranty {
		war.Rows = append(war.Rows, []Cell{T(r.Tag), T(r.Name), T(r.Category), T(r.Location), D(r.Date), I(r.Days), T(r.State), T(r.Reason)})
	}
	d.Sections = []Section{eol, ossec, war, e.ageSection()}
	if len(e.Ages) > 0 {
		d.Chart = e.AgeChart()
	}
	d.Notes = []string{"Days count from the as-of date; a negative number is how long ago it happened."}
	return d
}

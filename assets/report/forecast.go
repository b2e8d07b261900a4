package report

import (
	"fmt"
	"sort"
	"strconv"

	"steward/assets"
)

// Kind of spending in the budget forecast.
type SpendKind int

const (
	KindRefresh   SpendKind = iota // assets reaching end of life, replaced
	KindLicences                   // licence renewals
	KindContracts                  // support contract renewals
	KindUpgrades                   // planned upgrade tasks
	numKinds
)

var kindLabels = [numKinds]string{"Refresh", "Licences", "Contracts", "Upgrades"}

func (k SpendKind) String() string { return kindLabels[k] }

// Renewal is a recurring payment: a licence subscription or a support
// contract. It falls due on Next and then every TermMonths (0: once).
type Renewal struct {
	Name       string
	Vendor     string
	Ref        string // what it covers: asset tag, contract number
	Next       assets.Date
	TermMonths int
	Cost       assets.Money // per renewal
}

// PlannedTask is an open upgrade task with its expected cost. A recurring
// task comes back every EveryMonths after Due (0: once).
type PlannedTask struct {
	Title       string
	AssetTag    string
	Due         assets.Date
	EveryMonths int
	Cost        assets.Money
}

// ForecastInput is everything the budget forecast needs except the assets,
// which are added one by one (a register of 100,000 assets streams through).
type ForecastInput struct {
	Org        string
	AsOf       assets.Date
	Years      int    // how many years ahead; 0 means 5
	Currency   string // report currency; "" picks the most used one
	Categories []assets.Category
	Licences   []Renewal
	Contracts  []Renewal
	Tasks      []PlannedTask
}

// Period is a span of dates [From, To).
type Period struct {
	Label    string
	From, To assets.Date
}

// Contains reports whether d falls in p.
func (p Period) Contains(d assets.Date) bool { return !d.Before(p.From) && d.Before(p.To) }

// Event is one payment in the forecast other than an asset replacement.
type Event struct {
	Kind    SpendKind
	Date    assets.Date
	Name    string
	Detail  string // vendor, asset tag
	Vendor  string // who is paid (licences and contracts)
	Cost    assets.Money
	Overdue bool // was due before the as-of date: counted now
}

// CategoryLine is the refresh of one category: count and cost per year.
type CategoryLine struct {
	Name, Label string
	Count       []int
	Cost        []int64 // minor units of the report currency
}

// Forecast is the budget and refresh forecast as of a date.
type Forecast struct {
	Org      string
	AsOf     assets.Date
	Currency string
	Years    []Period
	Quarters []Period          // the first year's four quarters
	ByKind   [numKinds][]int64 // [kind][year], minor units
	QByKind  [numKinds][4]int64
	// Categories with any refresh in the horizon, by label.
	Categories []CategoryLine
	Events     []Event // licences, contracts, tasks in the horizon, by date

	ActiveAssets  int // active assets considered
	NoEOL         int // active assets with no end-of-life date and no refresh policy
	PastEOL       int // already past end of life on the as-of date (counted in Q1)
	Replacements  int // replacement events in the horizon (one asset may recur)
	ZeroCost      int // replacements with no cost known
	OtherCurrency map[string]int64
}

type occurrence struct {
	cat      int
	year     int8
	quarter  int8 // -1 outside the first year
	minor    int64
	currency string
}

// ForecastBuilder collects the assets for a forecast.
type ForecastBuilder struct {
	in       ForecastInput
	years    []Period
	quarters []Period
	end      assets.Date
	cats     map[string]int // name -> index into catList
	catList  []assets.Category
	occ      []occurrence
	counts   map[string]int // currency -> events, to pick the report currency
	f        Forecast
}

// NewForecast starts a forecast; add every asset with Add, then call Build.
func NewForecast(in ForecastInput) *ForecastBuilder {
	if in.Years <= 0 {
		in.Years = 5
	}
	b := &ForecastBuilder{in: in, cats: map[string]int{}, counts: map[string]int{}}
	for i := 0; i < in.Years; i++ {
		from, to := in.AsOf.AddYears(i), in.AsOf.AddYears(i+1)
		b.years = append(b.years, Period{Label: yearLabel(from, to), From: from, To: to})
	}
	for q := 0; q < 4; q++ {
		from, to := in.AsOf.AddMonths(3*q), in.AsOf.AddMonths(3*q+3)
		b.quarters = append(b.quarters, Period{Label: "Q" + strconv.Itoa(q+1), From: from, To: to})
	}
	b.end = in.AsOf.AddYears(in.Years)
	for _, c := range in.Categories {
		b.catIndex(c.Name, c)
	}
	return b
}

// yearLabel is "2027" for a calendar year, else "2026/27".
func yearLabel(from, to assets.Date) string {
	if from.Month == 1 && from.Day == 1 {
		return strconv.Itoa(from.Year)
	}
	return fmt.Sprintf("%d/%02d", from.Year, to.Year%100)
}

func (b *ForecastBuilder) catIndex(name string, c assets.Category) int {
	if i, ok := b.cats[name]; ok {
		return i
	}
	if c.Name == "" {
		c = assets.Category{Name: name, Label: name}
	}
	if c.Label == "" {
		c.Label = c.Name
	}
	b.cats[name] = len(b.catList)
	b.catList = append(b.catList, c)
	return len(b.catList) - 1
}

// EOLDate is when an asset reaches end of life: its own end-of-life date if
// set, else its purchase date plus its category's refresh period. ok is
// false when neither is known.
func EOLDate(a *assets.Asset, c assets.Category) (d assets.Date, reason string, ok bool) {
	if !a.EOLDate.IsZero() {
		return a.EOLDate, "end-of-life date set on the asset", true
	}
	if c.RefreshYears > 0 && !a.PurchaseDate.IsZero() {
		return a.PurchaseDate.AddYears(c.RefreshYears),
			fmt.Sprintf("%s refresh every %d years from purchase on %s", c.Label, c.RefreshYears, a.PurchaseDate), true
	}
	return assets.Date{}, "", false
}

// Add counts one asset. Only assets still in the fleet (in stock, deployed,
// in repair) are planned for. An asset reaching end of life in the horizon
// is replaced then, and its replacement again after the category's refresh
// period if that also falls in the horizon; an asset already past end of
// life is counted on the as-of date (the first quarter).
func (b *ForecastBuilder) Add(a *assets.Asset) {
	if !a.Status.Active() {
		return
	}
	b.f.ActiveAssets++
	ci := b.catIndex(a.Category, assets.Category{})
	cat := b.catList[ci]
	eol, _, ok := EOLDate(a, cat)
	if !ok {
		b.f.NoEOL++
		return
	}
	cost := cat.ReplacementCost
	if cost.Minor == 0 {
		cost = a.Cost
	}
	if eol.Before(b.in.AsOf) {
		b.f.PastEOL++
		eol = b.in.AsOf
	}
	for !eol.Before(b.in.AsOf) && eol.Before(b.end) {
		b.record(ci, eol, cost)
		if cat.RefreshYears <= 0 {
			break
		}
		eol = eol.AddYears(cat.RefreshYears)
	}
}

func (b *ForecastBuilder) record(ci int, d assets.Date, cost assets.Money) {
	o := occurrence{cat: ci, year: int8(b.yearOf(d)), quarter: -1, minor: cost.Minor, currency: cost.Currency}
	for q, p := range b.quarters {
		if p.Contains(d) {
			o.quarter = int8(q)
		}
	}
	b.occ = append(b.occ, o)
	if cost.Minor != 0 {
		b.counts[cost.Currency]++
	}
}

func (b *ForecastBuilder) yearOf(d assets.Date) int {
	for i, p := range b.years {
		if p.Contains(d) {
			return i
		}
	}
	return -1
}

// Build totals the forecast.
func (b *ForecastBuilder) Build() *Forecast {
	f := b.f
	f.Org, f.AsOf = b.in.Org, b.in.AsOf
	f.Years, f.Quarters = b.years, b.quarters
	f.OtherCurrency = map[string]int64{}
	for k := range f.ByKind {
		f.ByKind[k] = make([]int64, len(b.years))
	}

	// Expand renewals and tasks into events first, so they count towards
	// choosing the currency.
	var events []Event
	addRenewals := func(kind SpendKind, list []Renewal) {
		for _, r := range list {
			for _, d := range renewalDates(r, b.in.AsOf, b.end) {
				events = append(events, Event{Kind: kind, Date: d.date, Name: r.Name, Detail: joinNonEmpty(r.Vendor, r.Ref), Vendor: r.Vendor, Cost: r.Cost, Overdue: d.overdue})
				if r.Cost.Minor != 0 {
					b.counts[r.Cost.Currency]++
				}
			}
		}
	}
	addRenewals(KindLicences, b.in.Licences)
	addRenewals(KindContracts, b.in.Contracts)
	for _, t := range b.in.Tasks {
		due := t.Due
		if due.IsZero() {
			due = b.in.AsOf // no date: counted now, not overdue
		}
		for _, d := range renewalDates(Renewal{Next: due, TermMonths: t.EveryMonths}, b.in.AsOf, b.end) {
			events = append(events, Event{Kind: KindUpgrades, Date: d.date, Name: t.Title, Detail: t.AssetTag, Cost: t.Cost, Overdue: d.overdue})
			if t.Cost.Minor != 0 {
				b.counts[t.Cost.Currency]++
			}
		}
	}

	f.Currency = b.in.Currency
	if f.Currency == "" {
		best := -1
		for c, n := range b.counts {
			if n > best || n == best && c < f.Currency {
				f.Currency, best = c, n
			}
		}
	}
	inCurrency := func(m assets.Money) bool {
		if m.Minor == 0 || m.Currency == f.Currency || m.Currency == "" {
			return true
		}
		f.OtherCurrency[m.Currency] += m.Minor
		return false
	}

	lines := make([]CategoryLine, len(b.catList))
	for i, c := range b.catList {
		lines[i] = CategoryLine{Name: c.Name, Label: c.Label, Count: make([]int, len(b.years)), Cost: make([]int64, len(b.years))}
	}
	used := make([]bool, len(b.catList))
	for _, o := range b.occ {
		f.Replacements++
		used[o.cat] = true
		lines[o.cat].Count[o.year]++
		if o.minor == 0 {
			f.ZeroCost++
		}
		if !inCurrency(assets.Money{Minor: o.minor, Currency: o.currency}) {
			continue
		}
		lines[o.cat].Cost[o.year] += o.minor
		f.ByKind[KindRefresh][o.year] += o.minor
		if o.quarter >= 0 {
			f.QByKind[KindRefresh][o.quarter] += o.minor
		}
	}
	for i, l := range lines {
		if used[i] {
			f.Categories = append(f.Categories, l)
		}
	}
	sort.Slice(f.Categories, func(i, j int) bool { return f.Categories[i].Label < f.Categories[j].Label })

	sort.SliceStable(events, func(i, j int) bool {
		if c := events[i].Date.Compare(events[j].Date); c != 0 {
			return c < 0
		}
		return events[i].Kind < events[j].Kind
	})
	for _, e := range events {
		f.Events = append(f.Events, e)
		if !inCurrency(e.Cost) {
			continue
		}
		y := b.yearOf(e.Date)
		f.ByKind[e.Kind][y] += e.Cost.Minor
		for q, p := range b.quarters {
			if p.Contains(e.Date) {
				f.QByKind[e.Kind][q] += e.Cost.Minor
			}
		}
	}
	return &f
}

type dueDate struct {
	date    assets.Date
	overdue bool
}

// renewalDates lists when r falls due in [asOf, end): a renewal already past
// is due now (once), later ones keep to the anniversary dates.
func renewalDates(r Renewal, asOf, end assets.Date) []dueDate {
	if r.Next.IsZero() {
		return nil
	}
	if r.TermMonths <= 0 {
		switch {
		case r.Next.Before(asOf):
			return []dueDate{{asOf, true}}
		case r.Next.Before(end):
			return []dueDate{{r.Next, false}}
		}
		return nil
	}
	var out []dueDate
	k := 0
	if r.Next.Before(asOf) {
		out = append(out, dueDate{asOf, true})
		for !r.Next.AddMonths(k * r.TermMonths).After(asOf) {
			k++
		}
	}
	// Step from the first date each time so month ends do not drift.
	for d := r.Next.AddMonths(k * r.TermMonths); d.Before(end); d = r.Next.AddMonths(k * r.TermMonths) {
		out = append(out, dueDate{d, false})
		k++
	}
	return out
}

// BuildForecast is NewForecast, Add for each asset, Build.
func BuildForecast(in ForecastInput, list []assets.Asset) *Forecast {
	b := NewForecast(in)
	for i := range list {
		b.Add(&list[i])
	}
	return b.Build()
}

// YearTotal is the forecast spend of year i, all kinds.
func (f *Forecast) YearTotal(i int) int64 {
	var t int64
	for k := range f.ByKind {
		t += f.ByKind[k][i]
	}
	return t
}

// KindTotal is the spend of one kind over the whole horizon.
func (f *Forecast) KindTotal(k SpendKind) int64 {
	var t int64
	for _, v := range f.ByKind[k] {
		t += v
	}
	return t
}

// Total is the spend over the whole horizon.
func (f *Forecast) Total() int64 {
	var t int64
	for i := range f.Years {
		t += f.YearTotal(i)
	}
	return t
}

func (f *Forecast) money(minor int64) assets.Money {
	return assets.Money{Minor: minor, Currency: f.Currency}
}

// Document lays the forecast out for printing.
func (f *Forecast) Document() *Document {
	last := f.Years[len(f.Years)-1]
	d := &Document{
		Kind: "budget", Title: "Budget and refresh forecast", Org: f.Org, AsOf: f.AsOf,
		Subtitle: fmt.Sprintf("What the next %d years will cost, from %s to %s: assets reaching end of life and their replacement cost, licence and support contract renewals, and planned upgrades.",
			len(f.Years), f.AsOf, last.To.AddDays(-1)),
	}
	var refreshN int
	for _, c := range f.Categories {
		for _, n := range c.Count {
			refreshN += n
		}
	}
	d.Summary = []KV{
		{"Total forecast", f.money(f.Total()).String()},
		{"First year (" + f.Years[0].Label + ")", f.money(f.YearTotal(0)).String()},
		{"Assets in the fleet", groupDigits(strconv.Itoa(f.ActiveAssets))},
		{"Replacements in the horizon", fmt.Sprintf("%s (%s already past end of life, counted in Q1)", groupDigits(strconv.Itoa(refreshN)), groupDigits(strconv.Itoa(f.PastEOL)))},
	}

	chart := &BarChart{Title: "Spending per year", YTitle: moneyTitle("Cost", f.Currency)}
	for _, y := range f.Years {
		chart.Labels = append(chart.Labels, y.Label)
	}
	for k := SpendKind(0); k < numKinds; k++ {
		chart.Series = append(chart.Series, k.String())
		vals := make([]float64, len(f.Years))
		for i := range f.Years {
			vals[i] = majorUnits(f.money(f.ByKind[k][i]))
		}
		chart.Values = append(chart.Values, vals)
	}
	d.Chart = chart

	mt := func(s string) string { return moneyTitle(s, f.Currency) }
	kindCols := []Column{{Title: "Period", Width: 1.3}, {Title: "From", Kind: Date}, {Title: "To", Kind: Date}}
	for k := SpendKind(0); k < numKinds; k++ {
		kindCols = append(kindCols, Column{Title: k.String(), Kind: Money})
	}
	kindCols = append(kindCols, Column{Title: mt("Total"), Kind: Money})

	years := Section{Title: "Cost per year by kind", Columns: kindCols}
	var grand [numKinds]int64
	for i, y := range f.Years {
		row := []Cell{T(y.Label), D(y.From), D(y.To.AddDays(-1))}
		for k := range numKinds {
			row = append(row, M(f.money(f.ByKind[k][i])))
			grand[k] += f.ByKind[k][i]
		}
		row = append(row, M(f.money(f.YearTotal(i))))
		years.Rows = append(years.Rows, row)
	}
	years.Total = []Cell{T("Total"), T(""), T("")}
	for k := range numKinds {
		years.Total = append(years.Total, M(f.money(grand[k])))
	}
	years.Total = append(years.Total, M(f.money(f.Total())))

	quarters := Section{Title: "First year by quarter", Columns: kindCols}
	var qgrand int64
	for q, p := range f.Quarters {
		row := []Cell{T(p.Label), D(p.From), D(p.To.AddDays(-1))}
		var t int64
		for k := range numKinds {
			row = append(row, M(f.money(f.QByKind[k][q])))
			t += f.QByKind[k][q]
		}
		qgrand += t
		row = append(row, M(f.money(t)))
		quarters.Rows = append(quarters.Rows, row)
	}
	quarters.Total = []Cell{T("Total"), T(""), T("")}
	for k := range numKinds {
		var t int64
		for q := range 4 {
			t += f.QByKind[k][q]
		}
		quarters.Total = append(quarters.Total, M(f.money(t)))
	}
	quarters.Total = append(quarters.Total, M(f.money(qgrand)))

	catCols := func(kind ColKind, unit string) []Column {
		cols := []Column{{Title: "Category", Width: 1.6}}
		for _, y := range f.Years {
			cols = append(cols, Column{Title: y.Label, Kind: kind})
		}
		return append(cols, Column{Title: unit, Kind: kind})
	}
	counts := Section{Title: "Assets reaching end of life, by category", Columns: catCols(Int, "Total"),
		Empty: "No asset reaches end of life in these years."}
	costs := Section{Title: "Replacement cost by category", Columns: catCols(Money, mt("Total")),
		Note:  "Each asset is priced at its category's replacement cost, or at its own purchase cost when the category has none.",
		Empty: "No asset reaches end of life in these years."}
	countTot := make([]int, len(f.Years))
	costTot := make([]int64, len(f.Years))
	for _, c := range f.Categories {
		rowN, rowC := []Cell{T(c.Label)}, []Cell{T(c.Label)}
		var n int
		var m int64
		for i := range f.Years {
			rowN = append(rowN, I(c.Count[i]))
			rowC = append(rowC, M(f.money(c.Cost[i])))
			n += c.Count[i]
			m += c.Cost[i]
			countTot[i] += c.Count[i]
			costTot[i] += c.Cost[i]
		}
		counts.Rows = append(counts.Rows, append(rowN, I(n)))
		costs.Rows = append(costs.Rows, append(rowC, M(f.money(m))))
	}
	if len(f.Categories) > 0 {
		counts.Total, costs.Total = []Cell{T("Total")}, []Cell{T("Total")}
		var n int
		var m int64
		for i := range f.Years {
			counts.Total = append(counts.Total, I(countTot[i]))
			costs.Total = append(costs.Total, M(f.money(costTot[i])))
			n += countTot[i]
			m += costTot[i]
		}
		counts.Total = append(counts.Total, I(n))
		costs.Total = append(costs.Total, M(f.money(m)))
	}

	d.Sections = []Section{years, quarters, counts, costs,
		f.eventSection(KindLicences, "Licence renewals", "Licence", func(e *Event) (string, string) { return e.Name, e.Vendor },
			"No licence renewals recorded in these years."),
		f.eventSection(KindContracts, "Support contract renewals by provider", "Provider", func(e *Event) (string, string) { return e.Vendor, "" },
			"No support contract renewals recorded in these years."),
		f.eventSection(KindUpgrades, "Planned upgrade tasks", "Task", func(e *Event) (string, string) { return e.Name, "" },
			"No open upgrade tasks recorded in these years."),
	}

	if f.NoEOL > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%s active assets have neither an end-of-life date nor a category refresh period (and a purchase date), so they are not in the forecast.", groupDigits(strconv.Itoa(f.NoEOL))))
	}
	if f.ZeroCost > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%s replacements have no known cost (no category replacement cost and no purchase cost): they are counted at zero.", groupDigits(strconv.Itoa(f.ZeroCost))))
	}
	others := make([]string, 0, len(f.OtherCurrency))
	for c := range f.OtherCurrency {
		others = append(others, c)
	}
	sort.Strings(others)
	for _, c := range others {
		d.Notes = append(d.Notes, fmt.Sprintf("Amounts in %s are not converted and not in the totals: %s in all.", c, assets.Money{Minor: f.OtherCurrency[c], Currency: c}))
	}
	d.Notes = append(d.Notes, "Past-due renewals and tasks, and assets already past end of life, are counted on the as-of date (first quarter).")
	return d
}

// eventSection sums one kind of payment, one row per licence, provider or
// task (a register with thousands of contracts still prints on a page or
// two): how many payments, the next one, the first year's cost and the
// horizon's (the cost per year by kind is in the first table).
func (f *Forecast) eventSection(kind SpendKind, title, keyTitle string, key func(*Event) (name, vendor string), empty string) Section {
	type agg struct {
		name, vendor string
		n            int
		next         assets.Date
		overdue      bool
		years        []int64
		total        int64
	}
	byKey := map[[2]string]*agg{}
	var order []*agg
	for i := range f.Events {
		e := &f.Events[i]
		if e.Kind != kind {
			continue
		}
		name, vendor := key(e)
		k := [2]string{name, vendor}
		a := byKey[k]
		if a == nil {
			a = &agg{name: name, vendor: vendor, years: make([]int64, len(f.Years)), next: e.Date}
			byKey[k] = a
			order = append(order, a)
		}
		a.n++
		a.overdue = a.overdue || e.Overdue
		if e.Cost.Currency != "" && e.Cost.Currency != f.Currency && e.Cost.Minor != 0 {
			continue // left out of the totals, as the notes say
		}
		for y, p := range f.Years {
			if p.Contains(e.Date) {
				a.years[y] += e.Cost.Minor
			}
		}
		a.total += e.Cost.Minor
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].total != order[j].total {
			return order[i].total > order[j].total
		}
		return order[i].name < order[j].name
	})
	hasVendor := false
	for _, a := range order {
		hasVendor = hasVendor || a.vendor != ""
	}
	cols := []Column{{Title: keyTitle, Width: 3, Wrap: true}}
	if hasVendor {
		cols = append(cols, Column{Title: "Vendor", Width: 1.8})
	}
	cols = append(cols, Column{Title: "Payments", Kind: Int, Width: 0.9}, Column{Title: "Next due", Kind: Date},
		Column{Title: "First year", Kind: Money}, Column{Title: moneyTitle(fmt.Sprintf("%d years", len(f.Years)), f.Currency), Kind: Money})
	s := Section{Title: title, Empty: empty, Columns: cols}
	tot := make([]int64, len(f.Years))
	var grand int64
	var payments int
	for _, a := range order {
		row := []Cell{T(a.name)}
		if hasVendor {
			row = append(row, T(a.vendor))
		}
		next := D(a.next)
		if a.overdue {
			next = T(a.next.String() + " !")
		}
		row = append(row, I(a.n), next, M(f.money(a.years[0])))
		for y := range f.Years {
			tot[y] += a.years[y]
		}
		row = append(row, M(f.money(a.total)))
		grand += a.total
		payments += a.n
		s.Rows = append(s.Rows, row)
	}
	if len(order) > 0 {
		s.Total = []Cell{T("Total")}
		if hasVendor {
			s.Total = append(s.Total, T(""))
		}
		s.Total = append(s.Total, I(payments), T(""), M(f.money(tot[0])), M(f.money(grand)))
		if hasOverdue(order, func(a *agg) bool { return a.overdue }) {
			s.Note = "A date marked ! was due before the as-of date: that payment is counted on the as-of date."
		}
	}
	return s
}

func hasOverdue[T any](list []T, f func(T) bool) bool {
	for _, x := range list {
		if f(x) {
			return true
		}
	}
	return false
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " · " + b
}

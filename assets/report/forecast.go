package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

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

// defaultSpend is each kind's class unless a category or task says
// otherwise: hardware bought is capital; subscriptions, support and
// upgrade services are operating spending.
var defaultSpend = [numKinds]assets.SpendClass{assets.SpendCapex, assets.SpendOpex, assets.SpendOpex, assets.SpendOpex}

// Renewal is a recurring payment: a licence subscription or a support
// contract. It falls due on Next and then every TermMonths (0: once).
type Renewal struct {
	Name       string
	Vendor     string
	Ref        string // what it covers: asset tag, contract number
	Next       assets.Date
	TermMonths int
	Cost       assets.Money // per renewal
	// Compliance marks a one-off purchase of seats missing on the as-of
	// date ("to buy for compliance"), due then.
	Compliance bool
}

// PlannedTask is an open upgrade task with its expected cost. A recurring
// task comes back every EveryMonths after Due (0: once).
type PlannedTask struct {
	Title       string
	AssetTag    string
	Due         assets.Date
	EveryMonths int
	Cost        assets.Money
	Spend       assets.SpendClass // default: operating
}

// WhatIf changes one category's refresh cycle by DeltaYears (+1: keep
// assets a year longer) to show the saving against the baseline.
type WhatIf struct {
	Category   string
	DeltaYears int
}

// ParseWhatIf reads "laptop=+1" or "desktop=-1".
func ParseWhatIf(s string) (*WhatIf, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	name, delta, ok := strings.Cut(s, "=")
	n, err := strconv.Atoi(strings.TrimSpace(delta))
	if !ok || err != nil || n == 0 || n < -20 || n > 20 || strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("%q is not a what-if: write CATEGORY=+N or CATEGORY=-N years, for example laptop=+1", s)
	}
	return &WhatIf{Category: assets.NormalizeCategory(name), DeltaYears: n}, nil
}

// GroupDepartment groups the budget by the holder's department.
const GroupDepartment GroupBy = "department"

// ParseBudgetGroupBy accepts department, location or none ("" is none).
func ParseBudgetGroupBy(s string) (GroupBy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none":
		return GroupNone, nil
	case "department":
		return GroupDepartment, nil
	case "location":
		return GroupLocation, nil
	}
	return "", fmt.Errorf("%q is not a budget grouping: use department, location or none", s)
}

// ForecastInput is everything the budget forecast needs except the assets,
// which are added one by one (a register of 100,000 assets streams through).
type ForecastInput struct {
	Org             string
	AsOf            assets.Date
	Years           int    // whole fiscal years after the current one; 0 means 5
	FiscalYearStart int    // month, 1..12; 0 means January
	Currency        string // report currency; "" picks the most used one
	Backlog         assets.BacklogMode
	Categories      []assets.Category
	CategoryBudgets map[string]assets.CategoryBudget // by category name
	ModelCosts      map[string]assets.Money          // replacement cost by assets.ModelKey
	Licences        []Renewal
	Contracts       []Renewal
	Tasks           []PlannedTask
	// LicenceNotes explain licences left out (not renewing, expired and
	// unused), as the loader found them.
	LicenceNotes []string
	GroupBy      GroupBy          // GroupNone, GroupDepartment or GroupLocation
	Departments  map[int64]string // person ID -> department, for GroupDepartment
	WhatIf       *WhatIf
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
	Kind       SpendKind
	Date       assets.Date
	Name       string
	Detail     string // vendor, asset tag
	Vendor     string // who is paid (licences and contracts)
	Cost       assets.Money
	Overdue    bool // was due before the as-of date: backlog
	Compliance bool // seats to buy for compliance
	Spend      assets.SpendClass
}

// CategoryLine is the refresh of one category: count and cost per period.
type CategoryLine struct {
	Name, Label string
	Count       []int
	Cost        []int64 // minor units of the report currency
	PricedBy    string  // which rule priced its lines
}

// Backlog is what was already overdue on the as-of date.
type Backlog struct {
	Assets, Tasks, Renewals int
	ByKind                  [numKinds]int64
	Capex, Opex             int64
}

// Total is the backlog's cost, all kinds.
func (b Backlog) Total() int64 {
	var t int64
	for _, v := range b.ByKind {
		t += v
	}
	return t
}

// Count is how many overdue items the backlog holds.
func (b Backlog) Count() int { return b.Assets + b.Tasks + b.Renewals }

// GroupLine is one department's or location's spending per period.
type GroupLine struct {
	Name    string
	Cost    []int64
	Backlog int64 // kept apart (BacklogApart only)
}

// Forecast is the budget and refresh forecast as of a date.
type Forecast struct {
	Org             string
	AsOf            assets.Date
	Currency        string
	FiscalYearStart int
	BacklogMode     assets.BacklogMode
	Years           []Period          // the rest of the current fiscal year (if any), then whole fiscal years
	Quarters        []Period          // the first whole fiscal year's four quarters
	ByKind          [numKinds][]int64 // [kind][period], minor units (with the backlog when planned)
	QByKind         [numKinds][4]int64
	Capex, Opex     []int64 // per period
	Backlog         Backlog
	// Categories with any refresh in the horizon, by label.
	Categories []CategoryLine
	Events     []Event // licences, contracts, tasks in the horizon, by date
	GroupBy    GroupBy
	Groups     []GroupLine // by name, when grouped
	WhatIf     *WhatIf
	WhatIfCost []int64 // the category's refresh per period under the what-if

	ActiveAssets   int                // active assets considered
	NoEOL          int                // active assets with no end-of-life date and no refresh policy
	PastEOL        int                // already past end of life on the as-of date (the backlog's assets)
	Replacements   int                // replacement events in the horizon (one asset may recur)
	Repeats        int                // of which second or later replacements of the same asset
	AssetsReplaced int                // distinct assets replaced at least once
	ZeroCost       int                // replacements with no cost known
	OtherCurrency  map[string]int64   // amounts left out of the totals, by currency
	OtherByPeriod  map[string][]int64 // the same per period (backlog in the last slot)
	LicenceNotes   []string
	Overflow       bool // a sum went past the int64 range: the totals cannot be trusted
}

const (
	flagBacklog = 1 << iota
	flagWhatIf  // the what-if's occurrence, not the baseline's
	flagCapex
)

type occurrence struct {
	cat      int32
	group    int32
	period   int8 // -1: backlog kept apart
	quarter  int8 // -1 outside the first whole year
	flags    uint8
	currency uint8 // index into ForecastBuilder.currencies
	minor    int64
}

// ForecastBuilder collects the assets for a forecast.
type ForecastBuilder struct {
	in         ForecastInput
	years      []Period
	quarters   []Period
	end        assets.Date
	cats       map[string]int // name -> index into catList
	catList    []assets.Category
	catBudget  []assets.CategoryBudget
	catRules   [][3]int // assets priced by each assets.PriceRule, per category
	priceCache map[[2]int64]int64
	groups     map[string]int32
	groupNames []string
	currencies []string
	curIndex   map[string]uint8
	occ        []occurrence
	whatIfCat  int
	counts     map[string]int // currency -> events, to pick the report currency
	f          Forecast
}

// forecastPeriods are the rest of the fiscal year containing asOf (when
// asOf is not its first day), then years whole fiscal years, and the four
// quarters of the first whole one.
func forecastPeriods(asOf assets.Date, startMonth, years int) (periods, quarters []Period) {
	first := assets.FiscalYearStart(asOf, startMonth)
	whole := first
	if first != asOf {
		whole = first.AddYears(1)
		periods = append(periods, Period{Label: "rest of " + assets.FiscalYearLabel(first), From: asOf, To: whole})
	}
	for i := range years {
		from := whole.AddYears(i)
		periods = append(periods, Period{Label: assets.FiscalYearLabel(from), From: from, To: from.AddYears(1)})
	}
	for q := range 4 {
		quarters = append(quarters, Period{Label: "Q" + strconv.Itoa(q+1), From: whole.AddMonths(3 * q), To: whole.AddMonths(3*q + 3)})
	}
	return periods, quarters
}

// NewForecast starts a forecast; add every asset with Add, then call Build.
func NewForecast(in ForecastInput) *ForecastBuilder {
	if in.Years <= 0 {
		in.Years = 5
	}
	if in.FiscalYearStart < 1 || in.FiscalYearStart > 12 {
		in.FiscalYearStart = 1
	}
	if in.Backlog == "" {
		in.Backlog = assets.BacklogPlan
	}
	b := &ForecastBuilder{in: in, cats: map[string]int{}, counts: map[string]int{}, priceCache: map[[2]int64]int64{},
		groups: map[string]int32{}, curIndex: map[string]uint8{}, whatIfCat: -1}
	b.years, b.quarters = forecastPeriods(in.AsOf, in.FiscalYearStart, in.Years)
	b.end = b.years[len(b.years)-1].To
	for _, c := range in.Categories {
		b.catIndex(c.Name, c)
	}
	if in.WhatIf != nil {
		b.whatIfCat = b.catIndex(in.WhatIf.Category, assets.Category{})
	}
	b.group("")
	return b
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
	b.catBudget = append(b.catBudget, b.in.CategoryBudgets[name])
	b.catRules = append(b.catRules, [3]int{})
	return len(b.catList) - 1
}

func (b *ForecastBuilder) group(name string) int32 {
	if i, ok := b.groups[name]; ok {
		return i
	}
	i := int32(len(b.groupNames))
	b.groups[name] = i
	b.groupNames = append(b.groupNames, name)
	return i
}

func (b *ForecastBuilder) currency(c string) uint8 {
	if i, ok := b.curIndex[c]; ok {
		return i
	}
	if len(b.currencies) == 255 {
		return 254 // more currencies than any register holds: lumped with the last
	}
	i := uint8(len(b.currencies))
	b.curIndex[c] = i
	b.currencies = append(b.currencies, c)
	return i
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
			fmt.Sprintf("%s refresh %s from purchase on %s", c.Label, assets.Every(c.RefreshYears, "year", "years"), a.PurchaseDate), true
	}
	return assets.Date{}, "", false
}

// Add counts one asset. Only assets still in the fleet (in stock, deployed,
// in repair) are planned for. An asset reaching end of life in the horizon
// is replaced then, and its replacement again after the category's refresh
// period if that also falls in the horizon; an asset already past end of
// life is in the backlog (counted on the as-of date).
func (b *ForecastBuilder) Add(a *assets.Asset) {
	if !a.Status.Active() {
		return
	}
	b.f.ActiveAssets++
	ci := b.catIndex(a.Category, assets.Category{})
	cat := b.catList[ci]
	var g int32
	switch b.in.GroupBy {
	case GroupLocation:
		g = b.group(a.Location)
	case GroupDepartment:
		if a.AssignedTo != 0 {
			g = b.group(b.in.Departments[a.AssignedTo])
		}
	}
	var model assets.Money
	if len(b.in.ModelCosts) > 0 {
		model = b.in.ModelCosts[assets.ModelKey(a.Manufacturer, a.Model)]
	}
	cost, rule := assets.ReplacementCost(model, cat.ReplacementCost, a.Cost)
	b.catRules[ci][rule]++
	cur := b.currency(cost.Currency)
	if cost.Minor != 0 {
		b.counts[cost.Currency]++
	}
	eol, _, ok := EOLDate(a, cat)
	if !ok {
		b.f.NoEOL++
		return
	}
	n := b.replace(ci, g, eol, cat.RefreshYears, cost.Minor, cur, 0)
	if n > 0 {
		b.f.AssetsReplaced++
		b.f.Repeats += n - 1
	}
	if ci == b.whatIfCat {
		years := cat.RefreshYears + b.in.WhatIf.DeltaYears
		if a.EOLDate.IsZero() && !a.PurchaseDate.IsZero() && years > 0 {
			eol = a.PurchaseDate.AddYears(years)
		}
		b.replace(ci, g, eol, max(years, 0), cost.Minor, cur, flagWhatIf)
	}
}

// replace records an asset's replacements from eol on, every refresh years,
// and says how many fell in the horizon.
func (b *ForecastBuilder) replace(ci int, g int32, eol assets.Date, refresh int, minor int64, cur uint8, flags uint8) int {
	if b.catBudget[ci].Spend.Or(assets.SpendCapex) == assets.SpendCapex {
		flags |= flagCapex
	}
	n := 0
	if eol.Before(b.in.AsOf) {
		if flags&flagWhatIf == 0 {
			b.f.PastEOL++
		}
		b.record(ci, g, b.in.AsOf, minor, cur, flags|flagBacklog)
		n++
		if refresh <= 0 {
			return n
		}
		// the replacement bought now is replaced again a cycle later
		eol = b.in.AsOf.AddYears(refresh)
	}
	for eol.Before(b.end) {
		b.record(ci, g, eol, b.price(ci, minor, eol), cur, flags)
		n++
		if refresh <= 0 {
			break
		}
		eol = eol.AddYears(refresh)
	}
	return n
}

// price is a replacement's cost on d: the yearly price change of its
// category applied for each whole year after the as-of date.
func (b *ForecastBuilder) price(ci int, minor int64, d assets.Date) int64 {
	bp := b.catBudget[ci].PriceChangeBP
	if bp == 0 || minor == 0 {
		return minor
	}
	years := wholeYears(b.in.AsOf, d)
	if years == 0 {
		return minor
	}
	key := [2]int64{minor, int64(bp)<<8 | int64(years)}
	if v, ok := b.priceCache[key]; ok {
		return v
	}
	v, err := assets.PriceChange(minor, bp, years)
	if err != nil {
		b.f.Overflow = true
	}
	b.priceCache[key] = v
	return v
}

func wholeYears(a, b assets.Date) int {
	y := b.Year - a.Year
	if y > 0 && a.AddYears(y).After(b) {
		y--
	}
	return max(y, 0)
}

func (b *ForecastBuilder) record(ci int, g int32, d assets.Date, minor int64, cur uint8, flags uint8) {
	o := occurrence{cat: int32(ci), group: g, period: int8(b.periodOf(d)), quarter: -1, minor: minor, currency: cur, flags: flags}
	switch {
	case flags&flagBacklog != 0 && b.in.Backlog == assets.BacklogApart:
		o.period = -1
	case flags&flagBacklog != 0:
		// planned into the first period, but never inside a quarter: the
		// quarter table shows the backlog on a line of its own
	default:
		for q, p := range b.quarters {
			if p.Contains(d) {
				o.quarter = int8(q)
			}
		}
	}
	b.occ = append(b.occ, o)
}

func (b *ForecastBuilder) periodOf(d assets.Date) int {
	for i, p := range b.years {
		if p.Contains(d) {
			return i
		}
	}
	return -1
}

// sum adds v to *t, marking the forecast when the total would wrap.
func (f *Forecast) sum(t *int64, v int64) {
	s, err := assets.AddMinor(*t, v)
	if err != nil {
		f.Overflow = true
		return
	}
	*t = s
}

// Build totals the forecast.
func (b *ForecastBuilder) Build() *Forecast {
	f := b.f
	f.Org, f.AsOf, f.FiscalYearStart, f.BacklogMode = b.in.Org, b.in.AsOf, b.in.FiscalYearStart, b.in.Backlog
	f.Years, f.Quarters = b.years, b.quarters
	f.GroupBy, f.WhatIf, f.LicenceNotes = b.in.GroupBy, b.in.WhatIf, b.in.LicenceNotes
	f.OtherCurrency, f.OtherByPeriod = map[string]int64{}, map[string][]int64{}
	np := len(b.years)
	for k := range f.ByKind {
		f.ByKind[k] = make([]int64, np)
	}
	f.Capex, f.Opex = make([]int64, np), make([]int64, np)
	f.WhatIfCost = make([]int64, np)
	groupCost := make([][]int64, len(b.groupNames))
	groupBacklog := make([]int64, len(b.groupNames))
	for i := range groupCost {
		groupCost[i] = make([]int64, np)
	}

	// Expand renewals and tasks into events first, so they count towards
	// choosing the currency.
	var events []Event
	addRenewals := func(kind SpendKind, list []Renewal) {
		for _, r := range list {
			for _, d := range assets.RenewalSchedule(r.Next, r.TermMonths, b.in.AsOf, b.end) {
				events = append(events, Event{Kind: kind, Date: d.Date, Name: r.Name, Detail: joinNonEmpty(r.Vendor, r.Ref), Vendor: r.Vendor,
					Cost: r.Cost, Overdue: d.Overdue && !r.Compliance, Compliance: r.Compliance, Spend: defaultSpend[kind]})
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
		for _, d := range assets.RenewalSchedule(due, t.EveryMonths, b.in.AsOf, b.end) {
			events = append(events, Event{Kind: KindUpgrades, Date: d.Date, Name: t.Title, Detail: t.AssetTag, Cost: t.Cost, Overdue: d.Overdue,
				Spend: t.Spend.Or(defaultSpend[KindUpgrades])})
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
	// other keeps an amount in another currency out of the totals, per
	// currency and period (the backlog kept apart in the last slot).
	other := func(m assets.Money, period int) bool {
		if m.Minor == 0 || m.Currency == f.Currency || m.Currency == "" {
			return false
		}
		f.OtherCurrency[m.Currency] += m.Minor
		row := f.OtherByPeriod[m.Currency]
		if row == nil {
			row = make([]int64, np+1)
			f.OtherByPeriod[m.Currency] = row
		}
		if period < 0 {
			period = np
		}
		f.sum(&row[period], m.Minor)
		return true
	}
	add := func(kind SpendKind, period, quarter int, g int32, capex, backlog bool, minor int64) {
		if backlog {
			f.sum(&f.Backlog.ByKind[kind], minor)
			if capex {
				f.sum(&f.Backlog.Capex, minor)
			} else {
				f.sum(&f.Backlog.Opex, minor)
			}
		}
		if period < 0 { // kept apart
			f.sum(&groupBacklog[g], minor)
			return
		}
		f.sum(&f.ByKind[kind][period], minor)
		f.sum(&groupCost[g][period], minor)
		if capex {
			f.sum(&f.Capex[period], minor)
		} else {
			f.sum(&f.Opex[period], minor)
		}
		if quarter >= 0 {
			f.sum(&f.QByKind[kind][quarter], minor)
		}
	}

	lines := make([]CategoryLine, len(b.catList))
	for i, c := range b.catList {
		lines[i] = CategoryLine{Name: c.Name, Label: c.Label, Count: make([]int, np), Cost: make([]int64, np), PricedBy: b.pricedBy(i)}
	}
	used := make([]bool, len(b.catList))
	for _, o := range b.occ {
		if o.flags&flagWhatIf != 0 {
			if c := b.currencies[o.currency]; o.period >= 0 && (c == f.Currency || c == "") {
				f.sum(&f.WhatIfCost[o.period], o.minor)
			}
			continue
		}
		f.Replacements++
		used[o.cat] = true
		backlog := o.flags&flagBacklog != 0
		if backlog {
			f.Backlog.Assets++
		}
		if o.period >= 0 {
			lines[o.cat].Count[o.period]++
		}
		if o.minor == 0 {
			f.ZeroCost++
		}
		if other(assets.Money{Minor: o.minor, Currency: b.currencies[o.currency]}, int(o.period)) {
			continue
		}
		if o.period >= 0 {
			f.sum(&lines[o.cat].Cost[o.period], o.minor)
		}
		add(KindRefresh, int(o.period), int(o.quarter), o.group, o.flags&flagCapex != 0, backlog, o.minor)
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
		if e.Overdue {
			if e.Kind == KindUpgrades {
				f.Backlog.Tasks++
			} else {
				f.Backlog.Renewals++
			}
		}
		period, quarter := b.periodOf(e.Date), -1
		switch {
		case e.Overdue && b.in.Backlog == assets.BacklogApart:
			period = -1
		case e.Overdue: // planned, on its own line, not in a quarter
		default:
			for q, p := range b.quarters {
				if p.Contains(e.Date) {
					quarter = q
				}
			}
		}
		if other(e.Cost, period) {
			continue
		}
		add(e.Kind, period, quarter, 0, e.Spend == assets.SpendCapex, e.Overdue, e.Cost.Minor)
	}
	if b.in.GroupBy != GroupNone {
		for i, name := range b.groupNames {
			if i == 0 && name == "" {
				name = map[GroupBy]string{GroupDepartment: "(none: unassigned assets; licences, contracts, tasks)",
					GroupLocation: "(none: assets without a location; licences, contracts, tasks)"}[b.in.GroupBy]
			}
			f.Groups = append(f.Groups, GroupLine{Name: name, Cost: groupCost[i], Backlog: groupBacklog[i]})
		}
		sort.SliceStable(f.Groups[1:], func(i, j int) bool { return f.Groups[1+i].Name < f.Groups[1+j].Name })
	}
	return &f
}

// pricedBy says which rule priced a category's replacements.
func (b *ForecastBuilder) pricedBy(ci int) string {
	c, bud, n := b.catList[ci], b.catBudget[ci], b.catRules[ci]
	names := [3]string{"the model's cost", "category cost " + c.ReplacementCost.String(), "each asset's purchase cost"}
	var parts []string
	for rule, k := range n {
		if k == 0 {
			continue
		}
		if n[0]+n[1]+n[2] == k {
			parts = append(parts, names[rule]) // one rule for all
		} else {
			parts = append(parts, fmt.Sprintf("%s (%s)", names[rule], countText(k)))
		}
	}
	s := strings.Join(parts, "; ")
	if bud.PriceChangeBP != 0 {
		s += fmt.Sprintf(", %+.4g %% a year after %s", float64(bud.PriceChangeBP)/100, b.in.AsOf)
	}
	if bud.Spend == assets.SpendOpex {
		s += "; opex"
	}
	return s
}

// WhatIfBaseline is the what-if category's baseline refresh cost per period.
func (f *Forecast) WhatIfBaseline() []int64 {
	out := make([]int64, len(f.Years))
	if f.WhatIf == nil {
		return out
	}
	for _, c := range f.Categories {
		if c.Name == f.WhatIf.Category {
			copy(out, c.Cost)
		}
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

// YearTotal is the forecast spend of period i, all kinds.
func (f *Forecast) YearTotal(i int) int64 {
	var t int64
	for k := range f.ByKind {
		f.sum(&t, f.ByKind[k][i])
	}
	return t
}

// KindTotal is the spend of one kind over the whole horizon (and the
// backlog when it is kept apart).
func (f *Forecast) KindTotal(k SpendKind) int64 {
	var t int64
	for _, v := range f.ByKind[k] {
		f.sum(&t, v)
	}
	if f.BacklogMode == assets.BacklogApart {
		f.sum(&t, f.Backlog.ByKind[k])
	}
	return t
}

// Total is the spend over the whole horizon, with the backlog however it
// is shown.
func (f *Forecast) Total() int64 {
	var t int64
	for i := range f.Years {
		f.sum(&t, f.YearTotal(i))
	}
	if f.BacklogMode == assets.BacklogApart {
		f.sum(&t, f.Backlog.Total())
	}
	return t
}

func (f *Forecast) money(minor int64) assets.Money {
	return assets.Money{Minor: minor, Currency: f.Currency}
}

// countText writes n with thousands separators.
func countText(n int) string { return groupDigits(strconv.Itoa(n)) }

// countOf is n with thousands separators and the word that goes with it:
// "1 asset", "1,200 assets".
func countOf(n int, one, many string) string { return countText(n) + " " + assets.Plural(n, one, many) }

// Document lays the forecast out for printing.
func (f *Forecast) Document() *Document {
	last := f.Years[len(f.Years)-1]
	whole := len(f.Years)
	if f.Years[0].From != f.Quarters[0].From {
		whole--
	}
	fyName := "calendar years"
	if f.FiscalYearStart > 1 {
		fyName = "fiscal years starting in " + time.Month(f.FiscalYearStart).String()
	}
	d := &Document{
		Kind: "budget", Title: "Budget and refresh forecast", Org: f.Org, AsOf: f.AsOf, Landscape: true,
		Subtitle: fmt.Sprintf("What the next %d %s will cost, from %s to %s: assets reaching end of life and their replacement, licence and support contract renewals, and planned upgrades, with the backlog already overdue on %s.",
			whole, fyName, f.AsOf, last.To.AddDays(-1), f.AsOf),
	}
	mt := func(s string) string { return moneyTitle(s, f.Currency) }
	apart := f.BacklogMode == assets.BacklogApart
	var capex, opex int64
	for i := range f.Years {
		f.sum(&capex, f.Capex[i])
		f.sum(&opex, f.Opex[i])
	}
	if apart {
		f.sum(&capex, f.Backlog.Capex)
		f.sum(&opex, f.Backlog.Opex)
	}
	backlogWhere := "planned into " + f.Years[0].Label
	if apart {
		backlogWhere = "kept apart from the years, in the total"
	}
	d.Summary = []KV{
		{"Total forecast", f.money(f.Total()).String()},
		{"of which capital (CapEx)", f.money(capex).String()},
		{"of which operating (OpEx)", f.money(opex).String()},
		{"First period (" + f.Years[0].Label + ")", f.money(f.YearTotal(0)).String()},
		{"Backlog", fmt.Sprintf("%s, %s, %s overdue: %s (%s)", countOf(f.Backlog.Assets, "asset", "assets"), countOf(f.Backlog.Tasks, "task", "tasks"), countOf(f.Backlog.Renewals, "renewal", "renewals"),
			f.money(f.Backlog.Total()), backlogWhere)},
		{"Assets in the fleet", countText(f.ActiveAssets)},
		{"Replacements in the horizon", fmt.Sprintf("%s, of %s (%s of the same asset)", countText(f.Replacements), countOf(f.AssetsReplaced, "asset", "assets"), countOf(f.Repeats, "is a repeat replacement", "are repeat replacements"))},
	}
	if f.GroupBy != GroupNone {
		d.Summary = append(d.Summary, KV{"Grouped by", string(f.GroupBy)})
	}
	if f.WhatIf != nil {
		base := f.WhatIfBaseline()
		var saving int64
		for i := range f.Years {
			f.sum(&saving, base[i]-f.WhatIfCost[i])
		}
		d.Summary = append(d.Summary, KV{fmt.Sprintf("What if %s refresh %+d %s", f.WhatIf.Category, f.WhatIf.DeltaYears, assets.Plural(f.WhatIf.DeltaYears, "year", "years")),
			fmt.Sprintf("saves %s over the horizon (per period in the what-if table)", f.money(saving))})
	}

	d.Chart = f.SpendChart()

	kindCols := []Column{{Title: "Period", Width: 1.5}, {Title: "From", Kind: Date}, {Title: "To", Kind: Date}}
	for k := SpendKind(0); k < numKinds; k++ {
		kindCols = append(kindCols, Column{Title: k.String(), Kind: Money})
	}
	kindCols = append(kindCols, Column{Title: "CapEx", Kind: Money}, Column{Title: "OpEx", Kind: Money}, Column{Title: mt("Total"), Kind: Money})

	years := Section{Title: "Cost per period by kind", Columns: kindCols,
		Note: "Periods are " + fyName + "; the first is the rest of the current one from the as-of date when that is not its first day."}
	var grand [numKinds]int64
	var gCapex, gOpex int64
	if apart && f.Backlog.Count() > 0 {
		row := []Cell{T("Backlog (overdue)"), D(f.AsOf), T("")}
		for k := range numKinds {
			row = append(row, M(f.money(f.Backlog.ByKind[k])))
			f.sum(&grand[k], f.Backlog.ByKind[k])
		}
		row = append(row, M(f.money(f.Backlog.Capex)), M(f.money(f.Backlog.Opex)), M(f.money(f.Backlog.Total())))
		f.sum(&gCapex, f.Backlog.Capex)
		f.sum(&gOpex, f.Backlog.Opex)
		years.Rows = append(years.Rows, row)
	}
	for i, y := range f.Years {
		row := []Cell{T(y.Label), D(y.From), D(y.To.AddDays(-1))}
		for k := range numKinds {
			row = append(row, M(f.money(f.ByKind[k][i])))
			f.sum(&grand[k], f.ByKind[k][i])
		}
		f.sum(&gCapex, f.Capex[i])
		f.sum(&gOpex, f.Opex[i])
		row = append(row, M(f.money(f.Capex[i])), M(f.money(f.Opex[i])), M(f.money(f.YearTotal(i))))
		years.Rows = append(years.Rows, row)
	}
	years.Total = []Cell{T("Total"), T(""), T("")}
	for k := range numKinds {
		years.Total = append(years.Total, M(f.money(grand[k])))
	}
	years.Total = append(years.Total, M(f.money(gCapex)), M(f.money(gOpex)), M(f.money(f.Total())))

	backlog := Section{Title: "Backlog (overdue on " + f.AsOf.String() + ")", Columns: []Column{{Title: "What", Width: 3}, {Title: "Count", Kind: Int}, {Title: mt("Cost"), Kind: Money}},
		Empty: "Nothing was overdue on the as-of date."}
	if f.Backlog.Count() > 0 {
		backlog.Rows = [][]Cell{
			{T("Replacements: assets already past end of life"), I(f.Backlog.Assets), M(f.money(f.Backlog.ByKind[KindRefresh]))},
			{T("Upgrade tasks past their due date"), I(f.Backlog.Tasks), M(f.money(f.Backlog.ByKind[KindUpgrades]))},
			{T("Licence and contract renewals past due"), I(f.Backlog.Renewals), M(f.money(f.Backlog.ByKind[KindLicences] + f.Backlog.ByKind[KindContracts]))},
		}
		backlog.Total = []Cell{T("Total"), I(f.Backlog.Count()), M(f.money(f.Backlog.Total()))}
		if apart {
			backlog.Note = "Kept apart: not in any period's total, added once to the forecast total (setting: backlog apart)."
		} else {
			backlog.Note = "Planned into " + f.Years[0].Label + " on the as-of date (setting: backlog planned into the first year); its cost is in that period's figures."
		}
	}

	quarters := Section{Title: "First whole fiscal year (" + f.Years[len(f.Years)-whole].Label + ") by quarter", Columns: kindCols[:len(kindCols)-3]}
	quarters.Columns = append(append([]Column(nil), quarters.Columns...), Column{Title: mt("Total"), Kind: Money})
	var qgrand int64
	var qBacklog [numKinds]int64
	if !apart && f.Years[0].From == f.Quarters[0].From && f.Backlog.Count() > 0 {
		// The first whole year is the first period: its planned backlog
		// is a line here, so the quarters and the year agree.
		row := []Cell{T("Backlog (overdue)"), D(f.AsOf), T("")}
		var t int64
		for k := range numKinds {
			qBacklog[k] = f.Backlog.ByKind[k]
			row = append(row, M(f.money(qBacklog[k])))
			f.sum(&t, qBacklog[k])
		}
		f.sum(&qgrand, t)
		quarters.Rows = append(quarters.Rows, append(row, M(f.money(t))))
	}
	for q, p := range f.Quarters {
		row := []Cell{T(p.Label), D(p.From), D(p.To.AddDays(-1))}
		var t int64
		for k := range numKinds {
			row = append(row, M(f.money(f.QByKind[k][q])))
			f.sum(&t, f.QByKind[k][q])
		}
		f.sum(&qgrand, t)
		quarters.Rows = append(quarters.Rows, append(row, M(f.money(t))))
	}
	quarters.Total = []Cell{T("Total"), T(""), T("")}
	for k := range numKinds {
		t := qBacklog[k]
		for q := range 4 {
			f.sum(&t, f.QByKind[k][q])
		}
		quarters.Total = append(quarters.Total, M(f.money(t)))
	}
	quarters.Total = append(quarters.Total, M(f.money(qgrand)))

	periodCols := func(first string, kind ColKind, unit string, extra ...Column) []Column {
		cols := []Column{{Title: first, Width: 2}}
		cols = append(cols, extra...)
		for _, y := range f.Years {
			cols = append(cols, Column{Title: y.Label, Kind: kind})
		}
		return append(cols, Column{Title: unit, Kind: kind})
	}
	counts := Section{Title: "Assets reaching end of life, by category", Columns: periodCols("Category", Int, "Total"),
		Empty: "No asset reaches end of life in these years."}
	costs := Section{Title: "Replacement cost by category", Columns: periodCols("Category", Money, mt("Total"), Column{Title: "Priced at", Width: 2.4, Wrap: true}),
		Note:  "Each replacement is priced at its model's replacement cost, else its category's, else the asset's own purchase cost, with the category's yearly price change for each whole year after the as-of date.",
		Empty: "No asset reaches end of life in these years."}
	countTot := make([]int, len(f.Years))
	costTot := make([]int64, len(f.Years))
	for _, c := range f.Categories {
		rowN, rowC := []Cell{T(c.Label)}, []Cell{T(c.Label), T(c.PricedBy)}
		var n int
		var m int64
		for i := range f.Years {
			rowN = append(rowN, I(c.Count[i]))
			rowC = append(rowC, M(f.money(c.Cost[i])))
			n += c.Count[i]
			f.sum(&m, c.Cost[i])
			countTot[i] += c.Count[i]
			f.sum(&costTot[i], c.Cost[i])
		}
		counts.Rows = append(counts.Rows, append(rowN, I(n)))
		costs.Rows = append(costs.Rows, append(rowC, M(f.money(m))))
	}
	if len(f.Categories) > 0 {
		counts.Total, costs.Total = []Cell{T("Total")}, []Cell{T("Total"), T("")}
		var n int
		var m int64
		for i := range f.Years {
			counts.Total = append(counts.Total, I(countTot[i]))
			costs.Total = append(costs.Total, M(f.money(costTot[i])))
			n += countTot[i]
			f.sum(&m, costTot[i])
		}
		counts.Total = append(counts.Total, I(n))
		costs.Total = append(costs.Total, M(f.money(m)))
		if apart {
			counts.Note = "The backlog kept apart is not in these columns."
			costs.Note += " The backlog kept apart is not in these columns."
		}
	}

	d.Sections = []Section{years, backlog}
	if f.GroupBy != GroupNone {
		d.Sections = append(d.Sections, f.groupSection())
	}
	d.Sections = append(d.Sections, quarters, counts, costs)
	if f.WhatIf != nil {
		d.Sections = append(d.Sections, f.whatIfSection())
	}
	d.Sections = append(d.Sections,
		f.eventSection(KindLicences, "Licence renewals and seats to buy", "Licence", func(e *Event) (string, string) {
			if e.Compliance {
				return e.Name + " (to buy for compliance)", e.Vendor
			}
			return e.Name, e.Vendor
		}, "No licence renewals recorded in these years."),
		f.eventSection(KindContracts, "Support contract renewals by provider", "Provider", func(e *Event) (string, string) { return e.Vendor, "" },
			"No support contract renewals recorded in these years."),
		f.eventSection(KindUpgrades, "Planned upgrade tasks", "Task", func(e *Event) (string, string) { return e.Name, "" },
			"No open upgrade tasks recorded in these years."))
	if len(f.OtherByPeriod) > 0 {
		d.Sections = append(d.Sections, f.otherCurrencySection())
	}

	d.Notes = append(d.Notes,
		fmt.Sprintf("Replacements vs fleet: %s in the fleet; %s of them %s replaced in the horizon, %s in all, because an asset whose refresh cycle is shorter than the horizon is replaced again (each repeat counted per asset).",
			countOf(f.ActiveAssets, "asset is", "assets are"), countText(f.AssetsReplaced), assets.Plural(f.AssetsReplaced, "is", "are"), countOf(f.Replacements, "replacement", "replacements")),
		fmt.Sprintf("Currency: every total is in %s. Amounts in other currencies are not converted and are left out of the totals; they are listed by currency at the end.", orText(f.Currency, "the register's currency")),
		"CapEx and OpEx: hardware replacements are capital spending, licences, support and upgrade tasks operating spending, unless a category or task says otherwise.",
		"Licences: a licence with a cost and an end date (renewal or expiry) renews at its end for its term (subscriptions 12 months) unless marked as not renewing; an expired licence still in use is an overdue renewal; seats in use above those bought are priced at the licence's unit cost as to buy for compliance, and its later renewals include them.")
	if f.NoEOL > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("Excluded: %s neither an end-of-life date nor a category refresh period (and a purchase date), so %s not in the forecast.", countOf(f.NoEOL, "active asset has", "active assets have"), assets.Plural(f.NoEOL, "it is", "they are")))
	}
	if f.ZeroCost > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%s no known cost (no category replacement cost and no purchase cost): %s counted at zero.", countOf(f.ZeroCost, "replacement has", "replacements have"), assets.Plural(f.ZeroCost, "it is", "they are")))
	}
	for _, n := range f.LicenceNotes {
		d.Notes = append(d.Notes, "Excluded: "+n)
	}
	for _, c := range f.otherCurrencies() {
		d.Notes = append(d.Notes, fmt.Sprintf("Amounts in %s are not converted and not in the totals: %s in all.", c, assets.Money{Minor: f.OtherCurrency[c], Currency: c}))
	}
	if f.Overflow {
		d.Notes = append([]string{"WARNING: a sum went past the largest amount Steward can hold; the totals are not reliable. Check the costs entered for errors."}, d.Notes...)
	}
	return d
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (f *Forecast) otherCurrencies() []string {
	others := make([]string, 0, len(f.OtherCurrency))
	for c := range f.OtherCurrency {
		others = append(others, c)
	}
	sort.Strings(others)
	return others
}

// otherCurrencySection lists, per currency, what the totals leave out.
func (f *Forecast) otherCurrencySection() Section {
	cols := []Column{{Title: "Currency", Width: 1}}
	if f.BacklogMode == assets.BacklogApart {
		cols = append(cols, Column{Title: "Backlog", Kind: Money})
	}
	for _, y := range f.Years {
		cols = append(cols, Column{Title: y.Label, Kind: Money})
	}
	cols = append(cols, Column{Title: "Total", Kind: Money})
	s := Section{Title: "Not in the totals: amounts in other currencies", Columns: cols,
		Note: "These amounts are not converted to " + f.Currency + " and are not in any total above; each is in its own currency."}
	for _, c := range f.otherCurrencies() {
		row := []Cell{T(c)}
		vals := f.OtherByPeriod[c]
		m := func(v int64) Cell { return M(assets.Money{Minor: v, Currency: c}) }
		if f.BacklogMode == assets.BacklogApart {
			row = append(row, m(vals[len(f.Years)]))
		}
		for i := range f.Years {
			row = append(row, m(vals[i]))
		}
		s.Rows = append(s.Rows, append(row, m(f.OtherCurrency[c])))
	}
	return s
}

// groupSection is the forecast per department or location.
func (f *Forecast) groupSection() Section {
	title := map[GroupBy]string{GroupDepartment: "Department", GroupLocation: "Location"}[f.GroupBy]
	apart := f.BacklogMode == assets.BacklogApart
	cols := []Column{{Title: title, Width: 2.5, Wrap: true}}
	if apart {
		cols = append(cols, Column{Title: "Backlog", Kind: Money})
	}
	for _, y := range f.Years {
		cols = append(cols, Column{Title: y.Label, Kind: Money})
	}
	cols = append(cols, Column{Title: moneyTitle("Total", f.Currency), Kind: Money})
	s := Section{Title: "Cost per period by " + strings.ToLower(title), Columns: cols,
		Note: "Replacements go to the holder's department or the asset's location; licences, contracts and tasks to the first line."}
	tot := make([]int64, len(f.Years))
	var tb, grand int64
	for _, g := range f.Groups {
		row := []Cell{T(g.Name)}
		var t int64
		if apart {
			row = append(row, M(f.money(g.Backlog)))
			f.sum(&t, g.Backlog)
			f.sum(&tb, g.Backlog)
		}
		for i := range f.Years {
			row = append(row, M(f.money(g.Cost[i])))
			f.sum(&t, g.Cost[i])
			f.sum(&tot[i], g.Cost[i])
		}
		f.sum(&grand, t)
		s.Rows = append(s.Rows, append(row, M(f.money(t))))
	}
	s.Total = []Cell{T("Total")}
	if apart {
		s.Total = append(s.Total, M(f.money(tb)))
	}
	for i := range f.Years {
		s.Total = append(s.Total, M(f.money(tot[i])))
	}
	s.Total = append(s.Total, M(f.money(grand)))
	return s
}

// whatIfSection sets the what-if's refresh cost against the baseline's.
func (f *Forecast) whatIfSection() Section {
	w := f.WhatIf
	label := w.Category
	for _, c := range f.Categories {
		if c.Name == w.Category {
			label = c.Label
		}
	}
	change := assets.CountOf(w.DeltaYears, "year", "years") + " longer"
	if w.DeltaYears < 0 {
		change = assets.CountOf(-w.DeltaYears, "year", "years") + " shorter"
	}
	s := Section{Title: fmt.Sprintf("What if: %s refresh cycle %s", label, change),
		Columns: []Column{{Title: "Period", Width: 1.5}, {Title: "Baseline", Kind: Money}, {Title: "What if", Kind: Money}, {Title: moneyTitle("Saving", f.Currency), Kind: Money}},
		Note:    "The category's replacement cost per period, as planned and with the changed cycle; a negative saving is extra cost. Other categories and kinds are unchanged."}
	base := f.WhatIfBaseline()
	var tb, tw int64
	for i, y := range f.Years {
		s.Rows = append(s.Rows, []Cell{T(y.Label), M(f.money(base[i])), M(f.money(f.WhatIfCost[i])), M(f.money(base[i] - f.WhatIfCost[i]))})
		f.sum(&tb, base[i])
		f.sum(&tw, f.WhatIfCost[i])
	}
	s.Total = []Cell{T("Total"), M(f.money(tb)), M(f.money(tw)), M(f.money(tb - tw))}
	return s
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
		Column{Title: "First year", Kind: Money}, Column{Title: moneyTitle(assets.CountOf(len(f.Years), "year", "years"), f.Currency), Kind: Money})
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

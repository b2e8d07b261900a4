package report

import (
	"context"
	"math"
	"sort"
	"strings"

	"steward/assets"
)

// The window's Charts screen draws pictures of the same models the printed
// reports are made of: the fleet age profile of the end-of-life report
// (Exposure.AgeChart), the budget forecast's spending and replacements per
// fiscal year (Forecast.SpendChart, also the budget PDF's chart), the
// licence report's seats (LicenceSeatsChart) and the alerts steward alerts
// lists (AlertsChart). Each chart is built here from its model, so a
// picture and the paper cannot disagree.

// AgeBands are the fleet age profile's bands by whole years since
// purchase, youngest first. Assets with no purchase date are counted apart
// (AgeLine.Unknown).
var AgeBands = []string{"Under 1 year", "1–2 years", "2–3 years", "3–4 years", "4–5 years", "5 years or more"}

// AgeLine is one category's assets in the fleet by age band.
type AgeLine struct {
	Name, Label  string
	Counts       []int // per AgeBands
	Unknown      int   // no purchase date
	Total        int
	RefreshYears int // the category's refresh period (0: none)
	PastRefresh  int // older than the refresh period
}

// ageBand is the band of an asset bought on purchase, on asOf.
func ageBand(purchase, asOf assets.Date) int {
	years := wholeYears(purchase, asOf)
	return max(0, min(years, len(AgeBands)-1))
}

// ages collects the age profile (ExposureBuilder.Add).
type ages struct {
	lines map[string]*AgeLine
}

func (g *ages) add(a *assets.Asset, cat assets.Category, asOf assets.Date) {
	if g.lines == nil {
		g.lines = map[string]*AgeLine{}
	}
	l := g.lines[cat.Name]
	if l == nil {
		l = &AgeLine{Name: cat.Name, Label: cat.Label, Counts: make([]int, len(AgeBands)), RefreshYears: cat.RefreshYears}
		g.lines[cat.Name] = l
	}
	l.Total++
	if a.PurchaseDate.IsZero() {
		l.Unknown++
		return
	}
	l.Counts[ageBand(a.PurchaseDate, asOf)]++
	if cat.RefreshYears > 0 && !a.PurchaseDate.AddYears(cat.RefreshYears).After(asOf) {
		l.PastRefresh++
	}
}

// list is the profile's lines in the categories' order (unknown
// categories last, by name).
func (g *ages) list(cats []assets.Category) []AgeLine {
	var out []AgeLine
	seen := map[string]bool{}
	for _, c := range cats {
		if l := g.lines[c.Name]; l != nil && !seen[c.Name] {
			out = append(out, *l)
			seen[c.Name] = true
		}
	}
	var rest []string
	for name := range g.lines {
		if !seen[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		out = append(out, *g.lines[name])
	}
	return out
}

// LoadAgeProfile loads the end-of-life report's fleet age profile alone,
// without the report's end-of-life and warranty findings (the window's
// chart needs only this, and it reads a tenth of the time).
func LoadAgeProfile(ctx context.Context, src Source, asOf assets.Date) ([]AgeLine, error) {
	cats, err := src.Categories(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]assets.Category{}
	for _, c := range cats {
		byName[c.Name] = c
	}
	var g ages
	err = eachActive(ctx, src, func(a *assets.Asset) {
		if a.Status.Active() {
			g.add(a, categoryOf(byName, a.Category), asOf)
		}
	})
	return g.list(cats), err
}

// categoryOf is the category named name, or one made up from the name
// when the register no longer has it.
func categoryOf(byName map[string]assets.Category, name string) assets.Category {
	if c, ok := byName[name]; ok {
		return c
	}
	return assets.Category{Name: name, Label: name}
}

// AgeChart is the fleet age profile: one bar per category, one segment per
// age band.
func (e *Exposure) AgeChart() *BarChart { return AgeChart(e.Ages) }

// AgeChart is the chart of an age profile (Exposure.Ages, LoadAgeProfile).
func AgeChart(lines []AgeLine) *BarChart {
	c := &BarChart{Title: "Fleet age by category", YTitle: "Assets", Series: append([]string(nil), AgeBands...)}
	c.Values = make([][]float64, len(AgeBands))
	for _, l := range lines {
		c.Labels = append(c.Labels, l.Label)
		for b := range AgeBands {
			c.Values[b] = append(c.Values[b], float64(l.Counts[b]))
		}
		note := ""
		if l.PastRefresh > 0 {
			note = countText(l.PastRefresh) + " past refresh"
		}
		c.Notes = append(c.Notes, note)
	}
	return c
}

// ageSection is the age profile as a table.
func (e *Exposure) ageSection() Section {
	cols := []Column{{Title: "Category", Width: 1.4}}
	for _, b := range AgeBands {
		cols = append(cols, Column{Title: b, Kind: Int})
	}
	cols = append(cols, Column{Title: "No purchase date", Kind: Int}, Column{Title: "Total", Kind: Int},
		Column{Title: "Refresh", Width: 0.9}, Column{Title: "Past refresh", Kind: Int})
	s := Section{Title: "Fleet age by category", Columns: cols, Empty: "No asset in the fleet.",
		Note: "Assets in the fleet by whole years since purchase; past refresh: older than the category's refresh period."}
	tot := AgeLine{Counts: make([]int, len(AgeBands))}
	for _, l := range e.Ages {
		row := []Cell{T(l.Label)}
		for b, n := range l.Counts {
			row = append(row, I(n))
			tot.Counts[b] += n
		}
		refresh := ""
		if l.RefreshYears > 0 {
			refresh = assets.Every(l.RefreshYears, "year", "years")
		}
		row = append(row, I(l.Unknown), I(l.Total), T(refresh), I(l.PastRefresh))
		tot.Unknown += l.Unknown
		tot.Total += l.Total
		tot.PastRefresh += l.PastRefresh
		s.Rows = append(s.Rows, row)
	}
	if len(e.Ages) > 0 {
		s.Total = []Cell{T("Total")}
		for _, n := range tot.Counts {
			s.Total = append(s.Total, I(n))
		}
		s.Total = append(s.Total, I(tot.Unknown), I(tot.Total), T(""), I(tot.PastRefresh))
	}
	return s
}

// Replaced is how many replacements fall in period i (the budget report's
// "Assets reaching end of life, by category" total for that period).
func (f *Forecast) Replaced(i int) int {
	n := 0
	for _, c := range f.Categories {
		n += c.Count[i]
	}
	return n
}

// SpendChart is the forecast's spending per period by kind, with the
// number of replacements in each period as the bar's note (the budget
// PDF prints the same chart).
func (f *Forecast) SpendChart() *BarChart {
	c := &BarChart{Title: "Spending per period", YTitle: moneyTitle("Cost", f.Currency)}
	for i, y := range f.Years {
		c.Labels = append(c.Labels, y.Label)
		c.Notes = append(c.Notes, countOf(f.Replaced(i), "replacement", "replacements"))
	}
	for k := SpendKind(0); k < numKinds; k++ {
		c.Series = append(c.Series, k.String())
		vals := make([]float64, len(f.Years))
		for i := range f.Years {
			vals[i] = majorUnits(f.money(f.ByKind[k][i]))
		}
		c.Values = append(c.Values, vals)
	}
	return c
}

// LicenceSeatsChart sets the seats in use (assigned or installed, whichever
// is more) against the seats bought, one pair of bars per licence with a
// seat count (site licences have none), as the licence report counts and
// orders them (the largest shortfall first); a shortfall is the bar's note.
func LicenceSeatsChart(list []LicenceUse) *BarChart {
	c := &BarChart{Title: "Licence seats: in use and bought", YTitle: "Seats", Series: []string{"In use", "Bought"}, Side: true,
		Values: [][]float64{nil, nil}}
	for _, l := range sortedLicences(list) {
		if l.Unlimited {
			continue
		}
		c.Labels = append(c.Labels, l.Name)
		c.Values[0] = append(c.Values[0], float64(max(l.Assigned, l.Installed)))
		c.Values[1] = append(c.Values[1], float64(l.Seats))
		note := ""
		if s := l.Shortfall(); s > 0 {
			note = countText(s) + " short"
		}
		c.Notes = append(c.Notes, note)
	}
	return c
}

// alertKindLabels name the alert kinds as a person reads them.
var alertKindLabels = map[string]string{
	assets.AlertEOL: "End of life", assets.AlertWarranty: "Warranty",
	assets.AlertLicenceShortfall: "Licence shortfall", assets.AlertLicenceExpiry: "Licence expiry",
	assets.AlertTaskOverdue: "Task overdue", assets.AlertTaskDue: "Task due",
	assets.AlertTrainingOverdue: "Training overdue", assets.AlertTrainingDue: "Training due",
	assets.AlertLeaverHolding: "Leaver holding equipment", assets.AlertAuditDue: "Audit due",
	assets.AlertOSSupport: "OS or firmware support", assets.AlertReturnOverdue: "Return overdue",
}

// AlertKindLabel is an alert kind in words ("licence_shortfall" ->
// "Licence shortfall"; a kind it does not know, with its underscores as
// spaces).
func AlertKindLabel(kind string) string {
	if l, ok := alertKindLabels[kind]; ok {
		return l
	}
	s := strings.ReplaceAll(kind, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// AlertsChart counts alerts by kind, one segment per severity (critical,
// warning, info), kinds with the most critical alerts first.
func AlertsChart(list []assets.Alert) *BarChart {
	sevs := []assets.Severity{assets.SeverityCritical, assets.SeverityWarning, assets.SeverityInfo}
	counts := map[string]*[3]int{}
	var kinds []string
	for _, a := range list {
		n := counts[a.Kind]
		if n == nil {
			n = &[3]int{}
			counts[a.Kind] = n
			kinds = append(kinds, a.Kind)
		}
		for i, s := range sevs {
			if a.Severity == s {
				n[i]++
			}
		}
	}
	sort.SliceStable(kinds, func(i, j int) bool {
		a, b := counts[kinds[i]], counts[kinds[j]]
		for s := range sevs {
			if a[s] != b[s] {
				return a[s] > b[s]
			}
		}
		return kinds[i] < kinds[j]
	})
	c := &BarChart{Title: "Alerts by kind", YTitle: "Alerts", Series: []string{"Critical", "Warning", "Info"}, Values: make([][]float64, len(sevs))}
	for _, k := range kinds {
		c.Labels = append(c.Labels, AlertKindLabel(k))
		for s := range sevs {
			c.Values[s] = append(c.Values[s], float64(counts[k][s]))
		}
		c.Notes = append(c.Notes, "")
	}
	return c
}

// Max is the tallest bar: the largest stack, or the largest single value
// of a chart drawn side by side.
func (c *BarChart) Max() float64 {
	m := 0.0
	for li := range c.Labels {
		sum := 0.0
		for si := range c.Series {
			if c.Side {
				m = math.Max(m, c.Values[si][li])
			} else {
				sum += c.Values[si][li]
			}
		}
		m = math.Max(m, sum)
	}
	return m
}

// Scale is the value axis for about ticks steps: the step (1, 2 or 5 times
// a power of ten) and the top of the axis, as the PDF draws it.
func (c *BarChart) Scale(ticks int) (step, top float64) {
	maxV := c.Max()
	step = niceStep(maxV / float64(max(ticks, 1)))
	if step < 1 && maxV >= 1 {
		step = 1
	}
	top = step * math.Ceil(maxV/step)
	if top == 0 {
		top = step
	}
	return step, top
}

// ShortNumber writes an axis or bar value briefly: "950", "12.5k", "1.2M".
func ShortNumber(v float64) string { return shortNumber(v) }

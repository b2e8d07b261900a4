package report

import (
	"fmt"
	"sort"

	"steward/assets"
)

// DepreciationInput is everything the depreciation report needs except the
// assets, which are added one by one.
type DepreciationInput struct {
	Org             string
	AsOf            assets.Date
	Years           int    // fiscal years from the current one; 0 means 5
	FiscalYearStart int    // month, 1..12; 0 means January
	Currency        string // "" picks the most used one
	Categories      []assets.Category
	Policies        map[string]assets.CategoryBudget // by category name
}

// BookAsset is what the depreciation report reads of one asset.
type BookAsset struct {
	Category string
	Purchase assets.Date
	Cost     assets.Money
	Active   bool                 // still in the fleet
	Disposed assets.Date          // when it left the fleet (zero: unknown or still held)
	Override *assets.Depreciation // the asset's own policy, if any
}

// DepreciationBuilder collects the assets of a depreciation report.
type DepreciationBuilder struct {
	in       DepreciationInput
	years    []Period
	cats     map[string]int
	labels   []string
	policies []assets.Depreciation
	// per currency, per category, per year
	sums      map[string][][]assets.BookYear
	bookNow   map[string]int64 // book value on the as-of date, per currency
	counts    map[string]int   // assets per currency
	onBook    map[string]int   // of which on the books on the as-of date
	noDate    int              // left the fleet with no disposal date: not on the book
	overrides int
	Overflow  bool
}

// NewDepreciation starts a depreciation report.
func NewDepreciation(in DepreciationInput) *DepreciationBuilder {
	if in.Years <= 0 {
		in.Years = 5
	}
	if in.FiscalYearStart < 1 || in.FiscalYearStart > 12 {
		in.FiscalYearStart = 1
	}
	b := &DepreciationBuilder{in: in, cats: map[string]int{}, sums: map[string][][]assets.BookYear{}, bookNow: map[string]int64{}, counts: map[string]int{}, onBook: map[string]int{}}
	first := assets.FiscalYearStart(in.AsOf, in.FiscalYearStart)
	for i := range in.Years {
		from := first.AddYears(i)
		b.years = append(b.years, Period{Label: assets.FiscalYearLabel(from), From: from, To: from.AddYears(1)})
	}
	for _, c := range in.Categories {
		b.cat(c.Name, c.Label)
	}
	return b
}

func (b *DepreciationBuilder) cat(name, label string) int {
	if i, ok := b.cats[name]; ok {
		return i
	}
	if label == "" {
		label = name
	}
	b.cats[name] = len(b.labels)
	b.labels = append(b.labels, label)
	b.policies = append(b.policies, b.in.Policies[name].Depreciation)
	return len(b.labels) - 1
}

// Add puts one asset on the books.
func (b *DepreciationBuilder) Add(a *BookAsset) {
	if a.Cost.Minor <= 0 || a.Purchase.IsZero() {
		return
	}
	disposed := a.Disposed
	if !a.Active {
		if disposed.IsZero() {
			b.noDate++
			return
		}
	} else {
		disposed = assets.Date{}
	}
	ci := b.cat(a.Category, "")
	p := b.policies[ci]
	if a.Override != nil {
		p = *a.Override
		b.overrides++
	}
	rows := b.sums[a.Cost.Currency]
	if rows == nil {
		rows = make([][]assets.BookYear, 0, len(b.labels))
	}
	for len(rows) < len(b.labels) {
		rows = append(rows, make([]assets.BookYear, len(b.years)))
	}
	b.sums[a.Cost.Currency] = rows
	b.counts[a.Cost.Currency]++
	for i, y := range b.years {
		m := p.BookMovement(a.Cost.Minor, a.Purchase, disposed, y.From, y.To)
		if !b.addYear(&rows[ci][i], m) {
			b.Overflow = true
		}
	}
	if !a.Purchase.After(b.in.AsOf) && (disposed.IsZero() || disposed.After(b.in.AsOf)) {
		v, err := assets.AddMinor(b.bookNow[a.Cost.Currency], p.BookValue(a.Cost.Minor, a.Purchase, b.in.AsOf))
		if err != nil {
			b.Overflow = true
		}
		b.bookNow[a.Cost.Currency] = v
		b.onBook[a.Cost.Currency]++
	}
}

func (b *DepreciationBuilder) addYear(t *assets.BookYear, m assets.BookYear) bool {
	ok := true
	for _, p := range []struct {
		t *int64
		v int64
	}{{&t.Opening, m.Opening}, {&t.Additions, m.Additions}, {&t.Charge, m.Charge}, {&t.Disposals, m.Disposals}, {&t.Closing, m.Closing}} {
		s, err := assets.AddMinor(*p.t, p.v)
		if err != nil {
			ok = false
			continue
		}
		*p.t = s
	}
	return ok
}

// Depreciation is the built report: per fiscal year and category, the
// movement on the books in the report currency.
type Depreciation struct {
	Org           string
	AsOf          assets.Date
	Currency      string
	Years         []Period
	Labels        []string            // category labels, rows of ByCategory
	ByCategory    [][]assets.BookYear // [category][year]
	Totals        []assets.BookYear   // per year
	BookValue     int64               // on the as-of date
	Assets        int                 // assets counted (bought, with a cost, in the report currency)
	OnBook        int                 // of which on the books on the as-of date
	NoDisposal    int
	Overrides     int
	OtherCurrency map[string]int64 // book value on the as-of date of assets in other currencies
	Policies      []string         // per category: its policy as text
	Overflow      bool
}

// Build totals the report.
func (b *DepreciationBuilder) Build() *Depreciation {
	r := &Depreciation{Org: b.in.Org, AsOf: b.in.AsOf, Years: b.years, NoDisposal: b.noDate, Overrides: b.overrides, OtherCurrency: map[string]int64{}, Overflow: b.Overflow}
	r.Currency = b.in.Currency
	if r.Currency == "" {
		best := -1
		for c, n := range b.counts {
			if n > best || n == best && c < r.Currency {
				r.Currency, best = c, n
			}
		}
	}
	for c, v := range b.bookNow {
		if c != r.Currency && c != "" {
			r.OtherCurrency[c] = v
		}
	}
	r.Totals = make([]assets.BookYear, len(b.years))
	rows := make([][]assets.BookYear, len(b.labels))
	for i := range rows {
		rows[i] = make([]assets.BookYear, len(b.years))
	}
	for c, sums := range b.sums {
		if c != r.Currency && c != "" {
			continue
		}
		r.Assets += b.counts[c]
		r.OnBook += b.onBook[c]
		for ci := range sums {
			for y := range sums[ci] {
				if !b.addYear(&rows[ci][y], sums[ci][y]) || !b.addYear(&r.Totals[y], sums[ci][y]) {
					r.Overflow = true
				}
			}
		}
	}
	r.BookValue = b.bookNow[r.Currency]
	if r.Currency != "" {
		r.BookValue += b.bookNow[""]
	}
	order := make([]int, len(b.labels))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return b.labels[order[i]] < b.labels[order[j]] })
	for _, i := range order {
		var any bool
		for _, y := range rows[i] {
			any = any || y != (assets.BookYear{})
		}
		if !any {
			continue
		}
		r.Labels = append(r.Labels, b.labels[i])
		r.ByCategory = append(r.ByCategory, rows[i])
		r.Policies = append(r.Policies, b.policies[i].String())
	}
	return r
}

// Document lays the report out: a summary table per fiscal year, then one
// table per fiscal year by category.
func (r *Depreciation) Document() *Document {
	money := func(v int64) Cell { return M(assets.Money{Minor: v, Currency: r.Currency}) }
	mt := func(s string) string { return moneyTitle(s, r.Currency) }
	d := &Document{Kind: "depreciation", Title: "Depreciation and book value", Org: r.Org, AsOf: r.AsOf, Landscape: true,
		Subtitle: fmt.Sprintf("Book value of the fleet per fiscal year and category, from %s to %s: opening book value, additions, depreciation charge, disposals and closing book value.",
			r.Years[0].From, r.Years[len(r.Years)-1].To.AddDays(-1))}
	d.Summary = []KV{
		{"Book value on " + r.AsOf.String(), assets.Money{Minor: r.BookValue, Currency: r.Currency}.String()},
		{"Assets on the books on " + r.AsOf.String(), countText(r.OnBook)},
	}
	cols := []Column{{Title: "Fiscal year", Width: 1.3}, {Title: "Opening", Kind: Money}, {Title: "Additions", Kind: Money},
		{Title: "Depreciation", Kind: Money}, {Title: "Disposals", Kind: Money}, {Title: mt("Closing"), Kind: Money}}
	sum := Section{Title: "Book value per fiscal year", Columns: cols,
		Note: "Opening + additions - depreciation - disposals = closing, for every line. Years after the as-of date assume no purchases or disposals other than those recorded."}
	var tot assets.BookYear
	for i, y := range r.Years {
		t := r.Totals[i]
		sum.Rows = append(sum.Rows, []Cell{T(y.Label), money(t.Opening), money(t.Additions), money(t.Charge), money(t.Disposals), money(t.Closing)})
		tot.Additions += t.Additions
		tot.Charge += t.Charge
		tot.Disposals += t.Disposals
	}
	if len(r.Years) > 0 {
		tot.Opening, tot.Closing = r.Totals[0].Opening, r.Totals[len(r.Years)-1].Closing
	}
	sum.Total = []Cell{T("All years"), money(tot.Opening), money(tot.Additions), money(tot.Charge), money(tot.Disposals), money(tot.Closing)}
	d.Sections = append(d.Sections, sum)

	policy := Section{Title: "Depreciation policy by category", Columns: []Column{{Title: "Category", Width: 1.5}, {Title: "Policy", Width: 4}}}
	for i, l := range r.Labels {
		policy.Rows = append(policy.Rows, []Cell{T(l), T(r.Policies[i])})
	}
	d.Sections = append(d.Sections, policy)

	ccols := append([]Column{{Title: "Category", Width: 1.5}}, cols[1:]...)
	for i, y := range r.Years {
		s := Section{Title: fmt.Sprintf("%s (%s to %s) by category", y.Label, y.From, y.To.AddDays(-1)), Columns: ccols, Empty: "No asset on the books in this year."}
		for ci, l := range r.Labels {
			m := r.ByCategory[ci][i]
			if m == (assets.BookYear{}) {
				continue
			}
			s.Rows = append(s.Rows, []Cell{T(l), money(m.Opening), money(m.Additions), money(m.Charge), money(m.Disposals), money(m.Closing)})
		}
		t := r.Totals[i]
		if len(s.Rows) > 0 {
			s.Total = []Cell{T("Total"), money(t.Opening), money(t.Additions), money(t.Charge), money(t.Disposals), money(t.Closing)}
		}
		d.Sections = append(d.Sections, s)
	}
	d.Notes = append(d.Notes,
		"Straight line: cost less residual, charged evenly for each whole month from purchase over the period. Declining balance: the yearly rate of the value left, a twelfth of it for each whole month of a part year. Neither goes below the residual value.",
		"Disposed, retired and lost assets leave the book on the date they left the fleet, at their book value then (the disposals column).")
	if r.Overrides > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%s their own depreciation policy instead of their category's.", countOf(r.Overrides, "asset has", "assets have")))
	}
	if r.NoDisposal > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("Excluded: %s the fleet with no disposal date recorded, so %s not on the books.", countOf(r.NoDisposal, "asset left", "assets left"), assets.Plural(r.NoDisposal, "it is", "they are")))
	}
	var others []string
	for c := range r.OtherCurrency {
		others = append(others, c)
	}
	sort.Strings(others)
	for _, c := range others {
		d.Notes = append(d.Notes, fmt.Sprintf("Not in the totals: assets bought in %s (book value %s on the as-of date), not converted.", c, assets.Money{Minor: r.OtherCurrency[c], Currency: c}))
	}
	d.Notes = append(d.Notes, "Assets with no purchase date or no cost are not on the books.")
	if r.Overflow {
		d.Notes = append([]string{"WARNING: a sum went past the largest amount Steward can hold; the totals are not reliable."}, d.Notes...)
	}
	return d
}

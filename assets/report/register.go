package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"steward/assets"
)

// GroupBy says how the asset register is split into sections.
type GroupBy string

const (
	GroupNone     GroupBy = ""
	GroupLocation GroupBy = "location"
	GroupCategory GroupBy = "category"
)

// ParseGroupBy accepts location, category or none ("" is none).
func ParseGroupBy(s string) (GroupBy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none":
		return GroupNone, nil
	case "location":
		return GroupLocation, nil
	case "category":
		return GroupCategory, nil
	}
	return "", fmt.Errorf("%q is not a grouping: use location, category or none", s)
}

// RegisterInput describes an asset register: the filter it was made with
// (printed on the report) and how to group it.
type RegisterInput struct {
	Org        string
	AsOf       assets.Date
	Query      assets.AssetQuery
	GroupBy    GroupBy
	Currency   string // "" picks the most used one
	Categories []assets.Category
	// Policies and Overrides give each asset's book value on AsOf (a
	// column shown when any category or asset is depreciated).
	Policies  map[string]assets.CategoryBudget
	Overrides map[int64]assets.Depreciation
}

// RegisterBuilder collects the assets of a register.
type RegisterBuilder struct {
	in     RegisterInput
	labels map[string]string
	groups map[string]*regGroup
	counts map[string]int
	n      int
}

type regGroup struct {
	name string
	list []regRow
}

type regRow struct {
	tag, name, other, status, person, purchased string
	cost                                        assets.Money
	book                                        int64 // book value on the as-of date; -1: not on the books
}

// NewRegister starts a register; Add each asset in the order to print.
func NewRegister(in RegisterInput) *RegisterBuilder {
	b := &RegisterBuilder{in: in, labels: map[string]string{}, groups: map[string]*regGroup{}, counts: map[string]int{}}
	for _, c := range in.Categories {
		b.labels[c.Name] = c.Label
	}
	return b
}

func (b *RegisterBuilder) catLabel(name string) string {
	if l, ok := b.labels[name]; ok && l != "" {
		return l
	}
	return name
}

// Add adds one asset. Only the printed fields are kept, so 10,000 rows stay
// small.
func (b *RegisterBuilder) Add(a *assets.Asset) {
	b.n++
	key := ""
	other := b.catLabel(a.Category)
	switch b.in.GroupBy {
	case GroupLocation:
		key = a.Location
		if key == "" {
			key = "(no location)"
		}
	case GroupCategory:
		key = b.catLabel(a.Category)
		other = a.Location
	}
	g := b.groups[key]
	if g == nil {
		g = &regGroup{name: key}
		b.groups[key] = g
	}
	g.list = append(g.list, regRow{tag: a.Tag, name: a.Name, other: other, status: a.Status.Label(),
		person: a.AssignedName, purchased: a.PurchaseDate.String(), cost: a.Cost, book: b.bookValue(a)})
	if a.Cost.Minor != 0 {
		b.counts[a.Cost.Currency]++
	}
}

// depreciated says whether any category or asset has a depreciation policy.
func (b *RegisterBuilder) depreciated() bool {
	for _, p := range b.in.Policies {
		if p.Depreciation.Method != "" && p.Depreciation.Method != assets.DepreciationNone {
			return true
		}
	}
	return len(b.in.Overrides) > 0
}

// bookValue is an asset's book value on the as-of date: its own policy or
// its category's; -1 when it is not on the books (left the fleet, or no
// purchase date or cost).
func (b *RegisterBuilder) bookValue(a *assets.Asset) int64 {
	if !a.Status.Active() || a.PurchaseDate.IsZero() || a.Cost.Minor <= 0 || a.PurchaseDate.After(b.in.AsOf) {
		return -1
	}
	p := b.in.Policies[a.Category].Depreciation
	if o, ok := b.in.Overrides[a.ID]; ok {
		p = o
	}
	return p.BookValue(a.Cost.Minor, a.PurchaseDate, b.in.AsOf)
}

// Document lays the register out: one section per group with its count and
// cost subtotal, the grand total in the summary.
func (b *RegisterBuilder) Document() *Document {
	cur := b.in.Currency
	if cur == "" {
		best := -1
		for c, n := range b.counts {
			if n > best || n == best && c < cur {
				cur, best = c, n
			}
		}
	}
	otherTitle := "Category"
	if b.in.GroupBy == GroupCategory {
		otherTitle = "Location"
	}
	cols := []Column{{Title: "Tag", Width: 1.2}, {Title: "Name", Width: 2.5}, {Title: otherTitle, Width: 1.3},
		{Title: "Status", Width: 1}, {Title: "Assigned to", Width: 2.4}, {Title: "Purchased", Kind: Date}, {Title: moneyTitle("Cost", cur), Kind: Money}}
	book := b.depreciated()
	if book {
		cols = append(cols, Column{Title: moneyTitle("Book value", cur), Kind: Money})
	}
	var grandBook assets.Total
	names := make([]string, 0, len(b.groups))
	for k := range b.groups {
		names = append(names, k)
	}
	sort.Strings(names)
	var grand assets.Total
	other := map[string]*assets.Total{}
	d := &Document{Kind: "register", Title: "Asset register", Org: b.in.Org, AsOf: b.in.AsOf}
	for _, name := range names {
		g := b.groups[name]
		title := "All assets"
		if b.in.GroupBy != GroupNone {
			title = name
		}
		s := Section{Title: title, Group: name, Columns: cols, Rows: make([][]Cell, 0, len(g.list))}
		var sub, subBook assets.Total
		for _, r := range g.list {
			cost := M(r.cost)
			switch {
			case r.cost.Minor == 0 && r.cost.Currency == "":
				cost = T("")
			case r.cost.Currency != cur && r.cost.Minor != 0:
				cost = T(r.cost.String())
				if other[r.cost.Currency] == nil {
					other[r.cost.Currency] = &assets.Total{}
				}
				other[r.cost.Currency].Add(r.cost.Minor)
			default:
				sub.Add(r.cost.Minor)
			}
			row := []Cell{T(r.tag), T(r.name), T(r.other), T(r.status), T(r.person), T(r.purchased), cost}
			if book {
				switch {
				case r.book < 0:
					row = append(row, T(""))
				case r.cost.Currency != cur && r.cost.Currency != "":
					row = append(row, T(assets.Money{Minor: r.book, Currency: r.cost.Currency}.String()))
				default:
					row = append(row, M(assets.Money{Minor: r.book, Currency: cur}))
					subBook.Add(r.book)
				}
			}
			s.Rows = append(s.Rows, row)
		}
		grand.Add(sub.Minor)
		if sub.Err() != nil {
			grand = sub
		}
		grandBook.Add(subBook.Minor)
		if subBook.Err() != nil {
			grandBook = subBook
		}
		s.Total = []Cell{T(plural(len(g.list), "asset")), T(""), T(""), T(""), T(""), T(""), totalCell(sub, cur)}
		if book {
			s.Total = append(s.Total, totalCell(subBook, cur))
		}
		d.Sections = append(d.Sections, s)
	}
	if len(d.Sections) == 0 {
		d.Sections = []Section{{Title: "All assets", Columns: cols, Empty: "No asset matches this filter."}}
	}
	d.Subtitle = "Filter: " + DescribeQuery(b.in.Query)
	if b.in.GroupBy != GroupNone {
		d.Subtitle += "; grouped by " + string(b.in.GroupBy)
	}
	d.Summary = []KV{{"Assets", groupDigits(strconv.Itoa(b.n))}, {"Total cost", totalText(grand, cur)}}
	if book {
		d.Summary = append(d.Summary, KV{"Book value on " + b.in.AsOf.String(), totalText(grandBook, cur)})
		d.Notes = append(d.Notes, "Book value: cost less depreciation to the as-of date, by the asset's own depreciation policy or its category's; blank for assets no longer in the fleet or with no purchase date or cost.")
	}
	if b.in.GroupBy != GroupNone {
		d.Summary = append(d.Summary, KV{"Groups", strconv.Itoa(len(b.groups))})
	}
	for _, c := range sortedKeys(other) {
		d.Notes = append(d.Notes, fmt.Sprintf("Costs in %s are shown as they are and not added to the totals: %s in all.", c, totalText(*other[c], c)))
	}
	d.Notes = append(d.Notes, overflowNote(append([]assets.Total{grand, grandBook}, derefTotals(other)...)...)...)
	return d
}

// DescribeQuery says in words which assets a query selects.
func DescribeQuery(q assets.AssetQuery) string {
	var parts []string
	if q.Search != "" {
		parts = append(parts, fmt.Sprintf("matching %q", q.Search))
	}
	if q.Category != "" {
		parts = append(parts, "category "+q.Category)
	}
	if q.Status != "" {
		parts = append(parts, "status "+q.Status.Label())
	}
	if q.Location != "" {
		parts = append(parts, "location "+q.Location)
	}
	if q.AssignedTo != 0 {
		parts = append(parts, fmt.Sprintf("assigned to person #%d", q.AssignedTo))
	}
	out := "all assets"
	if len(parts) > 0 {
		out = strings.Join(parts, ", ")
	}
	if q.Sort != "" && q.Sort != assets.SortTag {
		out += "; sorted by " + strings.ReplaceAll(string(q.Sort), "_", " ")
		if q.Desc {
			out += ", descending"
		}
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return groupDigits(strconv.Itoa(n)) + " " + word + "s"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

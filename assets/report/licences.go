package report

import (
	"fmt"
	"sort"
	"strconv"

	"steward/assets"
)

// LicenceUse is one licence's seats as the lifecycle records count them.
type LicenceUse struct {
	Name      string
	Vendor    string
	Seats     int  // bought
	Unlimited bool // a site licence: no seat count
	Assigned  int  // seats given to people or machines
	Installed int  // installations found by inventory
	Renewal   assets.Date
	Cost      assets.Money // renewal cost
}

// Shortfall is how many more seats are in use than were bought.
func (l LicenceUse) Shortfall() int {
	if l.Unlimited {
		return 0
	}
	used := max(l.Assigned, l.Installed)
	return max(used-l.Seats, 0)
}

// LicenceInput is what the licence compliance report needs.
type LicenceInput struct {
	Org      string
	AsOf     assets.Date
	SoonDays int // a renewal this close is flagged; 0 means 90
	Currency string
	Licences []LicenceUse
}

// Licences builds the licence compliance report: bought, assigned,
// installed, shortfall, renewal date and cost, and a state per licence.
func Licences(in LicenceInput) *Document {
	if in.SoonDays <= 0 {
		in.SoonDays = 90
	}
	list := sortedLicences(in.Licences)
	cur := in.Currency
	if cur == "" {
		for _, l := range list {
			if l.Cost.Currency != "" {
				cur = l.Cost.Currency
				break
			}
		}
	}
	cols := []Column{{Title: "Licence", Width: 2.2}, {Title: "Vendor", Width: 1.3}, {Title: "Bought", Kind: Int}, {Title: "Assigned", Kind: Int},
		{Title: "Installed", Kind: Int}, {Title: "Shortfall", Kind: Int}, {Title: "Renewal", Kind: Date}, {Title: moneyTitle("Renewal cost", cur), Kind: Money}, {Title: "State", Width: 1.8}}
	s := Section{Title: "Licences", Columns: cols, Empty: "No licences recorded."}
	var seats, assigned, installed, short, nShort, nExpired, nSoon int
	var cost assets.Total
	for _, l := range list {
		state := "Compliant"
		switch {
		case l.Shortfall() > 0:
			state = fmt.Sprintf("Short by %d", l.Shortfall())
			nShort++
		case !l.Renewal.IsZero() && l.Renewal.Before(in.AsOf):
			state = "Expired"
		case !l.Renewal.IsZero() && in.AsOf.DaysUntil(l.Renewal) <= in.SoonDays:
			state = "Renews in " + countOf(in.AsOf.DaysUntil(l.Renewal), "day", "days")
		}
		if !l.Renewal.IsZero() && l.Renewal.Before(in.AsOf) {
			nExpired++
		} else if !l.Renewal.IsZero() && in.AsOf.DaysUntil(l.Renewal) <= in.SoonDays {
			nSoon++
		}
		costCell := M(l.Cost)
		if l.Cost.Minor == 0 && l.Cost.Currency == "" {
			costCell = T("")
		} else if l.Cost.Currency != cur {
			costCell = T(l.Cost.String())
		} else {
			cost.Add(l.Cost.Minor)
		}
		bought := I(l.Seats)
		if l.Unlimited {
			bought = T("site")
		}
		s.Rows = append(s.Rows, []Cell{T(l.Name), T(l.Vendor), bought, I(l.Assigned), I(l.Installed), I(l.Shortfall()), D(l.Renewal), costCell, T(state)})
		seats += l.Seats
		assigned += l.Assigned
		installed += l.Installed
		short += l.Shortfall()
	}
	if len(list) > 0 {
		s.Total = []Cell{T("Total"), T(""), I(seats), I(assigned), I(installed), I(short), T(""), totalCell(cost, cur), T("")}
	}
	n := func(v int) string { return groupDigits(strconv.Itoa(v)) }
	return &Document{Kind: "licences", Title: "Licence compliance", Org: in.Org, AsOf: in.AsOf,
		Subtitle: "Seats bought against seats assigned and installations found; a shortfall is the larger of assigned and installed, less bought.",
		Summary: []KV{{"Licences", n(len(list))}, {"Licences short of seats", n(nShort)}, {"Seats missing in all", n(short)},
			{"Expired", n(nExpired)}, {"Renewing within " + countOf(in.SoonDays, "day", "days"), n(nSoon)}},
		Sections: []Section{s}, Notes: overflowNote(cost)}
}

// sortedLicences is a copy of list in the report's order: the largest
// shortfall first, then by name.
func sortedLicences(list []LicenceUse) []LicenceUse {
	list = append([]LicenceUse(nil), list...)
	sort.SliceStable(list, func(i, j int) bool {
		if a, b := list[i].Shortfall(), list[j].Shortfall(); a != b {
			return a > b
		}
		return list[i].Name < list[j].Name
	})
	return list
}

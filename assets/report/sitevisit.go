package report

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"steward/assets"
)

// SiteDevice is one device a scan found. Key identifies it across scans
// (a MAC address, else a host name).
type SiteDevice struct {
	Key     string
	Name    string
	Class   string // printer, computer, phone, ...
	Host    string
	Address string
	Model   string
}

// SiteVisitInput is one scan and the scan of the same site before it.
type SiteVisitInput struct {
	Org         string
	AsOf        assets.Date
	Site        string
	ScanAt      time.Time
	Devices     []SiteDevice
	HasPrevious bool
	PreviousAt  time.Time
	Previous    []SiteDevice
}

// SiteVisit builds the site visit report: devices found by class, new since
// the last visit, and missing since the last visit.
func SiteVisit(in SiteVisitInput) *Document {
	prev := map[string]bool{}
	for _, d := range in.Previous {
		prev[d.Key] = true
	}
	cur := map[string]bool{}
	for _, d := range in.Devices {
		cur[d.Key] = true
	}
	type tally struct{ found, fresh, missing int }
	classes := map[string]*tally{}
	get := func(c string) *tally {
		if c == "" {
			c = "other"
		}
		if classes[c] == nil {
			classes[c] = &tally{}
		}
		return classes[c]
	}
	devCols := []Column{{Title: "Name", Width: 2.2}, {Title: "Class", Width: 1}, {Title: "Host", Width: 1.8}, {Title: "Address", Width: 1.4}, {Title: "Model", Width: 1.6}}
	row := func(d SiteDevice) []Cell { return []Cell{T(d.Name), T(d.Class), T(d.Host), T(d.Address), T(d.Model)} }
	sortDevs := func(list []SiteDevice) {
		sort.SliceStable(list, func(i, j int) bool {
			if list[i].Class != list[j].Class {
				return list[i].Class < list[j].Class
			}
			return list[i].Name < list[j].Name
		})
	}
	devices := append([]SiteDevice(nil), in.Devices...)
	sortDevs(devices)
	found := Section{Title: "Devices found", Columns: devCols, Empty: "The scan found no devices."}
	fresh := Section{Title: "New since the last visit", Columns: devCols, Empty: "Nothing new."}
	for _, d := range devices {
		get(d.Class).found++
		found.Rows = append(found.Rows, row(d))
		if in.HasPrevious && !prev[d.Key] {
			get(d.Class).fresh++
			fresh.Rows = append(fresh.Rows, row(d))
		}
	}
	previous := append([]SiteDevice(nil), in.Previous...)
	sortDevs(previous)
	missing := Section{Title: "Missing since the last visit", Columns: devCols, Empty: "Nothing is missing."}
	for _, d := range previous {
		if !cur[d.Key] {
			get(d.Class).missing++
			missing.Rows = append(missing.Rows, row(d))
		}
	}
	byClass := Section{Title: "By class", Columns: []Column{{Title: "Class", Width: 2}, {Title: "Found", Kind: Int}, {Title: "New", Kind: Int}, {Title: "Missing", Kind: Int}},
		Empty: "No devices."}
	var tot tally
	for _, c := range sortedKeys(classes) {
		t := classes[c]
		byClass.Rows = append(byClass.Rows, []Cell{T(c), I(t.found), I(t.fresh), I(t.missing)})
		tot.found += t.found
		tot.fresh += t.fresh
		tot.missing += t.missing
	}
	if len(classes) > 0 {
		byClass.Total = []Cell{T("Total"), I(tot.found), I(tot.fresh), I(tot.missing)}
	}
	n := func(v int) string { return groupDigits(strconv.Itoa(v)) }
	d := &Document{Kind: "site-visit", Title: "Site visit", Org: in.Org, AsOf: in.AsOf,
		Subtitle: fmt.Sprintf("Site %s, scanned %s.", orDash(in.Site), in.ScanAt.UTC().Format("2006-01-02 15:04 UTC")),
		Summary:  []KV{{"Devices found", n(tot.found)}}}
	if in.HasPrevious {
		d.Summary = append(d.Summary, KV{"Last visit", in.PreviousAt.UTC().Format("2006-01-02 15:04 UTC")},
			KV{"New since then", n(tot.fresh)}, KV{"Missing since then", n(tot.missing)})
		d.Sections = []Section{byClass, fresh, missing, found}
	} else {
		d.Summary = append(d.Summary, KV{"Last visit", "none: this is the first scan of the site"})
		d.Sections = []Section{byClass, found}
	}
	return d
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

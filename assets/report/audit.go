package report

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"steward/assets"
)

// AuditInput is a stocktake's result and, per location, its cross-check
// with a network scan from the same visit.
type AuditInput struct {
	Org     string
	AsOf    assets.Date
	Result  assets.AuditResult
	Network []assets.NetworkCheck
	// Zone prints the audit's times (the auditor's local time).
	Zone *time.Location
}

var outcomeLabels = map[assets.AuditOutcome]string{
	assets.OutcomeFound: "Found", assets.OutcomeMissing: "Missing",
	assets.OutcomeMoved: "Moved here", assets.OutcomeUnknown: "Unknown tag",
}

// Audit builds the stocktake report: who audited what and when, then per
// location the assets found, missing, moved there and the unknown tags,
// the network cross-check where there is one, and lines to sign.
func Audit(in AuditInput) *Document {
	r := in.Result
	a := r.Audit
	zone := in.Zone
	if zone == nil {
		zone = time.Local
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "not yet"
		}
		return t.In(zone).Format("2006-01-02 15:04")
	}
	applied := "no"
	if !a.Applied.IsZero() {
		applied = "yes, " + when(a.Applied)
	}
	if len(r.Moves()) == 0 {
		applied = "nothing to move"
	}
	doc := &Document{
		Kind: "audit", Title: "Stocktake", Org: in.Org, AsOf: in.AsOf,
		Subtitle: fmt.Sprintf("Audit %d: %s. What the register expects there against what was scanned.", a.ID, strings.Join(a.Locations, ", ")),
		Summary: []KV{
			{"Audited by", cmp.Or(a.Auditor, "not recorded")}, {"Started", when(a.Started)}, {"Finished", when(a.Finished)},
			{"Labels scanned", fmt.Sprintf("%d (%d scanned twice)", r.Scans, r.Dupes)},
			{"Found", fmt.Sprint(r.Count(assets.OutcomeFound, ""))},
			{"Missing", fmt.Sprint(r.Count(assets.OutcomeMissing, ""))},
			{"Moved (registered elsewhere)", fmt.Sprint(r.Count(assets.OutcomeMoved, ""))},
			{"Unknown tags", fmt.Sprint(r.Count(assets.OutcomeUnknown, ""))},
			{"Moves applied to the register", applied},
		},
		Signatures: []string{strings.TrimSuffix("Auditor: "+a.Auditor, ": "), "Checked by"},
	}
	// The location in every row: a spreadsheet of several audits sorts and filters by it.
	cols := []Column{{Title: "Location", Width: 1.3}, {Title: "Result", Width: 1.1}, {Title: "Tag", Width: 1}, {Title: "Name", Width: 2.6, Wrap: true}, {Title: "Registered at", Width: 1.5}}
	for _, loc := range a.Locations {
		sec := Section{Columns: cols, Empty: "Nothing expected here and nothing scanned.",
			Title: fmt.Sprintf("%s: %d found, %d missing, %d moved here, %d unknown", loc, r.Count(assets.OutcomeFound, loc),
				r.Count(assets.OutcomeMissing, loc), r.Count(assets.OutcomeMoved, loc), r.Count(assets.OutcomeUnknown, loc))}
		for _, l := range r.Lines {
			if !assets.SameLocation(l.Location, loc) {
				continue
			}
			reg := l.Registered
			if l.Outcome == assets.OutcomeUnknown {
				reg = "not in the register"
			} else if reg == "" {
				reg = "no location"
			}
			sec.Rows = append(sec.Rows, []Cell{T(loc), T(outcomeLabels[l.Outcome]), T(l.Tag), T(l.Name), T(reg)})
		}
		doc.Sections = append(doc.Sections, sec)
	}
	netCols := []Column{{Title: "Finding", Width: 1.5}, {Title: "Device on the network", Width: 2}, {Title: "Tag", Width: 1}, {Title: "Matched by", Width: 0.9}, {Title: "MAC / host", Width: 1.8}}
	for _, nc := range in.Network {
		sec := Section{Title: fmt.Sprintf("%s: shelf and network (scan %d, %s)", nc.Location, nc.ScanID, when(nc.ScanAt)), Columns: netCols,
			Note: "The network scan of the same visit against the shelf, matched by MAC, serial or host name. On both: scanned and seen. " +
				"Not on the shelf: seen on the network, registered, not scanned. Not in the register: seen on the network, unknown. " +
				"Not on the network: scanned, has a MAC or host name, not seen (switched off, unplugged or mislabelled).",
			Empty: "The network scan saw no devices."}
		ident := func(mac, host string) string {
			return strings.Trim(mac+" "+host, " ")
		}
		for _, m := range nc.Matched {
			sec.Rows = append(sec.Rows, []Cell{T("On both"), T(m.Sighting.DeviceName()), T(m.Line.Tag), T(m.By), T(ident(m.Sighting.MAC, m.Sighting.HostName))})
		}
		for _, m := range nc.SeenNotFound {
			finding, tag := "Not in the register", ""
			if m.Line.Tag != "" {
				finding, tag = "Not on the shelf", m.Line.Tag
			}
			sec.Rows = append(sec.Rows, []Cell{T(finding), T(m.Sighting.DeviceName()), T(tag), T(m.By), T(ident(m.Sighting.MAC, m.Sighting.HostName))})
		}
		for _, l := range nc.FoundNotSeen {
			sec.Rows = append(sec.Rows, []Cell{T("Not on the network"), T(l.Name), T(l.Tag), T(""), T(ident(l.MAC, l.HostName))})
		}
		doc.Sections = append(doc.Sections, sec)
	}
	if len(in.Network) == 0 {
		doc.Notes = append(doc.Notes, "No network scan of these locations from the same visit: scan the network from the Discovery screen during the visit, with the location as its site, to compare the shelf with the network.")
	}
	return doc
}

// signatures prints a line to sign for each of the document's signatures,
// with room for the date.
func (p *pdfWriter) signatures() {
	if len(p.doc.Signatures) == 0 {
		return
	}
	f := p.f
	p.need(10 + 16*float64(len(p.doc.Signatures)))
	f.Ln(6)
	w := p.contentW()
	for _, who := range p.doc.Signatures {
		y := f.GetY() + 10
		f.SetDrawColor(0, 0, 0)
		f.SetLineWidth(0.3)
		f.Line(marginX, y, marginX+w*0.55, y)
		f.Line(marginX+w*0.65, y, marginX+w, y)
		f.SetFont(fontFamily, "", 8)
		f.SetXY(marginX, y+0.8)
		f.CellFormat(w*0.55, 4, p.fit(who+" (signature)", w*0.55), "", 0, "L", false, 0, "")
		f.SetXY(marginX+w*0.65, y+0.8)
		f.CellFormat(w*0.35, 4, "Date", "", 1, "L", false, 0, "")
		f.SetY(y + 6)
	}
}

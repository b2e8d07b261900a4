package assets

import (
	"sort"
	"strings"
)

// MachineFacts is what an inventory report says about the computer it
// describes, as plain values: the domain does not know the report format.
type MachineFacts struct {
	Serial       string
	UUID         string
	MACs         []string // physical interfaces only
	HostName     string
	Manufacturer string
	Model        string
	Chassis      string // laptop, desktop, server, tablet, all-in-one, mini, other or ""
	OS           string
}

// MatchCandidate is an asset that might be the machine: one that shares its
// serial, a UUID from an earlier report, a MAC or the host name.
type MatchCandidate struct {
	ID       int64
	Serial   string
	UUIDs    []string // from reports attached earlier
	MAC      string
	HostName string
}

// Ways a report can be matched to an asset, strongest first.
const (
	MatchBySerial   = "serial"
	MatchByUUID     = "uuid"
	MatchByMAC      = "mac"
	MatchByHostName = "hostname"
)

// Match is the outcome of MatchMachine. AssetID 0 means no asset is this
// machine (create one); Ambiguous lists assets that tie at the strongest
// level, in which case nothing is attached and a person must decide.
type Match struct {
	AssetID   int64
	By        string
	Ambiguous []int64
}

// MatchMachine decides which asset an inventory report belongs to: by
// serial number, then system UUID, then MAC address, then host name. The
// weaker keys never override a serial that says otherwise: an asset with
// another serial is another machine, even if it now has the same host name
// or a docking station moved its MAC.
func MatchMachine(f MachineFacts, candidates []MatchCandidate) Match {
	serial := normSerial(f.Serial)
	uuid := strings.ToLower(strings.TrimSpace(f.UUID))
	host := normHost(f.HostName)
	macs := map[string]bool{}
	for _, m := range f.MACs {
		if n, err := NormalizeMAC(m); err == nil {
			macs[n] = true
		}
	}
	// compatible: the candidate's serial does not contradict the report's.
	compatible := func(c MatchCandidate) bool {
		cs := normSerial(c.Serial)
		return cs == "" || serial == "" || cs == serial
	}
	levels := []struct {
		by    string
		match func(c MatchCandidate) bool
	}{
		{MatchBySerial, func(c MatchCandidate) bool { return serial != "" && normSerial(c.Serial) == serial }},
		{MatchByUUID, func(c MatchCandidate) bool {
			if uuid == "" || !compatible(c) {
				return false
			}
			for _, u := range c.UUIDs {
				if strings.EqualFold(strings.TrimSpace(u), uuid) {
					return true
				}
			}
			return false
		}},
		{MatchByMAC, func(c MatchCandidate) bool {
			m, err := NormalizeMAC(c.MAC)
			return err == nil && macs[m] && compatible(c)
		}},
		{MatchByHostName, func(c MatchCandidate) bool {
			return host != "" && normHost(c.HostName) == host && compatible(c)
		}},
	}
	for _, l := range levels {
		var ids []int64
		seen := map[int64]bool{}
		for _, c := range candidates {
			if l.match(c) && !seen[c.ID] {
				seen[c.ID] = true
				ids = append(ids, c.ID)
			}
		}
		switch {
		case len(ids) == 1:
			return Match{AssetID: ids[0], By: l.by}
		case len(ids) > 1:
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			return Match{By: l.by, Ambiguous: ids}
		}
	}
	return Match{}
}

// normSerial compares serials without case and surrounding space.
func normSerial(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// normHost compares host names by their first label, without case: "PC-042",
// "pc-042.corp.example.org" and "pc-042.local" are one machine.
func normHost(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexByte(s, '.'); i > 0 {
		s = s[:i]
	}
	return s
}

// CategoryForChassis is the register category for a new asset made from an
// inventory report.
func CategoryForChassis(chassis string) string {
	switch chassis {
	case "laptop":
		return "laptop"
	case "desktop", "all-in-one", "mini":
		return "desktop"
	case "server":
		return "server"
	case "tablet":
		return "tablet"
	}
	// "other" or no chassis type at all (virtual machines): a person
	// files it.
	return "other"
}

// InventoryChange is one difference between an asset's previous report and
// a new one, as words, for the asset's history.
type InventoryChange struct {
	Area            string
	Text            string
	HardwareRemoved bool
}

// Validate checks the text a report brings into the register (the asset's
// fields, the report's summary columns, the software list): a report whose
// strings break the text rule is refused whole, naming the field.
func (f MachineFacts) Validate(software []InstalledSoftware) error {
	errs := checkText(nil, false, textField{"serial", f.Serial}, textField{"uuid", f.UUID}, textField{"hostname", f.HostName},
		textField{"manufacturer", f.Manufacturer}, textField{"model", f.Model}, textField{"chassis", f.Chassis}, textField{"os", f.OS})
	for _, m := range f.MACs {
		errs = checkText(errs, false, textField{"mac", m})
	}
	for _, s := range software {
		errs = checkText(errs, false, textField{"software", s.Name}, textField{"software", s.Version}, textField{"software", s.Publisher})
	}
	return errs.Err()
}

// NewAssetFromFacts is the asset a report creates: named after the host,
// filed under the category its chassis suggests, deployed (it is running).
func NewAssetFromFacts(f MachineFacts) Asset {
	a := Asset{
		Category: CategoryForChassis(f.Chassis),
		Status:   StatusDeployed,
	}
	FillAssetFromFacts(&a, f)
	switch {
	case f.HostName != "":
		a.Name = f.HostName
	case strings.TrimSpace(f.Manufacturer+" "+f.Model) != "":
		a.Name = strings.TrimSpace(f.Manufacturer + " " + f.Model)
	case f.Serial != "":
		a.Name = "Computer " + f.Serial
	default:
		a.Name = "Computer"
	}
	return a
}

// FillAssetFromFacts takes from the report what the asset lacks, and what
// legitimately changes on a running machine (its OS, its host name). A
// serial, make or model a person typed is never overwritten.
func FillAssetFromFacts(a *Asset, f MachineFacts) {
	if a.Serial == "" {
		a.Serial = strings.TrimSpace(f.Serial)
	}
	if a.Manufacturer == "" {
		a.Manufacturer = f.Manufacturer
	}
	if a.Model == "" {
		a.Model = f.Model
	}
	if f.OS != "" {
		a.OS = f.OS
	}
	if f.HostName != "" {
		a.HostName = f.HostName
	}
	if a.MAC == "" && len(f.MACs) > 0 {
		a.MAC = f.MACs[0]
	}
}

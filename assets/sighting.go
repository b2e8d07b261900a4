package assets

import (
	"strings"
	"time"
)

// Sighting is a device discovery saw on the network, as the register keeps
// it: what it said about itself, where and when it was seen, and the asset
// it was matched or linked to (0 when none: an unknown device).
type Sighting struct {
	ID        int64     `json:"id"`
	DeviceID  string    `json:"device_id"` // discovery's stable ID: mac:…, uuid:…, serial:…, host:…
	AssetID   int64     `json:"asset_id,omitempty"`
	Name      string    `json:"name"`
	HostName  string    `json:"hostname,omitempty"`
	Class     string    `json:"class"`
	OS        string    `json:"os,omitempty"`
	Vendor    string    `json:"vendor,omitempty"`
	Model     string    `json:"model,omitempty"`
	Serial    string    `json:"serial,omitempty"`
	UUID      string    `json:"uuid,omitempty"`
	MAC       string    `json:"mac,omitempty"`
	Addresses []string  `json:"addresses,omitempty"`
	Services  []string  `json:"services,omitempty"` // "Instance name (_ipp._tcp:631)"
	Interface string    `json:"interface,omitempty"`
	Subnet    string    `json:"subnet,omitempty"`
	Site      string    `json:"site,omitempty"` // optional label for where the scan ran
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// SightingState says how a sighting relates to the register and the last scan.
type SightingState string

// Sighting states for the Discovery filter.
const (
	SightingNew     SightingState = "new"     // seen in the latest scan, no asset
	SightingKnown   SightingState = "known"   // seen in the latest scan, matched or linked to an asset
	SightingMissing SightingState = "missing" // seen before, not in the latest scan of its site (asset or not)
)

// Normalize puts codes into canonical form before matching and storing.
func (s *Sighting) Normalize() {
	s.HostName = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s.HostName), "."))
	s.UUID = strings.ToLower(strings.TrimSpace(s.UUID))
	s.Serial = strings.TrimSpace(s.Serial)
	if s.MAC != "" {
		if m, err := NormalizeMAC(s.MAC); err == nil {
			s.MAC = m
		} else {
			s.MAC = ""
		}
	}
	s.Site = strings.TrimSpace(s.Site)
}

// MatchSighting picks the asset a sighting belongs to among candidates
// (assets sharing any of its identifiers): by MAC first, then serial (or a
// UUID written as the serial), then host name. It returns the asset, what
// matched ("mac", "serial", "hostname") and whether one did. An identifier
// shared by two assets is ambiguous and skipped rather than guessed.
func MatchSighting(s Sighting, candidates []Asset) (Asset, string, bool) {
	hostShort := strings.TrimSuffix(s.HostName, ".local")
	rules := []struct {
		field string
		match func(a Asset) bool
	}{
		{"mac", func(a Asset) bool { return s.MAC != "" && strings.EqualFold(a.MAC, s.MAC) }},
		{"serial", func(a Asset) bool {
			return a.Serial != "" && ((s.Serial != "" && strings.EqualFold(a.Serial, s.Serial)) || (s.UUID != "" && strings.EqualFold(a.Serial, s.UUID)))
		}},
		{"hostname", func(a Asset) bool {
			h := strings.ToLower(a.HostName)
			return h != "" && s.HostName != "" && (h == s.HostName || h == hostShort || strings.TrimSuffix(h, ".local") == hostShort)
		}},
	}
	for _, r := range rules {
		var hits []Asset
		for _, a := range candidates {
			if r.match(a) {
				hits = append(hits, a)
			}
		}
		if len(hits) == 1 {
			return hits[0], r.field, true
		}
	}
	return Asset{}, "", false
}

// SerialSpellings are the spellings of a sighting's serial (or UUID) a
// store looks assets up by, as given, in capitals and in lower case (ASCII
// letters), since MatchSighting ignores case: a printer announcing
// "prn-2" is the register's "PRN-2". ("" stays "": no lookup.)
func SerialSpellings(serial string) [3]string {
	return [3]string{serial, UpperASCII(serial), LowerASCII(serial)}
}

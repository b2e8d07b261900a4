package assets

import (
	"strings"
	"time"
)

// An audit meets the network when its location was scanned during the same
// visit: what the shelf and the network each saw is compared device by
// device.

// SameVisit says whether a network scan (finished at scanned) belongs to
// the visit of an audit started at started and finished at finished (zero:
// still open, taken as now): it ran within a day either side, since a
// technician scans the network and walks the shelves on the same trip.
func SameVisit(scanned, started, finished, now time.Time) bool {
	if finished.IsZero() {
		finished = now
	}
	const slack = 24 * time.Hour
	return !scanned.Before(started.Add(-slack)) && !scanned.After(finished.Add(slack))
}

// NetworkMatch pairs a device seen on the network with an audit line (an
// asset found, moved or missing) and says by what it matched: "mac",
// "serial", "hostname", or "link" (the sighting was linked to the asset by
// hand or by an earlier scan).
type NetworkMatch struct {
	Sighting Sighting  `json:"sighting"`
	Line     AuditLine `json:"line"`
	By       string    `json:"by"`
}

// NetworkCheck is the cross-check of an audit location with a network scan
// from the same visit.
type NetworkCheck struct {
	Location string    `json:"location"`
	ScanID   int64     `json:"scan_id"`
	ScanAt   time.Time `json:"scan_at"`
	// Matched: on the shelf and on the network.
	Matched []NetworkMatch `json:"matched"`
	// SeenNotFound: on the network but not on the shelf: a registered asset
	// missing from the shelf (Line set, Outcome missing), or a device the
	// register does not know (Line zero).
	SeenNotFound []NetworkMatch `json:"seen_not_found"`
	// FoundNotSeen: on the shelf, with a MAC or host name, but not on the
	// network: switched off, unplugged, or not the device it is labelled.
	FoundNotSeen []AuditLine `json:"found_not_seen"`
}

// CrossCheck compares an audit location's lines (found, moved, missing)
// with the devices a network scan of that location saw. Each device is
// matched to a line by MAC, then serial, then host name (MatchSighting's
// rules: an identifier shared by two assets is not guessed), then by the
// sighting's link to an asset. Only lines of assets with a network
// identity (MAC or host name) can be expected on the network.
func CrossCheck(location string, lines []AuditLine, seen []Sighting) NetworkCheck {
	nc := NetworkCheck{Location: location}
	var candidates []Asset
	byID := map[int64]AuditLine{}
	for _, l := range lines {
		if l.AssetID == 0 || l.Outcome == OutcomeUnknown {
			continue
		}
		byID[l.AssetID] = l
		candidates = append(candidates, Asset{ID: l.AssetID, Serial: l.Serial, MAC: l.MAC, HostName: l.HostName})
	}
	onNetwork := map[int64]bool{}
	for _, sg := range seen {
		sg.Normalize()
		a, by, ok := MatchSighting(sg, candidates)
		if !ok && sg.AssetID != 0 {
			if _, known := byID[sg.AssetID]; known {
				a, by, ok = Asset{ID: sg.AssetID}, "link", true
			}
		}
		if !ok {
			nc.SeenNotFound = append(nc.SeenNotFound, NetworkMatch{Sighting: sg})
			continue
		}
		if onNetwork[a.ID] {
			continue // the same asset on a second interface (Wi-Fi and cable)
		}
		line := byID[a.ID]
		onNetwork[a.ID] = true
		m := NetworkMatch{Sighting: sg, Line: line, By: by}
		if line.Outcome == OutcomeMissing {
			nc.SeenNotFound = append(nc.SeenNotFound, m)
		} else {
			nc.Matched = append(nc.Matched, m)
		}
	}
	for _, l := range lines {
		if (l.Outcome == OutcomeFound || l.Outcome == OutcomeMoved) && !onNetwork[l.AssetID] && (l.MAC != "" || l.HostName != "") {
			nc.FoundNotSeen = append(nc.FoundNotSeen, l)
		}
	}
	return nc
}

// DeviceName is how a report names a device seen on the network.
func (s Sighting) DeviceName() string {
	for _, n := range []string{s.Name, s.HostName, s.MAC, s.DeviceID} {
		if n = strings.TrimSpace(n); n != "" {
			return n
		}
	}
	return "unnamed device"
}

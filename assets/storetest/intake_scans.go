package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"steward/assets"
)

// Network scan cases.

// seenAt is an instant of a test scan: minutes after a fixed morning (the
// day the store's clock starts).
func seenAt(minutes int) time.Time {
	return time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(minutes) * time.Minute)
}

// scanInfo is a scan of site that ran from minute start to minute end.
func scanInfo(site string, start, end int) assets.ScanInfo {
	return assets.ScanInfo{Started: seenAt(start), Finished: seenAt(end), Interfaces: []string{"eth0", "wlan0"}, Site: site}
}

// sightingLine is one sighting as a line (times as minutes after seenAt(0)).
func sightingLine(sg assets.Sighting) string {
	min := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return fmt.Sprint(int(t.Sub(seenAt(0)) / time.Minute))
	}
	return fmt.Sprintf("#%d %s asset=%d name=%q host=%q class=%s os=%q vendor=%q model=%q serial=%q uuid=%q mac=%q addrs=%s svcs=%s if=%q net=%q site=%q first=%s last=%s",
		sg.ID, sg.DeviceID, sg.AssetID, sg.Name, sg.HostName, sg.Class, sg.OS, sg.Vendor, sg.Model, sg.Serial, sg.UUID, sg.MAC,
		strings.Join(sg.Addresses, ","), strings.Join(sg.Services, ","), sg.Interface, sg.Subnet, sg.Site, min(sg.FirstSeen), min(sg.LastSeen))
}

func sightingLines(list []assets.Sighting) []string {
	var out []string
	for _, sg := range list {
		out = append(out, sightingLine(sg))
	}
	return out
}

// sightingsState lists Sightings with their states.
func sightingsState(t *testing.T, s ScanStore, q assets.SightingQuery) []string {
	t.Helper()
	list, states, err := s.Sightings(ctx, q)
	must(t, err)
	if len(list) != len(states) {
		t.Fatalf("%d sightings, %d states", len(list), len(states))
	}
	var out []string
	for i, sg := range list {
		out = append(out, fmt.Sprintf("%s #%d %s", states[i], sg.ID, sg.DeviceID))
	}
	return out
}

func outcomeLine(o assets.ScanOutcome) string {
	var n, m []string
	for _, sg := range o.New {
		n = append(n, fmt.Sprintf("#%d", sg.ID))
	}
	for _, sg := range o.Missing {
		m = append(m, fmt.Sprintf("#%d", sg.ID))
	}
	return fmt.Sprintf("known %d matched %d new [%s] missing [%s]", o.Known, o.Matched, strings.Join(n, " "), strings.Join(m, " "))
}

var scanCases = []Case[ScanStore]{
	{"RecordMatchAndUpdate", func(t *testing.T, s ScanStore) {
		byMAC := addAsset(t, s, "NET-1", "Switch", func(a *assets.Asset) { a.MAC = "AA:BB:CC:00:00:01"; a.Category = "network" })
		bySerial := addAsset(t, s, "NET-2", "Printer", func(a *assets.Asset) { a.Serial = "PRN-2"; a.Category = "printer" })
		byUUID := addAsset(t, s, "NET-3", "Server", func(a *assets.Asset) { a.Serial = "uuid-3" })
		byHost := addAsset(t, s, "NET-4", "Laptop", func(a *assets.Asset) { a.HostName = "lap-4" })
		addAsset(t, s, "NET-5", "Twin A", func(a *assets.Asset) { a.HostName = "twin" })
		addAsset(t, s, "NET-6", "Twin B", func(a *assets.Asset) { a.HostName = "twin" })
		list := []assets.Sighting{
			{DeviceID: "mac:aa:bb:cc:00:00:01", Name: "switch", Class: "network", MAC: "aa-bb-cc-00-00-01", Addresses: []string{"10.0.0.1"}, Vendor: "Acme", Interface: "eth0", Subnet: "10.0.0.0/24"},
			{DeviceID: "serial:PRN-2", Name: "printer", Class: "printer", Serial: " PRN-2 ", Services: []string{"Printer (_ipp._tcp:631)"}, FirstSeen: seenAt(1), LastSeen: seenAt(2)},
			{DeviceID: "uuid:uuid-3", Name: "server", Class: "computer", UUID: " UUID-3 "},
			{DeviceID: "host:lap-4.local", Name: "lap-4", Class: "computer", HostName: "LAP-4.local."},
			{DeviceID: "host:twin.local", Name: "twin", Class: "computer", HostName: "twin.local"},
			{DeviceID: "host:phone.local", Name: "Phone", Class: "phone", HostName: "phone.local", MAC: "bad mac", OS: "iOS", Model: "iPhone"},
		}
		out, err := s.RecordScan(ctx, scanInfo(" Office ", 0, 5), list)
		must(t, err)
		if out.ScanID == 0 {
			t.Fatal("no scan id")
		}
		wantEqual(t, "first scan", outcomeLine(out), fmt.Sprintf("known 4 matched 4 new [#%d #%d] missing []", out.New[0].ID, out.New[1].ID))
		all, _, err := s.Sightings(ctx, assets.SightingQuery{})
		must(t, err)
		byDevice := map[string]assets.Sighting{}
		for _, sg := range all {
			byDevice[sg.DeviceID] = sg
		}
		wantEqual(t, "matched assets", [4]int64{byDevice["mac:aa:bb:cc:00:00:01"].AssetID, byDevice["serial:PRN-2"].AssetID, byDevice["uuid:uuid-3"].AssetID, byDevice["host:lap-4.local"].AssetID},
			[4]int64{byMAC.ID, bySerial.ID, byUUID.ID, byHost.ID})
		wantLines(t, "sightings, newest first", sightingLines(all), []string{
			sightingLine(assets.Sighting{ID: byDevice["mac:aa:bb:cc:00:00:01"].ID, DeviceID: "mac:aa:bb:cc:00:00:01", AssetID: byMAC.ID, Name: "switch", Class: "network", MAC: "aa:bb:cc:00:00:01", Addresses: []string{"10.0.0.1"}, Vendor: "Acme", Interface: "eth0", Subnet: "10.0.0.0/24", Site: "Office", FirstSeen: seenAt(5), LastSeen: seenAt(5)}),
			sightingLine(assets.Sighting{ID: byDevice["uuid:uuid-3"].ID, DeviceID: "uuid:uuid-3", AssetID: byUUID.ID, Name: "server", Class: "computer", UUID: "uuid-3", Site: "Office", FirstSeen: seenAt(5), LastSeen: seenAt(5)}),
			sightingLine(assets.Sighting{ID: byDevice["host:lap-4.local"].ID, DeviceID: "host:lap-4.local", AssetID: byHost.ID, Name: "lap-4", Class: "computer", HostName: "lap-4.local", Site: "Office", FirstSeen: seenAt(5), LastSeen: seenAt(5)}),
			sightingLine(assets.Sighting{ID: byDevice["host:twin.local"].ID, DeviceID: "host:twin.local", Name: "twin", Class: "computer", HostName: "twin.local", Site: "Office", FirstSeen: seenAt(5), LastSeen: seenAt(5)}),
			sightingLine(assets.Sighting{ID: byDevice["host:phone.local"].ID, DeviceID: "host:phone.local", Name: "Phone", Class: "phone", HostName: "phone.local", OS: "iOS", Model: "iPhone", Site: "Office", FirstSeen: seenAt(5), LastSeen: seenAt(5)}),
			sightingLine(assets.Sighting{ID: byDevice["serial:PRN-2"].ID, DeviceID: "serial:PRN-2", AssetID: bySerial.ID, Name: "printer", Class: "printer", Serial: "PRN-2", Services: []string{"Printer (_ipp._tcp:631)"}, Site: "Office", FirstSeen: seenAt(1), LastSeen: seenAt(2)}),
		})
		wantLines(t, "new ones as returned", sightingLines(out.New), []string{sightingLine(byDevice["host:twin.local"]), sightingLine(byDevice["host:phone.local"])})
		n, err := s.UnknownDevices(ctx)
		must(t, err)
		wantEqual(t, "unknown devices", n, 2)

		// The second scan finds the switch by a better ID, the phone by
		// its host name with a MAC learned, and misses the rest.
		again := []assets.Sighting{
			{DeviceID: "mac:aa:bb:cc:00:00:01", Name: "switch-renamed", Class: "network", Addresses: []string{"10.0.0.2", "fe80::1"}},
			{DeviceID: "mac:aa:bb:cc:00:00:09", Name: "Phone", Class: "phone", HostName: "phone.local", MAC: "AA:BB:CC:00:00:09"},
		}
		out2, err := s.RecordScan(ctx, scanInfo("Office", 10, 20), again)
		must(t, err)
		phone := byDevice["host:phone.local"]
		wantEqual(t, "second scan", outcomeLine(out2), fmt.Sprintf("known 1 matched 0 new [#%d] missing [#%d #%d #%d #%d]", phone.ID,
			byDevice["uuid:uuid-3"].ID, byDevice["host:lap-4.local"].ID, byDevice["host:twin.local"].ID, byDevice["serial:PRN-2"].ID))
		all2, _, err := s.Sightings(ctx, assets.SightingQuery{})
		must(t, err)
		wantEqual(t, "no device twice", len(all2), 6)
		wantLines(t, "updated in place", sightingLines(all2[:2]), []string{
			sightingLine(assets.Sighting{ID: byDevice["mac:aa:bb:cc:00:00:01"].ID, DeviceID: "mac:aa:bb:cc:00:00:01", AssetID: byMAC.ID, Name: "switch-renamed", Class: "network", Vendor: "Acme", MAC: "aa:bb:cc:00:00:01", Addresses: []string{"10.0.0.2", "fe80::1"}, Site: "Office", FirstSeen: seenAt(5), LastSeen: seenAt(20)}),
			sightingLine(assets.Sighting{ID: phone.ID, DeviceID: "mac:aa:bb:cc:00:00:09", Name: "Phone", Class: "phone", HostName: "phone.local", OS: "iOS", Model: "iPhone", MAC: "aa:bb:cc:00:00:09", Site: "Office", FirstSeen: seenAt(5), LastSeen: seenAt(20)}),
		})
		wantLines(t, "states", sightingsState(t, s, assets.SightingQuery{}), []string{
			fmt.Sprintf("known #%d mac:aa:bb:cc:00:00:01", byDevice["mac:aa:bb:cc:00:00:01"].ID),
			fmt.Sprintf("new #%d mac:aa:bb:cc:00:00:09", phone.ID),
			fmt.Sprintf("missing #%d uuid:uuid-3", byDevice["uuid:uuid-3"].ID),
			fmt.Sprintf("missing #%d host:lap-4.local", byDevice["host:lap-4.local"].ID),
			fmt.Sprintf("missing #%d host:twin.local", byDevice["host:twin.local"].ID),
			fmt.Sprintf("missing #%d serial:PRN-2", byDevice["serial:PRN-2"].ID),
		})
		n, err = s.UnknownDevices(ctx)
		must(t, err)
		wantEqual(t, "unknown devices after the second scan", n, 1)

		// Another site's scan leaves the office's states alone.
		out3, err := s.RecordScan(ctx, scanInfo("Lab", 30, 31), []assets.Sighting{{DeviceID: "host:lab-pc", Name: "lab-pc", Class: "computer", HostName: "lab-pc"}})
		must(t, err)
		lab := out3.New[0]
		wantLines(t, "lab only", sightingsState(t, s, assets.SightingQuery{Site: "Lab"}), []string{fmt.Sprintf("new #%d host:lab-pc", lab.ID)})
		wantLines(t, "new only", sightingsState(t, s, assets.SightingQuery{State: assets.SightingNew}), []string{
			fmt.Sprintf("new #%d host:lab-pc", lab.ID), fmt.Sprintf("new #%d mac:aa:bb:cc:00:00:09", phone.ID)})
		wantLines(t, "missing at the office", sightingsState(t, s, assets.SightingQuery{Site: "Office", State: assets.SightingMissing})[:1], []string{
			fmt.Sprintf("missing #%d uuid:uuid-3", byDevice["uuid:uuid-3"].ID)})
		wantLines(t, "no such site", sightingsState(t, s, assets.SightingQuery{Site: "office"}), nil)
		n, err = s.UnknownDevices(ctx)
		must(t, err)
		wantEqual(t, "unknown devices at both sites", n, 2)

		// An empty scan of a site with no name.
		out4, err := s.RecordScan(ctx, assets.ScanInfo{Started: seenAt(40), Finished: seenAt(41)}, nil)
		must(t, err)
		wantEqual(t, "empty scan", outcomeLine(out4), "known 0 matched 0 new [] missing []")
	}},
	// A device announcing its serial in another case is the register's
	// asset (the matching rule ignores case; the lookup must too).
	{"SerialInAnyCase", func(t *testing.T, s ScanStore) {
		upper := addAsset(t, s, "CASE-1", "Printer", func(a *assets.Asset) { a.Serial = "PRN-2X"; a.Category = "printer" })
		lower := addAsset(t, s, "CASE-2", "NAS", func(a *assets.Asset) { a.Serial = "nas-77q" })
		byUUID := addAsset(t, s, "CASE-3", "Server", func(a *assets.Asset) { a.Serial = "ABCD-EF01" })
		out, err := s.RecordScan(ctx, scanInfo("", 0, 1), []assets.Sighting{
			{DeviceID: "serial:prn-2x", Name: "printer", Class: "printer", Serial: "prn-2x"},
			{DeviceID: "serial:NAS-77Q", Name: "nas", Class: "storage", Serial: "NAS-77Q"},
			{DeviceID: "uuid:abcd-ef01", Name: "server", Class: "computer", UUID: "ABCD-EF01"},
		})
		must(t, err)
		wantEqual(t, "all matched", outcomeLine(out), "known 3 matched 3 new [] missing []")
		all, _, err := s.Sightings(ctx, assets.SightingQuery{})
		must(t, err)
		got := map[string]int64{}
		for _, sg := range all {
			got[sg.DeviceID] = sg.AssetID
		}
		wantEqual(t, "assets", [3]int64{got["serial:prn-2x"], got["serial:NAS-77Q"], got["uuid:abcd-ef01"]}, [3]int64{upper.ID, lower.ID, byUUID.ID})
	}},
	{"LinkSighting", func(t *testing.T, s ScanStore) {
		bare := addAsset(t, s, "LNK-1", "Bare")
		named := addAsset(t, s, "LNK-2", "Named", func(a *assets.Asset) { a.HostName = "keep-me"; a.MAC = "AA:BB:CC:00:00:22" })
		out, err := s.RecordScan(ctx, scanInfo("", 0, 1), []assets.Sighting{
			{DeviceID: "mac:aa:bb:cc:00:00:11", Name: "dev", Class: "computer", HostName: "dev-1.local", MAC: "AA:BB:CC:00:00:11"},
			{DeviceID: "host:other", Name: "other", Class: "computer", HostName: "other"},
		})
		must(t, err)
		dev, other := out.New[0], out.New[1]
		must(t, s.LinkSighting(ctx, dev.ID, bare.ID))
		a, err := s.Asset(ctx, bare.ID)
		must(t, err)
		wantEqual(t, "asset takes the device's MAC and host name", a.MAC+" "+a.HostName, "aa:bb:cc:00:00:11 dev-1")
		wantLines(t, "history", historyLines(t, s, "asset", bare.ID)[:2], []string{
			"update mac:  -> aa:bb:cc:00:00:11 by tester",
			"update hostname:  -> dev-1 by tester",
		})
		must(t, s.LinkSighting(ctx, other.ID, named.ID))
		b, err := s.Asset(ctx, named.ID)
		must(t, err)
		wantEqual(t, "an asset's own identity stays", b.MAC+" "+b.HostName, "aa:bb:cc:00:00:22 keep-me")
		wantLines(t, "no history for nothing changed", historyLines(t, s, "asset", named.ID), []string{"create LNK-2 Named by tester"})
		wantLines(t, "both known", sightingsState(t, s, assets.SightingQuery{}), []string{
			fmt.Sprintf("known #%d mac:aa:bb:cc:00:00:11", dev.ID), fmt.Sprintf("known #%d host:other", other.ID)})
		n, err := s.UnknownDevices(ctx)
		must(t, err)
		wantEqual(t, "no unknown devices", n, 0)
		wantKind(t, "missing sighting", s.LinkSighting(ctx, 999, bare.ID), assets.KindNotFound)
		wantKind(t, "missing asset", s.LinkSighting(ctx, dev.ID, 999), assets.KindNotFound)
	}},
	{"SiteVisit", func(t *testing.T, s ScanStore) {
		_, err := s.SiteVisit(ctx, 0)
		wantKind(t, "no scan yet", err, assets.KindNotFound)
		first, err := s.RecordScan(ctx, scanInfo("Branch", 0, 10), []assets.Sighting{
			{DeviceID: "host:b", Name: "b", Class: "computer", HostName: "b"},
			{DeviceID: "host:a", Name: "a", Class: "printer", HostName: "a"},
			{DeviceID: "host:gone", Name: "gone", Class: "computer", HostName: "gone"},
		})
		must(t, err)
		v, err := s.SiteVisit(ctx, 0)
		must(t, err)
		if v.ScanID != first.ScanID || v.Site != "Branch" || !v.Started.Equal(seenAt(0)) || !v.Finished.Equal(seenAt(10)) || v.PrevID != 0 || len(v.New) != 0 || len(v.Missing) != 0 {
			t.Fatalf("first visit: %+v", v)
		}
		wantEqual(t, "found, by class then name", []string{v.Found[0].Name, v.Found[1].Name, v.Found[2].Name}, []string{"b", "gone", "a"})
		second, err := s.RecordScan(ctx, scanInfo("Branch", 60, 70), []assets.Sighting{
			{DeviceID: "host:a", Name: "a", Class: "printer", HostName: "a"},
			{DeviceID: "host:b", Name: "b", Class: "computer", HostName: "b"},
			{DeviceID: "host:c", Name: "C", Class: "computer", HostName: "c"},
		})
		must(t, err)
		other, err := s.RecordScan(ctx, scanInfo("Elsewhere", 80, 81), nil)
		must(t, err)
		v, err = s.SiteVisit(ctx, second.ScanID)
		must(t, err)
		if v.PrevID != first.ScanID || !v.PrevFinished.Equal(seenAt(10)) {
			t.Fatalf("previous scan: %+v", v)
		}
		wantEqual(t, "found", []string{v.Found[0].Name, v.Found[1].Name, v.Found[2].Name}, []string{"C", "b", "a"})
		wantEqual(t, "new since the previous scan", v.New, map[int64]bool{v.Found[0].ID: true})
		wantEqual(t, "missing since the previous scan", sightingLines(v.Missing), []string{sightingLine(first.New[2])})
		latest, err := s.SiteVisit(ctx, 0)
		must(t, err)
		if latest.ScanID != other.ScanID || latest.Site != "Elsewhere" || len(latest.Found) != 0 {
			t.Fatalf("latest scan of all: %+v", latest)
		}
		_, err = s.SiteVisit(ctx, first.ScanID)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("scan %d is not the latest of site \"Branch\" (scan %d is)", first.ScanID, second.ScanID)) {
			t.Fatalf("an older scan: %v", err)
		}
		_, err = s.SiteVisit(ctx, 999)
		wantKind(t, "missing scan", err, assets.KindNotFound)
	}},
}

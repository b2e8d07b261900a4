package storetest

import (
	"fmt"
	"testing"
	"time"

	"steward/assets"
)

// Inventory report cases.

// collected is the instant a test report was collected: hours after a
// fixed morning.
func collected(hours int) time.Time {
	return time.Date(2026, 2, 10, 8, 0, 0, 0, time.UTC).Add(time.Duration(hours) * time.Hour)
}

// report is an inventory report of a machine with the facts given.
func report(f assets.MachineFacts, at time.Time, body string, sw ...assets.InstalledSoftware) assets.InventoryImport {
	return assets.InventoryImport{Facts: f, CollectedAt: at, SchemaVersion: 1, Source: "collector", Report: []byte(body), Software: sw}
}

// soft is an installed program of a report.
func soft(name, version, publisher string) assets.InstalledSoftware {
	return assets.InstalledSoftware{Name: name, Version: version, Publisher: publisher}
}

// reportLines lists an asset's reports, one line each (ids left out: a
// sequence an engine does not roll back may skip some).
func reportLines(t *testing.T, s InventoryStore, assetID int64) []string {
	t.Helper()
	list, err := s.InventoryReports(ctx, assetID)
	must(t, err)
	var out []string
	for i, r := range list {
		if i > 0 && r.ID >= list[i-1].ID && r.CollectedAt.Equal(list[i-1].CollectedAt) {
			t.Fatalf("reports of one instant not newest id first: %+v", list)
		}
		if r.ImportedAt.IsZero() {
			t.Fatalf("report %d: no import time", r.ID)
		}
		out = append(out, fmt.Sprintf("asset %d collected %s from %q host %q os %q", r.AssetID,
			r.CollectedAt.Format(time.RFC3339), r.Source, r.HostName, r.OS))
	}
	return out
}

// softwareLines lists what AssetSoftware gives, one line each.
func softwareLines(t *testing.T, s InventoryStore, assetID int64, text string) []string {
	t.Helper()
	list, err := s.AssetSoftware(ctx, assetID, text)
	must(t, err)
	var out []string
	for _, x := range list {
		out = append(out, fmt.Sprintf("#%d %s %s %s (%s)", x.AssetID, x.AssetTag, x.Name, x.Version, x.Publisher))
	}
	return out
}

var inventoryCases = []Case[InventoryStore]{
	{"CreateThenMatchBySerial", func(t *testing.T, s InventoryStore) {
		f := assets.MachineFacts{Serial: " sn-100 ", UUID: "ABCD-0001", MACs: []string{"aa-bb-cc-00-00-01", "not a mac"},
			HostName: "pc-100.corp.example", Manufacturer: "Dell", Model: "Latitude 5440", Chassis: "laptop", OS: "Windows 11"}
		in := report(f, collected(0), `{"n":1}`, soft("Firefox", "120.0", "Mozilla"), soft("7-Zip", "23.01", ""), soft("  ", "1", ""))
		in.Source = "pc-100.json"
		called := false
		in.Changes = func([]byte) []assets.InventoryChange { called = true; return nil }
		res, err := s.ImportInventory(ctx, in, false)
		must(t, err)
		if called {
			t.Fatal("Changes called for the first report of an asset")
		}
		if !res.Created || res.MatchedBy != "" || res.Duplicate || res.Older || res.Tag == "" || res.Name != "pc-100.corp.example" {
			t.Fatalf("first report: %+v", res)
		}
		a, err := s.Asset(ctx, res.AssetID)
		must(t, err)
		got := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", a.Tag, a.Name, a.Category, a.Status, a.Serial, a.Manufacturer, a.Model, a.OS, a.HostName, a.MAC)
		wantEqual(t, "asset made from the report", got, res.Tag+"|pc-100.corp.example|laptop|deployed|sn-100|Dell|Latitude 5440|Windows 11|pc-100.corp.example|aa:bb:cc:00:00:01")
		wantLines(t, "history", historyLines(t, s, "asset", a.ID), []string{
			"inventory report collected 2026-02-10 08:00 UTC from pc-100.json by tester",
			"create " + res.Tag + " pc-100.corp.example by tester",
		})
		wantLines(t, "software", softwareLines(t, s, a.ID, ""), []string{
			fmt.Sprintf("#%d %s 7-Zip 23.01 ()", a.ID, a.Tag),
			fmt.Sprintf("#%d %s Firefox 120.0 (Mozilla)", a.ID, a.Tag),
		})

		// A later report of the same machine: matched by serial (any
		// case), the OS and host name follow it, a typed model stays.
		f2 := f
		f2.Serial, f2.OS, f2.Model, f2.HostName, f2.UUID = "SN-100", "Windows 11 24H2", "Other model", "", ""
		in2 := report(f2, collected(24), `{"n":2}`, soft("Firefox", "121.0", "Mozilla"))
		var prev string
		in2.Changes = func(p []byte) []assets.InventoryChange {
			prev = string(p)
			return []assets.InventoryChange{{Area: "memory", Text: "memory 8 GB -> 16 GB"}, {Area: "disk", Text: "disk 1 removed", HardwareRemoved: true}}
		}
		res2, err := s.ImportInventory(ctx, in2, false)
		must(t, err)
		wantEqual(t, "previous report given to Changes", prev, `{"n":1}`)
		if res2.Created || res2.AssetID != a.ID || res2.MatchedBy != assets.MatchBySerial || res2.Tag != a.Tag || len(res2.Changes) != 2 {
			t.Fatalf("second report: %+v", res2)
		}
		wantEqual(t, "fields taken", res2.Updated, []assets.FieldChange{{Field: "os", Old: "Windows 11", New: "Windows 11 24H2"}})
		wantLines(t, "history", historyLines(t, s, "asset", a.ID)[:4], []string{
			"hardware_removed disk 1 removed by tester",
			"inventory_change memory 8 GB -> 16 GB by tester",
			"inventory report collected 2026-02-11 08:00 UTC from collector by tester",
			"inventory os: Windows 11 -> Windows 11 24H2 by tester",
		})
		wantLines(t, "software follows the newest report", softwareLines(t, s, a.ID, ""), []string{
			fmt.Sprintf("#%d %s Firefox 121.0 (Mozilla)", a.ID, a.Tag),
		})

		// The same instant again: a duplicate, nothing stored.
		dup, err := s.ImportInventory(ctx, in2, false)
		must(t, err)
		if !dup.Duplicate || dup.AssetID != a.ID || dup.Tag != a.Tag || dup.Name != a.Name || len(dup.Updated) != 0 {
			t.Fatalf("duplicate: %+v", dup)
		}
		// An older file imported late: history only.
		f3 := f
		f3.OS = "Windows 10"
		in3 := report(f3, collected(12), `{"n":"old"}`, soft("Old tool", "1", ""))
		in3.Changes = func([]byte) []assets.InventoryChange { t.Fatal("Changes called for an older report"); return nil }
		old, err := s.ImportInventory(ctx, in3, false)
		must(t, err)
		if !old.Older || old.Duplicate || old.AssetID != a.ID || len(old.Updated) != 0 || old.MatchedBy != assets.MatchBySerial {
			t.Fatalf("older report: %+v", old)
		}
		a2, err := s.Asset(ctx, a.ID)
		must(t, err)
		wantEqual(t, "OS after an older report", a2.OS, "Windows 11 24H2")
		wantLines(t, "software after an older report", softwareLines(t, s, a.ID, ""), []string{
			fmt.Sprintf("#%d %s Firefox 121.0 (Mozilla)", a.ID, a.Tag),
		})
		wantLines(t, "reports, newest first", reportLines(t, s, a.ID), []string{
			fmt.Sprintf(`asset %d collected 2026-02-11T08:00:00Z from "collector" host "" os "Windows 11 24H2"`, a.ID),
			fmt.Sprintf(`asset %d collected 2026-02-10T20:00:00Z from "collector" host "pc-100.corp.example" os "Windows 10"`, a.ID),
			fmt.Sprintf(`asset %d collected 2026-02-10T08:00:00Z from "pc-100.json" host "pc-100.corp.example" os "Windows 11"`, a.ID),
		})
		latest, err := s.LatestInventoryJSON(ctx, a.ID)
		must(t, err)
		wantEqual(t, "latest report", string(latest), `{"n":2}`)
		list, err := s.InventoryReports(ctx, a.ID)
		must(t, err)
		for i, want := range []string{`{"n":2}`, `{"n":"old"}`, `{"n":1}`} {
			b, err := s.InventoryReportJSON(ctx, list[i].ID)
			must(t, err)
			wantEqual(t, "report body", string(b), want)
		}
	}},
	{"MatchByUUIDMACHostName", func(t *testing.T, s InventoryStore) {
		first, err := s.ImportInventory(ctx, report(assets.MachineFacts{UUID: "  UUID-7 ", Chassis: "desktop", Manufacturer: "HP", Model: "EliteDesk"}, collected(0), `{}`), false)
		must(t, err)
		if !first.Created || first.Name != "HP EliteDesk" {
			t.Fatalf("made from make and model: %+v", first)
		}
		byUUID, err := s.ImportInventory(ctx, report(assets.MachineFacts{UUID: "uuid-7", HostName: "desk-7"}, collected(1), `{}`), false)
		must(t, err)
		if byUUID.AssetID != first.AssetID || byUUID.MatchedBy != assets.MatchByUUID {
			t.Fatalf("by UUID: %+v", byUUID)
		}
		wantEqual(t, "host name taken", byUUID.Updated, []assets.FieldChange{{Field: "hostname", Old: "", New: "desk-7"}})

		typed := addAsset(t, s, "LAP-1", "Typed laptop", func(a *assets.Asset) {
			a.MAC, a.Serial, a.Model = "AA:BB:CC:00:00:02", "", "Typed model"
		})
		byMAC, err := s.ImportInventory(ctx, report(assets.MachineFacts{MACs: []string{"aabb.cc00.0002"}, Serial: "S-2", Manufacturer: "Lenovo", Model: "T14"}, collected(0), `{}`), false)
		must(t, err)
		if byMAC.AssetID != typed.ID || byMAC.MatchedBy != assets.MatchByMAC || byMAC.Created {
			t.Fatalf("by MAC: %+v", byMAC)
		}
		wantEqual(t, "empty fields filled, typed ones kept", byMAC.Updated, []assets.FieldChange{
			{Field: "manufacturer", Old: "", New: "Lenovo"}, {Field: "serial", Old: "", New: "S-2"}})

		host := addAsset(t, s, "PC-9", "Host", func(a *assets.Asset) { a.HostName = "pc-9"; a.Serial = "HOST-SER" })
		byHost, err := s.ImportInventory(ctx, report(assets.MachineFacts{HostName: "PC-9.corp.example", OS: "Linux"}, collected(0), `{}`), false)
		must(t, err)
		if byHost.AssetID != host.ID || byHost.MatchedBy != assets.MatchByHostName {
			t.Fatalf("by host name: %+v", byHost)
		}
		// Another serial is another machine, whatever its host name.
		other, err := s.ImportInventory(ctx, report(assets.MachineFacts{HostName: "pc-9", Serial: "OTHER", Chassis: "server"}, collected(0), `{}`), false)
		must(t, err)
		if !other.Created || other.AssetID == host.ID {
			t.Fatalf("a serial that differs: %+v", other)
		}
		hostAfter, err := s.Asset(ctx, host.ID)
		must(t, err)
		wantEqual(t, "host's serial", hostAfter.Serial, "HOST-SER")
		oa, err := s.Asset(ctx, other.AssetID)
		must(t, err)
		wantEqual(t, "category from the chassis", oa.Category, "server")
		wantEqual(t, "name from the host", oa.Name, "pc-9")
	}},
	{"ErrorsAndDryRun", func(t *testing.T, s InventoryStore) {
		_, err := s.ImportInventory(ctx, report(assets.MachineFacts{Serial: "X"}, collected(0), ``), false)
		wantKind(t, "report without JSON", err, assets.KindInvalid)
		_, err = s.ImportInventory(ctx, report(assets.MachineFacts{Serial: "X"}, time.Time{}, `{}`), false)
		wantKind(t, "report without a time", err, assets.KindInvalid)
		_, err = s.ImportInventory(ctx, report(assets.MachineFacts{Serial: "X\x00"}, collected(0), `{}`), false)
		wantKind(t, "control character in a serial", err, assets.KindInvalid)

		a := addAsset(t, s, "DUP-1", "One", func(a *assets.Asset) { a.HostName = "twin" })
		b := addAsset(t, s, "DUP-2", "Two", func(a *assets.Asset) { a.HostName = "twin" })
		_, err = s.ImportInventory(ctx, report(assets.MachineFacts{HostName: "twin"}, collected(0), `{}`), false)
		wantKind(t, "ambiguous", err, assets.KindConflict)
		wantEqual(t, "ambiguous message", err.Error(), "the report matches 2 assets by hostname (DUP-1, DUP-2); nothing was attached: give the assets distinct hostnames, or remove the duplicate")
		for _, id := range []int64{a.ID, b.ID} {
			wantLines(t, "nothing attached", reportLines(t, s, id), nil)
		}

		// A dry run does everything and keeps nothing.
		dry, err := s.ImportInventory(ctx, report(assets.MachineFacts{Serial: "NEW-1", HostName: "new-1"}, collected(0), `{}`, soft("Tool", "1", "")), true)
		must(t, err)
		if !dry.Created || dry.AssetID == 0 || dry.Name != "new-1" {
			t.Fatalf("dry run: %+v", dry)
		}
		_, err = s.Asset(ctx, dry.AssetID)
		wantKind(t, "asset of a dry run", err, assets.KindNotFound)
		wantLines(t, "reports of a dry run", reportLines(t, s, dry.AssetID), nil)
		wantLines(t, "software of a dry run", softwareLines(t, s, dry.AssetID, ""), nil)
		real, err := s.ImportInventory(ctx, report(assets.MachineFacts{Serial: "NEW-1", HostName: "new-1"}, collected(0), `{}`), false)
		must(t, err)
		wantEqual(t, "the real import makes what the dry run said", [3]any{real.AssetID, real.Tag, real.Created}, [3]any{dry.AssetID, dry.Tag, true})

		_, err = s.InventoryReportJSON(ctx, 999)
		wantKind(t, "missing report", err, assets.KindNotFound)
		_, err = s.LatestInventoryJSON(ctx, a.ID)
		wantKind(t, "asset without reports", err, assets.KindNotFound)
		_, err = s.LatestInventoryJSON(ctx, 999)
		wantKind(t, "missing asset", err, assets.KindNotFound)
		wantLines(t, "reports of a missing asset", reportLines(t, s, 999), nil)
	}},
	{"ImportManyWithSavepoints", func(t *testing.T, s InventoryStore) {
		addAsset(t, s, "TW-1", "One", func(a *assets.Asset) { a.HostName = "twin" })
		addAsset(t, s, "TW-2", "Two", func(a *assets.Asset) { a.HostName = "twin" })
		list := []assets.InventoryImport{
			report(assets.MachineFacts{Serial: "B-1", HostName: "b-1"}, collected(0), `{"b":1}`, soft("Editor", "2", "")),
			report(assets.MachineFacts{HostName: "twin"}, collected(0), `{}`),
			report(assets.MachineFacts{Serial: "B-1", OS: "Linux"}, collected(1), `{"b":2}`, soft("Editor", "3", ""), soft("Shell", "5", "")),
			report(assets.MachineFacts{Serial: "B-2"}, collected(0), ``),
			report(assets.MachineFacts{Serial: "B-3", Chassis: "tablet"}, collected(0), `{"b":3}`),
		}
		for _, dry := range []bool{true, false} {
			res, errs, err := s.ImportInventories(ctx, list, dry)
			must(t, err)
			if len(res) != 5 || len(errs) != 5 {
				t.Fatalf("dry %v: %d results, %d errors", dry, len(res), len(errs))
			}
			wantKind(t, "ambiguous in a batch", errs[1], assets.KindConflict)
			wantKind(t, "invalid in a batch", errs[3], assets.KindInvalid)
			for _, i := range []int{0, 2, 4} {
				must(t, errs[i])
			}
			if !res[0].Created || res[2].Created || res[2].AssetID != res[0].AssetID || res[2].MatchedBy != assets.MatchBySerial || !res[4].Created {
				t.Fatalf("dry %v: %+v", dry, res)
			}
			if res[4].AssetID != res[0].AssetID+1 {
				t.Fatalf("dry %v: the refused reports made no asset: %+v", dry, res)
			}
			reports := reportLines(t, s, res[0].AssetID)
			if dry {
				wantLines(t, "dry batch", reports, nil)
				continue
			}
			wantLines(t, "batch", reports, []string{
				fmt.Sprintf(`asset %d collected 2026-02-10T09:00:00Z from "collector" host "" os "Linux"`, res[0].AssetID),
				fmt.Sprintf(`asset %d collected 2026-02-10T08:00:00Z from "collector" host "b-1" os ""`, res[0].AssetID),
			})
			wantLines(t, "batch software", softwareLines(t, s, res[0].AssetID, "EDIT"), []string{
				fmt.Sprintf("#%d %s Editor 3 ()", res[0].AssetID, res[0].Tag),
			})
			ta, err := s.Asset(ctx, res[4].AssetID)
			must(t, err)
			wantEqual(t, "tablet", ta.Category+" "+ta.Name, "tablet Computer B-3")
		}
		_, _, err := s.ImportInventories(ctx, nil, false)
		must(t, err)
	}},
	{"AssetSoftwareSearch", func(t *testing.T, s InventoryStore) {
		res, err := s.ImportInventory(ctx, report(assets.MachineFacts{Serial: "SW-1"}, collected(0), `{}`,
			soft("zeta", "1", ""), soft("Alpha", "2", "Pub"), soft("alpha", "1", "Pub"), soft("100% Tool", "1", ""),
			soft("Under_score", "1", ""), soft("Underxscore", "1", ""), soft("ÉCRAN", "1", ""), soft("_first", "1", ""),
			soft("Beta ", " 3.0 ", " Pub ")), false)
		must(t, err)
		id, tag := res.AssetID, res.Tag
		line := func(name, version, pub string) string {
			return fmt.Sprintf("#%d %s %s %s (%s)", id, tag, name, version, pub)
		}
		wantLines(t, "all, by name in any case then version", softwareLines(t, s, id, ""), []string{
			line("100% Tool", "1", ""), line("_first", "1", ""), line("Alpha", "1", "Pub"), line("Alpha", "2", "Pub"),
			line("Beta", "3.0", "Pub"), line("Under_score", "1", ""), line("Underxscore", "1", ""), line("zeta", "1", ""), line("ÉCRAN", "1", ""),
		})
		wantLines(t, "any case", softwareLines(t, s, id, " ALP "), []string{line("Alpha", "1", "Pub"), line("Alpha", "2", "Pub")})
		wantLines(t, "percent taken literally", softwareLines(t, s, id, "0%"), []string{line("100% Tool", "1", "")})
		wantLines(t, "underscore taken literally", softwareLines(t, s, id, "r_s"), []string{line("Under_score", "1", "")})
		wantLines(t, "non-ASCII case is not folded", softwareLines(t, s, id, "écran"), nil)
		wantLines(t, "nothing", softwareLines(t, s, id, "nothing"), nil)
		wantLines(t, "another asset", softwareLines(t, s, id+1, ""), nil)
	}},
}

package storetest

import (
	"fmt"
	"strings"
	"testing"

	"steward/assets"
)

// Stocktake cases.

func auditLines(res assets.AuditResult) []string {
	var out []string
	for _, l := range res.Lines {
		out = append(out, fmt.Sprintf("%s asset=%d %s %q registered=%q at=%q serial=%q mac=%q host=%q",
			l.Outcome, l.AssetID, l.Tag, l.Name, l.Registered, l.Location, l.Serial, l.MAC, l.HostName))
	}
	return append(out, fmt.Sprintf("scans %d dupes %d", res.Scans, res.Dupes))
}

func auditScanLine(sc assets.AuditScan) string {
	return fmt.Sprintf("#%d %q -> %s at %q: %s asset=%d %q registered=%q", sc.ID, sc.Code, sc.Tag, sc.Location, sc.Result, sc.AssetID, sc.AssetName, sc.Registered)
}

func at(l string) func(*assets.Asset) { return func(a *assets.Asset) { a.Location = l } }

var auditCases = []Case[AuditStore]{
	{"StartListAndExpect", func(t *testing.T, s AuditStore) {
		addAsset(t, s, "b-2", "Second", at("Room 1"))
		addAsset(t, s, "A-1", "First", at("Room 1"))
		addAsset(t, s, "C-3", "Gone", at("Room 1"), func(a *assets.Asset) { a.Status = assets.StatusDisposed })
		addAsset(t, s, "D-4", "Store", at("Store"), func(a *assets.Asset) { a.Status = assets.StatusInStock })
		addAsset(t, s, "E-5", "Repair", at("Store"), func(a *assets.Asset) { a.Status = assets.StatusInRepair })
		addAsset(t, s, "F-6", "Elsewhere", at("room 1 annex"))

		_, err := s.StartAudit(ctx, []string{" ", ""}, "me")
		wantKind(t, "no location", err, assets.KindInvalid)
		a, err := s.StartAudit(ctx, []string{" room 1 ", "New room", "ROOM 1", "", "store"}, "  Ann  ")
		must(t, err)
		wantEqual(t, "locations spelled as the register does", a.Locations, []string{"Room 1", "New room", "Store"})
		wantEqual(t, "auditor", a.Auditor, "Ann")
		if a.ID == 0 || a.Started.IsZero() || !a.Open() || !a.Applied.IsZero() {
			t.Fatalf("started: %+v", a)
		}
		got, err := s.Audit(ctx, a.ID)
		must(t, err)
		wantEqual(t, "round trip", got, a)
		b, err := s.StartAudit(ctx, []string{"Store"}, "")
		must(t, err)
		wantEqual(t, "the store's actor audits by default", b.Auditor, Actor)
		_, err = s.Audit(ctx, 999)
		wantKind(t, "missing audit", err, assets.KindNotFound)

		exp, err := s.ExpectedAssets(ctx, a)
		must(t, err)
		var tags []string
		for _, x := range exp {
			tags = append(tags, x.Location+" "+x.Tag)
		}
		wantEqual(t, "expected: active assets by location then tag", tags, []string{"Room 1 A-1", "Room 1 b-2", "Store D-4", "Store E-5"})
		none, err := s.ExpectedAssets(ctx, assets.Audit{})
		must(t, err)
		wantEqual(t, "no locations", len(none), 0)

		_, err = s.FinishAudit(ctx, b.ID)
		must(t, err)
		list, err := s.Audits(ctx, false)
		must(t, err)
		wantEqual(t, "all, newest first", []int64{list[0].ID, list[1].ID}, []int64{b.ID, a.ID})
		if list[0].Open() {
			t.Fatal("finished audit listed open")
		}
		open, err := s.Audits(ctx, true)
		must(t, err)
		wantEqual(t, "open ones", open, []assets.Audit{a})
	}},
	{"ScanFinishApply", func(t *testing.T, s AuditStore) {
		a1 := addAsset(t, s, "ST-1", "Laptop one", at("Room 1"), func(a *assets.Asset) { a.Serial = "S1"; a.MAC = "AA:BB:CC:00:00:01" })
		a2 := addAsset(t, s, "ST-2", "Laptop two", at("Room 2"), func(a *assets.Asset) { a.HostName = "lap-2" })
		addAsset(t, s, "ST-3", "Missing one", at("Room 1"))
		a4 := addAsset(t, s, "ST-4", "Mover", at("Room 1"))
		aud, err := s.StartAudit(ctx, []string{"Room 1", "Room 2"}, "")
		must(t, err)

		_, err = s.AddAuditScan(ctx, aud.ID, "Room 1", "   ")
		wantKind(t, "empty code", err, assets.KindInvalid)
		_, err = s.AddAuditScan(ctx, aud.ID, "Room 1", strings.Repeat("X", 201))
		wantKind(t, "long code", err, assets.KindInvalid)
		_, err = s.AddAuditScan(ctx, aud.ID, "Cellar", "ST-1")
		wantKind(t, "not an audit location", err, assets.KindInvalid)
		_, err = s.AddAuditScan(ctx, 999, "Room 1", "ST-1")
		wantKind(t, "missing audit", err, assets.KindNotFound)

		var scans []string
		for _, c := range []struct{ loc, code string }{
			{"room 1", "st-1"},
			{"Room 1", "https://assets.example/asset/ST-2"},
			{"Room 1", "ST-1"},
			{"Room 2", "NOPE-9"},
			{"Room 2", "ST-4"},
			{"Room 2", "st-4\r"},
		} {
			sc, err := s.AddAuditScan(ctx, aud.ID, c.loc, c.code)
			must(t, err)
			if sc.At.IsZero() {
				t.Fatal("scan without a time")
			}
			scans = append(scans, auditScanLine(sc))
		}
		stored, err := s.AuditScans(ctx, aud.ID)
		must(t, err)
		var storedLines []string
		for _, sc := range stored {
			storedLines = append(storedLines, auditScanLine(sc))
		}
		wantLines(t, "scans as returned and as stored", storedLines, scans)
		ids := []int64{stored[0].ID, stored[1].ID, stored[2].ID, stored[3].ID, stored[4].ID, stored[5].ID}
		wantLines(t, "scans", storedLines, []string{
			fmt.Sprintf(`#%d "st-1" -> ST-1 at "Room 1": found asset=%d "Laptop one" registered="Room 1"`, ids[0], a1.ID),
			fmt.Sprintf(`#%d "https://assets.example/asset/ST-2" -> ST-2 at "Room 1": moved asset=%d "Laptop two" registered="Room 2"`, ids[1], a2.ID),
			fmt.Sprintf(`#%d "ST-1" -> ST-1 at "Room 1": duplicate asset=%d "Laptop one" registered="Room 1"`, ids[2], a1.ID),
			fmt.Sprintf(`#%d "NOPE-9" -> NOPE-9 at "Room 2": unknown asset=0 "" registered=""`, ids[3]),
			fmt.Sprintf(`#%d "ST-4" -> ST-4 at "Room 2": moved asset=%d "Mover" registered="Room 1"`, ids[4], a4.ID),
			fmt.Sprintf(`#%d "st-4\r" -> ST-4 at "Room 2": duplicate asset=%d "Mover" registered="Room 1"`, ids[5], a4.ID),
		})
		progress, err := s.AuditProgress(ctx, aud)
		must(t, err)
		want := []string{
			fmt.Sprintf(`found asset=%d ST-1 "Laptop one" registered="Room 1" at="Room 1" serial="S1" mac="aa:bb:cc:00:00:01" host=""`, a1.ID),
			fmt.Sprintf(`moved asset=%d ST-2 "Laptop two" registered="Room 2" at="Room 1" serial="" mac="" host="lap-2"`, a2.ID),
			fmt.Sprintf(`missing asset=%d ST-3 "Missing one" registered="Room 1" at="Room 1" serial="" mac="" host=""`, a4.ID-1),
			fmt.Sprintf(`moved asset=%d ST-4 "Mover" registered="Room 1" at="Room 2" serial="" mac="" host=""`, a4.ID),
			`unknown asset=0 NOPE-9 "" registered="" at="Room 2" serial="" mac="" host=""`,
			"scans 6 dupes 2",
		}
		wantLines(t, "progress", auditLines(progress), want)
		open, err := s.AuditResult(ctx, aud.ID)
		must(t, err)
		wantLines(t, "an open audit's result is its progress", auditLines(open), want)
		_, err = s.ApplyAuditMoves(ctx, aud.ID)
		wantKind(t, "apply before finishing", err, assets.KindInvalid)

		fin, err := s.FinishAudit(ctx, aud.ID)
		must(t, err)
		wantLines(t, "finished", auditLines(fin), want)
		if fin.Audit.Open() || !fin.Audit.Finished.After(aud.Started) {
			t.Fatalf("finished audit: %+v", fin.Audit)
		}
		kept, err := s.AuditResult(ctx, aud.ID)
		must(t, err)
		wantEqual(t, "kept audit", kept.Audit, fin.Audit)
		wantLines(t, "kept", auditLines(kept), want)
		_, err = s.FinishAudit(ctx, aud.ID)
		wantKind(t, "finish twice", err, assets.KindInvalid)
		_, err = s.FinishAudit(ctx, 999)
		wantKind(t, "finish a missing audit", err, assets.KindNotFound)
		_, err = s.AddAuditScan(ctx, aud.ID, "Room 1", "ST-3")
		wantKind(t, "scan a finished audit", err, assets.KindInvalid)
		_, err = s.AuditResult(ctx, 999)
		wantKind(t, "missing result", err, assets.KindNotFound)

		moved, err := s.ApplyAuditMoves(ctx, aud.ID)
		must(t, err)
		wantEqual(t, "moved", moved, 2)
		for _, c := range []struct {
			id        int64
			loc, hist string
		}{{a2.ID, "Room 1", "audit location: Room 2 -> Room 1 by tester"}, {a4.ID, "Room 2", "audit location: Room 1 -> Room 2 by tester"}} {
			got, err := s.Asset(ctx, c.id)
			must(t, err)
			wantEqual(t, "location after the move", got.Location, c.loc)
			wantLines(t, "move history", historyLines(t, s, "asset", c.id)[:1], []string{c.hist})
		}
		wantLines(t, "not moved", historyLines(t, s, "asset", a1.ID), []string{"create ST-1 Laptop one by tester"})
		applied, err := s.Audit(ctx, aud.ID)
		must(t, err)
		if applied.Applied.IsZero() {
			t.Fatal("applied time not kept")
		}
		_, err = s.ApplyAuditMoves(ctx, aud.ID)
		wantKind(t, "apply twice", err, assets.KindInvalid)
		after, err := s.AuditResult(ctx, aud.ID)
		must(t, err)
		wantLines(t, "the kept result does not follow the register", auditLines(after), want)
	}},
	{"NetworkCrossCheck", func(t *testing.T, s AuditStore) {
		a1 := addAsset(t, s, "NW-1", "On the net", at("Lab"), func(a *assets.Asset) { a.MAC = "AA:BB:CC:00:00:01" })
		a2 := addAsset(t, s, "NW-2", "Switched off", at("Lab"), func(a *assets.Asset) { a.HostName = "off-2" })
		addAsset(t, s, "NW-3", "Missing but seen", at("Lab"), func(a *assets.Asset) { a.HostName = "seen-3" })
		addAsset(t, s, "NW-4", "No identity", at("Office"))
		aud, err := s.StartAudit(ctx, []string{"Lab", "Office"}, "")
		must(t, err)
		none, err := s.AuditNetwork(ctx, assets.AuditResult{Audit: aud})
		must(t, err)
		wantEqual(t, "no scan", len(none), 0)
		_, err = s.RecordScan(ctx, assets.ScanInfo{Started: Start.Add(-48 * 3600e9), Finished: Start.Add(-47 * 3600e9), Site: "Office"}, nil)
		must(t, err)
		scan, err := s.RecordScan(ctx, assets.ScanInfo{Started: Start, Finished: Start.Add(60e9), Site: "LAB"}, []assets.Sighting{
			{DeviceID: "mac:aa:bb:cc:00:00:01", Name: "one", Class: "computer", MAC: "AA:BB:CC:00:00:01"},
			{DeviceID: "host:seen-3", Name: "three", Class: "computer", HostName: "seen-3"},
			{DeviceID: "host:stranger", Name: "stranger", Class: "phone", HostName: "stranger"},
		})
		must(t, err)
		for _, code := range []string{"NW-1", "NW-2"} {
			_, err := s.AddAuditScan(ctx, aud.ID, "Lab", code)
			must(t, err)
		}
		res, err := s.FinishAudit(ctx, aud.ID)
		must(t, err)
		checks, err := s.AuditNetwork(ctx, res)
		must(t, err)
		if len(checks) != 1 {
			t.Fatalf("one location has a scan of the same visit: %+v", checks)
		}
		c := checks[0]
		if c.Location != "Lab" || c.ScanID != scan.ScanID || !c.ScanAt.Equal(Start.Add(60e9)) {
			t.Fatalf("check: %+v", c)
		}
		var lines []string
		for _, m := range c.Matched {
			lines = append(lines, fmt.Sprintf("matched %s %s by %s", m.Sighting.Name, m.Line.Tag, m.By))
		}
		for _, m := range c.SeenNotFound {
			lines = append(lines, fmt.Sprintf("seen not found %s %q %s by %s", m.Sighting.Name, m.Line.Tag, m.Line.Outcome, m.By))
		}
		for _, l := range c.FoundNotSeen {
			lines = append(lines, fmt.Sprintf("found not seen %s %d", l.Tag, l.AssetID))
		}
		wantLines(t, "cross-check", lines, []string{
			"matched one NW-1 by mac",
			`seen not found three "NW-3" missing by hostname`,
			`seen not found stranger ""  by `,
			fmt.Sprintf("found not seen NW-2 %d", a2.ID),
		})
		_ = a1
	}},
	{"Intervals", func(t *testing.T, s AuditStore) {
		got, err := s.AuditIntervals(ctx)
		must(t, err)
		wantEqual(t, "none at first", got, map[string]int{})
		must(t, s.SetAuditInterval(ctx, "laptop", 12))
		must(t, s.SetAuditInterval(ctx, " DESKTOP ", 6))
		must(t, s.SetAuditInterval(ctx, "printer", 3))
		must(t, s.SetAuditInterval(ctx, "Printer", 0))
		got, err = s.AuditIntervals(ctx)
		must(t, err)
		wantEqual(t, "by code", got, map[string]int{"laptop": 12, "desktop": 6})
		wantKind(t, "missing category", s.SetAuditInterval(ctx, "spaceship", 1), assets.KindNotFound)
		wantKind(t, "negative", s.SetAuditInterval(ctx, "laptop", -1), assets.KindInvalid)
		wantKind(t, "too long", s.SetAuditInterval(ctx, "laptop", assets.MaxAuditIntervalMonths+1), assets.KindInvalid)
		must(t, s.SetAuditInterval(ctx, "laptop", assets.MaxAuditIntervalMonths))
	}},
}

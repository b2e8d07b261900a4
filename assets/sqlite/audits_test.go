package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
)

// auditOffice registers a small office: four assets at "Hagvik office",
// one at "Store room", one retired (not expected) at the office.
func auditOffice(t *testing.T, s *sqlite.Store) map[string]assets.Asset {
	t.Helper()
	ctx := context.Background()
	out := map[string]assets.Asset{}
	for _, a := range []assets.Asset{
		{Tag: "HV-001", Name: "Reception PC", Category: "desktop", Location: "Hagvik office", MAC: "aa:bb:cc:00:00:01", HostName: "reception"},
		{Tag: "HV-002", Name: "Laptop Anna", Category: "laptop", Location: "Hagvik office", Serial: "SN-ANNA", HostName: "anna-laptop"},
		{Tag: "HV-003", Name: "Printer 2nd floor", Category: "printer", Location: "Hagvik office", MAC: "aa:bb:cc:00:00:03"},
		{Tag: "HV-004", Name: "Monitor", Category: "monitor", Location: "Hagvik office"},
		{Tag: "HV-005", Name: "Switch", Category: "network", Location: "Store room", MAC: "aa:bb:cc:00:00:05"},
		{Tag: "HV-006", Name: "Old laptop", Category: "laptop", Location: "Hagvik office", Status: assets.StatusRetired},
	} {
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
		out[a.Tag] = a
	}
	return out
}

// A stocktake of a fixed office: found, moved, missing, unknown, a duplicate
// scan and a label's payload; then finish, resume refused, apply once.
func TestStocktakeOfAnOffice(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	reg := auditOffice(t, s)
	a, err := s.StartAudit(ctx, []string{" hagvik OFFICE", "Hagvik office"}, "Lena Ek")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Locations) != 1 || a.Locations[0] != "Hagvik office" || a.Auditor != "Lena Ek" {
		t.Fatalf("audit %+v: the location should be spelled as the register spells it, once", a)
	}
	expected, err := s.ExpectedAssets(ctx, a)
	if err != nil || len(expected) != 4 {
		t.Fatalf("expected %d assets (%v), want 4 (the retired one is not expected)", len(expected), err)
	}
	for _, c := range []struct {
		code string
		want assets.ScanResult
		tag  string
	}{
		{"HV-001\r", assets.ScanFound, "HV-001"},
		{"hv-002", assets.ScanFound, "HV-002"}, // typed in lower case: the register's spelling is kept
		{"HV-005", assets.ScanMoved, "HV-005"},
		{"ZZ-404", assets.ScanUnknown, "ZZ-404"},
		{"HV-001", assets.ScanDuplicate, "HV-001"},
		{"steward:asset/HV-004", assets.ScanFound, "HV-004"}, // a label payload in link form
	} {
		sc, err := s.AddAuditScan(ctx, a.ID, "hagvik office", c.code)
		if err != nil {
			t.Fatalf("%q: %v", c.code, err)
		}
		if sc.Result != c.want || sc.Tag != c.tag || sc.Location != "Hagvik office" {
			t.Errorf("%q: %s %q at %q, want %s %q", c.code, sc.Result, sc.Tag, sc.Location, c.want, c.tag)
		}
	}
	if _, err := s.AddAuditScan(ctx, a.ID, "Store room", "HV-003"); err == nil || !strings.Contains(err.Error(), "not one of this audit's locations") {
		t.Errorf("a scan in a location outside the audit: %v", err)
	}
	if _, err := s.AddAuditScan(ctx, a.ID, "Hagvik office", "  "); err == nil {
		t.Errorf("an empty scan was accepted")
	}

	// Interrupted: the open audit is listed and its scans come back.
	open, err := s.Audits(ctx, true)
	if err != nil || len(open) != 1 || open[0].ID != a.ID {
		t.Fatalf("open audits %+v %v", open, err)
	}
	scans, err := s.AuditScans(ctx, a.ID)
	if err != nil || len(scans) != 6 {
		t.Fatalf("resumed scans %d %v", len(scans), err)
	}

	res, err := s.FinishAudit(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Lines {
		got = append(got, string(l.Outcome)+":"+l.Tag)
	}
	if want := "found:HV-001 found:HV-002 found:HV-004 moved:HV-005 unknown:ZZ-404 missing:HV-003"; strings.Join(got, " ") != want {
		t.Errorf("result %s\nwant %s", strings.Join(got, " "), want)
	}
	if res.Scans != 6 || res.Dupes != 1 {
		t.Errorf("scans %d duplicates %d", res.Scans, res.Dupes)
	}
	if _, err := s.AddAuditScan(ctx, a.ID, "Hagvik office", "HV-003"); err == nil {
		t.Errorf("a scan after finishing was accepted")
	}
	kept, err := s.AuditResult(ctx, a.ID)
	if err != nil || len(kept.Lines) != len(res.Lines) || kept.Lines[3] != res.Lines[3] || kept.Dupes != 1 || kept.Audit.Finished.IsZero() {
		t.Errorf("kept result %+v %v", kept, err)
	}
	var last string
	if err := s.ReadDB().QueryRow(`SELECT group_concat(tag || '=' || last_audited, ' ') FROM (SELECT tag, last_audited FROM assets ORDER BY tag)`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	if last != "HV-001=2026-03-01 HV-002=2026-03-01 HV-003= HV-004=2026-03-01 HV-005=2026-03-01 HV-006=" {
		t.Errorf("last audited: %s", last)
	}

	// Apply: the switch moves to the office, with history; only once.
	n, err := s.ApplyAuditMoves(ctx, a.ID)
	if err != nil || n != 1 {
		t.Fatalf("applied %d %v", n, err)
	}
	sw, _ := s.Asset(ctx, reg["HV-005"].ID)
	if sw.Location != "Hagvik office" {
		t.Errorf("switch at %q", sw.Location)
	}
	hist, _ := s.History(ctx, "asset", sw.ID)
	if len(hist) == 0 || hist[0].Action != "audit" || hist[0].Text() != "location: Store room -> Hagvik office" || hist[0].Actor != "tester" {
		t.Errorf("history %+v", hist)
	}
	if _, err := s.ApplyAuditMoves(ctx, a.ID); err == nil {
		t.Errorf("moves applied twice")
	}
	if locs, _ := s.Locations(ctx); strings.Join(locs, ",") != "Hagvik office" {
		t.Errorf("locations after the move: %v", locs)
	}
}

// Audit-due alerts with a fixed date: only categories with an interval,
// only active assets, from the last audit or else the purchase.
func TestAuditDueAlerts(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	d := assets.MustDate
	for _, a := range []assets.Asset{
		{Tag: "L-1", Name: "Audited laptop", Category: "laptop", PurchaseDate: d("2020-01-01")},
		{Tag: "L-2", Name: "Never audited laptop", Category: "laptop", PurchaseDate: d("2025-01-15")},
		{Tag: "L-3", Name: "New laptop", Category: "laptop", PurchaseDate: d("2026-02-01")},
		{Tag: "L-4", Name: "Retired laptop", Category: "laptop", PurchaseDate: d("2020-01-01"), Status: assets.StatusRetired},
		{Tag: "P-1", Name: "Printer", Category: "printer", PurchaseDate: d("2019-01-01")},
	} {
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	opt := assets.AlertOptions{AsOf: d("2026-06-01"), WarnDays: 30}
	kinds := func() []string {
		list, err := s.Alerts(ctx, opt)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range list {
			if a.Kind == assets.AlertAuditDue {
				out = append(out, a.Subject+" | "+a.Severity.String()+" | "+a.Reason)
			}
		}
		return out
	}
	if got := kinds(); len(got) != 0 {
		t.Fatalf("audit alerts without any interval: %v", got)
	}
	if err := s.SetAuditInterval(ctx, "Laptop", 12); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAuditInterval(ctx, "nonesuch", 12); err == nil {
		t.Errorf("an interval for a category that does not exist")
	}
	if _, err := s.DB().Exec(`UPDATE assets SET last_audited = '2025-06-20' WHERE tag = 'L-1'`); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(kinds(), "\n")
	want := "L-2 Never audited laptop | warning | audit overdue since 2026-01-15 (137 days ago): never audited, Laptop is audited every 12 months\n" +
		"L-1 Audited laptop | info | audit due on 2026-06-20, in 19 days: last audited on 2025-06-20, Laptop is audited every 12 months"
	if got != want {
		t.Errorf("audit alerts\n got %s\nwant %s", got, want)
	}
	if iv, _ := s.AuditIntervals(ctx); iv["laptop"] != 12 || len(iv) != 1 {
		t.Errorf("intervals %v", iv)
	}
}

// An audit with a network scan of the same site on the same visit: what the
// shelf and the network each saw.
func TestAuditMeetsNetwork(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	auditOffice(t, s)
	a, err := s.StartAudit(ctx, []string{"Hagvik office"}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"HV-001", "HV-002", "HV-004"} {
		if _, err := s.AddAuditScan(ctx, a.ID, "Hagvik office", code); err != nil {
			t.Fatal(err)
		}
	}
	res, err := s.FinishAudit(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if checks, err := s.AuditNetwork(ctx, res); err != nil || len(checks) != 0 {
		t.Fatalf("network checks without a scan: %+v %v", checks, err)
	}
	at := s.Now()
	if _, err := s.RecordScan(ctx, assets.ScanInfo{Started: at.Add(-time.Hour), Finished: at.Add(-50 * time.Minute), Site: "hagvik office"}, []assets.Sighting{
		{DeviceID: "mac:aa:bb:cc:00:00:01", MAC: "aa:bb:cc:00:00:01", Name: "RECEPTION"},
		{DeviceID: "mac:aa:bb:cc:00:00:03", MAC: "aa:bb:cc:00:00:03", Name: "Brother HL"},
		{DeviceID: "mac:aa:bb:cc:00:00:77", MAC: "aa:bb:cc:00:00:77", Name: "Unknown phone"},
	}); err != nil {
		t.Fatal(err)
	}
	checks, err := s.AuditNetwork(ctx, res)
	if err != nil || len(checks) != 1 {
		t.Fatalf("checks %+v %v", checks, err)
	}
	nc := checks[0]
	if len(nc.Matched) != 1 || nc.Matched[0].Line.Tag != "HV-001" || nc.Matched[0].By != "mac" {
		t.Errorf("matched %+v", nc.Matched)
	}
	var seen []string
	for _, m := range nc.SeenNotFound {
		seen = append(seen, m.Sighting.DeviceName()+"="+m.Line.Tag)
	}
	if strings.Join(seen, ",") != "Brother HL=HV-003,Unknown phone=" {
		t.Errorf("seen, not found: %v", seen)
	}
	if len(nc.FoundNotSeen) != 1 || nc.FoundNotSeen[0].Tag != "HV-002" {
		t.Errorf("found, not seen: %+v", nc.FoundNotSeen)
	}
	// A scan from another visit (a week later) is not this audit's.
	later := at.Add(7 * 24 * time.Hour)
	if _, err := s.RecordScan(ctx, assets.ScanInfo{Started: later, Finished: later, Site: "Hagvik office"}, nil); err != nil {
		t.Fatal(err)
	}
	if checks, _ := s.AuditNetwork(ctx, res); len(checks) != 0 {
		t.Errorf("a scan a week later counted as the same visit: %+v", checks)
	}
}

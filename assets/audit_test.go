package assets

import (
	"strings"
	"testing"
	"time"
)

func TestScanTag(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"ST-000123", "ST-000123"},
		{"  ST-000123\r\n", "ST-000123"},
		{"\x02HV-001\x03", "HV-001"}, // STX/ETX framing some scanners send
		{"st-000123", "st-000123"},
		{"steward:asset/HV-007", "HV-007"},
		{"https://assets.example.org/asset/HV-007/", "HV-007"},
		{"https://assets.example.org/label?tag=HV-002", "HV-002"},
		{"HV/2024/7", "HV/2024/7"}, // slashes are allowed in tags: not a link
		{"", ""},
		{" \t ", ""},
	} {
		if got := ScanTag(c.code); got != c.want {
			t.Errorf("ScanTag(%q) = %q, want %q", c.code, got, c.want)
		}
	}
}

func TestClassifyScan(t *testing.T) {
	laptop := Asset{ID: 1, Tag: "HV-001", Location: "Hagvik office"}
	scanned := map[string]bool{"HV-002": true, "XX-9": true}
	for _, c := range []struct {
		name     string
		tag, loc string
		asset    Asset
		ok       bool
		want     ScanResult
	}{
		{"found here", "HV-001", "Hagvik office", laptop, true, ScanFound},
		{"location as typed", "HV-001", " hagvik OFFICE ", laptop, true, ScanFound},
		{"registered elsewhere", "HV-001", "Store room", laptop, true, ScanMoved},
		{"no location in the register", "HV-001", "Store room", Asset{ID: 1, Tag: "HV-001"}, true, ScanMoved},
		{"unknown tag", "ZZ-1", "Hagvik office", Asset{}, false, ScanUnknown},
		{"already scanned", "hv-002", "Hagvik office", Asset{ID: 2, Tag: "HV-002", Location: "Hagvik office"}, true, ScanDuplicate},
		{"unknown scanned twice", "xx-9", "Hagvik office", Asset{}, false, ScanDuplicate},
	} {
		if got := ClassifyScan(c.tag, c.loc, c.asset, c.ok, scanned); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// A fixed office: two locations audited, one asset found, one moved in from
// a location outside the audit, one moved between the audited locations,
// one missing, one unknown tag, one duplicate scan.
func TestReconcileAudit(t *testing.T) {
	reg := map[int64]Asset{
		1: {ID: 1, Tag: "HV-001", Name: "Reception PC", Location: "Office", MAC: "aa:bb:cc:00:00:01"},
		2: {ID: 2, Tag: "HV-002", Name: "Laptop Anna", Location: "Office"},
		3: {ID: 3, Tag: "HV-003", Name: "Printer", Location: "Store"},
		4: {ID: 4, Tag: "HV-004", Name: "Switch", Location: "Warehouse"},
		5: {ID: 5, Tag: "HV-005", Name: "NAS", Location: "Store"},
	}
	audit := Audit{Locations: []string{"Office", "Store"}}
	expected := []Asset{reg[1], reg[2], reg[3], reg[5]}
	scans := []AuditScan{
		{Tag: "HV-001", Location: "Office", Result: ScanFound, AssetID: 1, Registered: "Office"},
		{Tag: "HV-004", Location: "Office", Result: ScanMoved, AssetID: 4, Registered: "Warehouse"},
		{Tag: "HV-001", Location: "Office", Result: ScanDuplicate},
		{Tag: "QQ-1", Location: "Store", Result: ScanUnknown},
		{Tag: "HV-002", Location: "Store", Result: ScanMoved, AssetID: 2, Registered: "Office"},
		{Tag: "HV-005", Location: "store", Result: ScanFound, AssetID: 5, Registered: "Store"},
	}
	r := ReconcileAudit(audit, expected, scans, func(id int64) (Asset, bool) { a, ok := reg[id]; return a, ok })
	var got []string
	for _, l := range r.Lines {
		got = append(got, l.Location+":"+string(l.Outcome)+":"+l.Tag)
	}
	want := "Office:found:HV-001 Office:moved:HV-004 Store:found:HV-005 Store:moved:HV-002 Store:unknown:QQ-1 Store:missing:HV-003"
	if strings.Join(got, " ") != want {
		t.Errorf("lines\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if r.Scans != 6 || r.Dupes != 1 || r.Count(OutcomeMissing, "") != 1 || r.Count(OutcomeMoved, "store") != 1 || len(r.Moves()) != 2 {
		t.Errorf("scans %d dupes %d missing %d moves %d", r.Scans, r.Dupes, r.Count(OutcomeMissing, ""), len(r.Moves()))
	}
	if r.Lines[0].MAC != "aa:bb:cc:00:00:01" || r.Lines[0].Name != "Reception PC" {
		t.Errorf("found line lacks the register's identity: %+v", r.Lines[0])
	}
}

func TestAuditDueAlert(t *testing.T) {
	d := MustDate
	opt := AlertOptions{AsOf: d("2026-06-01"), WarnDays: 30}
	for _, c := range []struct {
		name string
		in   AuditDue
		sev  Severity
		due  string
		why  string // part of the reason; "" means no alert
	}{
		{"no interval", AuditDue{LastAudited: d("2020-01-01")}, 0, "", ""},
		{"audited recently", AuditDue{IntervalMonths: 12, LastAudited: d("2026-01-10")}, 0, "", ""},
		{"due within the window", AuditDue{IntervalMonths: 12, LastAudited: d("2025-06-20"), Category: "Laptop"}, SeverityInfo, "2026-06-20",
			"audit due on 2026-06-20, in 19 days: last audited on 2025-06-20, Laptop is audited every 12 months"},
		{"overdue", AuditDue{IntervalMonths: 6, LastAudited: d("2025-11-01"), Category: "Phone"}, SeverityWarning, "2026-05-01",
			"audit overdue since 2026-05-01 (31 days ago): last audited on 2025-11-01, Phone is audited every 6 months"},
		{"never audited: from purchase", AuditDue{IntervalMonths: 12, Since: d("2024-03-15"), Category: "Server"}, SeverityWarning, "2025-03-15",
			"never audited, Server is audited every 12 months"},
		{"never audited, bought recently", AuditDue{IntervalMonths: 12, Since: d("2026-03-15")}, 0, "", ""},
		{"due today", AuditDue{IntervalMonths: 1, LastAudited: d("2026-05-01")}, SeverityInfo, "2026-06-01", "in 0 days (today)"},
	} {
		c.in.Tag, c.in.AssetID = "HV-001", 7
		a, ok := AuditDueAlert(c.in, opt)
		if ok != (c.why != "") {
			t.Errorf("%s: alert %v, want %v (%+v)", c.name, ok, c.why != "", a)
			continue
		}
		if !ok {
			continue
		}
		if a.Kind != AlertAuditDue || a.Severity != c.sev || a.Date.String() != c.due || !strings.Contains(a.Reason, c.why) || a.Ref != (Ref{Entity: "asset", ID: 7}) {
			t.Errorf("%s: %+v", c.name, a)
		}
	}
}

func TestSameVisit(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	start, end, now := at("2026-06-01T09:00:00Z"), at("2026-06-01T15:00:00Z"), at("2026-06-03T12:00:00Z")
	for _, c := range []struct {
		scan     string
		finished time.Time
		want     bool
	}{
		{"2026-06-01T08:30:00Z", end, true},
		{"2026-05-31T10:00:00Z", end, true},
		{"2026-05-31T08:00:00Z", end, false},
		{"2026-06-02T14:00:00Z", end, true},
		{"2026-06-02T16:00:00Z", end, false},
		{"2026-06-04T10:00:00Z", time.Time{}, true}, // open audit: up to now
		{"2026-06-04T13:00:00Z", time.Time{}, false},
	} {
		if got := SameVisit(at(c.scan), start, c.finished, now); got != c.want {
			t.Errorf("scan at %s: %v, want %v", c.scan, got, c.want)
		}
	}
}

func TestCrossCheck(t *testing.T) {
	lines := []AuditLine{
		{Outcome: OutcomeFound, AssetID: 1, Tag: "HV-001", MAC: "aa:bb:cc:00:00:01"},
		{Outcome: OutcomeFound, AssetID: 2, Tag: "HV-002", Serial: "SN-2", HostName: "anna-laptop"},
		{Outcome: OutcomeMoved, AssetID: 3, Tag: "HV-003", HostName: "printer-2"},
		{Outcome: OutcomeFound, AssetID: 4, Tag: "HV-004", HostName: "switched-off"},
		{Outcome: OutcomeFound, AssetID: 5, Tag: "HV-005"}, // a monitor: no network identity
		{Outcome: OutcomeMissing, AssetID: 6, Tag: "HV-006", MAC: "aa:bb:cc:00:00:06"},
		{Outcome: OutcomeUnknown, Tag: "QQ-1"},
		{Outcome: OutcomeFound, AssetID: 8, Tag: "HV-008", HostName: "nas"},
	}
	seen := []Sighting{
		{DeviceID: "mac:1", MAC: "AA-BB-CC-00-00-01"},
		{DeviceID: "serial:2", Serial: "SN-2", HostName: "whatever"},
		{DeviceID: "host:printer", HostName: "Printer-2.local."},
		{DeviceID: "mac:6", MAC: "aa:bb:cc:00:00:06", Name: "Anna's old phone"},
		{DeviceID: "mac:99", MAC: "aa:bb:cc:00:00:99", Name: "Stranger"},
		{DeviceID: "mac:1b", MAC: "aa:bb:cc:00:00:1b", AssetID: 1}, // HV-001's Wi-Fi, linked: counted once
		{DeviceID: "mac:8", MAC: "aa:bb:cc:00:00:08", AssetID: 8},  // linked, matches by nothing else
	}
	nc := CrossCheck("Office", lines, seen)
	var matched []string
	for _, m := range nc.Matched {
		matched = append(matched, m.Line.Tag+"/"+m.By)
	}
	if got := strings.Join(matched, " "); got != "HV-001/mac HV-002/serial HV-003/hostname HV-008/link" {
		t.Errorf("matched %s", got)
	}
	if len(nc.SeenNotFound) != 2 || nc.SeenNotFound[0].Line.Tag != "HV-006" || nc.SeenNotFound[0].By != "mac" ||
		nc.SeenNotFound[1].Line.Tag != "" || nc.SeenNotFound[1].Sighting.DeviceName() != "Stranger" {
		t.Errorf("seen, not found: %+v", nc.SeenNotFound)
	}
	if len(nc.FoundNotSeen) != 1 || nc.FoundNotSeen[0].Tag != "HV-004" {
		t.Errorf("found, not seen: %+v", nc.FoundNotSeen)
	}
}

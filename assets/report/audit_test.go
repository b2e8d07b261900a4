package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"steward/assets"
)

// The stocktake report read back: per location, who and when, the network
// cross-check, the signature lines; the CSV carries the location on every row.
func TestAuditReport(t *testing.T) {
	at := time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)
	res := assets.AuditResult{
		Audit: assets.Audit{ID: 4, Locations: []string{"Hagvik office", "Store room"}, Auditor: "Zoë Åberg", Started: at, Finished: at.Add(40 * time.Minute)},
		Scans: 5, Dupes: 1,
		Lines: []assets.AuditLine{
			{Outcome: assets.OutcomeFound, AssetID: 1, Tag: "HV-001", Name: "Reception PC", Registered: "Hagvik office", Location: "Hagvik office", MAC: "aa:bb:cc:00:00:01"},
			{Outcome: assets.OutcomeMoved, AssetID: 5, Tag: "HV-005", Name: "Switch", Registered: "Store room", Location: "Hagvik office"},
			{Outcome: assets.OutcomeUnknown, Tag: "QQ-77", Location: "Hagvik office"},
			{Outcome: assets.OutcomeMissing, AssetID: 3, Tag: "HV-003", Name: "Printer", Registered: "Hagvik office", Location: "Hagvik office"},
		},
	}
	net := []assets.NetworkCheck{{Location: "Hagvik office", ScanID: 9, ScanAt: at.Add(-time.Hour),
		Matched:      []assets.NetworkMatch{{Sighting: assets.Sighting{Name: "RECEPTION", MAC: "aa:bb:cc:00:00:01"}, Line: res.Lines[0], By: "mac"}},
		SeenNotFound: []assets.NetworkMatch{{Sighting: assets.Sighting{Name: "Brother HL", MAC: "aa:bb:cc:00:00:03"}, Line: res.Lines[3], By: "mac"}, {Sighting: assets.Sighting{Name: "Stranger phone"}}},
		FoundNotSeen: []assets.AuditLine{{Tag: "HV-002", Name: "Laptop Anna", HostName: "anna-laptop"}},
	}}
	doc := Audit(AuditInput{Org: "Hagvik Verkstad AB", AsOf: assets.MustDate("2026-06-01"), Result: res, Network: net, Zone: time.UTC})
	// Line by line as laid out: a row's cells stay on its line.
	var lines []string
	for _, l := range strings.Split(pdfText(t, writePDF(t, doc, A4), "-layout"), "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{
		"Audited by Zoë Åberg", "Started 2026-06-01 09:30", "Finished 2026-06-01 10:10", "Labels scanned 5 (1 scanned twice)",
		"Hagvik office: 1 found, 1 missing, 1 moved here, 1 unknown", "Store room: 0 found, 0 missing, 0 moved here, 0 unknown",
		"Hagvik office Found HV-001 Reception PC Hagvik office", "Hagvik office Moved here HV-005 Switch Store room",
		"Hagvik office Unknown tag QQ-77 not in the register", "Hagvik office Missing HV-003 Printer Hagvik office",
		"Hagvik office: shelf and network (scan 9, 2026-06-01 08:30)",
		"On both RECEPTION HV-001 mac aa:bb:cc:00:00:01", "Not on the shelf Brother HL HV-003 mac aa:bb:cc:00:00:03",
		"Not in the register Stranger phone", "Not on the network Laptop Anna HV-002 anna-laptop",
		"Auditor: Zoë Åberg (signature) Date", "Checked by (signature) Date",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "No network scan") {
		t.Errorf("the no-scan note with a scan")
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if csv := buf.String(); !strings.Contains(csv, "Hagvik office,Missing,HV-003,Printer,Hagvik office") || !strings.Contains(csv, "Not on the network,Laptop Anna,HV-002,,anna-laptop") {
		t.Errorf("CSV:\n%s", csv)
	}
	buf.Reset()
	if err := WriteXLSX(&buf, doc); err != nil || buf.Len() == 0 {
		t.Errorf("XLSX: %v", err)
	}
	noNet := Audit(AuditInput{Result: res, Zone: time.UTC})
	if len(noNet.Notes) != 1 || !strings.Contains(noNet.Notes[0], "No network scan") {
		t.Errorf("notes without a scan: %v", noNet.Notes)
	}
}

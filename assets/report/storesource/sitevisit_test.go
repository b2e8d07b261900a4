package storesource

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/sqlite"
)

// Two scans of one site: the report of the second lists what it found, what
// is new since the first and what the first saw that the second did not.
func TestSiteVisitFromScans(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := report.Build(ctx, New(s), report.Request{Kind: "site-visit", AsOf: assets.MustDate("2026-06-01")}); err == nil || !strings.Contains(err.Error(), "no scan is recorded yet") {
		t.Fatalf("no scans: %v", err)
	}
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	dev := func(id, name, class string) assets.Sighting {
		return assets.Sighting{DeviceID: id, Name: name, Class: class, HostName: strings.ToLower(strings.Fields(name)[0]) + ".local", Addresses: []string{"192.0.2.10"}}
	}
	first, err := s.RecordScan(ctx, assets.ScanInfo{Started: t0, Finished: t0.Add(time.Minute), Site: "Göteborg office"},
		[]assets.Sighting{dev("host:printer-åsa", "Printer Åsa", "printer"), dev("host:nas", "NAS", "storage")})
	if err != nil {
		t.Fatal(err)
	}
	t1 := t0.AddDate(0, 3, 0)
	if _, err := s.RecordScan(ctx, assets.ScanInfo{Started: t1, Finished: t1.Add(time.Minute), Site: "Göteborg office"},
		[]assets.Sighting{dev("host:nas", "NAS", "storage"), dev("host:sokratis", "Σωκράτης iPhone", "phone")}); err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ctx, New(s), report.Request{Kind: "site-visit", AsOf: assets.MustDate("2026-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	var classes []string
	for _, r := range doc.Sections[0].Rows {
		classes = append(classes, r[0].Text+"="+r[1].Text+"/"+r[2].Text+"/"+r[3].Text)
	}
	if got := strings.Join(classes, " "); got != "phone=1/1/0 printer=0/0/1 storage=1/0/0" {
		t.Errorf("by class %s", got)
	}
	if len(doc.Sections[1].Rows) != 1 || doc.Sections[1].Rows[0][0].Text != "Σωκράτης iPhone" {
		t.Errorf("new %v", doc.Sections[1].Rows)
	}
	if len(doc.Sections[2].Rows) != 1 || doc.Sections[2].Rows[0][0].Text != "Printer Åsa" {
		t.Errorf("missing %v", doc.Sections[2].Rows)
	}
	if !strings.Contains(doc.Subtitle, "Göteborg office") {
		t.Errorf("subtitle %q", doc.Subtitle)
	}
	// The first scan is no longer its site's latest: refused, naming the one to use.
	if _, err := report.Build(ctx, New(s), report.Request{Kind: "site-visit", AsOf: assets.MustDate("2026-06-01"), ScanID: first.ScanID}); err == nil || !strings.Contains(err.Error(), "is not the latest") {
		t.Errorf("older scan: %v", err)
	}
}

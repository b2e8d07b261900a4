package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
)

func reportAt(day int, f assets.MachineFacts, software ...string) assets.InventoryImport {
	at := time.Date(2026, 4, day, 10, 0, 0, 0, time.UTC)
	in := assets.InventoryImport{
		Facts:         f,
		CollectedAt:   at,
		SchemaVersion: 1,
		Source:        fmt.Sprintf("day%d.json", day),
		Report:        []byte(fmt.Sprintf(`{"schema_version":1,"collected_at":%q,"day":%d}`, at.Format(time.RFC3339), day)),
	}
	for _, s := range software {
		in.Software = append(in.Software, assets.InstalledSoftware{Name: s, Version: "1"})
	}
	return in
}

func TestImportInventoryCreatesThenAttaches(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	facts := assets.MachineFacts{Serial: "PF3ABCDE", UUID: "4C4C4544-0042-3510-8052-B4C04F564433", MACs: []string{"8C:8C:AA:12:34:56"},
		HostName: "tp14", Manufacturer: "LENOVO", Model: "ThinkPad T14 Gen 3", Chassis: "laptop", OS: "Fedora Linux 40"}

	// First report: a new asset, filed as a laptop, deployed.
	res, err := s.ImportInventory(ctx, reportAt(1, facts, "firefox", "vim"), false)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Tag == "" {
		t.Fatalf("first import: %+v", res)
	}
	a, err := s.Asset(ctx, res.AssetID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "tp14" || a.Category != "laptop" || a.Serial != "PF3ABCDE" || a.Manufacturer != "LENOVO" || a.Model != "ThinkPad T14 Gen 3" ||
		a.OS != "Fedora Linux 40" || a.HostName != "tp14" || a.MAC != "8c:8c:aa:12:34:56" || a.Status != assets.StatusDeployed {
		t.Errorf("created asset %+v", a)
	}

	// The same report again: recognised, nothing added.
	res, err = s.ImportInventory(ctx, reportAt(1, facts), false)
	if err != nil || !res.Duplicate || res.AssetID != a.ID {
		t.Fatalf("duplicate import: %+v %v", res, err)
	}

	// A newer report: attached by serial; OS and host name follow the
	// machine; the changes are described and recorded.
	f2 := facts
	f2.OS, f2.HostName = "Fedora Linux 41", "tp14-anna"
	in := reportAt(5, f2, "firefox", "htop")
	var gotPrevious string
	in.Changes = func(prev []byte) []assets.InventoryChange {
		gotPrevious = string(prev)
		return []assets.InventoryChange{
			{Area: "os", Text: "OS Fedora Linux 40 -> 41"},
			{Area: "disk", Text: "disk SN X removed", HardwareRemoved: true},
		}
	}
	res, err = s.ImportInventory(ctx, in, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created || res.MatchedBy != assets.MatchBySerial || res.AssetID != a.ID || len(res.Changes) != 2 {
		t.Fatalf("second report: %+v", res)
	}
	if !strings.Contains(gotPrevious, `"day":1`) {
		t.Errorf("Changes got previous report %q, want day 1's", gotPrevious)
	}
	a2, _ := s.Asset(ctx, a.ID)
	if a2.OS != "Fedora Linux 41" || a2.HostName != "tp14-anna" {
		t.Errorf("asset after second report: %+v", a2)
	}
	hist, err := s.History(ctx, "asset", a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, h := range hist {
		texts = append(texts, h.Action+"|"+h.Text())
	}
	joined := strings.Join(texts, "\n")
	for _, want := range []string{"hardware_removed|hardware_removed: disk SN X removed", "inventory_change|inventory_change: OS Fedora Linux 40 -> 41", "inventory|os: Fedora Linux 40 -> Fedora Linux 41", "inventory|inventory: report collected 2026-04-05 10:00 UTC from day5.json"} {
		if !strings.Contains(joined, want) {
			t.Errorf("history lacks %q:\n%s", want, joined)
		}
	}

	// The software list is the latest report's, and searchable.
	sw, err := s.AssetSoftware(ctx, a.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sw) != 2 || sw[0].Name != "firefox" || sw[1].Name != "htop" {
		t.Errorf("software %+v", sw)
	}
	if sw, _ := s.AssetSoftware(ctx, a.ID, "HT"); len(sw) != 1 || sw[0].Name != "htop" {
		t.Errorf("search HT: %+v", sw)
	}
	if sw, _ := s.AssetSoftware(ctx, a.ID, "%"); len(sw) != 0 {
		t.Errorf("search %%: %+v (LIKE wildcards must be literal)", sw)
	}

	// An older report imported late joins the history only.
	f0 := facts
	f0.OS = "Fedora Linux 39"
	res, err = s.ImportInventory(ctx, reportAt(2, f0, "emacs"), false)
	if err != nil || !res.Older || res.AssetID != a.ID {
		t.Fatalf("older report: %+v %v", res, err)
	}
	if a3, _ := s.Asset(ctx, a.ID); a3.OS != "Fedora Linux 41" {
		t.Errorf("an older report changed the asset's OS to %q", a3.OS)
	}
	if sw, _ := s.AssetSoftware(ctx, a.ID, "emacs"); len(sw) != 0 {
		t.Errorf("an older report replaced the software list")
	}

	reports, err := s.InventoryReports(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 3 || reports[0].CollectedAt.Day() != 5 || reports[1].CollectedAt.Day() != 2 || reports[2].CollectedAt.Day() != 1 {
		t.Fatalf("report history %+v", reports)
	}
	latest, err := s.LatestInventoryJSON(ctx, a.ID)
	if err != nil || !strings.Contains(string(latest), `"day":5`) {
		t.Errorf("latest %s %v", latest, err)
	}
	if b, err := s.InventoryReportJSON(ctx, reports[2].ID); err != nil || !strings.Contains(string(b), `"day":1`) {
		t.Errorf("report %d: %s %v", reports[2].ID, b, err)
	}
	if _, err := s.LatestInventoryJSON(ctx, 999); !isKind(err, assets.KindNotFound) {
		t.Errorf("latest of a missing asset: %v", err)
	}
}

func isKind(err error, k assets.Kind) bool {
	var e *assets.Error
	return errors.As(err, &e) && e.Kind == k
}

func TestImportInventoryMatchOrder(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mk := func(a assets.Asset) assets.Asset {
		t.Helper()
		a.Category = "desktop"
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	bySerial := mk(assets.Asset{Name: "typed by hand", Serial: "CZC1234", Manufacturer: "HP", Model: "EliteDesk (as typed)"})
	byMAC := mk(assets.Asset{Name: "reception PC", MAC: "a4:bb:6d:01:02:03"})
	byHost := mk(assets.Asset{Name: "lab 7", HostName: "lab-7.corp.example.org"})
	otherSerial := mk(assets.Asset{Name: "kiosk", Serial: "KIOSK1", HostName: "kiosk"})

	tests := []struct {
		name  string
		facts assets.MachineFacts
		want  int64
		by    string
	}{
		{"serial (lower case in the report)", assets.MachineFacts{Serial: "czc1234", HostName: "desk-1", Manufacturer: "HP", Model: "EliteDesk 800 G6"}, bySerial.ID, assets.MatchBySerial},
		{"mac", assets.MachineFacts{MACs: []string{"A4:BB:6D:01:02:03"}, HostName: "recep"}, byMAC.ID, assets.MatchByMAC},
		{"host name, short vs FQDN", assets.MachineFacts{HostName: "LAB-7"}, byHost.ID, assets.MatchByHostName},
		{"host name of another serial: new asset", assets.MachineFacts{Serial: "NEWONE", HostName: "kiosk"}, 0, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.ImportInventory(ctx, reportAt(i+1, tt.facts), false)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == 0 {
				if !res.Created || res.AssetID == otherSerial.ID {
					t.Errorf("want a new asset, got %+v", res)
				}
				return
			}
			if res.AssetID != tt.want || res.MatchedBy != tt.by {
				t.Errorf("got asset %d by %q, want %d by %q", res.AssetID, res.MatchedBy, tt.want, tt.by)
			}
		})
	}
	// A hand-typed model is kept; an empty field is filled.
	a, _ := s.Asset(ctx, bySerial.ID)
	if a.Model != "EliteDesk (as typed)" || a.HostName != "desk-1" {
		t.Errorf("asset matched by serial: %+v", a)
	}

	// UUID: a later report without serial still finds the asset through
	// the UUID of an earlier report.
	first, err := s.ImportInventory(ctx, reportAt(20, assets.MachineFacts{UUID: "AAAA-1", HostName: "vm-1"}), false)
	if err != nil || !first.Created {
		t.Fatalf("%+v %v", first, err)
	}
	res, err := s.ImportInventory(ctx, reportAt(21, assets.MachineFacts{UUID: "aaaa-1", HostName: "renamed-vm"}), false)
	if err != nil || res.AssetID != first.AssetID || res.MatchedBy != assets.MatchByUUID {
		t.Errorf("uuid match: %+v %v", res, err)
	}
}

func TestImportInventoryAmbiguousAndDryRun(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, name := range []string{"one", "two"} {
		a := assets.Asset{Name: name, Category: "desktop", Serial: "DUP-1"}
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.ImportInventory(ctx, reportAt(1, assets.MachineFacts{Serial: "DUP-1"}), false)
	if !isKind(err, assets.KindConflict) || !strings.Contains(err.Error(), "ST-000001, ST-000002") {
		t.Fatalf("ambiguous: %v", err)
	}

	// A dry run says what it would do and writes nothing.
	res, err := s.ImportInventory(ctx, reportAt(2, assets.MachineFacts{Serial: "FRESH", HostName: "new-pc", Chassis: "server"}, "nginx"), true)
	if err != nil || !res.Created {
		t.Fatalf("dry run: %+v %v", res, err)
	}
	n, err := s.CountAssets(ctx, assets.AssetQuery{})
	if err != nil || n != 2 {
		t.Errorf("after a dry run %d assets (%v), want 2", n, err)
	}
	if reps, _ := s.InventoryReports(ctx, res.AssetID); len(reps) != 0 {
		t.Errorf("dry run stored reports %+v", reps)
	}
	if _, err := s.ImportInventory(ctx, assets.InventoryImport{}, false); !isKind(err, assets.KindInvalid) {
		t.Errorf("empty import: %v", err)
	}
}

// TestInventoryMigrationKeepsData upgrades a database made before the
// inventory tables (schema 4) and imports into it.
func TestInventoryMigrationKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sqlite.Create(ctx, path, sqlite.Options{MaxVersion: 4, NoMigrationBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	a := assets.Asset{Name: "old laptop", Category: "laptop", Serial: "OLD-1"}
	if err := old.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s, err := sqlite.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.ImportInventory(ctx, reportAt(1, assets.MachineFacts{Serial: "OLD-1", OS: "Windows 11 Pro 23H2"}, "7-Zip"), false)
	if err != nil || res.AssetID != a.ID || res.MatchedBy != assets.MatchBySerial {
		t.Fatalf("import after migration: %+v %v", res, err)
	}
	if ok, err := s.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Errorf("integrity %q %v", ok, err)
	}
	// Deleting the asset takes its reports and software with it.
	if err := s.DeleteAsset(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if reps, _ := s.InventoryReports(ctx, a.ID); len(reps) != 0 {
		t.Errorf("reports outlived their asset: %+v", reps)
	}
}

// BenchmarkImportInventory1000 imports 1,000 reports of different
// computers, each with 750 packages, in transactions of 100 as
// `steward import --kind inventory` does (target for the whole import of
// 1,000 files: under 5 s).
func BenchmarkImportInventory1000(b *testing.B) {
	ctx := context.Background()
	sw := make([]string, 750)
	for i := range sw {
		sw[i] = fmt.Sprintf("package-%03d", i)
	}
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := openTest(b)
		b.StartTimer()
		start := time.Now()
		var batch []assets.InventoryImport
		flush := func() {
			_, errs, err := s.ImportInventories(ctx, batch, false)
			if err != nil {
				b.Fatal(err)
			}
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
			batch = batch[:0]
		}
		for n := 0; n < benchReports; n++ {
			batch = append(batch, reportAt(1, assets.MachineFacts{Serial: fmt.Sprintf("SN%05d", n), HostName: fmt.Sprintf("pc-%04d", n), Chassis: "desktop"}, sw...))
			if len(batch) == 100 {
				flush()
			}
		}
		if len(batch) > 0 {
			flush()
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/1000reports")
}

// benchReports is 1,000; a quick profile can lower it.
var benchReports = 1000

// TestInventorySoftwareFeedsLicenceCompliance: what an imported report says
// is installed is what licence compliance counts.
func TestInventorySoftwareFeedsLicenceCompliance(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := reportAt(1, assets.MachineFacts{Serial: "W1", HostName: "office-1"})
	in.Software = []assets.InstalledSoftware{
		{Name: "Microsoft Office Professional Plus 2019", Version: "16.0", Publisher: "Microsoft Corporation"},
		{Name: "7-Zip 23.01 (x64)", Version: "23.01", Publisher: "Igor Pavlov"},
	}
	res, err := s.ImportInventory(ctx, in, false)
	if err != nil {
		t.Fatal(err)
	}
	l := assets.Licence{Product: "Office 2019", Type: assets.LicenceType("per_seat"), Seats: 5, Covers: []assets.SoftwarePattern{{Name: "Microsoft Office*"}}}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	got, err := s.Installations(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].AssetID != res.AssetID || got[0].Name != "Microsoft Office Professional Plus 2019" {
		t.Errorf("installations %+v", got)
	}
	// A newer report without Office: the licence no longer sees it.
	in2 := reportAt(2, assets.MachineFacts{Serial: "W1"})
	in2.Software = in.Software[1:]
	if _, err := s.ImportInventory(ctx, in2, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Installations(ctx, l.ID); len(got) != 0 {
		t.Errorf("after Office was removed: %+v", got)
	}
}

// TestImportInventoriesSoftwareInOneBatch: the software of a batch is
// written at its end. Two reports of one computer in one batch leave the
// newer one's software, in either order; a report that fails leaves none of
// its own (its new titles included) and the batch's others in; a dry run
// leaves nothing.
func TestImportInventoriesSoftwareInOneBatch(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	l := assets.Licence{Product: "Office", Type: assets.LicencePerSeat, Seats: 5, Covers: []assets.SoftwarePattern{{Name: "Office*"}}}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	names := func(assetID int64) string {
		t.Helper()
		list, err := s.AssetSoftware(ctx, assetID, "")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range list {
			out = append(out, x.Name)
		}
		return strings.Join(out, ",")
	}
	a := assets.MachineFacts{Serial: "A1", HostName: "pc-a"}
	b := assets.MachineFacts{Serial: "B1", HostName: "pc-b"}
	// Older first, then newer; and newer first, then older.
	res, errs, err := s.ImportInventories(ctx, []assets.InventoryImport{
		reportAt(1, a, "Office Old", "Zip"), reportAt(2, a, "Zip", "Paint"),
		reportAt(4, b, "Paint", "Office New"), reportAt(3, b, "Office Old"),
	}, false)
	if err != nil || errs[0] != nil || errs[1] != nil || errs[2] != nil || errs[3] != nil {
		t.Fatalf("%v %v", errs, err)
	}
	if !res[3].Older {
		t.Fatalf("day 3 after day 4 should be older: %+v", res[3])
	}
	if got := names(res[0].AssetID); got != "Paint,Zip" {
		t.Errorf("pc-a software %q, want the day-2 list", got)
	}
	if got := names(res[2].AssetID); got != "Office New,Paint" {
		t.Errorf("pc-b software %q, want the day-4 list", got)
	}
	checkSoftwareKeys(t, s.DB())
	if inst, _ := s.Installations(ctx, l.ID); len(inst) != 1 || inst[0].Name != "Office New" {
		t.Errorf("installations %+v", inst)
	}
	// A refused report is left out with its software while the next one of
	// the batch goes in; a dry run keeps nothing, titles included.
	c := assets.MachineFacts{Serial: "C1", HostName: "pc-c"}
	bad := reportAt(5, c, "Office Bad")
	bad.CollectedAt = time.Time{} // refused: no collection time
	res, errs, err = s.ImportInventories(ctx, []assets.InventoryImport{bad, reportAt(6, c, "Office C")}, false)
	if err != nil || errs[0] == nil || errs[1] != nil {
		t.Fatalf("%v %v", errs, err)
	}
	if got := names(res[1].AssetID); got != "Office C" {
		t.Errorf("pc-c software %q", got)
	}
	if _, _, err := s.ImportInventories(ctx, []assets.InventoryImport{reportAt(7, c, "Office Dry")}, true); err != nil {
		t.Fatal(err)
	}
	if got := names(res[1].AssetID); got != "Office C" {
		t.Errorf("pc-c software after a dry run %q", got)
	}
	checkSoftwareKeys(t, s.DB())
	var titles int
	if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM software_titles WHERE name IN ('Office Bad', 'Office Dry')").Scan(&titles); err != nil || titles != 0 {
		t.Errorf("%d titles of refused or dry-run reports kept (%v)", titles, err)
	}
}

// TestImportInventoryRefusesControlCharacters: a report whose strings hold
// control characters (a model with an OSC title sequence, a name with
// 0x1f, a software name with 0x1e) is refused whole, naming the field,
// and writes nothing; the same machine reported cleanly is then created.
func TestImportInventoryRefusesControlCharacters(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	clean := assets.MachineFacts{Serial: "CC-1", HostName: "pc-cc", Manufacturer: "Acme", Model: "Box", OS: "Debian 12"}
	for _, c := range []struct {
		field string
		edit  func(f *assets.MachineFacts) []string
	}{
		{"model", func(f *assets.MachineFacts) []string { f.Model = "X\x1b]0;pwned\x07"; return nil }},
		{"hostname", func(f *assets.MachineFacts) []string { f.HostName = "Bad\x1fName"; return nil }},
		{"os", func(f *assets.MachineFacts) []string { f.OS = "Debian\x0012"; return nil }},
		{"software", func(f *assets.MachineFacts) []string { return []string{"vim", "fire\x1efox"} }},
	} {
		f := clean
		sw := c.edit(&f)
		_, err := s.ImportInventory(ctx, reportAt(1, f, sw...), false)
		if err == nil || !strings.HasPrefix(err.Error(), c.field+": has an invisible control character") {
			t.Errorf("%s: err = %v", c.field, err)
		}
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 0 {
		t.Fatalf("refused reports wrote %d assets", n)
	}
	if res, err := s.ImportInventory(ctx, reportAt(1, clean, "vim"), false); err != nil || !res.Created {
		t.Fatalf("clean report: %+v, %v", res, err)
	}
}

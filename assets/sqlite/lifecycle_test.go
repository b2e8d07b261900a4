package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"steward/assets"
)

type fakeCatalog map[string]assets.CatalogMatch

func (f fakeCatalog) MatchOS(os string, _ assets.Date, _ int) (assets.CatalogMatch, bool) {
	m, ok := f[os]
	return m, ok
}
func (f fakeCatalog) MatchDevice(man, model string, _ assets.Date, _ int) (assets.CatalogMatch, bool) {
	m, ok := f[man+"/"+model]
	return m, ok
}

func TestLicenceSeatsComplianceAndHistory(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	list := seed(t, s, 4)
	p := assets.Person{Name: "Anna Berg", Email: "anna@example.org"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	l := assets.Licence{Product: "Office", Vendor: "Microsoft", Key: "AAAAA-BBBBB-SECRET-9999", Type: assets.LicencePerSeat, Seats: 2,
		Expiry: assets.MustDate("2026-04-15"), Covers: []assets.SoftwarePattern{{Name: "Microsoft Office*"}}}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	for _, seat := range []assets.SeatAssignment{{PersonID: p.ID}, {AssetID: list[0].ID}, {AssetID: list[1].ID}} {
		seat.LicenceID = l.ID
		if err := s.AssignSeat(ctx, &seat); err != nil {
			t.Fatalf("over-assignment must be allowed: %v", err)
		}
	}
	dup := assets.SeatAssignment{LicenceID: l.ID, PersonID: p.ID}
	if err := s.AssignSeat(ctx, &dup); assets.KindOf(err) != assets.KindConflict || !strings.Contains(err.Error(), "Anna Berg") {
		t.Fatalf("duplicate seat: %v", err)
	}
	for i, sw := range [][]assets.InstalledSoftware{
		{{Name: "Microsoft Office Professional Plus 2021"}, {Name: "7-Zip"}},
		{{Name: "microsoft office standard"}},
		{{Name: "Microsoft Office 365"}, {Name: "Microsoft Office Visio"}},
		{{Name: "LibreOffice"}},
	} {
		if err := s.SetInstalledSoftware(ctx, list[i].ID, sw); err != nil {
			t.Fatal(err)
		}
	}
	asOf := assets.MustDate("2026-03-01")
	rows, err := s.ListLicences(ctx, assets.LicenceQuery{AsOf: asOf, Filter: assets.LicenceFilterShortfall})
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v %v", rows, err)
	}
	c := rows[0].Compliance
	if c.Assigned != 3 || c.Installed != 3 || c.Shortfall != 1 || c.Term != assets.TermExpiring {
		t.Fatalf("compliance %+v", c)
	}
	inst, err := s.Installations(ctx, l.ID)
	if err != nil || len(inst) != 4 {
		t.Fatalf("installations %v %v", inst, err)
	}
	alerts, err := s.Alerts(ctx, assets.AlertOptions{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, a := range alerts {
		kinds[a.Kind]++
	}
	if kinds[assets.AlertLicenceShortfall] != 1 || kinds[assets.AlertLicenceExpiry] != 1 {
		t.Fatalf("alerts %+v", alerts)
	}
	seats, err := s.Assignments(ctx, l.ID)
	if err != nil || len(seats) != 3 || !strings.HasPrefix(seats[0].Label, "Anna Berg") {
		t.Fatalf("%+v %v", seats, err)
	}
	if err := s.UnassignSeat(ctx, seats[0].ID); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.LicenceCompliance(ctx, l.ID, asOf, 30); c.Assigned != 2 || c.Shortfall != 1 || c.Term != assets.TermActive {
		t.Fatalf("after unassign %+v", c)
	}
	l.Key = "NEW-KEY-0000"
	l.Seats = 5
	if err := s.UpdateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	hist, err := s.History(ctx, "licence", l.ID)
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, h := range hist {
		all += h.Text() + "\n"
	}
	if strings.Contains(all, "SECRET") || strings.Contains(all, "NEW-KEY") || !strings.Contains(all, "key: (old key) -> (new key)") ||
		!strings.Contains(all, "seats: 2 -> 5") || !strings.Contains(all, "seat cleared (was Anna Berg") {
		t.Fatalf("history:\n%s", all)
	}
	got, _ := s.Licence(ctx, l.ID)
	if got.Key != "NEW-KEY-0000" || len(got.Covers) != 1 {
		t.Fatalf("%+v", got)
	}
}

func TestContractsCoverageAndTasks(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	list := seed(t, s, 8) // statuses cycle: 0 in stock, 1 deployed, 2 in repair, 3 retired...
	asOf := assets.MustDate("2026-03-01")
	c := assets.Contract{Kind: assets.ContractSupport, Provider: "Dell", Reference: "PS-1", Start: assets.MustDate("2025-01-01"),
		End: assets.MustDate("2026-04-30"), AssetIDs: []int64{list[0].ID, list[1].ID, list[3].ID}}
	if err := s.CreateContract(ctx, &c); err != nil {
		t.Fatal(err)
	}
	old := assets.Contract{Kind: assets.ContractWarranty, Provider: "HP", End: assets.MustDate("2026-02-01"), AssetIDs: []int64{list[2].ID}}
	if err := s.CreateContract(ctx, &old); err != nil {
		t.Fatal(err)
	}
	ending, err := s.ListContracts(ctx, assets.ContractQuery{AsOf: asOf, State: assets.CoverageEnding})
	if err != nil || len(ending) != 1 || ending[0].ID != c.ID || len(ending[0].AssetTags) != 3 {
		t.Fatalf("ending %+v %v", ending, err)
	}
	flags, err := s.FlagsFor(ctx, []int64{list[0].ID, list[2].ID, list[4].ID}, assets.AlertOptions{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if flags[list[0].ID].Coverage.State != assets.CoverageEnding || flags[list[2].ID].Coverage.State != assets.CoverageExpired ||
		flags[list[4].ID].Coverage.State != assets.CoverageNone {
		t.Fatalf("flags %+v", flags)
	}
	task := assets.Task{Kind: assets.TaskMaintenance, Title: "Clean fans", Due: assets.MustDate("2026-01-31"), EveryMonths: 1,
		AssetIDs: []int64{list[0].ID, list[1].ID}}
	if err := s.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	alerts, err := s.Alerts(ctx, assets.AlertOptions{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range alerts {
		got = append(got, a.Kind+"|"+a.Subject)
	}
	joined := strings.Join(got, "\n")
	// Asset 3 is retired: no warranty alert for it. Asset 2's warranty lapsed a month ago: info.
	for _, want := range []string{"warranty|" + list[0].Tag, "warranty|" + list[1].Tag, "warranty|" + list[2].Tag, "task_overdue|" + list[0].Tag + ", " + list[1].Tag} {
		if !strings.Contains(joined, want) {
			t.Fatalf("missing %q in\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "warranty|"+list[3].Tag) {
		t.Fatalf("retired asset alerted:\n%s", joined)
	}
	next, err := s.CompleteTask(ctx, task.ID, assets.MustDate("2026-02-02"), "done late")
	if err != nil || next == nil || next.Due.String() != "2026-02-28" || len(next.AssetIDs) != 2 {
		t.Fatalf("next %+v %v", next, err)
	}
	next2, err := s.CompleteTask(ctx, next.ID, assets.MustDate("2026-02-28"), "")
	if err != nil || next2.Due.String() != "2026-03-31" {
		t.Fatalf("month-end recovers: %+v %v", next2, err)
	}
	open, err := s.ListTasks(ctx, assets.TaskQuery{Open: true})
	if err != nil || len(open) != 1 || open[0].ID != next2.ID {
		t.Fatalf("open %+v %v", open, err)
	}
	if _, err := s.CompleteTask(ctx, task.ID, asOf, ""); assets.KindOf(err) != assets.KindInvalid {
		t.Fatalf("completing twice: %v", err)
	}
	if err := s.RescheduleTask(ctx, next2.ID, assets.MustDate("2026-04-15")); err != nil {
		t.Fatal(err)
	}
	lc, err := s.Lifecycle(ctx, list[0].ID, assets.AlertOptions{AsOf: asOf})
	if err != nil || len(lc.Contracts) != 1 || len(lc.Tasks) != 3 || lc.Coverage.State != assets.CoverageEnding {
		t.Fatalf("lifecycle %+v %v", lc, err)
	}
	if err := s.DeleteContract(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.History(ctx, "contract", c.ID); len(h) != 2 || h[0].Action != "delete" {
		t.Fatalf("history %+v", h)
	}
}

func TestEOLAlertsUseAllSources(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.SetEOLCatalog(fakeCatalog{"Windows 10 Pro 22H2": {Release: "Windows 10 22H2", EOL: assets.MustDate("2025-10-14")}})
	list := []assets.Asset{
		{Name: "Old laptop", Category: "laptop", PurchaseDate: assets.MustDate("2020-01-15"), Status: assets.StatusDeployed},
		{Name: "Win10 desktop", Category: "desktop", PurchaseDate: assets.MustDate("2024-01-15"), OS: "Windows 10 Pro 22H2"},
		{Name: "Switch", Category: "network", EOLDate: assets.MustDate("2026-04-01")},
		{Name: "Retired laptop", Category: "laptop", PurchaseDate: assets.MustDate("2010-01-15"), Status: assets.StatusRetired},
		{Name: "New laptop", Category: "laptop", PurchaseDate: assets.MustDate("2025-06-01")},
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	alerts, err := s.Alerts(ctx, assets.AlertOptions{AsOf: assets.MustDate("2026-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range alerts {
		got = append(got, a.Severity.String()+"|"+a.Subject+"|"+a.Reason)
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{
		"critical|" + list[0].Tag + " Old laptop|end of life: 4-year laptop refresh: bought 2020-01-15, replace on 2024-01-15 (",
		// The OS apart from the hardware: its own kind, the desktop itself is fine.
		"critical|" + list[1].Tag + " Win10 desktop|update or replace: Windows 10 22H2 unsupported since 2025-10-14 (138 days ago)",
		"warning|" + list[2].Tag + " Switch|end of life soon: end-of-life date set on the asset: 2026-04-01, in 31 days",
	} {
		if !strings.Contains(joined, want) {
			t.Fatalf("missing %q in\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "Retired") || strings.Contains(joined, "New laptop") || strings.Contains(joined, "Win10 desktop|end of life") {
		t.Fatalf("unexpected alerts:\n%s", joined)
	}
}

func TestImportAssetsStoresWarranty(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	list := []assets.Asset{{Tag: "W-1", Name: "A", Category: "laptop", Manufacturer: "Dell", PurchaseDate: assets.MustDate("2024-01-01")},
		{Tag: "W-2", Name: "B", Category: "laptop"}}
	if _, err := s.ImportAssetsWarranty(ctx, list, []assets.Date{assets.MustDate("2027-01-01"), {}}, false); err != nil {
		t.Fatal(err)
	}
	ends, err := s.WarrantyEnds(ctx)
	if err != nil || len(ends) != 1 || ends[list[0].ID].String() != "2027-01-01" {
		t.Fatalf("%v %v", ends, err)
	}
	// A second import moves the end of the same contract instead of adding one.
	list2 := []assets.Asset{{Tag: "w-1", Name: "A", Category: "laptop", Manufacturer: "Dell", PurchaseDate: assets.MustDate("2024-01-01")}}
	st, err := s.ImportAssetsWarranty(ctx, list2, []assets.Date{assets.MustDate("2028-01-01")}, false)
	if err != nil || st.Unchanged != 1 {
		t.Fatalf("%+v %v", st, err)
	}
	cs, _ := s.AssetContracts(ctx, list[0].ID)
	if len(cs) != 1 || cs[0].End.String() != "2028-01-01" || cs[0].Provider != "Dell" || cs[0].Start.String() != "2024-01-01" {
		t.Fatalf("%+v", cs)
	}
	// Dry run writes nothing.
	if _, err := s.ImportAssetsWarranty(ctx, list2, []assets.Date{assets.MustDate("2029-01-01")}, true); err != nil {
		t.Fatal(err)
	}
	if cs, _ := s.AssetContracts(ctx, list[0].ID); cs[0].End.String() != "2028-01-01" {
		t.Fatal("dry run wrote")
	}
}

func TestBundledCatalogExplainsEOL(t *testing.T) {
	s := openTest(t) // no SetEOLCatalog: the bundled catalog
	ctx := context.Background()
	list := []assets.Asset{
		{Name: "Reception PC", Category: "desktop", PurchaseDate: assets.MustDate("2024-01-15"), OS: "Windows 10 Pro 22H2"},
		{Name: "Build box", Category: "server", PurchaseDate: assets.MustDate("2024-01-15"), OS: "Ubuntu 22.04.4 LTS"},
		{Name: "Old phone", Category: "phone", PurchaseDate: assets.MustDate("2025-01-15"), Manufacturer: "Apple", Model: "iPhone 8"},
		{Name: "Mystery", Category: "other", OS: "Plan 9 from Bell Labs"},
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	flags, err := s.FlagsFor(ctx, []int64{list[0].ID, list[1].ID, list[2].ID, list[3].ID}, assets.AlertOptions{AsOf: assets.MustDate("2026-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	// The hardware and the OS apart: a two-year-old desktop on Windows 10
	// is supported hardware running an unsupported OS, with its upgrade path.
	if hw := flags[list[0].ID].EOL; hw.State != assets.EOLSupported || hw.Date.String() != "2029-01-15" || strings.Contains(hw.Reason(), "Windows") {
		t.Fatalf("Windows 10 desktop's hardware: %+v", hw)
	}
	win := flags[list[0].ID].OS
	if win.State != assets.EOLReached || win.Date.String() != "2025-10-14" || win.Release != "Windows 10 22H2" ||
		win.Next != "Windows 11 24H2 Home/Pro" || win.Extended.String() != "2028-10-10" ||
		win.Reason != "Windows 10 22H2 reached end of support on 2025-10-14 (138 days ago); extended (often paid) security support runs until 2028-10-10; next supported release: Windows 11 24H2 Home/Pro" {
		t.Fatalf("Windows 10: %+v", win)
	}
	if ub := flags[list[1].ID]; ub.EOL.State != assets.EOLSupported || ub.OS.State != assets.EOLSupported || ub.OS.Next != "" {
		t.Fatalf("Ubuntu 22.04: %+v", ub)
	}
	if ph := flags[list[2].ID].EOL; ph.State != assets.EOLReached || !strings.Contains(ph.Reason(), "iPhone 8") {
		t.Fatalf("iPhone 8: %+v", ph)
	}
	if m := flags[list[3].ID]; m.EOL.State != assets.EOLUnknown || m.OS.State != assets.EOLUnknown || !strings.Contains(m.OS.Reason, "not in the catalog") {
		t.Fatalf("unknown OS: %+v", m)
	}
}

// New assets get their warranty contracts in a few multi-row statements;
// an asset that already existed gets one through the one-by-one path. Both
// must leave the same records, and never reuse a deleted contract's ID.
func TestImportedWarrantiesMatchOneByOne(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	old := assets.Contract{Kind: assets.ContractWarranty, Provider: "Gone", End: assets.MustDate("2025-01-01")}
	if err := s.CreateContract(ctx, &old); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteContract(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	mk := func(tag string) []assets.Asset {
		return []assets.Asset{
			{Tag: tag + "-1", Name: "A", Category: "laptop", Manufacturer: "Dell", PurchaseDate: assets.MustDate("2024-01-01")},
			{Tag: tag + "-2", Name: "B", Category: "laptop", Supplier: "Acme"},
			{Tag: tag + "-3", Name: "C", Category: "laptop", PurchaseDate: assets.MustDate("2028-06-01")}, // bought after the end
		}
	}
	ends := []assets.Date{assets.MustDate("2027-01-01"), assets.MustDate("2027-02-01"), assets.MustDate("2027-03-01")}
	bulk := mk("BULK")
	if _, err := s.ImportAssetsWarranty(ctx, bulk, ends, false); err != nil {
		t.Fatal(err)
	}
	single := mk("ONE")
	if _, err := s.ImportAssets(ctx, single, false); err != nil { // no warranty yet
		t.Fatal(err)
	}
	if _, err := s.ImportAssetsWarranty(ctx, mk("ONE"), ends, false); err != nil {
		t.Fatal(err)
	}
	describe := func(a assets.Asset) string {
		cs, err := s.AssetContracts(ctx, a.ID)
		if err != nil || len(cs) != 1 {
			t.Fatalf("contracts of %s: %+v %v", a.Tag, cs, err)
		}
		c := cs[0]
		if c.ID == old.ID {
			t.Errorf("%s's warranty reuses deleted contract %d", a.Tag, old.ID)
		}
		h, err := s.History(ctx, "contract", c.ID)
		if err != nil || len(h) != 1 {
			t.Fatalf("history of contract %d: %+v %v", c.ID, h, err)
		}
		summary := strings.ReplaceAll(h[0].New, a.Tag, "TAG")
		return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s", c.Kind, c.Provider, c.Level, c.Start, c.End, h[0].Action, h[0].Actor, summary)
	}
	for i := range bulk {
		if got, want := describe(bulk[i]), describe(single[i]); got != want {
			t.Errorf("asset %d: bulk path %q, one-by-one %q", i, got, want)
		}
	}
	if got := describe(bulk[1]); !strings.Contains(got, "|Acme|warranty||2027-02-01|create|tester|warranty for TAG until 2027-02-01") {
		t.Errorf("supplier warranty: %s", got)
	}
}

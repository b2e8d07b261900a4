package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
)

// visitFixture: a register with an office of four assets (one held by a
// person) and one elsewhere, and a bundle of the office taken from it.
func visitFixture(t *testing.T) (office *sqlite.Store, bundle *sqlite.Store, path string) {
	t.Helper()
	ctx := context.Background()
	office = openTest(t)
	p := assets.Person{Name: "Ada Lovelace", Email: "ada@example.org"}
	if err := office.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	list := []assets.Asset{
		{Tag: "HV-001", Name: "Laptop A", Category: "laptop", Location: "Head office", Serial: "SA1", AssignedTo: p.ID, Status: assets.StatusDeployed},
		{Tag: "HV-002", Name: "Laptop B", Category: "laptop", Location: "Head office", Serial: "SB2"},
		{Tag: "HV-003", Name: "Printer", Category: "printer", Location: "Head office"},
		{Tag: "HV-004", Name: "Old phone", Category: "phone", Location: "Head office"},
		{Tag: "BR-001", Name: "Branch laptop", Category: "laptop", Location: "Branch", Serial: "BR1", MAC: "02:00:00:00:00:01"},
	}
	for i := range list {
		if err := office.CreateAsset(ctx, &list[i]); err != nil {
			t.Fatal(err)
		}
	}
	path = filepath.Join(t.TempDir(), "visit.steward")
	got, err := office.CheckoutVisit(ctx, []string{"Head office"}, path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Counts["assets"] != 4 || got.Counts["people"] != 1 {
		t.Fatalf("took %v", got.Counts)
	}
	bundle, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	bundle.Actor = "technician"
	t.Cleanup(func() { bundle.Close() })
	return office, bundle, path
}

func edit(t *testing.T, s *sqlite.Store, tag string, change func(a *assets.Asset)) {
	t.Helper()
	ctx := context.Background()
	a, err := s.AssetByTag(ctx, tag)
	if err != nil {
		t.Fatal(err)
	}
	change(&a)
	if err := s.UpdateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
}

func asset(t *testing.T, s *sqlite.Store, tag string) assets.Asset {
	t.Helper()
	a, err := s.AssetByTag(context.Background(), tag)
	if err != nil {
		t.Fatalf("%s: %v", tag, err)
	}
	return a
}

// TestVisitCheckinRules: a register and a bundle changed in parallel, each
// merge rule once; then the same bundle checked in again changes nothing.
func TestVisitCheckinRules(t *testing.T) {
	ctx := context.Background()
	office, bundle, path := visitFixture(t)

	// The bundle is a register: only the office's assets, with search.
	if n, err := bundle.CountAssets(ctx, assets.AssetQuery{}); err != nil || n != 4 {
		t.Fatalf("bundle holds %d assets (%v)", n, err)
	}
	if n, err := bundle.CountAssets(ctx, assets.AssetQuery{Search: "printer"}); err != nil || n != 1 {
		t.Fatalf("search in the bundle: %d (%v)", n, err)
	}
	// Offline: one-sided edits, a both-sided conflict, an observation, a
	// new asset (provisional tag), a new asset that is a registered device,
	// and an asset the office deletes meanwhile.
	edit(t, bundle, "HV-001", func(a *assets.Asset) { a.Notes = "dent on the lid" })
	edit(t, bundle, "HV-002", func(a *assets.Asset) { a.Status = assets.StatusInRepair; a.Location = "Head office, room 2" })
	edit(t, bundle, "HV-004", func(a *assets.Asset) { a.Notes = "still here" })
	fresh := assets.Asset{Name: "Scanner", Category: "other", Location: "Head office"}
	if err := bundle.CreateAsset(ctx, &fresh); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(fresh.Tag, "V-") {
		t.Fatalf("new asset in a bundle tagged %q, want a provisional V- tag", fresh.Tag)
	}
	twice := assets.Asset{Name: "Branch laptop again", Category: "laptop", Location: "Head office", Serial: "BR1"}
	if err := bundle.CreateAsset(ctx, &twice); err != nil {
		t.Fatal(err)
	}
	// A hand-over, a stocktake and a network scan on the visit.
	ada, err := bundle.PersonByEmail(ctx, "ada@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bundle.CheckOutAsset(ctx, assets.CheckOut{AssetID: asset(t, bundle, "HV-003").ID, PersonID: ada.ID, On: assets.MustDate("2026-03-02"), Note: "for the week", Condition: assets.ConditionFair}); err != nil {
		t.Fatal(err)
	}
	audit, err := bundle.StartAudit(ctx, []string{"Head office"}, "technician")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bundle.AddAuditScan(ctx, audit.ID, "Head office", "HV-001"); err != nil {
		t.Fatal(err)
	}
	if _, err := bundle.FinishAudit(ctx, audit.ID); err != nil {
		t.Fatal(err)
	}
	lastAudited := func(s *sqlite.Store) string {
		var d string
		if err := s.DB().QueryRow(`SELECT last_audited FROM assets WHERE tag = 'HV-001'`).Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	audited := lastAudited(bundle)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	if _, err := bundle.RecordScan(ctx, assets.ScanInfo{Started: now, Finished: now, Site: "Head office"},
		[]assets.Sighting{{DeviceID: "mac:02:00:00:00:00:99", MAC: "02:00:00:00:00:99", Name: "PRINTER-1"}}); err != nil {
		t.Fatal(err)
	}
	// An inventory of HV-002 read on site.
	if res, err := bundle.ImportInventory(ctx, reportAt(3, assets.MachineFacts{Serial: "SB2", HostName: "LAPTOP-B"}, "Paint", "Zip"), false); err != nil || res.Tag != "HV-002" {
		t.Fatalf("inventory in the bundle: %+v %v", res, err)
	}
	// The same new colleague, registered on both sides.
	if err := bundle.CreatePerson(ctx, &assets.Person{Name: "Bo Berg", Email: "bo@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := office.CreatePerson(ctx, &assets.Person{Name: "Bo Berg", Email: "bo@example.org"}); err != nil {
		t.Fatal(err)
	}
	// The office, meanwhile.
	edit(t, office, "HV-001", func(a *assets.Asset) { a.Cost = assets.Money{Minor: 120000, Currency: "EUR"} })
	edit(t, office, "HV-002", func(a *assets.Asset) { a.Status = assets.StatusRetired; a.Location = "Store room" })
	old := asset(t, office, "HV-004")
	if err := office.DeleteAsset(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	officeHistory := historyLen(t, office, asset(t, office, "HV-001").ID)
	bundleRows := historyLen(t, bundle, asset(t, bundle, "HV-001").ID)

	// A dry run shows everything and writes nothing.
	before := snapshot(t, office)
	dry, err := office.CheckinVisit(ctx, path, assets.CheckinOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, office); after != before {
		t.Fatalf("a dry run changed the register:\n%s\n---\n%s", before, after)
	}
	plan, err := office.CheckinVisit(ctx, path, assets.CheckinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dry.Added, plan.Added) || plan.Added["history"] == 0 {
		t.Errorf("dry run adds %v, check-in %v", dry.Added, plan.Added)
	}
	if len(dry.Changes) != len(plan.Changes) || len(dry.Conflicts) != len(plan.Conflicts) {
		t.Errorf("dry run: %d changes %d conflicts; check-in: %d and %d", len(dry.Changes), len(dry.Conflicts), len(plan.Changes), len(plan.Conflicts))
	}
	// Only the visit changed it: applied. Only the office: kept.
	a1 := asset(t, office, "HV-001")
	if a1.Notes != "dent on the lid" || a1.Cost.Minor != 120000 {
		t.Errorf("HV-001: notes %q cost %d", a1.Notes, a1.Cost.Minor)
	}
	// Both changed the status: a conflict, the office's value stays; the
	// location is an observation: the visit's.
	a2 := asset(t, office, "HV-002")
	if a2.Status != assets.StatusRetired || a2.Location != "Head office, room 2" {
		t.Errorf("HV-002: status %s location %q", a2.Status, a2.Location)
	}
	conflict := map[string]string{}
	for _, c := range plan.Conflicts {
		conflict[c.Label+"/"+c.Field] = c.Reason
	}
	if _, ok := conflict["HV-002/status"]; !ok {
		t.Errorf("no status conflict for HV-002: %v", conflict)
	}
	if r := conflict["HV-004/"]; r != "deleted in the office, edited on the visit" {
		t.Errorf("HV-004: %q", r)
	}
	if r := conflict[twice.Tag+"/"]; !strings.Contains(r, "the same device registered twice? serial BR1 is already on BR-001") {
		t.Errorf("new asset with a registered serial: %q", r)
	}
	if r := conflict["bo@example.org/"]; r != "the same person registered twice? email bo@example.org is already Bo Berg's" {
		t.Errorf("new person with a registered email: %q", r)
	}
	if _, err := office.AssetByTag(ctx, "HV-004"); err == nil {
		t.Error("HV-004 came back without a decision")
	}
	if _, err := office.AssetByTag(ctx, twice.Tag); err == nil {
		t.Error("the duplicate device was added")
	}
	// A new asset: added, findable.
	if n, err := office.CountAssets(ctx, assets.AssetQuery{Search: "scanner"}); err != nil || n != 1 {
		t.Errorf("new asset found %d times by search (%v)", n, err)
	}
	if got := asset(t, office, fresh.Tag); got.Location != "Head office" {
		t.Errorf("new asset at %q", got.Location)
	}
	// History: the union, with the visit's actor.
	rows, err := office.History(ctx, "asset", a1.ID)
	if err != nil {
		t.Fatal(err)
	}
	var technician bool
	for _, h := range rows {
		if h.Actor == "technician" && h.Field == "notes" {
			technician = true
		}
	}
	if !technician || len(rows) < officeHistory+bundleRows-1 {
		t.Errorf("history of HV-001: %d rows (office %d, bundle %d), technician's edit kept: %v", len(rows), officeHistory, bundleRows, technician)
	}
	// The visit's hand-over, stocktake and scan: added, pointing at the
	// register's records.
	for _, c := range []struct{ what, q string }{
		{"hand-over", `SELECT count(*) FROM handovers h JOIN assets a ON a.id = h.asset_id JOIN people p ON p.id = h.person_id
			WHERE a.tag = 'HV-003' AND p.email = 'ada@example.org' AND h.checked_in = '' AND h.out_note = 'for the week' AND h.out_condition = 'fair'`},
		{"audit", `SELECT count(*) FROM audits WHERE auditor = 'technician' AND finished <> ''`},
		{"audit scan", `SELECT count(*) FROM audit_scans s JOIN assets a ON a.id = s.asset_id WHERE a.tag = 'HV-001'`},
		{"audit result", `SELECT count(*) FROM audit_results r JOIN assets a ON a.id = r.asset_id WHERE a.tag = 'HV-001' AND r.outcome = 'found'`},
		{"audit location", `SELECT count(*) FROM audit_locations WHERE location = 'Head office'`},
		{"sighting", `SELECT count(*) FROM sightings g JOIN scans c ON c.id = g.last_scan WHERE g.device_id = 'mac:02:00:00:00:00:99' AND c.site = 'Head office'`},
	} {
		var n int
		if err := office.DB().QueryRow(c.q).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s from the visit: %d rows (%v)", c.what, n, err)
		}
	}
	hv2 := asset(t, office, "HV-002")
	sw, err := office.AssetSoftware(ctx, hv2.ID, "")
	if err != nil || len(sw) != 2 || sw[0].Name != "Paint" || sw[1].Name != "Zip" || hv2.HostName != "laptop-b" {
		t.Errorf("HV-002 after the visit's inventory: host %q, software %+v (%v)", hv2.HostName, sw, err)
	}
	var reports int
	if err := office.DB().QueryRow(`SELECT count(*) FROM inventory_reports WHERE asset_id = ?`, hv2.ID).Scan(&reports); err != nil || reports != 1 {
		t.Errorf("HV-002 has %d inventory reports (%v)", reports, err)
	}
	if got := lastAudited(office); got != audited || got == "" {
		t.Errorf("HV-001 last audited %v, the visit's %v", got, audited)
	}
	// Counts stay right (derived, not merged).
	if n, err := office.CountAssets(ctx, assets.AssetQuery{Location: "Head office"}); err != nil || n != 3 {
		t.Errorf("%d assets at Head office (%v), want 3 (HV-001, HV-003, the scanner)", n, err)
	}

	// Checked in again: nothing changes.
	before = snapshot(t, office)
	again, err := office.CheckinVisit(ctx, path, assets.CheckinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changes) != 0 || len(again.Added) != 0 {
		t.Errorf("second check-in: %+v %v", again.Changes, again.Added)
	}
	if after := snapshot(t, office); after != before {
		t.Fatalf("a second check-in changed the register:\n%s\n---\n%s", before, after)
	}

	// Resolving: the visit's status, the deleted asset back, the device
	// twice kept out.
	per := map[string]assets.Side{
		assets.ResolutionKey("HV-002", "status"):   assets.Mine,
		assets.ResolutionKey("HV-004", ""):         assets.Mine,
		assets.ResolutionKey(twice.Tag, ""):        assets.Theirs,
		assets.ResolutionKey("bo@example.org", ""): assets.Mine, // cannot be added twice: stays out
	}
	res, err := office.CheckinVisit(ctx, path, assets.CheckinOptions{Per: per})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unresolved != 0 {
		t.Errorf("%d left open", res.Unresolved)
	}
	if got := asset(t, office, "HV-002"); got.Status != assets.StatusInRepair {
		t.Errorf("HV-002 resolved mine: %s", got.Status)
	}
	if got := asset(t, office, "HV-004"); got.Notes != "still here" {
		t.Errorf("HV-004 back with notes %q", got.Notes)
	}
	// Now merged whole: a further check-in is a known bundle.
	last, err := office.CheckinVisit(ctx, path, assets.CheckinOptions{})
	if err != nil || !last.AlreadyMerged {
		t.Errorf("after a full merge: already merged %v (%v)", last.AlreadyMerged, err)
	}
}

// TestVisitDeletedOnTheVisit: a record deleted offline and untouched in the
// office goes; one the office edited meanwhile is a conflict.
func TestVisitDeletedOnTheVisit(t *testing.T) {
	ctx := context.Background()
	office, bundle, path := visitFixture(t)
	for _, tag := range []string{"HV-003", "HV-004"} {
		if err := bundle.DeleteAsset(ctx, asset(t, bundle, tag).ID); err != nil {
			t.Fatal(err)
		}
	}
	edit(t, office, "HV-004", func(a *assets.Asset) { a.Notes = "office note" })
	plan, err := office.CheckinVisit(ctx, path, assets.CheckinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := office.AssetByTag(ctx, "HV-003"); err == nil {
		t.Error("HV-003 deleted on the visit is still in the register")
	}
	if got := asset(t, office, "HV-004"); got.Notes != "office note" {
		t.Errorf("HV-004: %q", got.Notes)
	}
	if len(plan.Conflicts) != 1 || plan.Conflicts[0].Reason != "deleted on the visit, edited in the office" {
		t.Errorf("conflicts %+v", plan.Conflicts)
	}
}

// TestVisitCheckinRefusesOtherFiles: a plain register, or a bundle from
// another register, is refused with nothing written.
func TestVisitCheckinRefusesOtherFiles(t *testing.T) {
	ctx := context.Background()
	office, _, path := visitFixture(t)
	other := openTest(t)
	if _, err := other.CheckinVisit(ctx, path, assets.CheckinOptions{}); err == nil || !strings.Contains(err.Error(), "another register") {
		t.Errorf("bundle from another register: %v", err)
	}
	if _, err := office.CheckinVisit(ctx, other.Path(), assets.CheckinOptions{}); err == nil || !strings.Contains(err.Error(), "not a visit bundle") {
		t.Errorf("plain register: %v", err)
	}
}

func historyLen(t *testing.T, s *sqlite.Store, id int64) int {
	t.Helper()
	rows, err := s.History(context.Background(), "asset", id)
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// snapshot is the register's records as text, to compare before and after.
func snapshot(t *testing.T, s *sqlite.Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT group_concat(tag || '|' || name || '|' || status || '|' || location || '|' || notes || '|' || updated, ';') FROM (SELECT * FROM assets ORDER BY id)`,
		`SELECT count(*) || ' ' || COALESCE(max(id), 0) FROM history`,
		`SELECT count(*) FROM handovers`,
		`SELECT count(*) FROM visit_checkins`,
		`SELECT group_concat(category || status || location || n, ';') FROM asset_counts`,
	} {
		var v any
		if err := s.DB().QueryRow(q).Scan(&v); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(toString(v), "\n", " "), "\t", " ")) + "\n")
	}
	return b.String()
}

func toString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// TestGlobalIDsOnEveryRecord: an upgraded register's records get global
// ids, and so does every record written after: by the single paths at
// once, by a bulk insert when the records first leave (a visit checkout);
// no two are the same.
func TestGlobalIDsOnEveryRecord(t *testing.T) {
	ctx := context.Background()
	// The register as the Steward before global ids left it.
	src, err := os.ReadFile(filepath.Join("testdata", fmt.Sprintf("schema-v%d.db", sqlite.SchemaVersion()-1)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(ctx, path, sqlite.Options{NoMigrationBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := assets.Person{Name: "New Person", Email: "new@example.org"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	one := assets.Asset{Name: "One", Category: "laptop"}
	if err := s.CreateAsset(ctx, &one); err != nil {
		t.Fatal(err)
	}
	many := make([]assets.Asset, 6000) // a bulk insert (rebuildMin)
	for i := range many {
		many[i] = assets.Asset{Name: fmt.Sprintf("Bulk %d", i), Category: "desktop", Location: "Annex"}
	}
	if err := s.CreateAssets(ctx, many); err != nil {
		t.Fatal(err)
	}
	// A bulk insert leaves its rows' ids to the first time they leave.
	var waiting int
	if err := s.DB().QueryRow(`SELECT count(*) FROM assets WHERE gid IS NULL`).Scan(&waiting); err != nil || waiting != len(many) {
		t.Fatalf("%d of the %d bulk assets without a global id before they leave (%v)", waiting, len(many), err)
	}
	if _, err := s.CheckoutVisit(ctx, []string{"Annex"}, filepath.Join(t.TempDir(), "annex.steward")); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"assets", "people", "categories", "history", "contracts", "licences", "tasks", "scans",
		"sightings", "handovers", "inventory_reports", "audits", "audit_scans"} {
		var rows, missing, distinct int
		if err := s.DB().QueryRow(fmt.Sprintf(`SELECT count(*), count(*) - count(gid), count(DISTINCT gid) FROM %s`, table)).Scan(&rows, &missing, &distinct); err != nil {
			t.Fatal(err)
		}
		if missing != 0 || distinct != rows {
			t.Errorf("%s: %d rows, %d without a global id, %d distinct", table, rows, missing, distinct)
		}
	}
	var bad int
	if err := s.DB().QueryRow(`SELECT count(*) FROM assets WHERE gid NOT GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-7[0-9a-f][0-9a-f][0-9a-f]-[89ab][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'`).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%d asset ids are not UUIDv7 text (%v)", bad, err)
	}
}

// TestVisitBulkImportComesBack: assets bulk-imported on the visit (their
// global ids left for later) are matched and added once: check-in gives
// them their ids in the bundle, so a second check-in finds them merged.
func TestVisitBulkImportComesBack(t *testing.T) {
	ctx := context.Background()
	office, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	seed := assets.Asset{Name: "Printer", Category: "printer", Location: "Annex"}
	if err := office.CreateAsset(ctx, &seed); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "annex.steward")
	if _, err := office.CheckoutVisit(ctx, []string{"Annex"}, path); err != nil {
		t.Fatal(err)
	}
	visit, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	many := make([]assets.Asset, 6000) // a bulk insert (rebuildMin)
	for i := range many {
		many[i] = assets.Asset{Name: fmt.Sprintf("Found %d", i), Category: "desktop", Location: "Annex"}
	}
	if err := visit.CreateAssets(ctx, many); err != nil {
		t.Fatal(err)
	}
	visit.Close()
	count := func() (n int) {
		if err := office.DB().QueryRow(`SELECT count(*) FROM assets WHERE name LIKE 'Found %' AND gid IS NOT NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for round := 1; round <= 2; round++ {
		plan, err := office.CheckinVisit(ctx, path, assets.CheckinOptions{})
		if err != nil {
			t.Fatalf("check-in %d: %v", round, err)
		}
		if n := count(); n != len(many) {
			t.Fatalf("after check-in %d: %d of %d assets found on the visit are in the register with an id (%d conflicts)", round, n, len(many), len(plan.Conflicts))
		}
	}
}

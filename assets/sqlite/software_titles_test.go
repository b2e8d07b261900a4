package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// installedRow is one installed_software row as schema 6 kept it.
type installedRow struct {
	asset                    int64
	name, version, publisher string
}

// TestUpgradeV6KeepsInstalledSoftware fills the frozen schema-6 and -7
// files (the last before software titles) with installed software (case variants of one name, two publishers of one
// name, two versions of one program on one asset, exact duplicates) and
// licences, upgrades it, and checks that every row is still listed per
// asset and per licence and that the licence counts are those schema 6's
// own query gives.
func TestUpgradeV6KeepsInstalledSoftware(t *testing.T) {
	for _, v := range []int{6, 7} {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) { testUpgradeKeepsInstalledSoftware(t, v) })
	}
}

func testUpgradeKeepsInstalledSoftware(t *testing.T, v int) {
	ctx := context.Background()
	src, err := os.ReadFile(fixturePath(v))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []installedRow
	for a := int64(1); a <= 40; a++ {
		rows = append(rows, installedRow{a, "7-Zip", "23.01", "Igor Pavlov"})
		switch a % 4 {
		case 0:
			rows = append(rows, installedRow{a, "Microsoft Office Professional Plus 2021", "16.0", "Microsoft Corporation"})
		case 1:
			rows = append(rows, installedRow{a, "microsoft office professional plus 2021", "16.1", "Microsoft Corporation"})
		case 2:
			// The same name from another publisher is another program.
			rows = append(rows, installedRow{a, "Microsoft Office Professional Plus 2021", "16.0", "Someone Else"})
		case 3:
			rows = append(rows, installedRow{a, "Microsoft Office Visio", "16.0", "Microsoft Corporation"},
				installedRow{a, "Microsoft Office Visio", "15.0", "Microsoft Corporation"})
		}
		if a%10 == 0 {
			rows = append(rows, installedRow{a, "libc6", "2.36-9", "GNU Libc Maintainers <debian-glibc@lists.debian.org>"},
				installedRow{a, "libc6", "2.36-9", "GNU Libc Maintainers <debian-glibc@lists.debian.org>"})
		}
	}
	for _, r := range rows {
		if _, err := db.Exec("INSERT INTO installed_software(asset_id,name,version,publisher,seen) VALUES (?,?,?,?,?)",
			r.asset, r.name, r.version, r.publisher, "2026-01-02T03:04:05Z"); err != nil {
			t.Fatal(err)
		}
	}
	covers := map[string][]string{
		"Office":   {"Microsoft Office Professional*"},
		"Visio":    {"microsoft office visio"},
		"Office+7": {"Microsoft Office*", "7-zip"},
		"libc":     {"libc?"},
	}
	var names []string
	for name, patterns := range covers {
		names = append(names, name)
		res, err := db.Exec(`INSERT INTO licences(product,seats,created,updated) VALUES (?,10,'2024-01-01T00:00:00Z','2024-01-01T00:00:00Z')`, name)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		for _, p := range patterns {
			if _, err := db.Exec("INSERT INTO licence_covers(licence_id,pattern) VALUES (?,?)", id, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	slices.Sort(names)
	// What schema 6 counted: distinct assets per (name NOCASE, publisher)
	// matching a licence's patterns (the patterns here are plain SQL GLOB
	// or LIKE shapes, so SQL can say it on its own).
	wantInstalled := map[string]int{}
	for _, name := range names {
		var conds []string
		var args []any
		for _, p := range covers[name] {
			conds = append(conds, "name LIKE ?")
			args = append(args, strings.NewReplacer("*", "%", "?", "_").Replace(p))
		}
		var n int
		if err := db.QueryRow("SELECT count(DISTINCT asset_id) FROM installed_software WHERE "+strings.Join(conds, " OR "), args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		wantInstalled[name] = n
	}
	db.Close()

	s, err := sqlite.Create(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	if v, err := sqlite.CheckBackup(ctx, path); err != nil || v.SchemaVersion != sqlite.SchemaVersion() {
		t.Fatalf("after upgrade: %+v %v", v, err)
	}
	if problems, err := s.IntegrityCheck(ctx); err != nil || problems != "ok" {
		t.Fatalf("integrity: %v %v", problems, err)
	}
	checkSoftwareKeys(t, s.DB())
	// Every row, per asset (names compare without case: a title keeps one
	// spelling).
	key := func(asset int64, name, version, publisher string) string {
		return fmt.Sprintf("%d|%s|%s|%s", asset, strings.ToLower(name), version, publisher)
	}
	var want, got []string
	for _, r := range rows {
		want = append(want, key(r.asset, r.name, r.version, r.publisher))
	}
	for a := int64(1); a <= 40; a++ {
		list, err := s.AssetSoftware(ctx, a, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if x.AssetID != a || x.AssetTag != fmt.Sprintf("FX-%04d", a) {
				t.Fatalf("asset %d lists %+v", a, x)
			}
			got = append(got, key(x.AssetID, x.Name, x.Version, x.Publisher))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Fatalf("software after upgrade:\n got %d rows %v\nwant %d rows %v", len(got), got, len(want), want)
	}
	// Licence counts as schema 6 gave them, and each licence's
	// installations are the rows its patterns match.
	licences, err := s.ListLicences(ctx, assets.LicenceQuery{AsOf: assets.MustDate("2026-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	if len(licences) != len(names) {
		t.Fatalf("%d licences after upgrade", len(licences))
	}
	for _, l := range licences {
		if l.Compliance.Installed != wantInstalled[l.Product] {
			t.Errorf("%s: installed on %d assets after upgrade, schema 6 counted %d", l.Product, l.Compliance.Installed, wantInstalled[l.Product])
		}
		inst, err := s.Installations(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		full, err := s.Licence(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range rows {
			for _, p := range full.Covers {
				if p.Matches(assets.InstalledSoftware{Name: r.name, Publisher: r.publisher}) {
					n++
					break
				}
			}
		}
		if len(inst) != n || n == 0 {
			t.Errorf("%s: %d installations after upgrade, want %d", l.Product, len(inst), n)
		}
	}
	if wantInstalled["Office"] != 30 || wantInstalled["Office+7"] != 40 || wantInstalled["Visio"] != 10 || wantInstalled["libc"] != 4 {
		t.Fatalf("the fixture does not say what the test means: %v", wantInstalled)
	}
}

// TestInstalledSoftwareReplaceAndDelete: a new list replaces the old one
// for the counts, the listing and the licence; deleting the asset takes its
// software with it.
func TestInstalledSoftwareReplaceAndDelete(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []int64
	for i := range 3 {
		a := assets.Asset{Name: fmt.Sprintf("PC %d", i), Category: "desktop"}
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	l := assets.Licence{Product: "Zip", Type: assets.LicencePerSeat, Seats: 1, Covers: []assets.SoftwarePattern{{Name: "7-zip*"}}}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	installed := func() (int, int) {
		t.Helper()
		got, err := s.ListLicences(ctx, assets.LicenceQuery{AsOf: assets.MustDate("2026-03-01")})
		if err != nil || len(got) != 1 {
			t.Fatalf("%v %v", got, err)
		}
		inst, err := s.Installations(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got[0].Compliance.Installed, len(inst)
	}
	zip := []assets.InstalledSoftware{{Name: " 7-Zip ", Version: "23.01 ", Publisher: "Igor Pavlov"}, {Name: "7-zip", Version: "9.20", Publisher: "Igor Pavlov"}, {Name: "  "}}
	if err := s.SetInstalledSoftwareMany(ctx, map[int64][]assets.InstalledSoftware{ids[0]: zip, ids[1]: zip, ids[2]: {{Name: "Paint"}}}); err != nil {
		t.Fatal(err)
	}
	if n, rows := installed(); n != 2 || rows != 4 {
		t.Fatalf("after first lists: installed on %d, %d installations; want 2, 4", n, rows)
	}
	list, err := s.AssetSoftware(ctx, ids[0], "zip")
	if err != nil || len(list) != 2 || list[0].Name != "7-Zip" || list[0].Version != "23.01" || list[1].Version != "9.20" {
		t.Fatalf("asset software %+v %v", list, err)
	}
	// A new list without 7-Zip.
	if err := s.SetInstalledSoftware(ctx, ids[0], []assets.InstalledSoftware{{Name: "Paint"}}); err != nil {
		t.Fatal(err)
	}
	checkSoftwareKeys(t, s.DB())
	if n, rows := installed(); n != 1 || rows != 2 {
		t.Fatalf("after replacing a list: installed on %d, %d installations; want 1, 2", n, rows)
	}
	if list, _ := s.AssetSoftware(ctx, ids[0], ""); len(list) != 1 || list[0].Name != "Paint" {
		t.Fatalf("replaced list %+v", list)
	}
	if err := s.DeleteAsset(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	checkSoftwareKeys(t, s.DB())
	if n, rows := installed(); n != 0 || rows != 0 {
		t.Fatalf("after deleting the asset: installed on %d, %d installations; want none", n, rows)
	}
	var left int
	if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM software_installs WHERE asset_id = ?", ids[1]).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d (title, asset) keys left for a deleted asset (%v)", left, err)
	}
}

// BenchmarkInstallations lists a licence whose pattern matches 100 titles
// on 1,000 assets with 750 packages each (a "lib*"-style licence on a
// Linux fleet): each asset's list is read once, not once per title.
func BenchmarkInstallations(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	lists := map[int64][]assets.InstalledSoftware{}
	for i := range 1000 {
		a := assets.Asset{Name: fmt.Sprintf("PC %d", i), Category: "desktop"}
		if err := s.CreateAsset(ctx, &a); err != nil {
			b.Fatal(err)
		}
		for p := range 750 {
			name := fmt.Sprintf("tool%03d", p)
			if p < 100 {
				name = fmt.Sprintf("libx%03d", p)
			}
			lists[a.ID] = append(lists[a.ID], assets.InstalledSoftware{Name: name, Version: "1.0", Publisher: "Debian"})
		}
	}
	if err := s.SetInstalledSoftwareMany(ctx, lists); err != nil {
		b.Fatal(err)
	}
	l := assets.Licence{Product: "X libraries", Type: assets.LicencePerSeat, Seats: 1, Covers: []assets.SoftwarePattern{{Name: "libx*"}}}
	if err := s.CreateLicence(ctx, &l); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		inst, err := s.Installations(ctx, l.ID)
		if err != nil || len(inst) != 100_000 {
			b.Fatalf("%d installations, %v", len(inst), err)
		}
	}
}

// checkSoftwareKeys: software_installs holds exactly the (title, asset)
// pairs of the asset_software lists, no more, no fewer, and each title's
// installs count is its number of keys.
func checkSoftwareKeys(t testing.TB, db *sql.DB) {
	t.Helper()
	var missing, extra int
	err := db.QueryRow(`WITH listed AS (SELECT DISTINCT j.value ->> 0 AS title_id, s.asset_id FROM asset_software s, json_each(s.titles) j)
		SELECT (SELECT count(*) FROM listed l WHERE NOT EXISTS (SELECT 1 FROM software_installs i WHERE i.title_id = l.title_id AND i.asset_id = l.asset_id)),
		       (SELECT count(*) FROM software_installs i WHERE NOT EXISTS (SELECT 1 FROM listed l WHERE i.title_id = l.title_id AND i.asset_id = l.asset_id))`).Scan(&missing, &extra)
	if err != nil || missing != 0 || extra != 0 {
		t.Fatalf("software_installs: %d keys missing, %d extra (%v)", missing, extra, err)
	}
	var wrong int
	err = db.QueryRow(`SELECT count(*) FROM software_titles t
		WHERE installs <> (SELECT count(*) FROM software_installs i WHERE i.title_id = t.id)`).Scan(&wrong)
	if err != nil || wrong != 0 {
		t.Fatalf("%d titles whose installs count is not their number of keys (%v)", wrong, err)
	}
}

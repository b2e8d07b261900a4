package sqlite_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"steward/assets"
)

// asset_counts must equal a count of the assets table after every kind of
// write: one asset, a bulk insert (which adds the counts itself, without the
// trigger), a failed bulk insert, edits, check-out and check-in, an import
// that updates, deletes, and a category renamed underneath (ON UPDATE
// CASCADE).
func TestAssetCountsFollowEveryWrite(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	db := s.DB()
	check := func(step string) {
		t.Helper()
		read := func(query string) []string {
			rows, err := db.Query(query)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var c, st, loc string
				var n int
				if err := rows.Scan(&c, &st, &loc, &n); err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprintf("%s|%s|%s=%d", c, st, loc, n))
			}
			return out
		}
		kept := read("SELECT category, status, location, n FROM asset_counts ORDER BY 1, 2, 3")
		want := read("SELECT category, status, location, count(*) FROM assets GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
		if !reflect.DeepEqual(kept, want) {
			t.Fatalf("after %s: asset_counts has\n%v\nthe assets table counts\n%v", step, kept, want)
		}
		var triggers int
		if err := db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'asset_counts_%'").Scan(&triggers); err != nil || triggers != 3 {
			t.Fatalf("after %s: %d asset_counts triggers (%v), want 3", step, triggers, err)
		}
	}
	check("opening")

	p := assets.Person{Name: "Ada Ndiaye", Email: "ada@example.com"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	one := assets.Asset{Name: "Spare laptop", Category: "laptop", Location: "HQ"}
	if err := s.CreateAsset(ctx, &one); err != nil {
		t.Fatal(err)
	}
	check("one asset")

	// Bigger than the table and than rebuildMin: the bulk path.
	locations := []string{"HQ", "Lyon", "Oslo", "", "Lyon annex"}
	categories := []string{"laptop", "desktop", "printer", "drone"} // drone: a new, user-defined category
	statuses := []assets.Status{assets.StatusInStock, assets.StatusDeployed, assets.StatusInRepair, assets.StatusRetired}
	var bulk []assets.Asset
	for i := 0; i < 6000; i++ {
		bulk = append(bulk, assets.Asset{Name: fmt.Sprintf("Bulk %d", i), Category: categories[i%4],
			Status: statuses[i%3], Location: locations[i%5]})
	}
	if err := s.CreateAssets(ctx, bulk); err != nil {
		t.Fatal(err)
	}
	check("a bulk insert")

	bad := append([]assets.Asset(nil), bulk[:5999]...)
	for i := range bad {
		bad[i].ID, bad[i].Tag = 0, ""
	}
	bad = append(bad, assets.Asset{Name: "Clash", Category: "laptop", Tag: bulk[0].Tag})
	if err := s.CreateAssets(ctx, bad); err == nil {
		t.Fatal("a bulk insert with a tag already in use was accepted")
	}
	check("a failed bulk insert")

	got, err := s.AssetByTag(ctx, bulk[7].Tag)
	if err != nil {
		t.Fatal(err)
	}
	got.Location, got.Status = "Oslo", assets.StatusInRepair
	if err := s.UpdateAsset(ctx, &got); err != nil {
		t.Fatal(err)
	}
	got.Name = "Renamed only"
	if err := s.UpdateAsset(ctx, &got); err != nil {
		t.Fatal(err)
	}
	check("edits")

	if _, err := s.CheckOutAsset(ctx, assets.CheckOut{AssetID: one.ID, PersonID: p.ID, On: assets.MustDate("2026-03-02")}); err != nil {
		t.Fatal(err)
	}
	check("a check-out")
	if _, err := s.CheckInAsset(ctx, assets.CheckIn{AssetID: one.ID, On: assets.MustDate("2026-03-09")}); err != nil {
		t.Fatal(err)
	}
	check("a check-in")

	moved := []assets.Asset{{Tag: bulk[8].Tag, Name: "Imported over", Category: "desktop", Location: "Bergen"},
		{Name: "Imported new", Category: "monitor", Location: "Bergen"}}
	if _, err := s.ImportAssets(ctx, moved, false); err != nil {
		t.Fatal(err)
	}
	check("an import")

	for _, id := range []int64{one.ID, got.ID} {
		if err := s.DeleteAsset(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	check("deletes")

	if _, err := db.Exec("UPDATE categories SET name = 'uav' WHERE name = 'drone'"); err != nil {
		t.Fatal(err)
	}
	check("a category renamed")
	if _, err := db.Exec("DELETE FROM assets WHERE location = 'Lyon'"); err != nil {
		t.Fatal(err)
	}
	check("deleting a location's assets")
}

// The filter counts, locations and dashboard counts read asset_counts; they
// must say what counting the assets says.
func TestCountsFromAssetCountsMatchTheAssets(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var list []assets.Asset
	for i := 0; i < 300; i++ {
		list = append(list, assets.Asset{Name: fmt.Sprintf("A%d", i), Category: []string{"laptop", "phone", "server"}[i%3],
			Status: assets.Statuses[i%len(assets.Statuses)], Location: []string{"HQ", "Depot", ""}[(i/2)%3]})
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	count := func(q assets.AssetQuery) int {
		n := 0
		for _, a := range list {
			if (q.Category == "" || a.Category == q.Category) && (q.Status == "" || a.Status == q.Status) &&
				(q.Location == "" || a.Location == q.Location) {
				n++
			}
		}
		return n
	}
	for _, q := range []assets.AssetQuery{{}, {Category: "phone"}, {Status: assets.StatusDeployed}, {Location: "Depot"},
		{Category: "laptop", Location: "HQ"}, {Category: "server", Status: assets.StatusRetired, Location: ""},
		{Category: "server", Status: assets.StatusLost, Location: "Depot"}, {Category: "nothing"}} {
		got, err := s.CountAssets(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if want := count(q); got != want {
			t.Errorf("CountAssets(%+v) = %d, want %d", q, got, want)
		}
	}
	locs, err := s.Locations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(locs, ",") != "Depot,HQ" {
		t.Errorf("Locations = %v, want [Depot HQ]", locs)
	}
	byStatus, err := s.CountByStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range byStatus {
		if want := count(assets.AssetQuery{Status: assets.Status(c.Key)}); c.N != want {
			t.Errorf("CountByStatus %s = %d, want %d", c.Key, c.N, want)
		}
	}
	byCategory, err := s.CountByCategory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, c := range byCategory {
		if want := count(assets.AssetQuery{Category: c.Key}); c.N != want {
			t.Errorf("CountByCategory %s = %d, want %d", c.Key, c.N, want)
		}
		seen += c.N
	}
	if seen != len(list) {
		t.Errorf("CountByCategory adds up to %d, want %d", seen, len(list))
	}
}

package sqlite_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/sqlite"
)

// A bulk insert into an empty search index builds it on another connection
// and copies it in. The copy must be the index the writer would have built
// itself, byte for byte, and stay right through the writes that follow on a
// new writer connection (FTS5 caches an index's structure per connection).
func TestSearchBuiltAsideMatchesBuiltInPlace(t *testing.T) {
	ctx := context.Background()
	ds := demo.Generate(demo.Config{Assets: 6000, People: 150, Seed: 7})
	// Text beyond ASCII, first in the list (its tags are generated first).
	ds.Assets = append([]demo.Asset{
		{Asset: assets.Asset{Name: "Écran Åsa Müller", Category: "monitor", Notes: "naïve café, straße"}},
		{Asset: assets.Asset{Name: "Ноутбук бухгалтерии", Category: "laptop", Serial: "ЖК-42"}},
		{Asset: assets.Asset{Name: "東京オフィス プリンター", Category: "printer", Model: "ＭＦ７４５"}},
	}, ds.Assets...)
	build := func(min int) *sqlite.Store {
		restore := sqlite.SetAsideMin(min)
		defer restore()
		s := openTest(t)
		if _, err := loadOffice(ctx, s, ds); err != nil {
			t.Fatal(err)
		}
		return s
	}
	aside, inPlace := build(1000), build(1<<30)
	holder := ""
	for _, a := range ds.Assets {
		if a.HolderEmail != "" {
			holder = a.HolderEmail
			break
		}
	}

	shadows := func(s *sqlite.Store) []string {
		var out []string
		for _, table := range []string{"assets_fts_data", "assets_fts_idx", "assets_fts_docsize", "assets_fts_config"} {
			rows, err := s.DB().Query("SELECT * FROM " + table + " ORDER BY 1, 2")
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				line := table
				for _, v := range vals {
					if b, ok := v.([]byte); ok {
						v = hex.EncodeToString(b)
					}
					line += fmt.Sprintf(" %v", v)
				}
				out = append(out, line)
			}
			rows.Close()
		}
		return out
	}
	a, b := shadows(aside), shadows(inPlace)
	if len(a) < 6000 {
		t.Fatalf("the search index built aside has %d shadow rows", len(a))
	}
	if !reflect.DeepEqual(a, b) {
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("search index built aside differs at row %d of %d/%d:\n%.200s\nbuilt in place:\n%.200s", i, len(a), len(b), a[i], b[i])
			}
		}
		t.Fatalf("search index built aside has %d shadow rows, built in place %d", len(a), len(b))
	}

	// The same writes on both, then the same answers.
	for _, s := range []*sqlite.Store{aside, inPlace} {
		first, err := s.AssetByTag(ctx, "ST-000001")
		if err != nil {
			t.Fatal(err)
		}
		first.Name = "Renamed Zebra Workstation"
		if err := s.UpdateAsset(ctx, &first); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAsset(ctx, &assets.Asset{Name: "Quokka tablet", Category: "tablet"}); err != nil {
			t.Fatal(err)
		}
		gone, err := s.AssetByTag(ctx, "ST-000002")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAsset(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		p, err := s.PersonByEmail(ctx, holder)
		if err != nil {
			t.Fatal(err)
		}
		p.Name = "Xylophone Holder"
		if err := s.UpdatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		// A second bulk insert finds the index in use: it indexes in place.
		var more []assets.Asset
		for i := range 1500 {
			more = append(more, assets.Asset{Name: fmt.Sprintf("Wombat %d", i), Category: "phone"})
		}
		if err := s.CreateAssets(ctx, more); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"zebra", "quokka", "wombat", "xylophone", "latitude", "dell", "müller", "muller", "cafe", "бухгалтерии",
		"жк", "東京オフィス", "ｍｆ７４５", "st 000002", "st-0001", "printer", "thinkpad", "hp", "a", "1"} {
		counts := [2]int{}
		for i, s := range []*sqlite.Store{aside, inPlace} {
			n, err := s.CountAssets(ctx, assets.AssetQuery{Search: q})
			if err != nil {
				t.Fatal(err)
			}
			counts[i] = n
		}
		if counts[0] != counts[1] {
			t.Errorf("search %q finds %d assets in the register indexed aside, %d in the other", q, counts[0], counts[1])
		}
	}
	for _, s := range []*sqlite.Store{aside, inPlace} {
		if n, _ := s.CountAssets(ctx, assets.AssetQuery{Search: "zebra"}); n != 1 {
			t.Errorf("search for the renamed asset finds %d", n)
		}
		checkSearchIntegrity(t, s)
		if ok, err := s.IntegrityCheck(ctx); err != nil || ok != "ok" {
			t.Errorf("integrity %q %v", ok, err)
		}
	}
	if !strings.Contains(strings.Join(shadows(aside), "\n"), "assets_fts_docsize") {
		t.Error("no search rows after the writes")
	}
}

// A register whose assets were all deleted can have an empty search index
// that the writer connection has read (and FTS5 keeps that structure cached
// on the connection): the bulk insert that fills it aside must not let the
// writer's next change rewrite the index from the stale structure.
func TestSearchBuiltAsideAfterEverythingWasDeleted(t *testing.T) {
	restore := sqlite.SetAsideMin(1000)
	defer restore()
	ctx := context.Background()
	s := openTest(t)
	var ids []int64
	for i := range 20 {
		a := assets.Asset{Name: fmt.Sprintf("Old %d", i), Category: "laptop"}
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	for _, id := range ids {
		if err := s.DeleteAsset(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	// Merge the deleted rows away: the index is empty again, and the writer
	// has its structure in its cache.
	if _, err := s.DB().Exec("INSERT INTO assets_fts(assets_fts) VALUES ('optimize')"); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := s.DB().QueryRow("SELECT count(*) FROM assets_fts_data WHERE id NOT IN (1, 10)").Scan(&left); err != nil || left != 0 {
		t.Fatalf("FTS5 left %d data rows after optimize (%v): the index is not empty", left, err)
	}
	// A search on the writer connection: FTS5 caches the (empty) structure.
	if err := s.DB().QueryRow("SELECT count(*) FROM assets_fts WHERE assets_fts MATCH 'old'").Scan(&left); err != nil || left != 0 {
		t.Fatalf("search on the writer: %d (%v)", left, err)
	}
	var list []assets.Asset
	for i := range 6000 {
		list = append(list, assets.Asset{Name: fmt.Sprintf("Numbat %d", i), Category: "desktop"})
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAsset(ctx, &assets.Asset{Name: "Bilby printer", Category: "printer"}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"numbat": 6000, "bilby": 1, "old": 0} {
		if n, err := s.CountAssets(ctx, assets.AssetQuery{Search: q}); err != nil || n != want {
			t.Errorf("search %q finds %d (%v), want %d", q, n, err, want)
		}
	}
	checkSearchIntegrity(t, s)
}

// The assets import copies the index built aside after writing the
// warranty contracts; a failed import leaves the register as it was.
func TestImportBuildsSearchAside(t *testing.T) {
	ctx := context.Background()
	build := func(min int) (*sqlite.Store, error) {
		restore := sqlite.SetAsideMin(min)
		defer restore()
		s := openTest(t)
		var list []assets.Asset
		var warranty []assets.Date
		for i := range 7000 {
			list = append(list, assets.Asset{Name: fmt.Sprintf("Imported echidna %d", i), Category: "laptop", Serial: fmt.Sprintf("SN%06d", i)})
			warranty = append(warranty, assets.MustDate("2027-01-31"))
		}
		_, err := s.ImportAssetsWarranty(ctx, list, warranty, false)
		return s, err
	}
	aside, err := build(1000)
	if err != nil {
		t.Fatal(err)
	}
	inPlace, err := build(1 << 30)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"echidna", "sn000123", "imported 6999", "laptop"} {
		a, _ := aside.CountAssets(ctx, assets.AssetQuery{Search: q})
		b, _ := inPlace.CountAssets(ctx, assets.AssetQuery{Search: q})
		if a != b || (q == "echidna" && a != 7000) {
			t.Errorf("search %q: %d imported with the index built aside, %d in place", q, a, b)
		}
	}
	for _, s := range []*sqlite.Store{aside, inPlace} {
		checkSearchIntegrity(t, s)
		var contracts int
		s.DB().QueryRow("SELECT count(*) FROM contracts").Scan(&contracts)
		if contracts != 7000 {
			t.Errorf("%d warranty contracts, want 7000", contracts)
		}
	}
}

// A bulk insert that fails after its search index was started aside waits
// for that build and leaves the register as it was.
func TestFailedBulkInsertAbandonsTheSearchBuiltAside(t *testing.T) {
	restore := sqlite.SetAsideMin(1000)
	defer restore()
	ctx := context.Background()
	s := openTest(t)
	var list []assets.Asset
	for i := range 7000 {
		list = append(list, assets.Asset{Name: fmt.Sprintf("Dingo %d", i), Category: "phone", Tag: fmt.Sprintf("DG-%d", i)})
	}
	list[6500].Tag = "DG-17" // twice: the insert fails near its end
	if err := s.CreateAssets(ctx, list); err == nil || !strings.Contains(err.Error(), "DG-17") {
		t.Fatalf("error %v, want the clash of DG-17", err)
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{Search: "dingo"}); n != 0 {
		t.Errorf("search finds %d assets of a failed insert", n)
	}
	list[6500].Tag = "DG-6500"
	for i := range list {
		list[i].ID = 0
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{Search: "dingo"}); n != 7000 {
		t.Errorf("search finds %d assets, want 7000", n)
	}
	checkSearchIntegrity(t, s)
}

// When the build aside fails, the bulk insert indexes the batch itself.
func TestFailedSearchBuildAsideFallsBackToIndexingInPlace(t *testing.T) {
	defer sqlite.SetAsideMin(1000)()
	defer sqlite.FailSearchAside()()
	ctx := context.Background()
	s := openTest(t)
	var list []assets.Asset
	for i := range 6000 {
		list = append(list, assets.Asset{Name: fmt.Sprintf("Quoll %d", i), Category: "monitor"})
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountAssets(ctx, assets.AssetQuery{Search: "quoll"}); err != nil || n != 6000 {
		t.Errorf("search finds %d (%v), want 6000", n, err)
	}
	checkSearchIntegrity(t, s)
}

// checkSearchIntegrity runs FTS5's own check of the search index.
func checkSearchIntegrity(t *testing.T, s *sqlite.Store) {
	t.Helper()
	if _, err := s.DB().Exec("INSERT INTO assets_fts(assets_fts) VALUES ('integrity-check')"); err != nil {
		t.Errorf("search index integrity: %v", err)
	}
}

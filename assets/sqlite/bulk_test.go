package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// The bulk path writes many rows per statement; every row must still get
// its ID, tag, history row and search entry, and a bad row must name itself
// and leave nothing behind.
func TestCreateAssetsBulkBatches(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	first := assets.Asset{Name: "Before the batch", Category: "laptop"}
	if err := s.CreateAsset(ctx, &first); err != nil {
		t.Fatal(err)
	}
	list := make([]assets.Asset, 250)
	for i := range list {
		list[i] = assets.Asset{Name: fmt.Sprintf("Bulk item %d", i), Category: "monitor", Serial: fmt.Sprintf("SER%05d", i)}
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	for i, a := range list {
		got, err := s.Asset(ctx, a.ID)
		if err != nil || got.Name != a.Name || got.Tag != a.Tag || got.Serial != a.Serial {
			t.Fatalf("row %d: stored %+v (%v), want %+v", i, got, err, a)
		}
		if a.ID == first.ID {
			t.Fatalf("row %d reused the ID of an existing asset", i)
		}
	}
	if list[0].Tag != assets.FormatTag(2) || list[249].Tag != assets.FormatTag(251) {
		t.Errorf("tags %s..%s, want %s..%s", list[0].Tag, list[249].Tag, assets.FormatTag(2), assets.FormatTag(251))
	}
	h, err := s.History(ctx, "asset", list[170].ID)
	if err != nil || len(h) != 1 || h[0].Action != "create" || !strings.Contains(h[0].New, "Bulk item 170") {
		t.Errorf("history of row 170: %+v %v", h, err)
	}
	p, err := s.ListAssets(ctx, assets.AssetQuery{Search: "SER00170"})
	if err != nil || len(p.Assets) != 1 || p.Assets[0].ID != list[170].ID {
		t.Errorf("search for a middle row's serial: %+v %v", p.Assets, err)
	}

	bad := make([]assets.Asset, 250)
	for i := range bad {
		bad[i] = assets.Asset{Name: fmt.Sprintf("Second batch %d", i), Category: "phone"}
	}
	bad[170].Tag, bad[171].Tag = "DUP-1", "dup-1" // tags are unique in any case
	err = s.CreateAssets(ctx, bad)
	if err == nil || !strings.Contains(err.Error(), "asset 172") || !strings.Contains(err.Error(), "already has this tag") {
		t.Fatalf("duplicate tag error %v, want it to name asset 172", err)
	}
	if assets.KindOf(err) != assets.KindConflict {
		t.Errorf("kind %v, want conflict", assets.KindOf(err))
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 251 {
		t.Errorf("%d assets after the failed batch, want 251 (all or none)", n)
	}
}

// A big batch into a small table takes the rebuild path (indexes dropped,
// then rebuilt); what it leaves must equal what the one-asset path leaves.
func TestBulkSearchRowsMatchTrigger(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	zoe := assets.Person{Name: "Zoë Søren", Email: "zoe@example.com"}
	if err := s.CreatePerson(ctx, &zoe); err != nil {
		t.Fatal(err)
	}
	mk := func(i int) assets.Asset {
		a := assets.Asset{Name: fmt.Sprintf("Latitude %d", i), Category: "laptop", Manufacturer: "Dell", Model: "Latitude 5440",
			Serial: fmt.Sprintf("SN%06d", i), Notes: "note " + fmt.Sprint(i), HostName: fmt.Sprintf("lt-%d", i), MAC: fmt.Sprintf("aa:bb:cc:00:%02x:%02x", i/256%256, i%256)}
		if i%3 == 0 {
			a.AssignedTo = zoe.ID
		}
		return a
	}
	single := mk(7)
	if err := s.CreateAsset(ctx, &single); err != nil {
		t.Fatal(err)
	}
	list := make([]assets.Asset, 6000)
	for i := range list {
		list[i] = mk(i)
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	// The index keeps no copy of the text: ask it, column by column, which
	// of the asset's values it finds the row by.
	ftsRow := func(id int64, a assets.Asset) string {
		var found []string
		for col, v := range map[string]string{"name": a.Name, "serial": a.Serial, "model": a.Model, "manufacturer": a.Manufacturer,
			"person": a.AssignedName, "notes": a.Notes} {
			for _, w := range strings.Fields(v) {
				var n int
				if err := s.DB().QueryRow(`SELECT count(*) FROM assets_fts WHERE rowid = ? AND assets_fts MATCH ?`, id,
					fmt.Sprintf(`%s : "%s"`, col, w)).Scan(&n); err != nil {
					t.Fatalf("search row %d: %v", id, err)
				}
				found = append(found, fmt.Sprintf("%s:%s=%d", col, w, n))
			}
		}
		sort.Strings(found)
		return strings.Join(found, " ")
	}
	for _, a := range []assets.Asset{list[0], list[5999]} {
		h, err := s.History(ctx, "asset", a.ID)
		if err != nil || len(h) != 1 || h[0].Action != "create" || h[0].New != a.Tag+" "+a.Name || h[0].Actor != "tester" {
			t.Errorf("history of %s after the rebuild path: %+v (%v)", a.Tag, h, err)
		}
	}
	if got, want := ftsRow(list[7].ID, single), ftsRow(single.ID, single); got != want || strings.Contains(got, "=0") {
		t.Errorf("bulk search row %q, CreateAsset wrote %q", got, want)
	}
	if got := ftsRow(list[8].ID, single); !strings.Contains(got, "serial:SN000007=0") {
		t.Errorf("another asset's serial finds row %d: %s", list[8].ID, got)
	}
	var nIdx, nTrig int
	s.DB().QueryRow(`SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'assets' AND type = 'index' AND sql IS NOT NULL`).Scan(&nIdx)
	s.DB().QueryRow(`SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'assets' AND type = 'trigger'`).Scan(&nTrig)
	// Indexes: name, category, status, location, assigned, purchase, cost,
	// serial, mac, hostname, global id. Triggers: the search row delete,
	// the global id's, the version's and the three asset_counts ones (the
	// insert one is dropped during a bulk insert).
	if nIdx != 11 || nTrig != 6 {
		t.Errorf("after the rebuild: %d indexes and %d triggers on assets, want 11 and 6", nIdx, nTrig)
	}
	if ok, err := s.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Errorf("integrity %q %v", ok, err)
	}
	var ftsN int
	s.DB().QueryRow(`SELECT count(*) FROM assets_fts`).Scan(&ftsN)
	if ftsN != 6001 {
		t.Errorf("%d search rows, want 6001", ftsN)
	}
	p, err := s.ListAssets(ctx, assets.AssetQuery{Search: "zoe latitude", Limit: 5000})
	if err != nil || len(p.Assets) != 2000 {
		t.Errorf("search zoe: %d rows (%v), want 2000", len(p.Assets), err)
	}
	// A later single insert is searchable too.
	later := assets.Asset{Name: "Afterwards", Category: "phone", Serial: "LATER-1"}
	if err := s.CreateAsset(ctx, &later); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.ListAssets(ctx, assets.AssetQuery{Search: "LATER-1"}); len(p.Assets) != 1 {
		t.Error("an asset added after the bulk insert is not found")
	}
}

// Generated tags skip tags typed by hand, in the database (any case) and in
// the batch itself.
func TestBulkTagsSkipHandTypedOnes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	typed := assets.Asset{Name: "Typed", Category: "other", Tag: "st-000003"}
	if err := s.CreateAsset(ctx, &typed); err != nil {
		t.Fatal(err)
	}
	list := make([]assets.Asset, 8)
	for i := range list {
		list[i] = assets.Asset{Name: fmt.Sprint("n", i), Category: "other"}
	}
	list[6].Tag = "ST-000005"
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range list {
		got = append(got, a.Tag)
	}
	want := "ST-000001 ST-000002 ST-000004 ST-000006 ST-000007 ST-000008 ST-000005 ST-000009"
	if strings.Join(got, " ") != want {
		t.Errorf("tags %v, want %s", got, want)
	}
}

// A bulk commit leaves its checkpoint to the background: the writer's own
// setting comes back, the log is folded in by the time Close returns, and
// the file alone then holds every row.
func TestBulkCommitCheckpointsInTheBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bulk.db")
	s, err := sqlite.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	list := make([]assets.Asset, 12000)
	for i := range list {
		list[i] = assets.Asset{Name: fmt.Sprintf("Desk %d", i), Category: "desktop", Serial: fmt.Sprintf("D%06d", i)}
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	var auto int
	if err := s.DB().QueryRow("PRAGMA wal_autocheckpoint").Scan(&auto); err != nil || auto != 1000 {
		t.Errorf("writer's wal_autocheckpoint after a bulk commit: %d (%v), want 1000", auto, err)
	}
	if n, err := s.CountAssets(ctx, assets.AssetQuery{Search: "d011999"}); err != nil || n != 1 {
		t.Errorf("search right after the bulk commit: %d %v", n, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("log still holds %d bytes after Close", fi.Size())
	}
	s, err = sqlite.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != len(list) {
		t.Errorf("%d assets after reopening, want %d", n, len(list))
	}
	if ok, err := s.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Errorf("integrity %q %v", ok, err)
	}
}

// Partial indexes that few rows of a bulk insert enter stay in place while
// the others are dropped and rebuilt; either way every index must hold
// exactly the table's rows (integrity_check compares them).
func TestBulkKeepsSparsePartialIndexes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	list := make([]assets.Asset, 6000)
	for i := range list {
		list[i] = assets.Asset{Name: fmt.Sprintf("Phone %d", i), Category: "phone", Serial: fmt.Sprintf("PH%05d", i)}
		if i%1000 == 7 {
			list[i].MAC = fmt.Sprintf("aa:bb:cc:dd:ee:%02x", i/1000)
			list[i].HostName = fmt.Sprintf("phone-%d", i)
		}
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Fatalf("integrity %q %v", ok, err)
	}
	for _, c := range []struct{ index, where, value string }{
		{"assets_mac", "mac <> '' AND mac = ?", "aa:bb:cc:dd:ee:03"},
		{"assets_hostname", "hostname <> '' AND hostname = ?", "phone-3007"},
		{"assets_serial", "serial <> '' AND serial = ?", "PH03007"},
	} {
		var id int64
		if err := s.DB().QueryRow(`SELECT id FROM assets INDEXED BY `+c.index+` WHERE `+c.where, c.value).Scan(&id); err != nil || id != list[3007].ID {
			t.Errorf("%s finds %q as asset %d (%v), want %d", c.index, c.value, id, err, list[3007].ID)
		}
	}
}

// Checking a long list on every core still names the first bad asset.
func TestCreateAssetsNamesTheFirstBadAsset(t *testing.T) {
	s := openTest(t)
	for _, first := range []int{4400, 6001} {
		var list []assets.Asset
		for i := 0; i < 9000; i++ {
			list = append(list, assets.Asset{Name: fmt.Sprintf("A%d", i), Category: "laptop"})
		}
		list[8500].Category = "bad/category"
		list[7000].Name = ""
		list[6001].Cost = assets.Money{Minor: -5, Currency: "EUR"}
		list[4400].Cost = assets.Money{Minor: -5, Currency: "EUR"}
		if first == 6001 {
			list[4400].Cost = assets.Money{}
		}
		err := s.CreateAssets(context.Background(), list)
		want := fmt.Sprintf("asset %d (A%d): ", first+1, first)
		if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "negative") {
			t.Fatalf("error %v, want one starting %q", err, want)
		}
	}
	if n, _ := s.CountAssets(context.Background(), assets.AssetQuery{}); n != 0 {
		t.Errorf("%d assets stored after refused lists", n)
	}
}

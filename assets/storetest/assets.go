package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"steward/assets"
)

// AssetStore is the part of a register that holds the assets themselves, categories, locations, counts, search, history, deletion impact, asset imports, settings and the data version.
type AssetStore interface {
	Asset(ctx context.Context, id int64) (assets.Asset, error)
	AssetByTag(ctx context.Context, tag string) (assets.Asset, error)
	CreateAsset(ctx context.Context, a *assets.Asset) error
	UpdateAsset(ctx context.Context, a *assets.Asset) error
	DeleteAsset(ctx context.Context, id int64) error
	CreateAssets(ctx context.Context, list []assets.Asset) error
	ListAssets(ctx context.Context, q assets.AssetQuery) (assets.AssetPage, error)
	ListAssetsCounted(ctx context.Context, q assets.AssetQuery) (assets.AssetPage, int, error)
	CountAssets(ctx context.Context, q assets.AssetQuery) (int, error)
	Locations(ctx context.Context) ([]string, error)
	CountByStatus(ctx context.Context) ([]assets.Count, error)
	CountByCategory(ctx context.Context) ([]assets.Count, error)
	Categories(ctx context.Context) ([]assets.Category, error)
	SaveCategory(ctx context.Context, c assets.Category) error
	History(ctx context.Context, entity string, id int64) ([]assets.HistoryEntry, error)
	DeletionImpact(ctx context.Context, entity string, id int64) (assets.Impact, error)
	ImportAssets(ctx context.Context, list []assets.Asset, dry bool) (assets.ImportStats, error)
	ImportAssetsWarranty(ctx context.Context, list []assets.Asset, warranty []assets.Date, dry bool) (assets.ImportStats, error)
	ImportAssetStream(ctx context.Context, plan assets.AssetImportPlan, next func() (assets.AssetBatch, error), dry bool) (assets.ImportStats, error)
	EachAsset(ctx context.Context, fn func(assets.Asset) error) error
	EachActiveAsset(ctx context.Context, fn func(*assets.Asset) error) error
	AssetTagIDs(ctx context.Context) (map[string]int64, error)
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	DataVersion(ctx context.Context) (int64, error)
	Clock() time.Time
}

// RunAssets holds a store to the Assets part of the contract.
func RunAssets(t *testing.T, open Opener[AssetStore]) {
	run(t, open, assetsCases)
}

// holderStore is what the cases about holders need besides AssetStore (the
// People group's CreatePerson): a store without it skips those checks.
type holderStore interface {
	CreatePerson(ctx context.Context, p *assets.Person) error
}

// wantKind fails the test unless err is of kind k.
func wantKind(t *testing.T, what string, err error, k assets.Kind) {
	t.Helper()
	if err == nil || assets.KindOf(err) != k {
		t.Fatalf("%s: err %v (kind %v), want kind %v", what, err, assets.KindOf(err), k)
	}
}

// histRow is a history entry without its ID and instant.
type histRow struct {
	Actor, Entity           string
	ID                      int64
	Action, Field, Old, New string
}

func (h histRow) String() string {
	return fmt.Sprintf("%s %s#%d %s %s %q->%q", h.Actor, h.Entity, h.ID, h.Action, h.Field, h.Old, h.New)
}

// wantHistory compares a record's history (newest first) with want.
func wantHistory(t *testing.T, s AssetStore, entity string, id int64, want ...histRow) []assets.HistoryEntry {
	t.Helper()
	got, err := s.History(ctx, entity, id)
	must(t, err)
	var rows []histRow
	for _, h := range got {
		rows = append(rows, histRow{h.Actor, h.Entity, h.EntityID, h.Action, h.Field, h.Old, h.New})
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Fatalf("history of %s#%d:\n got %v\nwant %v", entity, id, rows, want)
	}
	for i := 1; i < len(got); i++ {
		if got[i].ID >= got[i-1].ID || got[i].At.After(got[i-1].At) {
			t.Fatalf("history of %s#%d is not newest first: %+v", entity, id, got)
		}
	}
	return got
}

// pageTags lists the tags of a page's assets.
func pageTags(p assets.AssetPage) []string {
	var out []string
	for _, a := range p.Assets {
		out = append(out, a.Tag)
	}
	return out
}

// allPages reads every page of q, limit rows at a time, following the
// cursors, and returns the tags in order.
func allPages(t *testing.T, s AssetStore, q assets.AssetQuery, limit int) []string {
	t.Helper()
	q.Limit, q.After = limit, nil
	var out []string
	for n := 0; ; n++ {
		p, err := s.ListAssets(ctx, q)
		must(t, err)
		if len(p.Assets) > limit {
			t.Fatalf("page of %d assets, limit %d", len(p.Assets), limit)
		}
		out = append(out, pageTags(p)...)
		if p.Next == nil {
			return out
		}
		if len(p.Assets) != limit || p.Next.ID != p.Assets[limit-1].ID {
			t.Fatalf("cursor %+v after a page of %d", p.Next, len(p.Assets))
		}
		if n > 1000 {
			t.Fatal("pages never end")
		}
		q.After = p.Next
	}
}

// create stores assets, failing the test on an error.
func create(t *testing.T, s AssetStore, list ...*assets.Asset) {
	t.Helper()
	for _, a := range list {
		must(t, s.CreateAsset(ctx, a))
	}
}

var assetsCases = []Case[AssetStore]{
	{"CreateReadDelete", func(t *testing.T, s AssetStore) {
		a := assets.Asset{Name: "Reception printer", Category: "printer", Status: assets.StatusDeployed, Serial: "CN12345"}
		must(t, s.CreateAsset(ctx, &a))
		if a.ID == 0 || a.Tag == "" {
			t.Fatalf("created asset has ID %d, tag %q", a.ID, a.Tag)
		}
		got, err := s.Asset(ctx, a.ID)
		must(t, err)
		if got.Name != a.Name || got.Serial != a.Serial || got.Tag != a.Tag {
			t.Fatalf("read back %+v, want %+v", got, a)
		}
		must(t, s.DeleteAsset(ctx, a.ID))
		if _, err := s.Asset(ctx, a.ID); assets.KindOf(err) != assets.KindNotFound {
			t.Fatalf("deleted asset: err %v, want not found", err)
		}
	}},
	{"RoundTrip", func(t *testing.T, s AssetStore) {
		a := assets.Asset{Tag: " LT-0042 ", Name: "  Dell Latitude 5440 ", Category: " Laptop ", Manufacturer: "Dell", Model: "Latitude 5440",
			Serial: "5CG1234XYZ", Status: assets.StatusInRepair, Location: "Oslo HQ", PurchaseDate: date("2024-02-29"),
			Cost: assets.Money{Minor: 129900, Currency: "nok"}, Supplier: "Komplett", Notes: "line one\r\nline two  ", OS: "Windows 11 23H2",
			EOLDate: date("2029-02-28"), HostName: "LT-0042.corp.", MAC: "AA-BB-CC-00-11-22"}
		must(t, s.CreateAsset(ctx, &a))
		if a.ID != 1 || a.Tag != "LT-0042" || a.Category != "laptop" || a.HostName != "lt-0042.corp" || a.MAC != "aa:bb:cc:00:11:22" {
			t.Fatalf("created %+v", a)
		}
		if !a.Created.Equal(Start.Add(time.Second)) || !a.Updated.Equal(a.Created) {
			t.Fatalf("stamps %v %v, want the clock's first reading", a.Created, a.Updated)
		}
		for _, get := range []func() (assets.Asset, error){
			func() (assets.Asset, error) { return s.Asset(ctx, a.ID) },
			func() (assets.Asset, error) { return s.AssetByTag(ctx, "lt-0042") },
			func() (assets.Asset, error) { return s.AssetByTag(ctx, " LT-0042") },
		} {
			got, err := get()
			must(t, err)
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", a) || !got.Created.Equal(a.Created) {
				t.Fatalf("read back\n%+v\nwant\n%+v", got, a)
			}
		}
		if _, err := s.AssetByTag(ctx, "LT-0043"); assets.KindOf(err) != assets.KindNotFound {
			t.Fatalf("unknown tag: err %v", err)
		}
		if _, err := s.Asset(ctx, 99); assets.KindOf(err) != assets.KindNotFound {
			t.Fatalf("unknown id: err %v", err)
		}
		if cl := s.Clock(); !cl.After(a.Created) {
			t.Fatalf("clock %v is not after the asset's stamp %v", cl, a.Created)
		}
	}},
	{"Errors", func(t *testing.T, s AssetStore) {
		wantKind(t, "no name", s.CreateAsset(ctx, &assets.Asset{Category: "laptop"}), assets.KindInvalid)
		wantKind(t, "bad tag", s.CreateAsset(ctx, &assets.Asset{Tag: "a b", Name: "x", Category: "laptop"}), assets.KindInvalid)
		wantKind(t, "bad category", s.CreateAsset(ctx, &assets.Asset{Name: "x", Category: "!!"}), assets.KindInvalid)
		wantKind(t, "bad status", s.CreateAsset(ctx, &assets.Asset{Name: "x", Category: "laptop", Status: "gone"}), assets.KindInvalid)
		a := assets.Asset{Tag: "Dup-1", Name: "First", Category: "laptop"}
		create(t, s, &a)
		wantKind(t, "same tag in another case", s.CreateAsset(ctx, &assets.Asset{Tag: "dup-1", Name: "Second", Category: "laptop"}), assets.KindConflict)
		b := assets.Asset{Name: "Second", Category: "laptop"}
		create(t, s, &b)
		if b.ID != a.ID+1 || b.Tag != "ST-000001" {
			t.Fatalf("after a refused asset: id %d tag %s, want %d ST-000001", b.ID, b.Tag, a.ID+1)
		}
		b.Tag = "DUP-1"
		wantKind(t, "update to a taken tag", s.UpdateAsset(ctx, &b), assets.KindConflict)
		b.Tag = ""
		wantKind(t, "update without a tag", s.UpdateAsset(ctx, &b), assets.KindInvalid)
		ghost := assets.Asset{ID: 42, Tag: "G-1", Name: "Ghost", Category: "laptop"}
		wantKind(t, "update of a missing asset", s.UpdateAsset(ctx, &ghost), assets.KindNotFound)
		wantKind(t, "delete of a missing asset", s.DeleteAsset(ctx, 42), assets.KindNotFound)
		b = assets.Asset{ID: b.ID, Tag: "ST-000001", Name: "Second", Category: "laptop", AssignedTo: 77}
		wantKind(t, "update to an unknown holder", s.UpdateAsset(ctx, &b), assets.KindInvalid)
		wantKind(t, "create with an unknown holder", s.CreateAsset(ctx, &assets.Asset{Name: "x", Category: "laptop", AssignedTo: 77}), assets.KindInvalid)
		n, err := s.CountAssets(ctx, assets.AssetQuery{})
		must(t, err)
		if n != 2 {
			t.Fatalf("%d assets after the refusals, want 2", n)
		}
		c := assets.Asset{Name: "Third", Category: "laptop"}
		create(t, s, &c)
		if c.ID != 3 || c.Tag != "ST-000002" {
			t.Fatalf("third asset: id %d tag %s, want 3 ST-000002", c.ID, c.Tag)
		}
	}},
	{"Tags", func(t *testing.T, s AssetStore) {
		var list []*assets.Asset
		for _, tag := range []string{"", "st-000003", "", "", "ST-1", ""} {
			list = append(list, &assets.Asset{Tag: tag, Name: "Asset " + tag, Category: "phone"})
		}
		create(t, s, list...)
		var got []string
		for _, a := range list {
			got = append(got, a.Tag)
		}
		if want := "[ST-000001 st-000003 ST-000002 ST-000004 ST-1 ST-000005]"; fmt.Sprint(got) != want {
			t.Fatalf("tags %v, want %s", got, want)
		}
		many := []assets.Asset{{Name: "a", Category: "phone"}, {Name: "b", Category: "phone", Tag: "ST-000007"}, {Name: "c", Category: "phone"}, {Name: "d", Category: "phone"}}
		must(t, s.CreateAssets(ctx, many))
		got = nil
		for _, a := range many {
			got = append(got, fmt.Sprintf("%d %s", a.ID, a.Tag))
		}
		if want := "[7 ST-000006 8 ST-000007 9 ST-000008 10 ST-000009]"; fmt.Sprint(got) != want {
			t.Fatalf("bulk tags %v, want %s", got, want)
		}
		ids, err := s.AssetTagIDs(ctx)
		must(t, err)
		if len(ids) != 10 || ids["st-000003"] != 2 || ids["st-1"] != 5 || ids["st-000009"] != 10 {
			t.Fatalf("AssetTagIDs %v", ids)
		}
	}},
	{"UpdateHistory", func(t *testing.T, s AssetStore) {
		a := assets.Asset{Name: "Dell Latitude", Category: "laptop", Location: "Oslo", Cost: assets.Money{Minor: 100000, Currency: "EUR"}}
		create(t, s, &a)
		created := a.Created
		a.Name, a.Status, a.Location, a.Cost.Minor, a.PurchaseDate = "Dell Latitude 5440", assets.StatusDeployed, "", 120050, date("2024-05-01")
		must(t, s.UpdateAsset(ctx, &a))
		if !a.Created.Equal(created) || !a.Updated.After(created) {
			t.Fatalf("stamps after update: %v %v", a.Created, a.Updated)
		}
		same := a
		must(t, s.UpdateAsset(ctx, &same)) // nothing changed: no history
		if !same.Updated.Equal(a.Updated) {
			t.Fatalf("an update that changes nothing moved the stamp: %v -> %v", a.Updated, same.Updated)
		}
		a.Category = "Tablet"
		must(t, s.UpdateAsset(ctx, &a))
		a.Category = "handheld" // a new category is made on the way
		must(t, s.UpdateAsset(ctx, &a))
		got, err := s.Asset(ctx, a.ID)
		must(t, err)
		if got.Name != "Dell Latitude 5440" || got.Category != "handheld" || got.Location != "" || got.Cost.Minor != 120050 || got.Status != assets.StatusDeployed {
			t.Fatalf("read back %+v", got)
		}
		h := wantHistory(t, s, "asset", a.ID,
			histRow{Actor, "asset", a.ID, "update", "category", "tablet", "handheld"},
			histRow{Actor, "asset", a.ID, "update", "category", "laptop", "tablet"},
			histRow{Actor, "asset", a.ID, "update", "cost", "EUR 1,000.00", "EUR 1,200.50"},
			histRow{Actor, "asset", a.ID, "update", "purchase_date", "", "2024-05-01"},
			histRow{Actor, "asset", a.ID, "update", "location", "Oslo", ""},
			histRow{Actor, "asset", a.ID, "update", "status", "In stock", "Deployed"},
			histRow{Actor, "asset", a.ID, "update", "name", "Dell Latitude", "Dell Latitude 5440"},
			histRow{Actor, "asset", a.ID, "create", "", "", "ST-000001 Dell Latitude"},
		)
		// The history row reads the clock after the stamps.
		if !h[len(h)-1].At.Equal(created.Add(time.Second)) {
			t.Fatalf("create row at %v, want a second after %v", h[len(h)-1].At, created)
		}
		must(t, s.DeleteAsset(ctx, a.ID))
		if h, _ := s.History(ctx, "asset", a.ID); h[0].Action != "delete" || h[0].New != "ST-000001 Dell Latitude 5440" {
			t.Fatalf("after delete: %+v", h[0])
		}
		// A new asset never takes a deleted one's ID (it would show its history).
		b := assets.Asset{Name: "Next", Category: "laptop"}
		create(t, s, &b)
		if b.ID != a.ID+1 || b.Tag != "ST-000002" {
			t.Fatalf("after a delete: id %d tag %s", b.ID, b.Tag)
		}
		wantHistory(t, s, "asset", b.ID, histRow{Actor, "asset", b.ID, "create", "", "", "ST-000002 Next"})
		cats, err := s.Categories(ctx)
		must(t, err)
		if !hasCategory(cats, "handheld", "Handheld") {
			t.Fatalf("categories %+v lack the one an update made", cats)
		}
	}},
	{"CreateAssets", func(t *testing.T, s AssetStore) {
		bad := []assets.Asset{{Name: "ok", Category: "laptop"}, {Name: "", Category: "laptop"}, {Name: "ok too", Category: "laptop"}}
		err := s.CreateAssets(ctx, bad)
		wantKind(t, "a list with an invalid asset", err, assets.KindInvalid)
		dup := []assets.Asset{{Tag: "x-1", Name: "one", Category: "laptop"}, {Tag: "X-1", Name: "two", Category: "laptop"}}
		wantKind(t, "a list with one tag twice", s.CreateAssets(ctx, dup), assets.KindConflict)
		if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 0 {
			t.Fatalf("%d assets after refused lists", n)
		}
		must(t, s.CreateAssets(ctx, nil))
		list := []assets.Asset{{Name: "Phone", Category: "Mobile", Location: "Bergen"}, {Name: "Desk", Category: "desktop", Status: assets.StatusRetired}}
		must(t, s.CreateAssets(ctx, list))
		if list[0].ID != 1 || list[1].ID != 2 || list[0].Tag != "ST-000001" || list[0].Category != "mobile" || list[1].Created.IsZero() {
			t.Fatalf("created %+v", list)
		}
		wantHistory(t, s, "asset", 2, histRow{Actor, "asset", 2, "create", "", "", "ST-000002 Desk"})
		cats, err := s.Categories(ctx)
		must(t, err)
		if !hasCategory(cats, "mobile", "Mobile") {
			t.Fatalf("categories %+v lack mobile", cats)
		}
	}},
	{"BulkCreate", func(t *testing.T, s AssetStore) {
		// Enough rows for a store's bulk path (SQLite's starts at 5,000).
		const n = 6000
		list := make([]assets.Asset, n)
		for i := range list {
			list[i] = assets.Asset{Name: fmt.Sprintf("Laptop %d", i), Category: []string{"laptop", "desktop", "phone"}[i%3],
				Status: assets.Statuses[i%len(assets.Statuses)], Location: []string{"", "Oslo", "Bergen", "Oslo"}[i%4], Serial: fmt.Sprintf("SN%05d", i)}
		}
		list[17].Tag, list[17].MAC = "HAND-17", "00:11:22:33:44:55"
		must(t, s.CreateAssets(ctx, list))
		if list[0].Tag != "ST-000001" || list[n-1].ID != n || list[n-1].Tag != fmt.Sprintf("ST-%06d", n-1) {
			t.Fatalf("last asset %d %s", list[n-1].ID, list[n-1].Tag)
		}
		got, err := s.AssetByTag(ctx, "hand-17")
		must(t, err)
		if got.ID != 18 || got.Serial != "SN00017" || got.MAC != "00:11:22:33:44:55" {
			t.Fatalf("asset 18: %+v", got)
		}
		wantHistory(t, s, "asset", n, histRow{Actor, "asset", n, "create", "", "", fmt.Sprintf("ST-%06d Laptop %d", n-1, n-1)})
		osloInStock := 0
		for _, a := range list {
			if a.Location == "Oslo" && a.Status == assets.StatusInStock {
				osloInStock++
			}
		}
		for q, want := range map[assets.AssetQuery]int{
			{}: n, {Category: "phone"}: n / 3, {Location: "Oslo", Status: assets.StatusInStock}: osloInStock, {Search: "SN0001"}: 10, {Search: "laptop 5999"}: 1,
		} {
			c, err := s.CountAssets(ctx, q)
			must(t, err)
			if c != want {
				t.Fatalf("count %+v = %d, want %d", q, c, want)
			}
			p, total, err := s.ListAssetsCounted(ctx, q)
			must(t, err)
			if total != want || len(p.Assets) != min(want, 100) {
				t.Fatalf("list %+v: %d of %d, want %d", q, len(p.Assets), total, want)
			}
		}
		one := assets.Asset{Name: "After", Category: "laptop"}
		create(t, s, &one)
		if one.ID != n+1 || one.Tag != fmt.Sprintf("ST-%06d", n) {
			t.Fatalf("after bulk: %d %s", one.ID, one.Tag)
		}
	}},
	{"SortOrders", testSortOrders},
	{"FiltersAndCounts", testFiltersAndCounts},
	{"Search", testSearch},
	{"SearchInTagOrder", testSearchInTagOrder},
	{"Categories", testCategories},
	{"Import", testImport},
	{"ImportWarranty", testImportWarranty},
	{"ImportStream", testImportStream},
	{"DeletionImpact", testDeletionImpact},
	{"EachAsset", testEachAsset},
	{"Settings", func(t *testing.T, s AssetStore) {
		v, err := s.Setting(ctx, "no_such_key")
		must(t, err)
		if v != "" {
			t.Fatalf("unset setting %q", v)
		}
		must(t, s.SetSetting(ctx, assets.SettingOrgName, "Acme"))
		must(t, s.SetSetting(ctx, assets.SettingOrgName, "Acme AS"))
		must(t, s.SetSetting(ctx, "empty", ""))
		for k, want := range map[string]string{assets.SettingOrgName: "Acme AS", "empty": "", assets.SettingCreated: stampOf(Start.Add(time.Second))} {
			v, err := s.Setting(ctx, k)
			must(t, err)
			if k == assets.SettingCreated {
				if v == "" {
					t.Fatal("a new register has no created setting")
				}
				continue
			}
			if v != want {
				t.Fatalf("setting %s = %q, want %q", k, v, want)
			}
		}
	}},
	{"DataVersion", func(t *testing.T, s AssetStore) {
		v1, err := s.DataVersion(ctx)
		must(t, err)
		v2, err := s.DataVersion(ctx)
		must(t, err)
		if v1 != v2 {
			t.Fatalf("data version moved with no change: %d %d", v1, v2)
		}
		create(t, s, &assets.Asset{Name: "x", Category: "laptop"})
		v3, err := s.DataVersion(ctx)
		must(t, err)
		if v3 == v2 {
			t.Fatalf("data version %d did not move after a write", v3)
		}
		must(t, s.SetSetting(ctx, "k", "v"))
		v4, err := s.DataVersion(ctx)
		must(t, err)
		if v4 == v3 {
			t.Fatalf("data version %d did not move after a setting", v4)
		}
	}},
}

func stampOf(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func hasCategory(cats []assets.Category, name, label string) bool {
	for _, c := range cats {
		if c.Name == name && c.Label == label {
			return true
		}
	}
	return false
}

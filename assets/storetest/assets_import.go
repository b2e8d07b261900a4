package storetest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"steward/assets"
)

func testCategories(t *testing.T, s AssetStore) {
	cats, err := s.Categories(ctx)
	must(t, err)
	var got []string
	for _, c := range cats {
		got = append(got, fmt.Sprintf("%s/%s/%d/%v", c.Name, c.Label, c.RefreshYears, c.Builtin))
	}
	if want := "[desktop/Desktop/5/true laptop/Laptop/4/true monitor/Monitor/7/true network/Network/7/true other/Other/0/true peripheral/Peripheral/5/true phone/Phone/3/true printer/Printer/6/true server/Server/6/true tablet/Tablet/4/true]"; fmt.Sprint(got) != want {
		t.Fatalf("default categories %v\nwant %s", got, want)
	}
	wantKind(t, "bad name", s.SaveCategory(ctx, assets.Category{Name: "no!"}), assets.KindInvalid)
	wantKind(t, "negative refresh", s.SaveCategory(ctx, assets.Category{Name: "x", RefreshYears: -1}), assets.KindInvalid)
	must(t, s.SaveCategory(ctx, assets.Category{Name: " Docking Station ", RefreshYears: 6, ReplacementCost: assets.Money{Minor: 25000, Currency: "EUR"}}))
	must(t, s.SaveCategory(ctx, assets.Category{Name: "laptop", Label: "Laptops", RefreshYears: 3, ReplacementCost: assets.Money{Minor: 150000, Currency: "EUR"}}))
	must(t, s.SaveCategory(ctx, assets.Category{Name: "laptop", Label: "Laptops", RefreshYears: 3, ReplacementCost: assets.Money{Minor: 150000, Currency: "EUR"}}))
	must(t, s.SaveCategory(ctx, assets.Category{Name: "aaa", Label: "zz last"}))
	cats, err = s.Categories(ctx)
	must(t, err)
	got = nil
	for _, c := range cats {
		got = append(got, fmt.Sprintf("%s/%s/%d/%s/%v", c.Name, c.Label, c.RefreshYears, c.ReplacementCost, c.Builtin))
	}
	if want := "[desktop/Desktop/5//true docking station/Docking station/6/EUR 250.00/false laptop/Laptops/3/EUR 1,500.00/true monitor/Monitor/7//true network/Network/7//true other/Other/0//true peripheral/Peripheral/5//true phone/Phone/3//true printer/Printer/6//true server/Server/6//true tablet/Tablet/4//true aaa/zz last/0//false]"; fmt.Sprint(got) != want {
		t.Fatalf("categories %v\nwant %s", got, want)
	}
	wantHistory(t, s, "category:laptop", 0,
		histRow{Actor, "category:laptop", 0, "update", "replacement_cost", "", "EUR 1,500.00"},
		histRow{Actor, "category:laptop", 0, "update", "refresh_years", "4", "3"},
		histRow{Actor, "category:laptop", 0, "update", "label", "Laptop", "Laptops"},
	)
	wantHistory(t, s, "category:docking station", 0, histRow{Actor, "category:docking station", 0, "create", "", "", "Docking station"})
	// An asset in a new category makes it, label from the name.
	create(t, s, &assets.Asset{Name: "Beamer", Category: "projector"})
	cats, err = s.Categories(ctx)
	must(t, err)
	if !hasCategory(cats, "projector", "Projector") {
		t.Fatalf("categories %+v lack projector", cats)
	}
	counts, err := s.CountByCategory(ctx)
	must(t, err)
	if fmt.Sprint(counts[len(counts)-3:]) != "[{server Server 0} {tablet Tablet 0} {aaa zz last 0}]" || fmt.Sprint(counts[9]) != "{projector Projector 1}" {
		t.Fatalf("counts by category %v", counts)
	}
}

// importRows is an asset file as an import gives it to the store:
// normalised and validated rows.
func importRows(t *testing.T, rows ...assets.Asset) []assets.Asset {
	t.Helper()
	for i := range rows {
		rows[i].Normalize()
		must(t, rows[i].Validate())
	}
	return rows
}

func testImport(t *testing.T, s AssetStore) {
	old := assets.Asset{Tag: "OLD-1", Name: "Old laptop", Category: "laptop", HostName: "old-1", MAC: "00:11:22:33:44:55", Location: "Oslo"}
	create(t, s, &old)
	file := func() []assets.Asset {
		return importRows(t,
			assets.Asset{Name: "New one", Category: "laptop"},
			assets.Asset{Tag: "old-1", Name: "Old laptop", Category: "laptop", Location: "Bergen"},
			assets.Asset{Tag: "ST-000001", Name: "Typed tag", Category: "Scanner"},
			assets.Asset{Name: "New two", Category: "phone", Serial: "X1"},
		)
	}
	dry := file()
	st, err := s.ImportAssets(ctx, dry, true)
	must(t, err)
	if st != (assets.ImportStats{Created: 3, Updated: 1}) {
		t.Fatalf("dry run: %+v", st)
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 1 {
		t.Fatalf("a dry run stored assets: %d", n)
	}
	if a, _ := s.Asset(ctx, old.ID); a.Location != "Oslo" {
		t.Fatalf("a dry run changed an asset: %+v", a)
	}
	if cats, _ := s.Categories(ctx); hasCategory(cats, "scanner", "Scanner") {
		t.Fatal("a dry run made a category")
	}
	list := file()
	st, err = s.ImportAssets(ctx, list, false)
	must(t, err)
	if st != (assets.ImportStats{Created: 3, Updated: 1}) {
		t.Fatalf("import: %+v", st)
	}
	var got []string
	for _, a := range list {
		got = append(got, fmt.Sprint(a.ID, " ", a.Tag))
	}
	// IDs and generated tags: a dry run uses none up, tags in the file are skipped.
	if want := "[2 ST-000002 1 old-1 3 ST-000001 4 ST-000003]"; fmt.Sprint(got) != want {
		t.Fatalf("imported %v, want %s", got, want)
	}
	a, err := s.Asset(ctx, old.ID)
	must(t, err)
	if a.Location != "Bergen" || a.HostName != "old-1" || a.MAC != "00:11:22:33:44:55" || a.Tag != "OLD-1" {
		t.Fatalf("updated by import: %+v", a)
	}
	wantHistory(t, s, "asset", old.ID,
		histRow{Actor, "asset", old.ID, "import", "location", "Oslo", "Bergen"},
		histRow{Actor, "asset", old.ID, "create", "", "", "OLD-1 Old laptop"})
	wantHistory(t, s, "asset", 3, histRow{Actor, "asset", 3, "create", "", "", "ST-000001 Typed tag"})
	cats, _ := s.Categories(ctx)
	if !hasCategory(cats, "scanner", "Scanner") {
		t.Fatal("the import did not make its category")
	}
	// The same file again: nothing changes.
	again := file()
	again[0].Tag, again[3].Tag = "ST-000002", "st-000003"
	again[3].Serial = "X1"
	st, err = s.ImportAssets(ctx, again, false)
	must(t, err)
	if st != (assets.ImportStats{Unchanged: 4}) {
		t.Fatalf("import again: %+v", st)
	}
	// A file with a bad row stores nothing.
	bad := importRows(t, assets.Asset{Name: "fine", Category: "laptop"}, assets.Asset{Name: "clash", Tag: "x-1", Category: "laptop"})
	bad = append(bad, assets.Asset{Name: "clash again", Tag: "X-1", Category: "laptop", Status: assets.StatusInStock})
	_, err = s.ImportAssets(ctx, bad, false)
	wantKind(t, "a file with a tag twice", err, assets.KindConflict)
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 4 {
		t.Fatalf("a failed import stored assets: %d", n)
	}
	one := assets.Asset{Name: "After", Category: "laptop"}
	create(t, s, &one)
	if one.ID != 5 || one.Tag != "ST-000004" {
		t.Fatalf("after the imports: %d %s", one.ID, one.Tag)
	}
	st, err = s.ImportAssets(ctx, nil, false)
	must(t, err)
	if st != (assets.ImportStats{}) {
		t.Fatalf("empty import: %+v", st)
	}
}

func testImportWarranty(t *testing.T, s AssetStore) {
	old := assets.Asset{Tag: "W-1", Name: "Old", Category: "laptop", Manufacturer: "Dell", PurchaseDate: date("2023-01-10")}
	create(t, s, &old)
	list := importRows(t,
		assets.Asset{Tag: "W-1", Name: "Old", Category: "laptop", Manufacturer: "Dell", PurchaseDate: date("2023-01-10")},
		assets.Asset{Name: "New", Category: "laptop", Supplier: "Komplett", PurchaseDate: date("2025-06-01")},
		assets.Asset{Name: "No warranty", Category: "laptop"},
	)
	ends := []assets.Date{date("2026-01-10"), date("2024-06-01")}
	st, err := s.ImportAssetsWarranty(ctx, list, ends, true)
	must(t, err)
	if st != (assets.ImportStats{Created: 2, Unchanged: 1}) {
		t.Fatalf("dry run: %+v", st)
	}
	if h, _ := s.History(ctx, "contract", 1); len(h) != 0 {
		t.Fatalf("a dry run made a contract: %+v", h)
	}
	st, err = s.ImportAssetsWarranty(ctx, list, ends, false)
	must(t, err)
	if st != (assets.ImportStats{Created: 2, Unchanged: 1}) {
		t.Fatalf("import: %+v", st)
	}
	// The new asset's warranty is made with the rows, after the stored
	// asset's: contract 1 is W-1's, contract 2 the new asset's.
	wantHistory(t, s, "contract", 1, histRow{Actor, "contract", 1, "create", "", "", "warranty for W-1 until 2026-01-10"})
	wantHistory(t, s, "contract", 2, histRow{Actor, "contract", 2, "create", "", "", "warranty for ST-000001 until 2024-06-01"})
	im, err := s.DeletionImpact(ctx, "asset", old.ID)
	must(t, err)
	if im.Name != "W-1 Old" || im.Text() != "1 contract no longer covers it" || im.Blocked() {
		t.Fatalf("impact %q %q", im.Name, im.Text())
	}
	im, err = s.DeletionImpact(ctx, "contract", 2)
	must(t, err)
	if im.Name != "Komplett" || im.Text() != "1 asset loses this contract" {
		t.Fatalf("contract impact %q %q", im.Name, im.Text())
	}
	// A later end moves the asset's own warranty on.
	st, err = s.ImportAssetsWarranty(ctx, list[:1], []assets.Date{date("2027-01-10")}, false)
	must(t, err)
	if st != (assets.ImportStats{Unchanged: 1}) {
		t.Fatalf("import again: %+v", st)
	}
	wantHistory(t, s, "contract", 1,
		histRow{Actor, "contract", 1, "import", "end", "2026-01-10", "2027-01-10"},
		histRow{Actor, "contract", 1, "create", "", "", "warranty for W-1 until 2026-01-10"})
	// The same end again: nothing.
	_, err = s.ImportAssetsWarranty(ctx, list[:1], []assets.Date{date("2027-01-10")}, false)
	must(t, err)
	if h, _ := s.History(ctx, "contract", 1); len(h) != 2 {
		t.Fatalf("an unchanged end wrote history: %+v", h)
	}
}

func testImportStream(t *testing.T, s AssetStore) {
	create(t, s, &assets.Asset{Tag: "S-2", Name: "Stored", Category: "laptop"})
	batches := [][]assets.Asset{
		importRows(t, assets.Asset{Name: "One", Category: "laptop"}, assets.Asset{Tag: "s-2", Name: "Stored, renamed", Category: "laptop"}),
		importRows(t, assets.Asset{Name: "Two", Category: "laptop"}, assets.Asset{Tag: "ST-000002", Name: "Typed", Category: "laptop"}),
	}
	inFile := map[string]bool{"s-2": true, "st-000002": true}
	plan := assets.AssetImportPlan{Rows: 4, Tagged: 2, TagInFile: func(tag string) bool { return inFile[strings.ToLower(tag)] }}
	stream := func(fail error) func() (assets.AssetBatch, error) {
		i := 0
		return func() (assets.AssetBatch, error) {
			if i == len(batches) {
				return assets.AssetBatch{}, io.EOF
			}
			if i == 1 && fail != nil {
				return assets.AssetBatch{}, fail
			}
			b := batches[i]
			i++
			return assets.AssetBatch{Assets: b, Warranty: make([]assets.Date, len(b)), Lines: []int{2 * i, 2*i + 1}}, nil
		}
	}
	boom := errors.New("the file went away")
	_, err := s.ImportAssetStream(ctx, plan, stream(boom), false)
	if !errors.Is(err, boom) {
		t.Fatalf("a failing stream: %v", err)
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 1 {
		t.Fatalf("a failed stream stored assets: %d", n)
	}
	for _, b := range batches {
		for i := range b {
			b[i].ID = 0
			if b[i].Name == "One" || b[i].Name == "Two" {
				b[i].Tag = ""
			}
		}
	}
	st, err := s.ImportAssetStream(ctx, plan, stream(nil), false)
	must(t, err)
	if st != (assets.ImportStats{Created: 3, Updated: 1}) {
		t.Fatalf("stream: %+v", st)
	}
	var got []string
	for _, b := range batches {
		for _, a := range b {
			got = append(got, fmt.Sprint(a.ID, " ", a.Tag))
		}
	}
	if want := "[2 ST-000001 1 s-2 3 ST-000003 4 ST-000002]"; fmt.Sprint(got) != want {
		t.Fatalf("streamed %v, want %s", got, want)
	}
	a, err := s.AssetByTag(ctx, "S-2")
	must(t, err)
	if a.Name != "Stored, renamed" {
		t.Fatalf("stored asset: %+v", a)
	}
}

func testDeletionImpact(t *testing.T, s AssetStore) {
	a := assets.Asset{Name: "Printer", Category: "printer"}
	create(t, s, &a)
	im, err := s.DeletionImpact(ctx, "asset", a.ID)
	must(t, err)
	if im.Name != "ST-000001 Printer" || len(im.Effects) != 0 || im.Blocked() {
		t.Fatalf("impact %+v", im)
	}
	_, err = s.DeletionImpact(ctx, "asset", 99)
	wantKind(t, "a missing asset", err, assets.KindNotFound)
	for _, e := range []string{"contract", "task", "licence", "course", "person"} {
		_, err = s.DeletionImpact(ctx, e, 99)
		wantKind(t, "a missing "+e, err, assets.KindNotFound)
	}
	if _, err = s.DeletionImpact(ctx, "spaceship", 1); err == nil {
		t.Fatal("an unknown kind of record has an impact")
	}
	if ps, ok := s.(holderStore); ok {
		p := assets.Person{Name: "Kari", Email: "kari@example.com"}
		must(t, ps.CreatePerson(ctx, &p))
		a.AssignedTo = p.ID
		must(t, s.UpdateAsset(ctx, &a))
		im, err := s.DeletionImpact(ctx, "person", p.ID)
		must(t, err)
		if im.Name != "Kari" || !im.Blocked() {
			t.Fatalf("person impact %+v", im)
		}
	}
}

func testEachAsset(t *testing.T, s AssetStore) {
	for i, tag := range []string{"b-2", "", "A-1", "", "c-3"} {
		st := assets.Statuses[i%len(assets.Statuses)]
		create(t, s, &assets.Asset{Tag: tag, Name: fmt.Sprint("Asset ", i), Category: "laptop", Status: st, Notes: "n", Serial: "S",
			PurchaseDate: date("2024-01-02"), EOLDate: date("2030-01-01"), Cost: assets.Money{Minor: 5, Currency: "EUR"}, OS: "Linux", Location: "L"})
	}
	must(t, s.DeleteAsset(ctx, 2))
	var got []string
	must(t, s.EachAsset(ctx, func(a assets.Asset) error {
		got = append(got, fmt.Sprint(a.ID, a.Tag, a.Status, a.Notes))
		return nil
	}))
	if want := "[3A-1in_repairn 1b-2in_stockn 5c-3disposedn 4ST-000002retiredn]"; fmt.Sprint(got) != want {
		t.Fatalf("EachAsset %v, want %s", got, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := s.EachAsset(ctx, func(assets.Asset) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Fatalf("EachAsset stopped with %v after %d", err, n)
	}
	got = nil
	must(t, s.EachActiveAsset(ctx, func(a *assets.Asset) error {
		got = append(got, fmt.Sprintf("%d %s %s %s %s %s %s %s %s %d", a.ID, a.Tag, a.Name, a.Category, a.Status, a.Location, a.PurchaseDate, a.EOLDate, a.OS, a.Cost.Minor))
		return nil
	}))
	if want := "[1 b-2 Asset 0 laptop in_stock L 2024-01-02 2030-01-01 Linux 5 3 A-1 Asset 2 laptop in_repair L 2024-01-02 2030-01-01 Linux 5]"; fmt.Sprint(got) != want {
		t.Fatalf("EachActiveAsset %v\nwant %s", got, want)
	}
	if err := s.EachActiveAsset(ctx, func(*assets.Asset) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("EachActiveAsset stopped with %v", err)
	}
}

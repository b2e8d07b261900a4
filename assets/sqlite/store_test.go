package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
)

// openTest opens a fresh store on a real file with a fixed clock.
func openTest(t testing.TB) *sqlite.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "steward.db")
	s, err := sqlite.Create(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	s.Actor = "tester"
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenMigratesAndSeeds(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	cats, err := s.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != len(assets.DefaultCategories) {
		t.Fatalf("got %d categories, want %d", len(cats), len(assets.DefaultCategories))
	}
	if ok, err := s.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Fatalf("integrity: %q %v", ok, err)
	}
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, want 0600", fi.Mode().Perm())
	}
	// Reopening an up-to-date database must not take a migration copy.
	path := s.Path()
	s.Close()
	s2, err := sqlite.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	baks, _ := filepath.Glob(path + ".pre-migration-*")
	if len(baks) != 0 {
		t.Errorf("unexpected migration backups %v", baks)
	}
}

func TestRefusesNewerAndForeignFiles(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	path := s.Path()
	if _, err := s.DB().Exec(fmt.Sprintf("PRAGMA user_version = %d", sqlite.SchemaVersion()+5)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	if _, err := sqlite.Open(ctx, path); err == nil {
		t.Fatal("opened a database from a newer Steward")
	} else if want := "newer Steward"; !contains(err.Error(), want) {
		t.Fatalf("error %q does not say %q", err, want)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("refused database was changed")
	}

	other := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(other, []byte("this is not a database at all, just some text that is long enough"), 0o600)
	if _, err := sqlite.Open(ctx, other); err == nil || !contains(err.Error(), "not a Steward") {
		t.Fatalf("text file: got %v", err)
	}
}

func contains(s, sub string) bool {
	return len(s) >= len(sub) && (s == sub || len(sub) == 0 || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestAssetRoundTripAndHistory(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := assets.Person{Name: "Zoë Åberg", Email: "Zoe@Example.com", Department: "Finance"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	a := assets.Asset{Name: "Finance laptop", Category: "Laptop", Manufacturer: "Dell", Model: "Latitude 5440",
		Serial: "ABC123", Status: assets.StatusDeployed, AssignedTo: p.ID, PurchaseDate: assets.MustDate("2023-02-28"),
		Cost: assets.Money{Minor: 129900, Currency: "eur"}, MAC: "3C-22-FB-12-34-56"}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if a.Tag != "ST-000001" {
		t.Errorf("tag = %q, want ST-000001", a.Tag)
	}
	got, err := s.Asset(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Category != "laptop" || got.Cost.Currency != "EUR" || got.MAC != "3c:22:fb:12:34:56" || got.AssignedName != "Zoë Åberg" ||
		got.PurchaseDate != assets.MustDate("2023-02-28") || got.Cost.Minor != 129900 {
		t.Errorf("round trip: %+v", got)
	}
	got.Status = assets.StatusInRepair
	got.Location = "HQ 2nd floor"
	if err := s.UpdateAsset(ctx, &got); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, "asset", a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range h {
		texts = append(texts, e.Text())
	}
	want := []string{"location set to HQ 2nd floor", "status: Deployed -> In repair", "create: ST-000001 Finance laptop"}
	if fmt.Sprint(texts) != fmt.Sprint(want) {
		t.Errorf("history = %q, want %q", texts, want)
	}
	if h[0].Actor != "tester" {
		t.Errorf("actor = %q", h[0].Actor)
	}
	if err := s.DeleteAsset(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Asset(ctx, a.ID); assets.KindOf(err) != assets.KindNotFound {
		t.Errorf("after delete: %v", err)
	}
	h, _ = s.History(ctx, "asset", a.ID)
	if len(h) == 0 || h[0].Action != "delete" {
		t.Errorf("no delete in history: %+v", h)
	}
}

func TestConstraintErrorsArePlain(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := assets.Asset{Tag: "PC-1", Name: "One", Category: "desktop"}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	b := assets.Asset{Tag: "pc-1", Name: "Two", Category: "desktop"}
	err := s.CreateAsset(ctx, &b)
	if assets.KindOf(err) != assets.KindConflict || err.Error() != "tag: another asset already has this tag" {
		t.Errorf("duplicate tag: %v (kind %v)", err, assets.KindOf(err))
	}
	c := assets.Asset{Name: "", Category: "", Cost: assets.Money{Minor: 5}}
	err = s.CreateAsset(ctx, &c)
	if assets.KindOf(err) != assets.KindInvalid {
		t.Fatalf("invalid asset: %v", err)
	}
	for _, want := range []string{"name:", "category:", "currency:"} {
		if !contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	p1 := assets.Person{Name: "A", Email: "a@x.org"}
	p2 := assets.Person{Name: "B", Email: "A@X.org"}
	if err := s.CreatePerson(ctx, &p1); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePerson(ctx, &p2); assets.KindOf(err) != assets.KindConflict {
		t.Errorf("duplicate email: %v", err)
	}
	d := assets.Asset{Name: "Ghost's laptop", Category: "laptop", AssignedTo: 999}
	if err := s.CreateAsset(ctx, &d); assets.KindOf(err) != assets.KindInvalid {
		t.Errorf("unknown person: %v", err)
	}
}

func seed(t testing.TB, s *sqlite.Store, n int) []assets.Asset {
	t.Helper()
	list := make([]assets.Asset, n)
	cats := []string{"laptop", "desktop", "printer", "phone"}
	for i := range list {
		list[i] = assets.Asset{Name: fmt.Sprintf("Machine %05d", n-i), Category: cats[i%len(cats)],
			Manufacturer: []string{"Dell", "HP", "Lenovo"}[i%3], Serial: fmt.Sprintf("SN%06d", i),
			Location: []string{"Berlin", "Paris"}[i%2], Status: assets.Statuses[i%len(assets.Statuses)]}
	}
	if err := s.CreateAssets(context.Background(), list); err != nil {
		t.Fatal(err)
	}
	return list
}

func TestKeysetPaginationVisitsEveryRowOnce(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seed(t, s, 257)
	for _, sort := range []assets.SortField{assets.SortTag, assets.SortName, assets.SortCategory, assets.SortLocation, assets.SortCost} {
		for _, desc := range []bool{false, true} {
			q := assets.AssetQuery{Sort: sort, Desc: desc, Limit: 50}
			seen := map[int64]bool{}
			pages := 0
			for {
				page, err := s.ListAssets(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, a := range page.Assets {
					if seen[a.ID] {
						t.Fatalf("%s desc=%v: asset %d twice", sort, desc, a.ID)
					}
					seen[a.ID] = true
				}
				if page.Next == nil {
					break
				}
				q.After = page.Next
			}
			if len(seen) != 257 || pages != 6 {
				t.Errorf("%s desc=%v: saw %d assets in %d pages", sort, desc, len(seen), pages)
			}
		}
	}
	page, _ := s.ListAssets(ctx, assets.AssetQuery{Sort: assets.SortName, Limit: 3})
	if page.Assets[0].Name != "Machine 00001" || page.Assets[2].Name != "Machine 00003" {
		t.Errorf("name order: %v %v", page.Assets[0].Name, page.Assets[2].Name)
	}
}

func TestSearchAndFilters(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seed(t, s, 100)
	p := assets.Person{Name: "Łukasz Müller", Email: "lm@example.com"}
	s.CreatePerson(ctx, &p)
	a := assets.Asset{Name: "ThinkPad X1 Carbon", Category: "laptop", Model: "20XW", Serial: "PF-2ABC9", AssignedTo: p.ID, Notes: "spare charger in drawer"}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	cases := map[string]int{
		"thinkp":    1, // prefix, any case
		"muller":    1, // diacritics folded, person's name indexed
		"charger":   1, // notes
		"PF-2ABC":   1, // serial with punctuation
		"sn00001":   10,
		"dell":      34,
		"nothing":   0,
		"":          101,
		"ST-000101": 1,
	}
	for text, want := range cases {
		n, err := s.CountAssets(ctx, assets.AssetQuery{Search: text})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if n != want {
			t.Errorf("search %q: %d results, want %d", text, n, want)
		}
	}
	n, _ := s.CountAssets(ctx, assets.AssetQuery{Category: "printer", Location: "Berlin"})
	if n != 25 {
		t.Errorf("printers in Berlin = %d, want 25", n)
	}
	// Renaming the person keeps the index right.
	p.Name = "Lukas Meier"
	if err := s.UpdatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{Search: "meier"}); n != 1 {
		t.Errorf("after rename: %d", n)
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{Search: "müller"}); n != 0 {
		t.Errorf("old name still found: %d", n)
	}
	locs, _ := s.Locations(ctx)
	if fmt.Sprint(locs) != "[Berlin Paris]" {
		t.Errorf("locations %v", locs)
	}
}

func TestGeneratedTagsSkipHandTypedOnes(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	hand := assets.Asset{Tag: "st-000002", Name: "typed", Category: "other"}
	if err := s.CreateAsset(ctx, &hand); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := 0; i < 2; i++ {
		a := assets.Asset{Name: "generated", Category: "other"}
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
		got = append(got, a.Tag)
	}
	batch := []assets.Asset{{Tag: "ST-000005", Name: "typed in batch", Category: "other"}, {Name: "b1", Category: "other"}, {Name: "b2", Category: "other"}}
	if err := s.CreateAssets(ctx, batch); err != nil {
		t.Fatal(err)
	}
	got = append(got, batch[1].Tag, batch[2].Tag)
	if want := "[ST-000001 ST-000003 ST-000004 ST-000006]"; fmt.Sprint(got) != want {
		t.Errorf("tags %v, want %s", got, want)
	}
}

func TestDeletedAssetIDIsNotReused(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := assets.Asset{Name: "Old laptop", Category: "laptop"}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAsset(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	for _, bulk := range []bool{true, false} {
		b := []assets.Asset{{Name: "New laptop", Category: "laptop"}}
		var err error
		if bulk {
			err = s.CreateAssets(ctx, b)
		} else {
			err = s.CreateAsset(ctx, &b[0])
		}
		if err != nil {
			t.Fatal(err)
		}
		if b[0].ID <= a.ID {
			t.Fatalf("bulk=%v: new asset got ID %d, the deleted one had %d", bulk, b[0].ID, a.ID)
		}
		h, _ := s.History(ctx, "asset", b[0].ID)
		if len(h) != 1 || h[0].Action != "create" {
			t.Errorf("bulk=%v: new asset's history %+v", bulk, h)
		}
		if err := s.DeleteAsset(ctx, b[0].ID); err != nil {
			t.Fatal(err)
		}
		a = b[0]
	}
}

package sqlite_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/sqlite"
)

// ListAssets picks its plan from the count (filter index + sort for few
// matches, sort index + filter for many) and pages by keyset. Whatever the
// plan, the pages must be exactly the filtered rows in order.
func TestListAssetsPlansAgreeWithReference(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ds := demo.Generate(demo.Config{Assets: 700, People: 30, Seed: 5})
	if _, err := loadOffice(ctx, s, ds); err != nil {
		t.Fatal(err)
	}
	all, err := s.ListAssets(ctx, assets.AssetQuery{Limit: 10000})
	if err != nil || len(all.Assets) != 700 {
		t.Fatalf("all: %d %v", len(all.Assets), err)
	}
	fold := func(v string) string { // SQLite's NOCASE folds ASCII only
		return strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, v)
	}
	key := map[assets.SortField]func(a assets.Asset) string{
		assets.SortTag:      func(a assets.Asset) string { return fold(a.Tag) },
		assets.SortName:     func(a assets.Asset) string { return fold(a.Name) },
		assets.SortStatus:   func(a assets.Asset) string { return string(a.Status) },
		assets.SortLocation: func(a assets.Asset) string { return a.Location },
		assets.SortAssigned: func(a assets.Asset) string { return fold(a.AssignedName) },
		assets.SortPurchase: func(a assets.Asset) string { return a.PurchaseDate.String() },
		assets.SortCost:     func(a assets.Asset) string { return fmt.Sprintf("%020d", a.Cost.Minor) },
	}
	queries := []assets.AssetQuery{
		{}, {Category: "laptop"}, {Status: assets.StatusLost}, {Category: "monitor", Status: assets.StatusDeployed},
		{Location: "Remote"}, {Search: "dell"}, {Search: "latitude", Status: assets.StatusDeployed}, {Category: "server", Search: "poweredge"},
	}
	for _, base := range queries {
		var want []assets.Asset
		for _, a := range all.Assets {
			if (base.Category == "" || a.Category == base.Category) && (base.Status == "" || a.Status == base.Status) &&
				(base.Location == "" || a.Location == base.Location) &&
				(base.Search == "" || strings.Contains(strings.ToLower(a.Name+" "+a.Model+" "+a.Manufacturer), base.Search)) {
				want = append(want, a)
			}
		}
		for field, k := range key {
			for _, desc := range []bool{false, true} {
				q := base
				q.Sort, q.Desc, q.Limit = field, desc, 37
				exp := append([]assets.Asset(nil), want...)
				sort.SliceStable(exp, func(i, j int) bool {
					ki, kj := k(exp[i]), k(exp[j])
					if ki != kj {
						return (ki < kj) != desc
					}
					return (exp[i].ID < exp[j].ID) != desc
				})
				var got []int64
				var total int
				for page := 0; ; page++ {
					p, n, err := s.ListAssetsCounted(ctx, q)
					if err != nil {
						t.Fatalf("%+v: %v", q, err)
					}
					total = n
					for _, a := range p.Assets {
						got = append(got, a.ID)
					}
					if p.Next == nil {
						break
					}
					q.After = p.Next
					if page > 100 {
						t.Fatalf("%+v: endless paging", q)
					}
				}
				name := fmt.Sprintf("%+v sort %s desc %v", base, field, desc)
				if total != len(exp) || len(got) != len(exp) {
					t.Fatalf("%s: %d rows over the pages, count %d, want %d", name, len(got), total, len(exp))
				}
				for i := range exp {
					if got[i] != exp[i].ID {
						t.Fatalf("%s: row %d is #%d, want #%d (%s)", name, i, got[i], exp[i].ID, exp[i].Name)
					}
				}
			}
		}
	}
}

func TestFTSQuery(t *testing.T) {
	for text, want := range map[string]string{
		"dell lat":         `"dell"* "lat"*`,
		"  Zoë  ":          `"Zoë"*`,
		"ST-000456":        `"000456"*`, // every generated tag has "st": searching for it only costs
		"st-0004 latitude": `"0004"* "latitude"*`,
		"st store":         `"st"* "store"*`,
		"HQ-0012":          `"HQ"* "0012"*`,
		"":                 "",
		"--":               "",
	} {
		if got := sqlite.FTSQuery(text); got != want {
			t.Errorf("FTSQuery(%q) = %s, want %s", text, got, want)
		}
	}
	s := openTest(t)
	ctx := context.Background()
	list := []assets.Asset{{Name: "a", Category: "other"}, {Name: "b", Category: "other"}}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	p, err := s.ListAssets(ctx, assets.AssetQuery{Search: list[1].Tag})
	if err != nil || len(p.Assets) != 1 || p.Assets[0].ID != list[1].ID {
		t.Errorf("search by tag %s: %+v %v", list[1].Tag, p.Assets, err)
	}
}

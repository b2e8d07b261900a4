package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"steward/assets"
)

// sortFixture is a register whose values differ in case, in ASCII
// punctuation between upper and lower case letters, in accents, and have
// empty values and ties: every sort order and its reverse must be SQLite's
// (text BINARY, except name, manufacturer, model, holder and tag, which
// compare NOCASE: ASCII letters folded), ties broken by ID.
func sortFixture(t *testing.T, s AssetStore) []*assets.Asset {
	t.Helper()
	type row struct {
		tag, name, cat, man, model, loc, purchase string
		st                                        assets.Status
		cost                                      int64
	}
	rows := []row{
		{"", "banana", "laptop", "Dell", "", "", "", assets.StatusDeployed, 0},
		{"ab-1", "Apple", "desktop", "dell", "XPS", "Oslo", "2024-01-05", assets.StatusInStock, 150000},
		{"", "apple", "laptop", "", "xps", "oslo", "2023-12-31", assets.StatusRetired, 99},
		{"Zz-9", "Éclair", "printer", "HP", "Z", "Bergen", "2024-01-05", assets.StatusInRepair, 150000},
		{"", "zebra", "laptop", "hp", "a", "", "", assets.StatusLost, 5},
		{"", "Zebra", "Tablet", "Lenovo", "", "Oslo", "2022-06-30", assets.StatusDisposed, 5},
		{"a_1", "_under", "phone", "[x]", "_", "_", "2025-01-01", assets.StatusDeployed, 1},
		{"", "éclair", "laptop", "dell", "XPS", "Åre", "", assets.StatusInStock, 70000},
	}
	var out []*assets.Asset
	for _, r := range rows {
		a := &assets.Asset{Tag: r.tag, Name: r.name, Category: r.cat, Manufacturer: r.man, Model: r.model, Location: r.loc,
			PurchaseDate: assets.MustDate(orDefault(r.purchase)), Status: r.st, Cost: assets.Money{Minor: r.cost, Currency: "EUR"}}
		if r.purchase == "" {
			a.PurchaseDate = assets.Date{}
		}
		create(t, s, a)
		out = append(out, a)
	}
	// Updated stamps in another order than the IDs.
	for _, i := range []int{5, 1, 6} {
		out[i].Notes = "touched"
		must(t, s.UpdateAsset(ctx, out[i]))
	}
	if ps, ok := s.(holderStore); ok {
		people := []*assets.Person{{Name: "bob", Email: "bob@example.com"}, {Name: "Alice", Email: "alice@example.com"}, {Name: "alice", Email: "alice2@example.com"}}
		for _, p := range people {
			must(t, ps.CreatePerson(ctx, p))
		}
		for _, h := range []struct {
			i int
			p *assets.Person
		}{{0, people[0]}, {2, people[1]}, {3, people[2]}, {7, people[0]}} {
			i, p := h.i, h.p
			out[i].AssignedTo = p.ID
			must(t, s.UpdateAsset(ctx, out[i]))
			if out[i].AssignedName != p.Name {
				t.Fatalf("holder name %q, want %q", out[i].AssignedName, p.Name)
			}
		}
	}
	return out
}

func orDefault(d string) string {
	if d == "" {
		return "2000-01-01"
	}
	return d
}

// nocase is SQLite's NOCASE: ASCII letters folded, all else byte for byte.
func nocase(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// sortKey is SQLite's order for one field: a text (already folded where
// SQLite compares NOCASE) or a number.
func sortKey(f assets.SortField, a *assets.Asset) (string, int64) {
	switch f {
	case assets.SortTag:
		return nocase(a.Tag), 0
	case assets.SortName:
		return nocase(a.Name), 0
	case assets.SortCategory:
		return a.Category, 0
	case assets.SortStatus:
		return string(a.Status), 0
	case assets.SortLocation:
		return a.Location, 0
	case assets.SortAssigned:
		return nocase(a.AssignedName), 0
	case assets.SortManufacturer:
		return nocase(a.Manufacturer), 0
	case assets.SortModel:
		return nocase(a.Model), 0
	case assets.SortPurchase:
		return a.PurchaseDate.String(), 0
	case assets.SortCost:
		return "", a.Cost.Minor
	case assets.SortUpdated:
		return stampOf(a.Updated), 0
	}
	panic(f)
}

var sortFields = []assets.SortField{assets.SortTag, assets.SortName, assets.SortCategory, assets.SortStatus, assets.SortLocation,
	assets.SortAssigned, assets.SortManufacturer, assets.SortModel, assets.SortPurchase, assets.SortCost, assets.SortUpdated}

func testSortOrders(t *testing.T, s AssetStore) {
	list := sortFixture(t, s)
	for _, f := range sortFields {
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/desc=%v", f, desc), func(t *testing.T) {
				want := slices.Clone(list)
				slices.SortFunc(want, func(x, y *assets.Asset) int {
					xs, xn := sortKey(f, x)
					ys, yn := sortKey(f, y)
					c := cmp.Or(strings.Compare(xs, ys), cmp.Compare(xn, yn), cmp.Compare(x.ID, y.ID))
					if desc {
						c = -c
					}
					return c
				})
				var wantTags []string
				for _, a := range want {
					wantTags = append(wantTags, a.Tag)
				}
				q := assets.AssetQuery{Sort: f, Desc: desc}
				for _, limit := range []int{100, 3, 1} {
					if got := allPages(t, s, q, limit); fmt.Sprint(got) != fmt.Sprint(wantTags) {
						t.Fatalf("limit %d:\n got %v\nwant %v", limit, got, wantTags)
					}
				}
				// The same order under a filter (another plan, perhaps).
				q.Category = "laptop"
				var lap []string
				for _, a := range want {
					if a.Category == "laptop" {
						lap = append(lap, a.Tag)
					}
				}
				if got := allPages(t, s, q, 2); fmt.Sprint(got) != fmt.Sprint(lap) {
					t.Fatalf("laptops:\n got %v\nwant %v", got, lap)
				}
			})
		}
	}
	// An unknown sort field is the tag order.
	got := allPages(t, s, assets.AssetQuery{Sort: "colour"}, 100)
	want := allPages(t, s, assets.AssetQuery{Sort: assets.SortTag}, 100)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("unknown sort: %v, want %v", got, want)
	}
	// Read back whole: every field of the listed assets.
	p, err := s.ListAssets(ctx, assets.AssetQuery{Sort: assets.SortTag})
	must(t, err)
	for _, a := range p.Assets {
		one, err := s.Asset(ctx, a.ID)
		must(t, err)
		if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", one) {
			t.Fatalf("listed\n%+v\nread\n%+v", a, one)
		}
	}
}

func testFiltersAndCounts(t *testing.T, s AssetStore) {
	list := sortFixture(t, s)
	count := func(q assets.AssetQuery) int {
		t.Helper()
		n, err := s.CountAssets(ctx, q)
		must(t, err)
		p, m, err := s.ListAssetsCounted(ctx, q)
		must(t, err)
		if m != n || len(p.Assets) != n {
			t.Fatalf("%+v: counted %d, listed %d of %d", q, n, len(p.Assets), m)
		}
		return n
	}
	for q, want := range map[assets.AssetQuery]int{
		{}: 8, {Category: "laptop"}: 4, {Category: "Laptop"}: 0, {Status: assets.StatusDeployed}: 2, {Location: "Oslo"}: 2,
		{Location: "oslo"}: 1, {Location: "Oslo", Category: "tablet"}: 1, {Location: ""}: 8, {Category: "laptop", Status: assets.StatusLost}: 1,
		{Search: "dell"}: 3, {Search: "dell", Category: "laptop"}: 2,
	} {
		if n := count(q); n != want {
			t.Errorf("count %+v = %d, want %d", q, n, want)
		}
	}
	if _, ok := s.(holderStore); ok {
		if n := count(assets.AssetQuery{AssignedTo: list[0].AssignedTo}); n != 2 {
			t.Errorf("assets of the first holder: %d", n)
		}
		if n := count(assets.AssetQuery{Search: "alice"}); n != 2 {
			t.Errorf("search by holder: %d", n)
		}
	}
	locs, err := s.Locations(ctx)
	must(t, err)
	if want := "[Bergen Oslo _ oslo Åre]"; fmt.Sprint(locs) != want {
		t.Fatalf("locations %v, want %s", locs, want)
	}
	byStatus := func() string {
		c, err := s.CountByStatus(ctx)
		must(t, err)
		return fmt.Sprint(c)
	}
	if got, want := byStatus(), "[{in_stock In stock 2} {deployed Deployed 2} {in_repair In repair 1} {retired Retired 1} {disposed Disposed 1} {lost Lost 1}]"; got != want {
		t.Fatalf("by status %s, want %s", got, want)
	}
	byCat := func() string {
		c, err := s.CountByCategory(ctx)
		must(t, err)
		return fmt.Sprint(c)
	}
	if got, want := byCat(), "[{desktop Desktop 1} {laptop Laptop 4} {monitor Monitor 0} {network Network 0} {other Other 0} {peripheral Peripheral 0} {phone Phone 1} {printer Printer 1} {server Server 0} {tablet Tablet 1}]"; got != want {
		t.Fatalf("by category %s, want %s", got, want)
	}
	// Counts follow updates and deletions.
	list[0].Status, list[0].Location, list[0].Category = assets.StatusInStock, "Oslo", "monitor"
	must(t, s.UpdateAsset(ctx, list[0]))
	must(t, s.DeleteAsset(ctx, list[3].ID))
	must(t, s.DeleteAsset(ctx, list[6].ID))
	if got, want := byStatus(), "[{in_stock In stock 3} {deployed Deployed 0} {in_repair In repair 0} {retired Retired 1} {disposed Disposed 1} {lost Lost 1}]"; got != want {
		t.Fatalf("by status after changes %s, want %s", got, want)
	}
	if got, want := byCat(), "[{desktop Desktop 1} {laptop Laptop 3} {monitor Monitor 1} {network Network 0} {other Other 0} {peripheral Peripheral 0} {phone Phone 0} {printer Printer 0} {server Server 0} {tablet Tablet 1}]"; got != want {
		t.Fatalf("by category after changes %s, want %s", got, want)
	}
	locs, err = s.Locations(ctx)
	must(t, err)
	if want := "[Oslo oslo Åre]"; fmt.Sprint(locs) != want {
		t.Fatalf("locations after changes %v, want %s", locs, want)
	}
	for q, want := range map[assets.AssetQuery]int{{}: 6, {Location: "Oslo"}: 3, {Status: assets.StatusInStock, Location: "Oslo"}: 2, {Category: "printer"}: 0} {
		if n := count(q); n != want {
			t.Errorf("count after changes %+v = %d, want %d", q, n, want)
		}
	}
	// An empty register counts zero everywhere but keeps its categories.
	for _, a := range list {
		if a.ID != list[3].ID && a.ID != list[6].ID {
			must(t, s.DeleteAsset(ctx, a.ID))
		}
	}
	if got, want := byStatus(), "[{in_stock In stock 0} {deployed Deployed 0} {in_repair In repair 0} {retired Retired 0} {disposed Disposed 0} {lost Lost 0}]"; got != want {
		t.Fatalf("by status, empty: %s", got)
	}
	p, n, err := s.ListAssetsCounted(ctx, assets.AssetQuery{Search: "dell"})
	must(t, err)
	if n != 0 || len(p.Assets) != 0 || p.Next != nil {
		t.Fatalf("empty register lists %d of %d", len(p.Assets), n)
	}
}

// A search in tag order, both ways, in pages of every size: tags in
// mixed case sort as NOCASE does (ASCII letters folded, so "_" after them),
// and a renamed tag moves. A store may read few and many matches differently
// (the page size changes which): every way gives the same order.
func testSearchInTagOrder(t *testing.T, s AssetStore) {
	tags := []string{"ST-000010", "st-000002", "Zeta-1", "Beta_1", "alpha-9", "ST-000001", "ecran.1", "Beta-3", "beta-2", "ST-000003", "Omega", "ST-000004"}
	list := make([]assets.Asset, len(tags))
	for i, tag := range tags {
		list[i] = assets.Asset{Tag: tag, Name: "Spare monitor", Category: "monitor"}
		if i%3 == 0 {
			list[i].Name = "Dell monitor"
		}
		create(t, s, &list[i])
	}
	list[10].Tag = "ST-000000" // "Omega" renamed: it now comes first among the ST- tags
	list[10].Name = "Dell monitor"
	must(t, s.UpdateAsset(ctx, &list[10]))
	for _, c := range []struct {
		search, want string
	}{
		{"monitor", "[alpha-9 beta-2 Beta-3 Beta_1 ecran.1 ST-000000 ST-000001 st-000002 ST-000003 ST-000004 ST-000010 Zeta-1]"},
		{"dell", "[Beta_1 ecran.1 ST-000000 ST-000003 ST-000010]"},
		{"spare st", "[ST-000001 st-000002 ST-000004]"},
	} {
		for _, desc := range []bool{false, true} {
			want := c.want
			if desc {
				w := strings.Fields(strings.Trim(want, "[]"))
				slices.Reverse(w)
				want = fmt.Sprint(w)
			}
			for _, limit := range []int{1, 2, 3, 100} {
				got := fmt.Sprint(allPages(t, s, assets.AssetQuery{Search: c.search, Sort: assets.SortTag, Desc: desc}, limit))
				if got != want {
					t.Errorf("search %q, descending %v, pages of %d: %s, want %s", c.search, desc, limit, got, want)
				}
			}
		}
	}
}

func testSearch(t *testing.T, s AssetStore) {
	rows := []assets.Asset{
		{Name: "Dell Latitude 5440", Category: "laptop", Manufacturer: "Dell Inc.", Model: "Latitude 5440", Serial: "CN-0X1234-ABC"},
		{Name: "HP LaserJet Pro", Category: "printer", Serial: "VNB3K12345", Notes: "Toner replaced; fuser noisy"},
		{Tag: "NET-SW-01", Name: "Core switch", Category: "network", Manufacturer: "Cisco", Model: "C9300-48P"},
		{Name: "Naïve café display", Category: "monitor", Notes: "Über-wide, für die Küche"},
		{Name: "Latitude spare", Category: "laptop", Model: "Latitude 7420", Notes: "dell@example.com"},
		{Name: "Phone", Category: "phone", Serial: "IMEI 356938035643809", Location: "Dell street"},
	}
	for i := range rows {
		create(t, s, &rows[i])
	}
	search := func(text string, limit int) []string {
		t.Helper()
		q := assets.AssetQuery{Search: text}
		got := allPages(t, s, q, limit)
		n, err := s.CountAssets(ctx, q)
		must(t, err)
		if n != len(got) {
			t.Fatalf("search %q: counted %d, listed %d", text, n, len(got))
		}
		return got
	}
	for text, want := range map[string]string{
		"dell":           "[ST-000001 ST-000004]",
		"DELL lat":       "[ST-000001 ST-000004]",
		"lat dell":       "[ST-000001 ST-000004]",
		"latitude 5440":  "[ST-000001]",
		"st-000002":      "[ST-000002]",
		"ST-00000":       "[ST-000001 ST-000002 ST-000003 ST-000004 ST-000005]",
		"st":             "[ST-000001 ST-000002 ST-000003 ST-000004 ST-000005]",
		"net-sw":         "[NET-SW-01]",
		"sw-01":          "[NET-SW-01]",
		"SW":             "[NET-SW-01]",
		"c9300":          "[NET-SW-01]",
		"48p":            "[NET-SW-01]",
		"0x1234":         "[ST-000001]",
		"1234":           "[]",
		"12345":          "[]",
		"vnb3k":          "[ST-000002]",
		"toner fuser":    "[ST-000002]",
		"toner noisy":    "[ST-000002]",
		"naive":          "[ST-000003]",
		"naïve":          "[ST-000003]",
		"NAÏVE":          "[ST-000003]",
		"café":           "[ST-000003]",
		"über":           "[ST-000003]",
		"küche":          "[ST-000003]",
		"example.com":    "[ST-000004]",
		"356938":         "[ST-000005]",
		"street":         "[]",
		"inc":            "[ST-000001]",
		"nothing-at-all": "[]",
		"--":             "[NET-SW-01 ST-000001 ST-000002 ST-000003 ST-000004 ST-000005]",
		"":               "[NET-SW-01 ST-000001 ST-000002 ST-000003 ST-000004 ST-000005]",
		`"dell`:          "[ST-000001 ST-000004]",
		"dell*":          "[ST-000001 ST-000004]",
		"o'brien":        "[]",
		"a AND b":        "[]",
		"(dell)":         "[ST-000001 ST-000004]",
	} {
		for _, limit := range []int{100, 1} {
			if got := fmt.Sprint(search(text, limit)); got != want {
				t.Errorf("search %q (pages of %d): %s, want %s", text, limit, got, want)
			}
		}
	}
	// The index follows changes.
	rows[0].Name, rows[0].Manufacturer, rows[0].Model = "Lenovo ThinkPad", "Lenovo", "T14"
	must(t, s.UpdateAsset(ctx, &rows[0]))
	if got := fmt.Sprint(search("dell", 100)); got != "[ST-000004]" {
		t.Fatalf("after update, dell: %s", got)
	}
	if got := fmt.Sprint(search("thinkpad", 100)); got != "[ST-000001]" {
		t.Fatalf("after update, thinkpad: %s", got)
	}
	must(t, s.DeleteAsset(ctx, rows[4].ID))
	if got := fmt.Sprint(search("dell", 100)); got != "[]" {
		t.Fatalf("after delete, dell: %s", got)
	}
	// Search with a sort and a filter.
	p, err := s.ListAssets(ctx, assets.AssetQuery{Search: "st", Sort: assets.SortName, Desc: true})
	must(t, err)
	if got := fmt.Sprint(pageTags(p)); got != "[ST-000005 ST-000003 ST-000001 ST-000002]" {
		t.Fatalf("search st by name desc: %s", got)
	}
	p, err = s.ListAssets(ctx, assets.AssetQuery{Search: "st", Category: "laptop"})
	must(t, err)
	if got := fmt.Sprint(pageTags(p)); got != "[ST-000001]" {
		t.Fatalf("search st among laptops: %s", got)
	}
	if ps, ok := s.(holderStore); ok {
		p := &assets.Person{Name: "Ola Nordmann", Email: "ola@example.com"}
		must(t, ps.CreatePerson(ctx, p))
		rows[1].AssignedTo = p.ID
		must(t, s.UpdateAsset(ctx, &rows[1]))
		if got := fmt.Sprint(search("nordm", 100)); got != "[ST-000002]" {
			t.Fatalf("search by holder: %s", got)
		}
	}
}

package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"steward/assets"
)

func TestEachActiveAsset(t *testing.T) {
	ctx := context.Background()
	s, err := Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := assets.MustDate
	list := []assets.Asset{
		{Name: "Zoë's laptop", Category: "laptop", Status: assets.StatusDeployed, Manufacturer: "Dell", Model: "Latitude 5440", Location: "Göteborg",
			PurchaseDate: d("2023-04-05"), EOLDate: d("2027-04-05"), OS: "Windows 11 Pro 23H2", Cost: assets.Money{Minor: 123456, Currency: "EUR"}},
		{Name: "Spare", Category: "laptop", Status: assets.StatusInStock},
		{Name: "Broken", Category: "phone", Status: assets.StatusInRepair},
		{Name: "Gone", Category: "phone", Status: assets.StatusDisposed},
		{Name: "Old", Category: "phone", Status: assets.StatusRetired},
	}
	for i := range list {
		if err := s.CreateAsset(ctx, &list[i]); err != nil {
			t.Fatal(err)
		}
	}
	var got []assets.Asset
	if err := s.EachActiveAsset(ctx, func(a *assets.Asset) error { got = append(got, *a); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Name != "Zoë's laptop" || got[2].Name != "Broken" {
		t.Fatalf("active assets %+v", got)
	}
	a, w := got[0], list[0]
	if a.ID != w.ID || a.Tag != w.Tag || a.Model != w.Model || a.Manufacturer != w.Manufacturer || a.Location != w.Location || a.OS != w.OS ||
		a.PurchaseDate != w.PurchaseDate || a.EOLDate != w.EOLDate || a.Cost != w.Cost || a.Status != w.Status || a.Category != w.Category {
		t.Errorf("fields: got %+v, want %+v", a, w)
	}
	if !got[1].PurchaseDate.IsZero() {
		t.Errorf("an empty purchase date came back as %s", got[1].PurchaseDate)
	}
}

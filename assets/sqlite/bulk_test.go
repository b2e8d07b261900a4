package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"steward/assets"
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

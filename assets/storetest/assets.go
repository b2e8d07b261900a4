package storetest

import (
	"context"
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
}

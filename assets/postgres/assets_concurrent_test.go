package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// Two Stewards adding assets to one register at the same moment, one at a
// time, in lists and by import: no tag and no ID is given out twice, none
// is lost, and the counter ends at the number of tags generated.
func TestConcurrentAssetCreation(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDB(t)
	var stores [2]*postgres.Store
	for i := range stores {
		s, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	const singles, lists, listLen = 40, 5, 30
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for c, s := range stores {
		wg.Go(func() {
			for i := range singles {
				a := assets.Asset{Name: fmt.Sprintf("client %d single %d", c, i), Category: "laptop"}
				if i%10 == 3 {
					// A tag typed by hand where the counter is heading.
					a.Tag = fmt.Sprintf("ST-%06d", 10+i+c)
				}
				if err := s.CreateAsset(ctx, &a); err != nil && assets.KindOf(err) != assets.KindConflict {
					errs <- err
				}
			}
		})
		wg.Go(func() {
			for i := range lists {
				list := make([]assets.Asset, listLen)
				for j := range list {
					list[j] = assets.Asset{Name: fmt.Sprintf("client %d list %d/%d", c, i, j), Category: "desktop"}
				}
				if err := s.CreateAssets(ctx, list); err != nil {
					errs <- err
				}
			}
		})
		wg.Go(func() {
			list := make([]assets.Asset, 50)
			for j := range list {
				list[j] = assets.Asset{Name: fmt.Sprintf("client %d import %d", c, j), Category: "phone"}
				list[j].Normalize()
			}
			if _, err := s.ImportAssets(ctx, list, false); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	tags, ids := map[string]bool{}, map[int64]bool{}
	generated := 0
	n := 0
	if err := stores[0].EachAsset(ctx, func(a assets.Asset) error {
		n++
		if tags[strings.ToUpper(a.Tag)] || ids[a.ID] {
			t.Errorf("tag %s or id %d given twice", a.Tag, a.ID)
		}
		tags[strings.ToUpper(a.Tag)], ids[a.ID] = true, true
		if !strings.Contains(a.Name, "single") || !strings.HasSuffix(a.Name, " 3") && !strings.HasSuffix(a.Name, "13") && !strings.HasSuffix(a.Name, "23") && !strings.HasSuffix(a.Name, "33") {
			generated++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	typed := n - generated
	if want := 2*(singles+lists*listLen+50) - (2*singles/10 - typed); n != want {
		t.Errorf("%d assets stored, want %d (typed tags kept: %d)", n, want, typed)
	}
	var counter int64
	if err := stores[1].Pool().QueryRow(ctx, "SELECT value FROM counters WHERE name = 'tag_counter'").Scan(&counter); err != nil {
		t.Fatal(err)
	}
	for id := range ids {
		h, err := stores[1].History(ctx, "asset", id)
		if err != nil || len(h) != 1 || h[0].Action != "create" {
			t.Fatalf("history of asset %d: %+v %v", id, h, err)
		}
	}
	// Every generated tag is at most the counter, and the counter is no
	// higher than the generated tags plus those typed by hand it skipped.
	if counter < int64(generated) || counter > int64(generated+typed) {
		t.Errorf("tag counter %d for %d generated tags (%d typed)", counter, generated, typed)
	}
}

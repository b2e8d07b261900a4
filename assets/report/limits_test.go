package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"steward/assets"
)

// fleet is a Source of n identical assets that counts how often it is read.
type fleet struct {
	n     int
	pages int
}

func (f *fleet) Setting(context.Context, string) (string, error)       { return "", nil }
func (f *fleet) Categories(context.Context) ([]assets.Category, error) { return nil, nil }
func (f *fleet) EachAsset(ctx context.Context, fn func(assets.Asset) error) error {
	for i := range f.n {
		if err := fn(assets.Asset{ID: int64(i + 1), Tag: fmt.Sprintf("A-%05d", i+1), Name: "Laptop"}); err != nil {
			return err
		}
	}
	return nil
}
func (f *fleet) ListAssets(ctx context.Context, q assets.AssetQuery) (assets.AssetPage, error) {
	f.pages++
	start := 0
	if q.After != nil {
		start = int(q.After.ID)
	}
	var page assets.AssetPage
	for i := start; i < f.n && len(page.Assets) < q.Limit; i++ {
		page.Assets = append(page.Assets, assets.Asset{ID: int64(i + 1), Tag: fmt.Sprintf("A-%05d", i+1), Name: "Laptop"})
	}
	if end := start + len(page.Assets); end < f.n {
		page.Next = &assets.Cursor{ID: int64(end)}
	}
	return page, nil
}

// countingFleet can also count, as the SQLite store can.
type countingFleet struct{ fleet }

func (f *countingFleet) CountAssets(context.Context, assets.AssetQuery) (int, error) { return f.n, nil }

func setLimit(t *testing.T, p *int, v int) {
	old := *p
	*p = v
	t.Cleanup(func() { *p = old })
}

func TestOversizedReportRefusedBeforeReading(t *testing.T) {
	setLimit(t, &MaxLabels, 1500)
	ctx := context.Background()
	asOf := assets.MustDate("2026-01-01")
	src := &countingFleet{fleet{n: 1501}}
	_, err := Build(ctx, src, Request{Kind: "labels", AsOf: asOf})
	var tl TooLargeError
	if !errors.As(err, &tl) || tl.N != 1501 || tl.Max != 1500 || tl.What != "labels" {
		t.Fatalf("labels over the limit: %v", err)
	}
	if src.pages != 0 {
		t.Fatalf("%d pages of assets were read before the refusal", src.pages)
	}
	_, err = Build(ctx, src, Request{Kind: "register", AsOf: asOf, MaxRows: 1000})
	if !errors.As(err, &tl) || tl.What != "rows" || src.pages != 0 {
		t.Fatalf("register over the limit: %v (%d pages read)", err, src.pages)
	}
	// A source that cannot count is stopped by what it gives.
	plain := &fleet{n: 1501}
	if _, err := Build(ctx, plain, Request{Kind: "labels", AsOf: asOf}); !errors.As(err, &tl) {
		t.Fatalf("labels from a source without a count: %v", err)
	}
	if _, err := Build(ctx, &fleet{n: 1001}, Request{Kind: "register", AsOf: asOf, MaxRows: 1000}); !errors.As(err, &tl) {
		t.Fatalf("register from a source without a count: %v", err)
	}
	// At the limit, the report is made.
	if doc, err := Build(ctx, &countingFleet{fleet{n: 1500}}, Request{Kind: "labels", AsOf: asOf}); err != nil || len(doc.Labels.Labels) != 1500 {
		t.Fatalf("labels at the limit: %v", err)
	}
}

func TestWriteStopsWhenCancelled(t *testing.T) {
	asOf := assets.MustDate("2026-01-01")
	ctx := context.Background()
	labels, err := Build(ctx, &fleet{n: 600}, Request{Kind: "labels", AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	register, err := Build(ctx, &fleet{n: 600}, Request{Kind: "register", AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, doc := range []*Document{labels, register} {
		for _, format := range []string{"pdf", "csv", "xlsx"} {
			if err := Write(cancelled, io.Discard, doc, format, A4); !errors.Is(err, context.Canceled) {
				t.Errorf("%s as %s with a cancelled context: %v", doc.Kind, format, err)
			}
			if err := Write(ctx, io.Discard, doc, format, A4); err != nil {
				t.Errorf("%s as %s: %v", doc.Kind, format, err)
			}
		}
	}
}

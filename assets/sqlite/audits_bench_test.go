package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"steward/assets"
	"steward/assets/sqlite/fixture"
)

// BenchmarkAuditScan is one scan of a stocktake against a 100,000-asset
// register: read the tag, find the asset, check "already scanned", classify
// and record it. A mix of registered tags (moved: the fixture's assets have
// no location), unknown tags and repeats. Target: under 50 ms a scan.
func BenchmarkAuditScan(b *testing.B) {
	s := fixture.OpenLarge(b)
	ctx := context.Background()
	a, err := s.StartAudit(ctx, []string{"Bench room"}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		code := assets.FormatTag(int64(1 + (i*7919)%fixture.Large.Assets))
		switch {
		case i%10 == 9:
			code = fmt.Sprintf("ZZ-%d", i)
		case i%20 == 19:
			code = assets.FormatTag(1)
		}
		sc, err := s.AddAuditScan(ctx, a.ID, "Bench room", code+"\r")
		if err != nil {
			b.Fatal(err)
		}
		if sc.Result == "" {
			b.Fatal("no result")
		}
	}
}

// BenchmarkAuditFinish5k finishes the stocktake of a 5,000-asset location
// (4,500 found, 500 missing): the result kept, last-audited dates written.
func BenchmarkAuditFinish5k(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	list := make([]assets.Asset, 5000)
	for i := range list {
		list[i] = assets.Asset{Tag: fmt.Sprintf("LOC-%05d", i), Name: fmt.Sprintf("Laptop %d", i), Category: "laptop", Location: "Head office", MAC: fmt.Sprintf("02:00:00:00:%02x:%02x", i/256, i%256)}
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	for range b.N {
		a, err := s.StartAudit(ctx, []string{"Head office"}, "bench")
		if err != nil {
			b.Fatal(err)
		}
		for i := range 4500 {
			if _, err := s.AddAuditScan(ctx, a.ID, "Head office", list[i].Tag); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		res, err := s.FinishAudit(ctx, a.ID)
		b.StopTimer()
		if err != nil || res.Count(assets.OutcomeMissing, "") != 500 {
			b.Fatalf("%v, %d missing", err, res.Count(assets.OutcomeMissing, ""))
		}
	}
}

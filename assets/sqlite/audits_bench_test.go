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

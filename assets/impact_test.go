package assets

import "testing"

func TestContractRenewalTerms(t *testing.T) {
	for _, c := range []struct{ start, end, wantStart, wantEnd string }{
		{"2025-04-01", "2026-03-31", "2026-04-01", "2027-03-31"}, // a year
		{"2024-03-01", "2024-08-31", "2024-09-01", "2025-02-28"}, // six months
		{"", "2026-06-30", "2026-07-01", "2027-06-30"},           // no start: a year
		{"2026-01-10", "2026-01-19", "2026-01-20", "2026-01-29"}, // ten days
	} {
		old := Contract{Provider: "Dell", AssetIDs: []int64{7}, End: MustDate(c.end)}
		if c.start != "" {
			old.Start = MustDate(c.start)
		}
		n := old.Renewal()
		if n.Start.String() != c.wantStart || n.End.String() != c.wantEnd {
			t.Errorf("%s..%s renews as %s..%s, want %s..%s", c.start, c.end, n.Start, n.End, c.wantStart, c.wantEnd)
		}
		n.AssetIDs[0] = 8
		if old.AssetIDs[0] != 7 {
			t.Error("the renewal shares its asset list with the old term")
		}
	}
}

func TestImpactText(t *testing.T) {
	var im Impact
	if im.Text() != "Nothing else in the register refers to it." {
		t.Errorf("empty impact %q", im.Text())
	}
	im.Add(0, "asset loses it", "assets lose it")
	im.Add(1, "seat goes", "seats go")
	im.Add(12, "seat goes", "seats go")
	im.Block(0, "x", "xs")
	if im.Blocked() || im.Text() != "1 seat goes\n12 seats go" {
		t.Errorf("impact %v %q", im.Blocked(), im.Text())
	}
}

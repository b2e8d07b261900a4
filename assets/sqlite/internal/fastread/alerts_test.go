package fastread

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"steward/assets"
)

// TestMergeOrdersAsSortAlerts checks the keyed merge against the
// plain comparison sort on lists built to tie: few dates and severities,
// subjects shared across kinds, zero dates, runs already in order and
// runs reversed, and years the key cannot hold (the fallback).
func TestMergeOrdersAsSortAlerts(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	kinds := []string{"eol", "warranty", "task_overdue", "licence_shortfall", "leaver_holding", "licence_expiry", "some_new_kind", "other_new_kind"}
	for round := range 200 {
		var parts [][]assets.Alert
		id := int64(0)
		for range rnd.IntN(7) {
			var p []assets.Alert
			size := rnd.IntN(300)
			if round%20 == 0 { // large enough for the merge to split its work in two
				size = 2000 + rnd.IntN(2000)
			}
			for range size {
				id++
				a := assets.Alert{
					Kind:     kinds[rnd.IntN(len(kinds))],
					Severity: assets.Severity(rnd.IntN(3)),
					Subject:  fmt.Sprintf("ST-%06d", rnd.IntN(50)),
					Reason:   fmt.Sprint("reason ", id),
					Ref:      assets.Ref{Entity: []string{"asset", "licence"}[rnd.IntN(2)], ID: id},
				}
				if rnd.IntN(10) > 0 { // a tenth keep the zero date
					a.Date = assets.Date{Year: 2025 + rnd.IntN(2), Month: time.Month(1 + rnd.IntN(2)), Day: 28 + rnd.IntN(4)}
				}
				if assets.KindHasImpact(a.Kind) {
					a.Impact = rnd.IntN(4) // few values: ties on impact, then the date decides
				}
				if round%50 == 9 && rnd.IntN(100) == 0 {
					a.Impact = 1 << 24 // an impact beyond the key (or on a kind without one): the plain sort
				}
				if round%50 == 7 && rnd.IntN(100) == 0 {
					a.Date.Year = 20000 // beyond the packed key: the plain sort takes over
				}
				p = append(p, a)
			}
			switch rnd.IntN(3) {
			case 0:
				SortAlerts(p)
			case 1:
				SortAlerts(p)
				slices.Reverse(p)
			}
			parts = append(parts, p)
		}
		var want []assets.Alert
		for _, p := range parts {
			want = append(want, p...)
		}
		SortAlerts(want)
		got := MergeLists(parts)
		if len(want) == 0 {
			if got != nil {
				t.Fatalf("round %d: no alerts should give nil, got %v", round, got)
			}
			continue
		}
		same(t, fmt.Sprint("round ", round), got, want)
		// As Alerts merges: runs of several parts (a family's blocks),
		// sorted on their own, then merged.
		var runs []Run
		for rest := parts; len(rest) > 0; {
			k := 1 + rnd.IntN(len(rest))
			runs = append(runs, SortRun(rest[:k]))
			rest = rest[k:]
		}
		same(t, fmt.Sprint("round ", round, " in ", len(runs), " runs"), Merge(runs), want)
	}
}

func same(t *testing.T, what string, got, want []assets.Alert) {
	t.Helper()
	if !slices.Equal(got, want) {
		for i := range min(len(want), len(got)) {
			if got[i] != want[i] {
				t.Fatalf("%s: alert %d of %d is\n%+v\nwant\n%+v", what, i, len(want), got[i], want[i])
			}
		}
		t.Fatalf("%s: %d alerts, want %d", what, len(got), len(want))
	}
}

// Alerts recycles its families' blocks once merged (Recycle): the merged list must
// not share memory with them, and recycled blocks must come back empty.
func TestRecycledAlertBlocksLeaveTheMergedListAlone(t *testing.T) {
	fill := func(prefix string) *AlertList {
		l := &AlertList{}
		for i := range 3000 {
			l.Add(assets.Alert{Kind: "eol", Severity: assets.Severity(i % 3), Subject: fmt.Sprintf("%s %05d", prefix, i),
				Reason: prefix, Date: assets.MustDate("2026-01-01").AddDays(i % 40), Ref: assets.Ref{Entity: "asset", ID: int64(i)}})
		}
		return l
	}
	first := fill("first")
	out := MergeLists(first.Parts())
	want := slices.Clone(out)
	Recycle(first.Parts())
	second := fill("second")
	for _, p := range second.Parts() {
		for _, a := range p {
			if a.Reason != "second" {
				t.Fatalf("a recycled block kept an alert of the first list: %+v", a)
			}
		}
	}
	if !slices.Equal(out, want) {
		t.Fatal("filling recycled blocks changed the merged list")
	}
	if len(out) != 3000 || out[0].Reason != "first" {
		t.Fatalf("merged list: %d alerts, first %+v", len(out), out[0])
	}
}

package app

import (
	"fmt"
	"hash/fnv"
	"testing"

	"steward/assets"
)

// TestAlertKeyIsTheStoredHash: alertKey is written without fmt now, but
// the keys stored by earlier runs (alerts.seen) must still match, or every
// alert would be announced as new once. The reference is the old formula.
func TestAlertKeyIsTheStoredHash(t *testing.T) {
	old := func(a assets.Alert) uint64 {
		h := fnv.New64a()
		fmt.Fprintf(h, "%s|%s|%d|%s", a.Kind, a.Ref.Entity, a.Ref.ID, a.Date)
		return h.Sum64()
	}
	long := "licence_shortfall_with_a_kind_name_longer_than_the_stack_buffer_of_ninety_six_bytes_used_by_alertKey"
	for _, a := range []assets.Alert{
		{Kind: "eol", Ref: assets.Ref{Entity: "asset", ID: 123}, Date: assets.MustDate("2025-10-14")},
		{Kind: "task_overdue", Ref: assets.Ref{Entity: "task", ID: -7}, Date: assets.MustDate("2028-02-29")},
		{Kind: "licence_expiry", Ref: assets.Ref{Entity: "licence", ID: 0}},
		{Kind: long, Ref: assets.Ref{Entity: "person", ID: 1 << 62}, Date: assets.Date{Year: 12345, Month: 1, Day: 2}},
		{},
	} {
		if got, want := alertKey(a), old(a); got != want {
			t.Fatalf("%+v: key %x, stored keys were %x", a, got, want)
		}
	}
}

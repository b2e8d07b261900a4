package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
)

// TestAlertsCommandOrderIsTheDashboards: `steward alerts` lists the alerts
// in the order the dashboard shows them (the store's Overview, which the
// dashboard lists as it is; app's TestDashboardListFollowsTheOverview),
// and its filters pick what the domain filter picks, in that order.
func TestAlertsCommandOrderIsTheDashboards(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "demo.db")
	if code := run(ctx, []string{"demo", "--db", db}); code != 0 {
		t.Fatalf("demo exit %d", code)
	}
	asOf := assets.Today(time.Now())
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ov, err := s.Overview(ctx, asOf)
	if err != nil {
		t.Fatal(err)
	}
	places, err := s.AlertPlaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(ov.Alerts) < 20 {
		t.Fatalf("the demo register should raise alerts of several kinds, got %d", len(ov.Alerts))
	}
	kinds := map[string]bool{}
	for _, a := range ov.Alerts {
		kinds[a.Kind] = true
	}
	if len(kinds) < 5 {
		t.Fatalf("only %d kinds in the demo: the order test needs more", len(kinds))
	}
	for _, c := range []struct {
		args   []string
		filter assets.AlertFilter
	}{
		{nil, assets.AlertFilter{}},
		{[]string{"--kind", "eol,os_support"}, assets.AlertFilter{Kinds: []string{"eol", "os_support"}}},
		{[]string{"--severity", "critical"}, assets.AlertFilter{Severities: []assets.Severity{assets.SeverityCritical}}},
		{[]string{"--category", "Laptop", "--severity", "warning,critical"}, assets.AlertFilter{Category: "laptop", Severities: []assets.Severity{assets.SeverityWarning, assets.SeverityCritical}}},
		{[]string{"--location", "berlin office"}, assets.AlertFilter{Location: "Berlin Office"}},
	} {
		code, out := capture(t, append([]string{"alerts", "--db", db, "--json"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d", c.args, code)
		}
		var want []assets.Alert
		for _, i := range assets.FilterAlerts(ov.Alerts, c.filter, places) {
			want = append(want, ov.Alerts[i])
		}
		if len(want) == 0 {
			t.Fatalf("%v: the demo has no such alerts; pick another filter", c.args)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != len(want) {
			t.Fatalf("%v: %d alerts printed, the dashboard lists %d", c.args, len(lines), len(want))
		}
		for i, line := range lines {
			w := want[i]
			w.Impact = 0 // not written
			b, _ := json.Marshal(w)
			if line != string(b) {
				t.Fatalf("%v: alert %d is\n%s\nthe dashboard's is\n%s", c.args, i, line, b)
			}
		}
	}
	for _, bad := range [][]string{{"--kind", "eol,nope"}, {"--severity", "high"}, {"--category", "spaceship"}, {"--location", "Atlantis"}} {
		if code, _ := capture(t, append([]string{"alerts", "--db", db}, bad...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", bad, code)
		}
	}
}

package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// listedAlerts is what the dashboard's list shows, row by row through its
// own callbacks: the alerts (headers skipped) and the header texts.
func listedAlerts(c *alertsCard) (list []assets.Alert, headers []string) {
	for row := range c.view.rows() {
		o := c.newRow()
		c.updateRow(row, o)
		if a := c.alertAt(row); a != nil {
			list = append(list, *a)
			continue
		}
		header := o.(*hoverRow).content.(*fyne.Container).Objects[0].(*fyne.Container)
		headers = append(headers, header.Objects[0].(*widget.Label).Text)
	}
	return list, headers
}

// openDashboardWithAlerts is the window on a demo register with alerts of
// several kinds: the demo's people and assets, a leaver holding two
// assets, an overdue loan.
func openDashboardWithAlerts(t *testing.T) (*UI, *dashboard, assets.Overview) {
	t.Helper()
	u, store := newTestUI(t, 300)
	ctx := context.Background()
	ov, err := store.Overview(ctx, u.today())
	if err != nil {
		t.Fatal(err)
	}
	d := u.screens[0].(*dashboard)
	kinds := map[string]bool{}
	for _, a := range ov.Alerts {
		kinds[a.Kind] = true
	}
	if len(ov.Alerts) < 20 || len(kinds) < 3 {
		t.Fatalf("the demo register raises %d alerts of %d kinds: too few to test the ranking", len(ov.Alerts), len(kinds))
	}
	return u, d, ov
}

// TestDashboardListFollowsTheOverview: the list shows the store's alerts
// in its order (the order `steward alerts` prints:
// TestAlertsCommandOrderIsTheDashboards), under one header per severity
// and kind, with the group's count.
func TestDashboardListFollowsTheOverview(t *testing.T) {
	u, d, ov := openDashboardWithAlerts(t)
	got, headers := listedAlerts(d.alerts)
	if !slices.Equal(got, ov.Alerts) {
		t.Fatalf("the list shows %d alerts, not the overview's %d in its order", len(got), len(ov.Alerts))
	}
	for i := 1; i < len(got); i++ {
		if assets.CompareAlerts(&got[i-1], &got[i]) >= 0 {
			t.Fatalf("row %d (%+v) should come after row %d (%+v)", i-1, got[i-1], i, got[i])
		}
	}
	groups := assets.AlertGroups(ov.Alerts)
	if len(headers) != len(groups) {
		t.Fatalf("%d headers for %d groups: %q", len(headers), len(groups), headers)
	}
	for i, g := range groups {
		want := fmt.Sprintf("· %s (%s)", assets.KindTitle(g.Kind), thousands(g.N))
		if !strings.HasSuffix(headers[i], want) || !strings.HasPrefix(strings.ToLower(headers[i]), g.Severity.String()) {
			t.Errorf("header %d is %q, want %s %s", i, headers[i], g.Severity, want)
		}
	}
	screenshot(t, u, "dashboard-ranked")
}

// TestDashboardTiles: each tile counts what its filter picks on the
// overview, and a click on a tile without a screen of its own shows
// exactly those alerts; a second click shows every alert again (the
// others: TestDashboardTilesOpenScreens).
func TestDashboardTiles(t *testing.T) {
	u, d, ov := openDashboardWithAlerts(t)
	if len(d.tileViews) != 9 {
		t.Fatalf("%d tiles, want 9", len(d.tileViews))
	}
	clicked := 0
	for _, tv := range d.tileViews {
		if tv.tile.Devices {
			if tv.count.Text != "0" {
				t.Errorf("unknown devices: %q, want 0 (no scan yet)", tv.count.Text)
			}
			continue
		}
		want := assets.FilterAlerts(ov.Alerts, tv.tile.Filter, nil)
		if tv.count.Text != thousands(len(want)) {
			t.Errorf("tile %q shows %q, its alerts are %d", tv.tile.Title, tv.count.Text, len(want))
		}
		if len(want) == 0 || tileOpensScreen[tv.tile.ID] {
			continue
		}
		clicked++
		test.Tap(tv.btn)
		u.wait()
		got, _ := listedAlerts(d.alerts)
		if len(got) != len(want) {
			t.Fatalf("after a click on %q the list shows %d alerts, want %d", tv.tile.Title, len(got), len(want))
		}
		for i, at := range want {
			if got[i] != ov.Alerts[at] {
				t.Fatalf("tile %q, row %d: %+v, want %+v", tv.tile.Title, i, got[i], ov.Alerts[at])
			}
		}
		if d.alerts.clearBtn.Disabled() || !strings.Contains(d.alerts.summary.Text, tv.tile.Title) {
			t.Errorf("no sign of the tile's filter after a click on %q", tv.tile.Title)
		}
		if clicked == 1 {
			screenshot(t, u, "dashboard-tile")
		}
		test.Tap(tv.btn)
		u.wait()
		if got, _ := listedAlerts(d.alerts); len(got) != len(ov.Alerts) || !d.alerts.clearBtn.Disabled() {
			t.Fatalf("a second click on %q should show every alert, shows %d", tv.tile.Title, len(got))
		}
	}
	if clicked < 2 {
		t.Fatalf("only %d tiles have alerts on the demo register", clicked)
	}
}

// TestDashboardFiltersCombine: the Selects and a tile make one filter; a
// category or location filter reads the records' places first.
func TestDashboardFiltersCombine(t *testing.T) {
	u, d, ov := openDashboardWithAlerts(t)
	places, err := testStore(u).AlertPlaces(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := d.alerts
	check := func(what string, f assets.AlertFilter) int {
		t.Helper()
		u.wait()
		want := assets.FilterAlerts(ov.Alerts, f, places)
		got, _ := listedAlerts(c)
		if len(got) != len(want) {
			t.Fatalf("%s: %d alerts listed, want %d", what, len(got), len(want))
		}
		for i, at := range want {
			if got[i] != ov.Alerts[at] {
				t.Fatalf("%s: row %d is %+v, want %+v", what, i, got[i], ov.Alerts[at])
			}
		}
		if !slices.Equal(want, c.view.idx) && !(f.IsZero() && c.view.idx == nil) {
			t.Fatalf("%s: view %v, want %v", what, c.view.idx, want)
		}
		return len(want)
	}
	eol := assets.KindTitle(assets.AlertEOL)
	c.kindSel.SetSelected(eol)
	nEOL := check("kind", assets.AlertFilter{Kinds: []string{assets.AlertEOL}})
	c.sevSel.SetSelected("Warning")
	nWarn := check("kind and severity", assets.AlertFilter{Kinds: []string{assets.AlertEOL}, Severities: []assets.Severity{assets.SeverityWarning}})
	if nWarn >= nEOL {
		t.Fatalf("severity should narrow the kind: %d of %d", nWarn, nEOL)
	}
	c.catSel.SetSelected("Laptop")
	check("kind, severity and category", assets.AlertFilter{Kinds: []string{assets.AlertEOL}, Severities: []assets.Severity{assets.SeverityWarning}, Category: "laptop"})
	c.sevSel.SetSelected(alertAllSeverities)
	c.kindSel.SetSelected(alertAllKinds)
	if len(c.locSel.Options) < 2 {
		t.Fatal("no locations to filter by")
	}
	loc := c.locSel.Options[1]
	c.locSel.SetSelected(loc)
	check("category and location", assets.AlertFilter{Category: "laptop", Location: loc})
	screenshot(t, u, "dashboard-filtered")
	// A tile resets the Selects and then combines with them.
	var refresh *tileView
	for _, tv := range d.tileViews {
		if tv.tile.ID == "refresh" {
			refresh = tv
		}
	}
	test.Tap(refresh.btn)
	check("tile", refresh.tile.Filter)
	c.catSel.SetSelected("Laptop")
	check("tile and category", refresh.tile.Filter.And(assets.AlertFilter{Category: "laptop"}))
	c.showTile(nil)
	c.catSel.SetSelected(alertAllCategories)
	check("nothing", assets.AlertFilter{})
}

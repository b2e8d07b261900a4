package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"steward/assets"
	"steward/assets/demo"
)

// tileOpensScreen is the tiles that open another screen.
var tileOpensScreen = map[string]bool{"leavers": true, "shortfalls": true, "expired_in_use": true, "training": true}

// tileRefs is the record IDs of the alerts a tile counts, sorted.
func tileRefs(ov assets.Overview, t assets.Tile) []int64 {
	var ids []int64
	for _, i := range assets.FilterAlerts(ov.Alerts, t.Filter, nil) {
		ids = append(ids, ov.Alerts[i].Ref.ID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// TestDashboardTilesOpenScreens: on the demo office each tile with a
// screen of its own lands there showing exactly the records the tile
// counts (People: the leavers holding equipment; Licences: the shortfalls,
// the expired ones in use; Training: the compliance matrix); the other
// tiles stay on the dashboard and filter its alert list.
func TestDashboardTilesOpenScreens(t *testing.T) {
	u, store := newTestUI(t, 0)
	fillDemoOffice(t, store, demo.Config{Seed: 1, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	u.ShowScreen("Charts") // the dashboard reads the register again on the way back
	u.ShowScreen("Dashboard")
	u.wait()
	ov, err := store.Overview(context.Background(), u.today())
	if err != nil {
		t.Fatal(err)
	}
	d := screenOf[*dashboard](t, u)
	people := screenOf[*peopleScreen](t, u)
	licences := screenOf[*licencesScreen](t, u)
	training := screenOf[*trainingScreen](t, u)
	title := func() string { return u.screens[u.current].title() }
	for _, tv := range d.tileViews {
		if tv.tile.Devices {
			continue
		}
		want := tileRefs(ov, tv.tile)
		if tv.count.Text != thousands(len(assets.FilterAlerts(ov.Alerts, tv.tile.Filter, nil))) {
			t.Fatalf("tile %q shows %q", tv.tile.Title, tv.count.Text)
		}
		test.Tap(tv.btn)
		u.wait()
		var got []int64
		switch tv.tile.ID {
		case "leavers":
			if title() != "People" || !people.leavers.Checked {
				t.Fatalf("%q opened %s (leavers ticked: %v), want People with the leavers filter", tv.tile.Title, title(), people.leavers.Checked)
			}
			for _, r := range people.rows {
				got = append(got, r.ID)
			}
		case "shortfalls", "expired_in_use":
			code := map[string]string{"shortfalls": assets.LicenceFilterShortfall, "expired_in_use": assets.LicenceFilterExpiredInUse}[tv.tile.ID]
			if title() != "Licences" || licenceFilters[licences.filter.SelectedIndex()].code != code {
				t.Fatalf("%q opened %s with filter %q, want Licences with %q", tv.tile.Title, title(), licences.filter.Selected, code)
			}
			for _, r := range licences.rows {
				got = append(got, r.ID)
			}
		case "training":
			if title() != "Training" || training.tabs.SelectedIndex() != 0 {
				t.Fatalf("%q opened %s, want Training's Compliance tab", tv.tile.Title, title())
			}
			got = want // the matrix counts by department and course, not by alert
		default:
			if tileOpensScreen[tv.tile.ID] {
				t.Fatalf("no check for %q", tv.tile.Title)
			}
			if title() != "Dashboard" || d.alerts.tile == nil || d.alerts.tile.ID != tv.tile.ID {
				t.Fatalf("%q opened %s, want the dashboard's list filtered to it", tv.tile.Title, title())
			}
			list, _ := listedAlerts(d.alerts)
			for _, a := range list {
				got = append(got, a.Ref.ID)
			}
			test.Tap(tv.btn) // back to every alert
			u.wait()
		}
		slices.Sort(got)
		got = slices.Compact(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q shows records %v, the tile counts %v", tv.tile.Title, got, want)
		}
		if len(want) > 0 && title() != "Dashboard" {
			screenshot(t, u, "tile-"+tv.tile.ID)
		}
		u.ShowScreen("Dashboard")
		u.wait()
	}
	for _, id := range []string{"leavers", "shortfalls", "expired_in_use"} {
		for _, tv := range d.tileViews {
			if tv.tile.ID == id && tv.tile.N == 0 {
				t.Errorf("the demo office has no %q: the test shows nothing for it", id)
			}
		}
	}
}

package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"steward/assets"
)

// TestOverviewKeepsAlertsUntilDatabaseChanges: the overview of an
// unchanged database hands back the alert list computed before (the
// dashboard opened again); a commit, another day, another catalog or
// ForgetAlerts makes it compute afresh and the change shows. The counts
// are read every time.
func TestOverviewKeepsAlertsUntilDatabaseChanges(t *testing.T) {
	store := openTest(t)
	ctx := context.Background()
	anna := assets.Person{Name: "Anna Berg", Email: "anna@example.org"}
	ben := assets.Person{Name: "Ben Ode", Email: "ben@example.org"}
	for _, p := range []*assets.Person{&anna, &ben} {
		if err := store.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	l := assets.Licence{Product: "Visio", Vendor: "Microsoft", Type: assets.LicencePerSeat, Seats: 1}
	if err := store.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	seat := assets.SeatAssignment{LicenceID: l.ID, PersonID: anna.ID}
	for _, a := range []*assets.SeatAssignment{&seat, {LicenceID: l.ID, PersonID: ben.ID}} {
		if err := store.AssignSeat(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	shortfall := func(list []assets.Alert) bool {
		for _, a := range list {
			if a.Kind == assets.AlertLicenceShortfall {
				return true
			}
		}
		return false
	}
	asOf := assets.MustDate("2026-03-01")
	overview := func(asOf assets.Date) assets.Overview {
		t.Helper()
		ov, err := store.Overview(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		return ov
	}
	first := overview(asOf)
	if !shortfall(first.Alerts) {
		t.Fatalf("no shortfall alert in %+v", first.Alerts)
	}
	if want, err := store.Alerts(ctx, first.Options); err != nil || !slices.Equal(first.Alerts, want) {
		t.Fatalf("the overview's alerts differ from Alerts (%v):\n%+v\n%+v", err, first.Alerts, want)
	}
	again := overview(asOf)
	if &again.Alerts[0] != &first.Alerts[0] {
		t.Fatal("the unchanged database's alerts were computed again")
	}
	nextDay := overview(asOf.AddDays(1))
	if &nextDay.Alerts[0] == &first.Alerts[0] || nextDay.Options.AsOf != asOf.AddDays(1) {
		t.Fatal("another day reused the list computed for the day before")
	}
	store.ForgetAlerts()
	if forgotten := overview(asOf.AddDays(1)); &forgotten.Alerts[0] == &nextDay.Alerts[0] {
		t.Fatal("ForgetAlerts kept the list")
	}
	kept := overview(asOf.AddDays(1))
	store.SetEOLCatalog(nil)
	if fresh := overview(asOf.AddDays(1)); &fresh.Alerts[0] == &kept.Alerts[0] {
		t.Fatal("a new end-of-life catalog reused the list computed with the old one")
	}
	if err := store.SetSetting(ctx, assets.SettingWarnDays, "10"); err != nil {
		t.Fatal(err)
	}
	if narrow := overview(asOf.AddDays(1)); narrow.Options.WarnDays != 10 {
		t.Fatalf("the new window is not used: %+v", narrow.Options)
	}
	if err := store.UnassignSeat(ctx, seat.ID); err != nil {
		t.Fatal(err)
	}
	after := overview(asOf.AddDays(1))
	if shortfall(after.Alerts) {
		t.Fatalf("the shortfall alert outlived the seat that caused it: %+v", after.Alerts)
	}
	// The counts follow the register on every call, the alerts kept or not.
	if n := countOf(after.ByStatus); n != 0 {
		t.Fatalf("no assets yet, the overview counts %d", n)
	}
	a := assets.Asset{Tag: "ST-1", Name: "Laptop", Category: "laptop", Status: assets.StatusInStock}
	if err := store.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	withAsset := overview(asOf.AddDays(1))
	if countOf(withAsset.ByStatus) != 1 || countOf(withAsset.ByCategory) != 1 {
		t.Fatalf("one asset, the overview counts %+v by status and %+v by category", withAsset.ByStatus, withAsset.ByCategory)
	}
	withAsset2 := overview(asOf.AddDays(1))
	if len(withAsset.Alerts) > 0 && &withAsset2.Alerts[0] != &withAsset.Alerts[0] {
		t.Fatal("the unchanged database's alerts were computed again")
	}
}

func countOf(counts []assets.Count) int {
	n := 0
	for _, c := range counts {
		n += c.N
	}
	return n
}

package app

import (
	"context"
	"testing"

	"steward/assets"
)

// TestAlertCacheReusesUntilDatabaseChanges: reopening the dashboard on an
// unchanged database hands back the list computed before; a commit, or
// another day, makes it compute afresh and the change shows.
func TestAlertCacheReusesUntilDatabaseChanges(t *testing.T) {
	store := newStore(t)
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
	var cache alertCache
	first, err := loadAlerts(ctx, store, asOf, &cache)
	if err != nil {
		t.Fatal(err)
	}
	if !shortfall(first.alerts) {
		t.Fatalf("no shortfall alert in %+v", first.alerts)
	}
	again, err := loadAlerts(ctx, store, asOf, &cache)
	if err != nil {
		t.Fatal(err)
	}
	if &again.alerts[0] != &first.alerts[0] {
		t.Fatal("the unchanged database's alerts were computed again")
	}
	nextDay, err := loadAlerts(ctx, store, asOf.AddDays(1), &cache)
	if err != nil {
		t.Fatal(err)
	}
	if &nextDay.alerts[0] == &first.alerts[0] || nextDay.opt.AsOf != asOf.AddDays(1) {
		t.Fatal("another day reused the list computed for the day before")
	}
	if err := store.UnassignSeat(ctx, seat.ID); err != nil {
		t.Fatal(err)
	}
	after, err := loadAlerts(ctx, store, asOf.AddDays(1), &cache)
	if err != nil {
		t.Fatal(err)
	}
	if shortfall(after.alerts) {
		t.Fatalf("the shortfall alert outlived the seat that caused it: %+v", after.alerts)
	}
}

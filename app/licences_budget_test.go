package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"steward/assets"
)

// The licence form carries the budget's "renews" flag and term.
func TestLicenceFormRenewsAndTerm(t *testing.T) {
	u := newSettingsUI(t, Services{})
	if !u.ShowScreen("Licences") {
		t.Fatal("no Licences screen")
	}
	u.wait()
	var s *licencesScreen
	for _, sc := range u.screens {
		if ls, ok := sc.(*licencesScreen); ok {
			s = ls
		}
	}
	s.showForm(nil)
	d := topDialog(u)
	entry := func(placeholder string) *dialogEntry {
		e, ok := find(d, func(e *dialogEntry) bool { return e.PlaceHolder == placeholder })
		if !ok {
			t.Fatalf("no field %q", placeholder)
		}
		return e
	}
	entry("Microsoft 365 Business Standard").SetText("CAD Suite")
	seats, _ := find(d, func(e *dialogEntry) bool { return e.Text == "1" })
	seats.SetText("5")
	entry("0.00").SetText("1200")
	entry("EUR").SetText("EUR")
	entry("12 for a subscription").SetText("24")
	renews, ok := find(d, func(c *dialogCheck) bool { return c.Text == "Renews at its end (the budget plans the renewal)" })
	if !ok || !renews.Checked {
		t.Fatal("no renews box, or not ticked for a new licence")
	}
	test.Tap(renews)
	test.Tap(button(d, "Save"))
	u.wait()
	list, err := testStore(u).ListLicences(context.Background(), assets.LicenceQuery{})
	if err != nil || len(list) != 1 || !list[0].NoRenew || list[0].TermMonths != 24 || list[0].Product != "CAD Suite" {
		t.Fatalf("saved %+v %v", list, err)
	}
}

package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"steward/assets"
)

// A save says what it did in the status line with a link that opens the
// record, and a new asset shows even when the search in force would hide
// it. Licences say so too (they said nothing).
func TestSavesNameTheRecordWithALink(t *testing.T) {
	u, _ := newTestUI(t, 30)
	s := openAssets(t, u)
	s.search.SetText("ST-000002") // a search the new asset does not match
	s.runSearch()
	u.wait()

	s.newItem()
	u.wait()
	f := s.form
	typeInto(t, u, f.name, "Zebra ZD421")
	typeInto(t, u, f.category, "Printer")
	test.Tap(f.save)
	u.wait()
	if !strings.HasPrefix(u.said.Text, "Saved ST-000031 Zebra ZD421") || !u.saidLink.Visible() {
		t.Fatalf("status line %q, link shown %v", u.said.Text, u.saidLink.Visible())
	}
	id := s.selectedID
	shown := false
	for _, a := range s.rows {
		shown = shown || (a.ID == id && a.Tag == "ST-000031")
	}
	if id == 0 || !shown || s.selected.ID != id {
		t.Fatalf("the new asset is not shown and selected (selected %d, %d rows)", id, len(s.rows))
	}

	// The link opens the asset from another screen.
	u.ShowScreen("Upgrades")
	u.wait()
	u.saidLink.OnTapped() // a tap must land on its text; Fyne's test tap lands at 0,0
	u.wait()
	if u.screens[u.current] != screen(s) || s.selected.ID != id {
		t.Fatalf("the link opened %s, asset %d", u.screens[u.current].title(), s.selected.ID)
	}

	ls := openScreen[*licencesScreen](t, u, "Licences")
	ls.saveLicence(assets.Licence{Product: "Visio Plan 2", Vendor: "Microsoft", Type: assets.LicencePerSeat, Seats: 5}, false)
	u.wait()
	if u.said.Text != "Saved the licence Visio Plan 2." || u.saidLink.Text != "Open the licence" || !u.saidLink.Visible() {
		t.Fatalf("after a licence save: %q, link %q shown %v", u.said.Text, u.saidLink.Text, u.saidLink.Visible())
	}

	// A deletion names the record and links nowhere.
	u.ShowScreen("Assets")
	u.wait()
	s.deleteSelected()
	u.wait()
	tapOnTop(t, u, "Delete")
	u.wait()
	if !strings.HasPrefix(u.said.Text, "Deleted ST-000031") || u.saidLink.Visible() {
		t.Fatalf("after a deletion: %q, link shown %v", u.said.Text, u.saidLink.Visible())
	}
}

package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"steward/assets"
)

// A bulk change previews what it will do, then does it in one transaction
// with one history row per asset changed; a new holder goes through
// hand-overs.
func TestBulkChangePreviewThenApply(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ann := mustPerson(t, s, "Ann Archer", "ann@example.org", "Sales")
	bob := mustPerson(t, s, "Bob Baker", "bob@example.org", "IT")
	a1 := mustAsset(t, s, "Laptop one", "laptop", 0)
	a2 := mustAsset(t, s, "Laptop two", "laptop", ann.ID)
	a3 := mustAsset(t, s, "Laptop three", "laptop", 0)
	old := mustAsset(t, s, "Old laptop", "laptop", 0)
	old.Status = assets.StatusRetired
	if err := s.UpdateAsset(ctx, &old); err != nil {
		t.Fatal(err)
	}
	sel := assets.BulkSelection{IDs: []int64{a1.ID, a2.ID, a3.ID, old.ID}}
	change := assets.BulkChange{Location: "Annex", SetHolder: true, Holder: assets.Person{ID: bob.ID}, On: assets.MustDate("2026-03-02")}

	sum, err := s.PreviewBulkChange(ctx, sel, change)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(sum.Lines(), "\n")
	for _, want := range []string{"4 assets selected: 3 change, 1 cannot be changed.", "Location to Annex: 3 assets (3 from none).",
		"Holder to Bob Baker: 3 assets (2 from none, 1 from Ann Archer).", "1 is checked in from its previous holder first.",
		"Left out: " + old.Tag + " is retired: only assets in stock, deployed or in repair can be handed to someone."} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	if got, _ := s.Asset(ctx, a1.ID); got.Location != "" || got.AssignedTo != 0 {
		t.Fatalf("the preview changed the asset: %+v", got)
	}

	done, err := s.ApplyBulkChange(ctx, sel, change)
	if err != nil {
		t.Fatal(err)
	}
	if done.Changing != 3 || len(done.Refused) != 1 || done.CheckOuts != 3 || done.CheckIns != 1 {
		t.Fatalf("applied: %+v", done)
	}
	for _, id := range []int64{a1.ID, a2.ID, a3.ID} {
		got, _ := s.Asset(ctx, id)
		if got.Location != "Annex" || got.AssignedTo != bob.ID || got.Status != assets.StatusDeployed {
			t.Fatalf("after the change: %+v", got)
		}
		hist, _ := s.History(ctx, "asset", id)
		bulk := 0
		for _, h := range hist {
			if h.Action == "bulk" {
				bulk++
			}
		}
		if bulk != 1 || hist[0].Action != "bulk" || !strings.Contains(hist[0].New, "location: none -> Annex") || !strings.Contains(hist[0].New, "holder: ") {
			t.Fatalf("history of %d: %+v", id, hist)
		}
		hs, _ := s.Handovers(ctx, id, 0)
		if len(hs) == 0 || !hs[0].Open() || hs[0].PersonID != bob.ID || hs[0].CheckedOut.String() != "2026-03-02" {
			t.Fatalf("hand-overs of %d: %+v", id, hs)
		}
	}
	if hs, _ := s.Handovers(ctx, a2.ID, 0); len(hs) != 2 || hs[1].PersonName != "Ann Archer" || hs[1].CheckedIn.String() != "2026-03-02" {
		t.Fatalf("Ann's hand-back: %+v", hs)
	}
	if got, _ := s.Asset(ctx, old.ID); got.Location != "" || got.AssignedTo != 0 {
		t.Fatalf("the refused asset changed: %+v", got)
	}
	if hist, _ := s.History(ctx, "person", ann.ID); len(hist) == 0 || hist[0].Action != "checkin" {
		t.Fatalf("Ann's history: %+v", hist)
	}
	// Searching by the holder finds the new one.
	page, err := s.ListAssets(ctx, assets.AssetQuery{Search: "Baker"})
	if err != nil || len(page.Assets) != 3 {
		t.Fatalf("search by the new holder: %d, %v", len(page.Assets), err)
	}

	// Again: nothing changes, nothing is written.
	again, err := s.ApplyBulkChange(ctx, assets.BulkSelection{IDs: []int64{a1.ID, a2.ID, a3.ID}}, change)
	if err != nil || again.Changing != 0 || again.Unchanged != 3 {
		t.Fatalf("second run: %+v, %v", again, err)
	}
	if hist, _ := s.History(ctx, "asset", a1.ID); hist[1].Action == "bulk" && hist[0].Action == "bulk" {
		t.Fatalf("a no-op wrote history: %+v", hist[:2])
	}
}

// By filter: every asset the query matches, status and category at once;
// back to nobody checks the held ones in.
func TestBulkChangeByFilter(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ann := mustPerson(t, s, "Ann Archer", "ann@example.org", "Sales")
	var ids []int64
	for i := range 5 {
		holder := int64(0)
		if i%2 == 0 {
			holder = ann.ID
		}
		ids = append(ids, mustAsset(t, s, "Phone", "phone", holder).ID)
	}
	mustAsset(t, s, "Laptop", "laptop", 0)
	q := assets.AssetQuery{Category: "phone"}
	sum, err := s.ApplyBulkChange(ctx, assets.BulkSelection{Query: &q}, assets.BulkChange{Category: "Mobile", SetHolder: true, On: assets.MustDate("2026-03-05")})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Selected != 5 || sum.Changing != 5 || sum.CheckIns != 3 {
		t.Fatalf("summary %+v", sum)
	}
	for _, id := range ids {
		got, _ := s.Asset(ctx, id)
		if got.Category != "mobile" || got.AssignedTo != 0 || got.Status != assets.StatusInStock {
			t.Fatalf("after: %+v", got)
		}
	}
	cats, _ := s.Categories(ctx)
	found := false
	for _, c := range cats {
		found = found || c.Name == "mobile"
	}
	if !found {
		t.Fatal("the new category was not added")
	}
	if _, err := s.ApplyBulkChange(ctx, assets.BulkSelection{Query: &q}, assets.BulkChange{}); err == nil || !strings.Contains(err.Error(), "choose what to change") {
		t.Fatalf("empty change: %v", err)
	}
	left := mustPerson(t, s, "Gone", "gone@example.org", "")
	left.Status = assets.PersonLeft
	if err := s.UpdatePerson(ctx, &left); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PreviewBulkChange(ctx, assets.BulkSelection{IDs: ids}, assets.BulkChange{SetHolder: true, Holder: assets.Person{ID: left.ID}, On: assets.MustDate("2026-03-05")}); err == nil || !strings.Contains(err.Error(), "has left") {
		t.Fatalf("to a leaver: %v", err)
	}
}

package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// Marked by hand: a new location and holder for two assets, with the
// summary shown before anything is written, then one history row each.
func TestBulkChangeMarkedWithSummary(t *testing.T) {
	f := newHandoverFixture(t)
	u := f.u
	ctx := context.Background()
	s := openAssets(t, u)
	markRow(t, s, 0)
	markRow(t, s, 1)
	test.Tap(s.assetMarks().change)
	u.wait()
	if scope := formWidget[*widget.RadioGroup](t, u, "Apply to"); scope.Selected != "The 2 marked assets" || len(scope.Options) != 2 {
		t.Fatalf("scope %q of %q", scope.Selected, scope.Options)
	}
	// Nothing chosen: it says what to do.
	tapButton(t, u, "Review…")
	if !strings.Contains(texts(topDialog(u)), "choose what to change: status, location, category or holder") {
		t.Fatalf("empty change:\n%s", texts(topDialog(u)))
	}
	formWidget[*dialogSelectEntry](t, u, "Location").SetText("Annex")
	formWidget[*dialogSelect](t, u, "Holder").SetSelected(holderPerson)
	who := pickerField(t, u, "Type a name")
	typeAndWait(t, u, who, "noah")
	tapListed(t, u, "Noah O'Brien")
	tapButton(t, u, "Review…")
	summary := texts(topDialog(u))
	for _, want := range []string{"Change 2 assets?", "2 assets selected: 2 change.", "Location to Annex: 2 assets (2 from HQ).",
		"Holder to Noah O'Brien: 2 assets (2 from none)."} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if got, _ := f.st.Asset(ctx, f.lap1.ID); got.Location != "HQ" {
		t.Fatal("the summary changed the asset")
	}
	// Back: the form is still there to adjust; nothing was written.
	tapButton(t, u, "Back")
	if formWidget[*dialogSelectEntry](t, u, "Location").Text != "Annex" {
		t.Fatal("Back lost the form")
	}
	tapButton(t, u, "Review…")
	tapButton(t, u, "Apply to 2")
	if topDialog(u) != nil {
		t.Fatalf("a dialog stayed:\n%s", texts(topDialog(u)))
	}
	for _, a := range []assets.Asset{f.lap1, f.lap2} {
		got, _ := f.st.Asset(ctx, a.ID)
		if got.Location != "Annex" || got.AssignedTo != f.noah.ID || got.Status != assets.StatusDeployed {
			t.Fatalf("%s after: %+v", a.Tag, got)
		}
		hist, _ := f.st.History(ctx, "asset", a.ID)
		if hist[0].Action != "bulk" || hist[0].Text() != "bulk: status: In stock -> Deployed; location: HQ -> Annex; holder: none -> Noah O'Brien" {
			t.Fatalf("%s history: %+v", a.Tag, hist[0])
		}
		if hist[1].Action == "bulk" {
			t.Fatalf("%s has two bulk rows", a.Tag)
		}
	}
	if got, _ := f.st.Asset(ctx, f.phone.ID); got.Location != "HQ" || got.AssignedTo != 0 {
		t.Fatalf("an unmarked asset changed: %+v", got)
	}
	if !strings.HasPrefix(u.said.Text, "Changed 2 assets: status to Deployed, location to Annex, holder to Noah O'Brien.") {
		t.Fatalf("status line %q", u.said.Text)
	}
	if len(s.assetMarks().order) != 0 {
		t.Fatal("the marks stayed after the change")
	}
}

// By the filter: every laptop the list shows retires in one step; the one
// already retired is counted as such, the phone is untouched.
func TestBulkChangeByFilter(t *testing.T) {
	f := newHandoverFixture(t)
	u := f.u
	ctx := context.Background()
	s := openAssets(t, u)
	s.catSel.SetSelected("Laptop")
	u.wait()
	if s.matched != 3 {
		t.Fatalf("laptops shown: %d", s.matched)
	}
	m := s.assetMarks()
	if m.change.Text != "Change all shown…" {
		t.Fatalf("bar: %q", m.change.Text)
	}
	test.Tap(m.change)
	u.wait()
	scope := formWidget[*widget.RadioGroup](t, u, "Apply to")
	if len(scope.Options) != 1 || scope.Selected != "All 3 assets the list shows (search and filters)" {
		t.Fatalf("scope %q", scope.Options)
	}
	formWidget[*dialogSelect](t, u, "Status").SetSelected("Retired")
	formWidget[*dialogSelect](t, u, "Category").SetSelected("Desktop")
	tapButton(t, u, "Review…")
	summary := texts(topDialog(u))
	for _, want := range []string{"3 assets selected: 3 change.", "Status to Retired: 2 assets (2 from In stock).", "Category to desktop: 3 assets (3 from laptop)."} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	tapButton(t, u, "Apply to 3")
	for _, a := range []assets.Asset{f.lap1, f.lap2, f.retired} {
		got, _ := f.st.Asset(ctx, a.ID)
		if got.Status != assets.StatusRetired || got.Category != "desktop" {
			t.Fatalf("%s after: %+v", a.Tag, got)
		}
	}
	if got, _ := f.st.Asset(ctx, f.phone.ID); got.Status != assets.StatusInStock || got.Category != "phone" {
		t.Fatalf("the phone changed: %+v", got)
	}
}

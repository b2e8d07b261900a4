package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/sqlite"
)

// The Visits screen: take a location away, then bring the bundle back:
// the review lists the conflict with both values, the visit's is chosen,
// and the check-in applies it.
func TestVisitScreen(t *testing.T) {
	ctx := context.Background()
	u := newSettingsUI(t, Services{})
	st := testStore(u)
	for _, a := range []assets.Asset{
		{Tag: "HV-001", Name: "Reception PC", Category: "desktop", Location: "Hagvik office"},
		{Tag: "HV-005", Name: "Switch", Category: "network", Location: "Store room"},
	} {
		if err := st.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	if !u.ShowScreen("Visits") {
		t.Fatal("no Visits screen in the sidebar")
	}
	u.wait()
	s := u.screens[u.current].(*visitScreen)
	if len(s.placeBox.Objects) != 2 || !s.takeBtn.Disabled() {
		t.Fatalf("%d locations; take enabled with none ticked: %v", len(s.placeBox.Objects), !s.takeBtn.Disabled())
	}
	test.Tap(s.placeBox.Objects[0].(*widget.Check))
	bundle := filepath.Join(t.TempDir(), "hagvik.steward")
	test.Type(s.outPath, bundle)
	test.Tap(s.takeBtn)
	u.wait()
	if !strings.Contains(s.taken.Text, "Took 1 asset (Hagvik office)") {
		t.Fatalf("after take: %q", s.taken.Text)
	}

	// Both sides change HV-001's status.
	b, err := sqlite.Open(ctx, bundle)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := b.AssetByTag(ctx, "HV-001")
	a.Status = assets.StatusInRepair
	if err := b.UpdateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	b.Close()
	a, _ = st.AssetByTag(ctx, "HV-001")
	a.Status = assets.StatusRetired
	if err := st.UpdateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}

	test.Type(s.inPath, bundle)
	test.Tap(s.reviewBtn)
	u.wait()
	if len(s.choices) != 1 || s.applyBtn.Disabled() || !strings.Contains(s.summary.Text, "1 conflict to decide") {
		t.Fatalf("review: %q, %d choices", s.summary.Text, len(s.choices))
	}
	if got, _ := st.AssetByTag(ctx, "HV-001"); got.Status != assets.StatusRetired {
		t.Fatalf("the review changed the register: %s", got.Status)
	}
	s.choices[0].SetSelected(choiceMine)
	test.Tap(s.applyBtn)
	u.wait()
	if got, _ := st.AssetByTag(ctx, "HV-001"); got.Status != assets.StatusInRepair {
		t.Errorf("after check-in with the visit's value: %s", got.Status)
	}
	if !strings.Contains(s.summary.Text, "Checked in") || !s.applyBtn.Disabled() {
		t.Errorf("after check-in: %q", s.summary.Text)
	}
}

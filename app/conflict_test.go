package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"steward/assets"
)

// Two people edit the same asset: the second save is refused, the dialog
// shows theirs beside yours field by field; "Save mine" saves over theirs,
// "Keep theirs" reloads the form with the stored values.
func TestAssetFormConflictDialog(t *testing.T) {
	ctx := context.Background()
	u := newSettingsUI(t, Services{})
	st := testStore(u)
	a := assets.Asset{Name: "Laptop", Category: "laptop", Location: "Leeds"}
	if err := st.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	s := openAssets(t, u)
	opened, _ := st.Asset(ctx, a.ID)

	// Somebody else saves the asset while this form is open.
	for round, choice := range []string{"Save mine", "Keep theirs"} {
		s.openForm(opened)
		u.wait()
		f := s.form
		theirs, _ := st.Asset(ctx, a.ID)
		theirs.Location = []string{"York", "Hull"}[round]
		if err := st.UpdateAsset(ctx, &theirs); err != nil {
			t.Fatal(err)
		}
		f.notes.SetText("mine " + choice)
		test.Tap(f.save)
		u.wait()
		d := topDialog(u)
		all := texts(d)
		for _, want := range []string{"Changed by someone else", "Location", theirs.Location, "Leeds", "Notes", "mine " + choice} {
			if !strings.Contains(all, want) {
				t.Fatalf("%s: conflict dialog lacks %q: %s", choice, want, all)
			}
		}
		b := button(d, choice)
		if b == nil {
			t.Fatalf("no %q button", choice)
		}
		test.Tap(b)
		u.wait()
		got, _ := st.Asset(ctx, a.ID)
		switch choice {
		case "Save mine":
			if got.Notes != "mine Save mine" || got.Location != "Leeds" {
				t.Errorf("after save mine: %+v", got)
			}
			if s.form != nil {
				t.Error("the form stayed open after save mine")
			}
		case "Keep theirs":
			if got.Location != "Hull" || got.Notes != "mine Save mine" {
				t.Errorf("keep theirs changed the register: %+v", got)
			}
			if s.form == nil || f.location.Text != "Hull" || f.notes.Text != "mine Save mine" {
				t.Fatalf("form not reloaded with theirs")
			}
			// Saved now, from theirs, it goes through.
			f.serial.SetText("SN-9")
			test.Tap(f.save)
			u.wait()
			if got, _ := st.Asset(ctx, a.ID); got.Serial != "SN-9" || got.Location != "Hull" {
				t.Errorf("save after keep theirs: %+v", got)
			}
		}
		// The next round opens a fresh copy that goes stale the same way.
		opened, _ = st.Asset(ctx, a.ID)
	}
}

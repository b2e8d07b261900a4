package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// The asset form is the dialog people use most: its fields sit in a page
// that scrolls with the wheel, and three of them are lists one can type
// into. Escape and Enter must reach the dialog from every kind of field.
func TestAssetFormKeysFromEveryKindOfField(t *testing.T) {
	u, store := newTestUI(t, 3)
	s := openAssets(t, u)

	open := func() *assetForm {
		t.Helper()
		s.newItem()
		u.wait()
		if s.form == nil {
			t.Fatal("the form did not open")
		}
		return s.form
	}
	for _, c := range []struct {
		name  string
		field func(f *assetForm) fyne.Focusable
	}{
		{"name (a field)", func(f *assetForm) fyne.Focusable { return f.name }},
		{"category (a list to type into)", func(f *assetForm) fyne.Focusable { return f.category }},
		{"status (a list)", func(f *assetForm) fyne.Focusable { return f.status }},
		{"assigned to (a search)", func(f *assetForm) fyne.Focusable { return f.assigned }},
	} {
		f := open()
		u.win.Canvas().Focus(c.field(f))
		pressKey(u, fyne.KeyEscape)
		if s.form != nil || len(u.dialogs) != 0 {
			t.Fatalf("Escape in %s left the form open", c.name)
		}
	}

	f := open()
	typeInto(t, u, f.name, "Brother QL-820 label printer")
	typeInto(t, u, f.category, "Printer")
	pressKey(u, fyne.KeyReturn) // in the category list
	if s.form != nil {
		t.Fatalf("Enter in the category list did not save: %q", f.general.Text)
	}
	f = open()
	typeInto(t, u, f.category, "Printer")
	typeInto(t, u, f.name, "Zebra ZD421")
	pressKey(u, fyne.KeyReturn) // in the name field
	if s.form != nil {
		t.Fatalf("Enter in the name field did not save: %q", f.general.Text)
	}
	n, err := store.CountAssets(t.Context(), assets.AssetQuery{})
	if err != nil || n != 5 {
		t.Fatalf("%d assets after two saves with Enter (%v), want 5", n, err)
	}
}

// The hand-over dialogs: Escape from the condition list, the receipt tick
// and the person list once a match was clicked; Enter from the condition
// list checks in.
func TestHandoverDialogKeysFromListsAndTicks(t *testing.T) {
	f := newHandoverFixture(t)
	u := f.u
	s := openAssets(t, u)
	m := s.assetMarks()
	markRow(t, s, 0)

	openOut := func() {
		t.Helper()
		test.Tap(m.out)
		u.wait()
		if topDialog(u) == nil {
			t.Fatal("no check-out dialog")
		}
	}
	openOut()
	sel, ok := find(topDialog(u), func(*dialogSelect) bool { return true })
	if !ok {
		t.Fatal("the check-out dialog has no condition list of ours")
	}
	u.win.Canvas().Focus(sel)
	pressKey(u, fyne.KeyEscape)
	if topDialog(u) != nil {
		t.Fatal("Escape in the condition list left the check-out open")
	}
	openOut()
	tick, ok := find(topDialog(u), func(*dialogCheck) bool { return true })
	if !ok {
		t.Fatal("the check-out dialog has no receipt tick of ours")
	}
	u.win.Canvas().Focus(tick)
	pressKey(u, fyne.KeyEscape)
	if topDialog(u) != nil {
		t.Fatal("Escape on the receipt tick left the check-out open")
	}
	openOut()
	who := pickerField(t, u, "Type a name")
	typeAndWait(t, u, who, "Ann")
	// The people's list lies beside their field.
	box, ok := find(topDialog(u), func(c *fyne.Container) bool { return slices.Contains(c.Objects, fyne.CanvasObject(who)) })
	if !ok {
		t.Fatal("no box holding the person field")
	}
	list, ok := find[*widget.List](box, func(*widget.List) bool { return true })
	if !ok {
		t.Fatal("no list of people")
	}
	if list.Length() == 0 {
		t.Fatal("no person matches Ann")
	}
	u.win.Canvas().Focus(list) // as a click on a row does
	list.Select(0)
	u.wait()
	pressKey(u, fyne.KeyEscape)
	if topDialog(u) != nil {
		t.Fatalf("Escape after clicking a person left the check-out open (focus on %T)", u.win.Canvas().Focused())
	}

	// Enter in the condition list checks out, and in the check-in's lists
	// checks in.
	openOut()
	who = pickerField(t, u, "Type a name")
	typeAndWait(t, u, who, "ann@example.org")
	pressKey(u, fyne.KeyReturn) // picks Ann
	sel, _ = find(topDialog(u), func(*dialogSelect) bool { return true })
	u.win.Canvas().Focus(sel)
	pressKey(u, fyne.KeyReturn)
	if topDialog(u) != nil {
		t.Fatalf("Enter in the condition list did not check out:\n%s", texts(topDialog(u)))
	}
	if a, _ := f.st.Asset(t.Context(), f.lap1.ID); a.AssignedTo != f.ann.ID {
		t.Fatalf("not checked out to Ann: %+v", a)
	}
	markRow(t, s, 0)
	test.Tap(m.in)
	u.wait()
	sel, ok = find(topDialog(u), func(*dialogSelect) bool { return true })
	if !ok {
		t.Fatalf("no list of ours in the check-in dialog:\n%s", texts(topDialog(u)))
	}
	u.win.Canvas().Focus(sel)
	pressKey(u, fyne.KeyReturn)
	if topDialog(u) != nil {
		t.Fatal("Enter in a list of the check-in did not check in")
	}
	if a, _ := f.st.Asset(t.Context(), f.lap1.ID); a.AssignedTo != 0 {
		t.Fatalf("not checked in: %+v", a)
	}
}

// The form must not teach what the demo avoids: a holder's name inside
// the asset's name (the holder has a field of their own).
func TestAssetFormSuggestsNoHolderInTheName(t *testing.T) {
	u, _ := newTestUI(t, 1)
	s := openAssets(t, u)
	s.newItem()
	u.wait()
	if p := s.form.name.PlaceHolder; strings.Contains(p, " - ") {
		t.Fatalf("the name field suggests %q", p)
	}
	nameless := assets.Asset{Category: "laptop"}
	if err := nameless.Validate(); err == nil || strings.Contains(err.Error(), " - ") {
		t.Fatalf("the missing-name message: %v", err)
	}
}

// Option buttons (the bulk change's "Apply to") keep the keyboard once
// clicked and Fyne's items ignore Escape: after a choice the keyboard goes
// back to the window, which hands Escape to the dialog.
func TestBulkChangeEscapeAfterChoosingWhatToChange(t *testing.T) {
	f := newHandoverFixture(t)
	u := f.u
	s := openAssets(t, u)
	markRow(t, s, 0)
	test.Tap(s.assetMarks().change)
	u.wait()
	scope := formWidget[*widget.RadioGroup](t, u, "Apply to")
	u.win.Canvas().Focus(formWidget[*dialogSelectEntry](t, u, "Location")) // something has the keyboard, as a clicked option would
	scope.SetSelected(scope.Options[len(scope.Options)-1])
	if got := u.win.Canvas().Focused(); got != nil {
		t.Fatalf("after choosing what to change, %T keeps the keyboard", got)
	}
	pressKey(u, fyne.KeyEscape)
	if topDialog(u) != nil {
		t.Fatal("Escape after choosing left the bulk change open")
	}
}

package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// pressKey sends a key as the real driver does: to the focused widget, or
// to the window's canvas when nothing has the focus.
func pressKey(u *UI, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := u.win.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
	} else {
		u.win.Canvas().OnTypedKey()(ev)
	}
	u.wait()
}

// openScreen shows the screen with the given title and returns it.
func openScreen[T screen](t *testing.T, u *UI, title string) T {
	t.Helper()
	if !u.ShowScreen(title) {
		t.Fatalf("no %s screen", title)
	}
	u.wait()
	return u.screens[u.current].(T)
}

// field is the dialog field next to label in the dialog on top.
func field(t *testing.T, u *UI, label string) *dialogEntry {
	t.Helper()
	form, ok := find(topDialog(u), func(f *widget.Form) bool { return true })
	if !ok {
		t.Fatalf("no form on top:\n%s", texts(topDialog(u)))
	}
	for _, it := range form.Items {
		if it.Text == label {
			if e, ok := it.Widget.(*dialogEntry); ok {
				return e
			}
		}
	}
	t.Fatalf("no field %q in the form", label)
	return nil
}

// tapOnTop taps the button with text in the dialog on top.
func tapOnTop(t *testing.T, u *UI, text string) {
	t.Helper()
	b := button(topDialog(u), text)
	if b == nil {
		t.Fatalf("no %q button in the dialog on top:\n%s", text, texts(topDialog(u)))
	}
	test.Tap(b)
	u.wait()
}

func mustContract(t *testing.T, u *UI, n int) assets.Contract {
	t.Helper()
	ctx := context.Background()
	c := assets.Contract{Kind: assets.ContractSupport, Provider: "Fortinet", Reference: "FC-1", Level: "8x5",
		Start: assets.MustDate("2025-04-01"), End: assets.MustDate("2026-03-31"), Cost: assets.Money{Minor: 50000, Currency: "EUR"}}
	for i := 0; i < n; i++ {
		a := assets.Asset{Name: "Switch", Category: "network"}
		if err := testStore(u).CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
		c.AssetIDs = append(c.AssetIDs, a.ID)
	}
	if err := testStore(u).CreateContract(ctx, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestContractCreateEditRenewDeleteInWindow(t *testing.T) {
	u := newSettingsUI(t, Services{})
	ctx := context.Background()
	st := testStore(u)
	c := mustContract(t, u, 3)
	s := openScreen[*contractsScreen](t, u, "Contracts")

	// Create.
	s.showForm(formNew, assets.Contract{}) // what "New contract" runs
	test.Type(field(t, u, "Provider"), "Dell")
	test.Type(field(t, u, "End"), "2027-01-31")
	tapOnTop(t, u, "Save")
	if !strings.HasPrefix(u.said.Text, "Saved the contract Dell") {
		t.Fatalf("status after create: %q", u.said.Text)
	}
	if list, _ := st.ListContracts(ctx, assets.ContractQuery{}); len(list) != 2 {
		t.Fatalf("%d contracts after create, want 2", len(list))
	}

	// Edit.
	s.openRecord(c.ID)
	u.wait()
	if s.current.ID != c.ID || s.edit.Disabled() {
		t.Fatalf("contract %d not picked (current %d)", c.ID, s.current.ID)
	}
	test.Tap(s.edit)
	u.wait()
	ref := field(t, u, "Reference")
	if ref.Text != "FC-1" || field(t, u, "Assets").Text == "" {
		t.Fatalf("edit form shows %q, assets %q", ref.Text, field(t, u, "Assets").Text)
	}
	ref.SetText("FC-1b")
	tapOnTop(t, u, "Save")
	got, _ := st.Contract(ctx, c.ID)
	if got.Reference != "FC-1b" || len(got.AssetIDs) != 3 {
		t.Fatalf("after edit: %+v", got)
	}
	if u.said.Text != "Saved the contract Fortinet FC-1b (8x5) (2025-04-01 to 2026-03-31)." {
		t.Fatalf("status after edit: %q", u.said.Text)
	}

	// Renew: the next term is proposed; saving stores it with the same assets.
	test.Tap(s.renew)
	u.wait()
	if a, b := field(t, u, "Start").Text, field(t, u, "End").Text; a != "2026-04-01" || b != "2027-03-31" {
		t.Fatalf("renewal proposes %s..%s", a, b)
	}
	tapOnTop(t, u, "Save")
	if !strings.HasPrefix(u.said.Text, "Renewed the contract Fortinet FC-1b") || s.current.ID == c.ID {
		t.Fatalf("after renew: status %q, picked %d", u.said.Text, s.current.ID)
	}
	next, _ := st.Contract(ctx, s.current.ID)
	if next.Start.String() != "2026-04-01" || len(next.AssetIDs) != 3 {
		t.Fatalf("renewal stored %+v", next)
	}

	// Delete names what else is affected, then goes on Enter.
	s.openRecord(c.ID)
	u.wait()
	test.Tap(s.delete)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "3 assets lose this contract") || !strings.Contains(msg, "Fortinet FC-1b") {
		t.Fatalf("delete confirmation says:\n%s", msg)
	}
	pressKey(u, fyne.KeyReturn)
	if _, err := st.Contract(ctx, c.ID); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("contract still there: %v", err)
	}
	if u.said.Text != "Deleted the contract Fortinet FC-1b." || s.current.ID != 0 || !s.delete.Disabled() {
		t.Fatalf("after delete: status %q, picked %d", u.said.Text, s.current.ID)
	}
	hist, _ := st.History(ctx, "contract", c.ID)
	if len(hist) == 0 || hist[0].Action != "delete" {
		t.Fatalf("history of the deleted contract: %+v", hist)
	}
}

func TestDialogEscapeCancelsEnterConfirms(t *testing.T) {
	u := newSettingsUI(t, Services{})
	ctx := context.Background()
	s := openScreen[*contractsScreen](t, u, "Contracts")

	// Escape in the focused first field cancels: nothing is saved.
	s.showForm(formNew, assets.Contract{})
	provider := field(t, u, "Provider")
	if u.win.Canvas().Focused() != provider {
		t.Fatal("the first field does not have the focus")
	}
	test.Type(provider, "Dell")
	pressKey(u, fyne.KeyEscape)
	if topDialog(u) != nil || len(u.dialogs) != 0 {
		t.Fatal("Escape left the dialog open")
	}
	// Enter in a field confirms.
	s.showForm(formNew, assets.Contract{})
	test.Type(field(t, u, "Provider"), "Dell")
	end := field(t, u, "End")
	u.win.Canvas().Focus(end)
	test.Type(end, "2027-01-31")
	pressKey(u, fyne.KeyReturn)
	if topDialog(u) != nil {
		t.Fatal("Enter left the dialog open")
	}
	list, _ := testStore(u).ListContracts(ctx, assets.ContractQuery{})
	if len(list) != 1 || list[0].Provider != "Dell" {
		t.Fatalf("after Enter: %+v", list)
	}
	// With no field focused (a confirmation), the window's keys reach it:
	// Escape keeps the record, Enter deletes it.
	s.openRecord(list[0].ID)
	u.wait()
	s.deleteSelected()
	u.wait()
	u.win.Canvas().Unfocus()
	pressKey(u, fyne.KeyEscape)
	if topDialog(u) != nil {
		t.Fatal("Escape left the confirmation open")
	}
	if _, err := testStore(u).Contract(ctx, list[0].ID); err != nil {
		t.Fatalf("Escape deleted the contract: %v", err)
	}
	s.deleteSelected()
	u.wait()
	u.win.Canvas().Unfocus()
	pressKey(u, fyne.KeyEnter)
	if _, err := testStore(u).Contract(ctx, list[0].ID); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("Enter did not delete: %v", err)
	}
}

func TestTaskCreateEditDeleteInWindow(t *testing.T) {
	u := newSettingsUI(t, Services{})
	ctx := context.Background()
	st := testStore(u)
	c := mustContract(t, u, 2) // two assets to plan work on
	s := openScreen[*upgradesScreen](t, u, "Upgrades")
	s.kind.SetSelected(assets.TaskFirmware.Label()) // filters the new task does not match
	s.overdue.SetChecked(true)
	u.wait()

	s.showForm(assets.Task{})
	test.Type(field(t, u, "Title"), "Replace batteries")
	test.Type(field(t, u, "Due"), "2026-04-01")
	test.Type(field(t, u, "Assets"), strings.Join(mustTags(t, u, c.AssetIDs), ";"))
	tapOnTop(t, u, "Save")
	if u.said.Text != "Saved the task Replace batteries, due 2026-04-01." || s.selected == 0 {
		t.Fatalf("after create: %q, selected %d", u.said.Text, s.selected)
	}
	id := s.selected
	if _, ok := s.picked(); !ok {
		t.Fatal("the new task is hidden by the kind or overdue filter")
	}

	test.Tap(s.edit)
	u.wait()
	if field(t, u, "Title").Text != "Replace batteries" {
		t.Fatal("the edit form does not show the task")
	}
	field(t, u, "Due").SetText("2026-05-15")
	tapOnTop(t, u, "Save")
	got, _ := st.Task(ctx, id)
	if got.Due.String() != "2026-05-15" || len(got.AssetIDs) != 2 {
		t.Fatalf("after edit: %+v", got)
	}

	test.Tap(s.delete)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "2 assets are no longer planned in this task") {
		t.Fatalf("delete confirmation says:\n%s", msg)
	}
	tapOnTop(t, u, "Delete")
	if _, err := st.Task(ctx, id); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("task still there: %v", err)
	}
	if u.said.Text != "Deleted the task Replace batteries." {
		t.Fatalf("status after delete: %q", u.said.Text)
	}
}

func mustTags(t *testing.T, u *UI, ids []int64) []string {
	t.Helper()
	var out []string
	for _, id := range ids {
		a, err := testStore(u).Asset(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a.Tag)
	}
	return out
}

func TestPersonDeleteRefusedOffersLeftThenDeletes(t *testing.T) {
	u := newSettingsUI(t, Services{})
	ctx := context.Background()
	st := testStore(u)
	noah := assets.Person{Name: "Noah O'Brien", Email: "noah@example.org"}
	if err := st.CreatePerson(ctx, &noah); err != nil {
		t.Fatal(err)
	}
	laptop := assets.Asset{Name: "Laptop", Category: "laptop", AssignedTo: noah.ID, Status: assets.StatusDeployed}
	if err := st.CreateAsset(ctx, &laptop); err != nil {
		t.Fatal(err)
	}
	p := openScreen[*peopleScreen](t, u, "People")
	p.open(noah.ID)
	u.wait()
	p.deleteSelected()
	u.wait()
	msg := texts(topDialog(u))
	if !strings.Contains(msg, "cannot be deleted") || !strings.Contains(msg, "1 asset is still held") {
		t.Fatalf("refusal says:\n%s", msg)
	}
	tapOnTop(t, u, "Mark as left")
	got, _ := st.Person(ctx, noah.ID)
	if got.Status != assets.PersonLeft || got.LeaveDate.String() != "2026-03-07" {
		t.Fatalf("after Mark as left: %+v", got)
	}
	if !strings.HasPrefix(u.said.Text, "Marked Noah O'Brien as left on 2026-03-07") {
		t.Fatalf("status: %q", u.said.Text)
	}

	// Handed back, the person can go; the deletion is in the history.
	laptop.AssignedTo, laptop.Status = 0, assets.StatusInStock
	if err := st.UpdateAsset(ctx, &laptop); err != nil {
		t.Fatal(err)
	}
	p.open(noah.ID)
	u.wait()
	p.deleteSelected()
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "Delete the person Noah O'Brien?") {
		t.Fatalf("confirmation says:\n%s", msg)
	}
	tapOnTop(t, u, "Delete")
	if _, err := st.Person(ctx, noah.ID); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("person still there: %v", err)
	}
	if u.said.Text != "Deleted the person Noah O'Brien." || p.selected != 0 {
		t.Fatalf("after delete: %q, selected %d", u.said.Text, p.selected)
	}
	hist, _ := st.History(ctx, "person", noah.ID)
	if len(hist) == 0 || hist[0].Action != "delete" {
		t.Fatalf("history: %+v", hist)
	}
}

func TestLicenceAndCourseDeleteNameTheirImpact(t *testing.T) {
	u := newSettingsUI(t, Services{})
	ctx := context.Background()
	st := testStore(u)
	ann := assets.Person{Name: "Ann", Email: "ann@example.org"}
	if err := st.CreatePerson(ctx, &ann); err != nil {
		t.Fatal(err)
	}
	l := assets.Licence{Product: "Office", Type: assets.LicencePerSeat, Seats: 5}
	if err := st.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if err := st.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, PersonID: ann.ID}); err != nil {
		t.Fatal(err)
	}
	ls := openScreen[*licencesScreen](t, u, "Licences")
	ls.open(l.ID)
	u.wait()
	test.Tap(ls.del)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "1 seat assignment is deleted") {
		t.Fatalf("licence confirmation says:\n%s", msg)
	}
	tapOnTop(t, u, "Delete")
	if _, err := st.Licence(ctx, l.ID); assets.KindOf(err) != assets.KindNotFound || u.said.Text != "Deleted the licence Office." {
		t.Fatalf("licence after delete: %v, status %q", err, u.said.Text)
	}

	course := assets.Course{Name: "GDPR", RenewalMonths: 12}
	if err := st.SaveCourse(ctx, &course); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordTraining(ctx, []assets.TrainingRecord{{PersonID: ann.ID, CourseID: course.ID, CompletedOn: assets.MustDate("2026-01-05")}}); err != nil {
		t.Fatal(err)
	}
	ts := openScreen[*trainingScreen](t, u, "Training")
	for i, c := range ts.courses {
		if c.ID == course.ID {
			ts.chosen = i
		}
	}
	ts.confirmDeleteCourse()
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "1 training record is deleted") {
		t.Fatalf("course confirmation says:\n%s", msg)
	}
	tapOnTop(t, u, "Delete")
	if _, err := st.Course(ctx, course.ID); assets.KindOf(err) != assets.KindNotFound || u.said.Text != "Deleted the course GDPR." {
		t.Fatalf("course after delete: %v, status %q", err, u.said.Text)
	}
}

func TestTrainingRecordDeleteFromPersonPage(t *testing.T) {
	u := newSettingsUI(t, Services{})
	ctx := context.Background()
	st := testStore(u)
	ann := assets.Person{Name: "Ann", Email: "ann@example.org"}
	if err := st.CreatePerson(ctx, &ann); err != nil {
		t.Fatal(err)
	}
	course := assets.Course{Name: "GDPR", RenewalMonths: 12}
	if err := st.SaveCourse(ctx, &course); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordTraining(ctx, []assets.TrainingRecord{{PersonID: ann.ID, CourseID: course.ID, CompletedOn: assets.MustDate("2026-01-05")}}); err != nil {
		t.Fatal(err)
	}
	p := openScreen[*peopleScreen](t, u, "People")
	p.open(ann.ID)
	u.wait()
	test.Tap(button(p.actions, "Training records…"))
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "GDPR, done 2026-01-05, expires 2027-01-05") {
		t.Fatalf("records list says:\n%s", msg)
	}
	tapOnTop(t, u, "Delete…")
	tapOnTop(t, u, "Delete")
	if list, _ := st.TrainingRecords(ctx, ann.ID); len(list) != 0 {
		t.Fatalf("%d records left", len(list))
	}
	if u.said.Text != "Deleted the training record GDPR of 2026-01-05 for Ann." {
		t.Fatalf("status: %q", u.said.Text)
	}
}

func TestTrainingRecordEditFromPersonPage(t *testing.T) {
	u := newSettingsUI(t, Services{})
	ctx := context.Background()
	st := testStore(u)
	ann := assets.Person{Name: "Ann", Email: "ann@example.org"}
	if err := st.CreatePerson(ctx, &ann); err != nil {
		t.Fatal(err)
	}
	course := assets.Course{Name: "GDPR", RenewalMonths: 12}
	if err := st.SaveCourse(ctx, &course); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordTraining(ctx, []assets.TrainingRecord{{PersonID: ann.ID, CourseID: course.ID, CompletedOn: assets.MustDate("2026-01-05")}}); err != nil {
		t.Fatal(err)
	}
	p := openScreen[*peopleScreen](t, u, "People")
	p.open(ann.ID)
	u.wait()
	test.Tap(button(p.actions, "Training records…"))
	u.wait()
	tapOnTop(t, u, "Edit…")
	field(t, u, "Completed on").SetText("2026-02-10")
	field(t, u, "Score").SetText("92%")
	tapOnTop(t, u, "Save")
	list, _ := st.TrainingRecords(ctx, ann.ID)
	if len(list) != 1 || list[0].CompletedOn.String() != "2026-02-10" || list[0].ExpiresOn.String() != "2027-02-10" || assets.FormatScore(list[0].Score) != "92" {
		t.Fatalf("after edit: %+v", list)
	}
	if u.said.Text != "Saved the training record GDPR of 2026-02-10 for Ann (expires 2027-02-10)." {
		t.Fatalf("status: %q", u.said.Text)
	}
}

func TestAssetDeleteNamesItsImpact(t *testing.T) {
	u := newSettingsUI(t, Services{})
	c := mustContract(t, u, 1)
	s := openAssets(t, u)
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	u.wait()
	if s.selectedID != c.AssetIDs[0] {
		t.Fatalf("selected %d, want the contract's asset %d", s.selectedID, c.AssetIDs[0])
	}
	s.deleteSelected()
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "1 contract no longer covers it") || !strings.Contains(msg, "Its history is kept.") {
		t.Fatalf("asset confirmation says:\n%s", msg)
	}
	pressKey(u, fyne.KeyReturn)
	if _, err := testStore(u).Asset(context.Background(), c.AssetIDs[0]); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("asset still there: %v", err)
	}
	if !strings.HasPrefix(u.said.Text, "Deleted ST-") {
		t.Fatalf("status: %q", u.said.Text)
	}
}

// The contract line under the list counts in the singular for one asset
// or one day.
func TestContractSummaryPlurals(t *testing.T) {
	one := assets.ContractRow{Contract: assets.Contract{Kind: assets.ContractSupport, Provider: "Fortinet", End: assets.MustDate("2026-03-31"), AssetTags: []string{"SW-1"}},
		State: assets.CoverageEnding, DaysLeft: 1}
	if got := contractSummary(one); !strings.Contains(got, "in 1 day.") || !strings.Contains(got, "Covers 1 asset: SW-1") {
		t.Errorf("one asset, one day: %q", got)
	}
	one.DaysLeft = -1
	if got := contractSummary(one); !strings.Contains(got, "(1 day ago)") {
		t.Errorf("ended yesterday: %q", got)
	}
	two := one
	two.AssetTags, two.DaysLeft = []string{"SW-1", "SW-2"}, -3
	if got := contractSummary(two); !strings.Contains(got, "(3 days ago)") || !strings.Contains(got, "Covers 2 assets: SW-1, SW-2") {
		t.Errorf("two assets, three days: %q", got)
	}
}

package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/sqlite"
)

// screenOf finds the screen of type T in the window's navigation.
func screenOf[T screen](t *testing.T, u *UI) T {
	t.Helper()
	for _, s := range u.screens {
		if x, ok := s.(T); ok {
			return x
		}
	}
	var zero T
	t.Fatalf("no %T screen", zero)
	return zero
}

func trainingFixture(t *testing.T) (*sqlite.Store, assets.Person, func() time.Time) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	now := func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
	s.Now = now
	ann := assets.Person{Name: "Ann Archer", Email: "ann@example.org", Department: "Sales"}
	bob := assets.Person{Name: "Bob Baker", Email: "bob@example.org", Department: "Sales"}
	for _, p := range []*assets.Person{&ann, &bob} {
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	lap := assets.Asset{Name: "Latitude", Category: "laptop", Status: assets.StatusDeployed, AssignedTo: ann.ID}
	if err := s.CreateAsset(ctx, &lap); err != nil {
		t.Fatal(err)
	}
	c := assets.Course{Name: "Security awareness", RenewalMonths: 12, Mandatory: []assets.Scope{{Kind: assets.ScopeCategory, Value: "laptop"}}}
	if err := s.SaveCourse(ctx, &c); err != nil {
		t.Fatal(err)
	}
	return s, ann, now
}

// TestRecordCompletionClearsOverdueFlag: Ann holds a laptop and never did
// the security course, so her page and her list row flag it; recording the
// completion on the Training screen clears both, and the matrix follows.
func TestRecordCompletionClearsOverdueFlag(t *testing.T) {
	s, ann, now := trainingFixture(t)
	u := newUI(context.Background(), test.NewTempApp(t), Services{Store: s, Now: now}, make(chan func(), 64))
	u.wait()

	if !u.ShowScreen("People") {
		t.Fatal("no People screen")
	}
	ps := screenOf[*peopleScreen](t, u)
	u.wait()
	if !(len(ps.rows) == 2 && ps.overdue != nil) {
		t.Fatalf("not so after the loads: the people list")
	}
	if got := ps.rowFlags(ps.rows[0]); !strings.Contains(got, "1 overdue") {
		t.Fatalf("Ann's row flags %q", got)
	}
	ps.list.Select(0)
	u.wait()
	if !(ps.file.Person.ID == ann.ID) {
		t.Fatalf("not so after the loads: Ann's page")
	}
	if !strings.Contains(ps.flags.Text, "Overdue: Security awareness never completed") {
		t.Fatalf("Ann's flags before: %q", ps.flags.Text)
	}
	if !strings.Contains(ps.training.Text, "never done") {
		t.Fatalf("training before: %q", ps.training.Text)
	}

	if !u.ShowScreen("Training") {
		t.Fatal("no Training screen")
	}
	ts := screenOf[*trainingScreen](t, u)
	u.wait()
	if !(ts.matrix != nil && len(ts.courses) == 1) {
		t.Fatalf("not so after the loads: the matrix")
	}
	if got := ts.matrix.cells[0][0]; got != "0% (0/1)" {
		t.Fatalf("Sales x security before: %q", got)
	}
	behind, err := ts.cellIssues(context.Background(), 0, 0)
	if err != nil || len(behind) != 1 || behind[0].Person != "Ann Archer" || behind[0].State != assets.TrainingMissing {
		t.Fatalf("who is behind in Sales x security: %+v %v", behind, err)
	}
	ts.showCell(0, 0)
	u.wait()
	if len(u.win.Canvas().Overlays().List()) != 1 {
		t.Fatal("no dialog listing who is behind")
	}
	u.win.Canvas().Overlays().Top().Hide()
	ts.tabs.SelectIndex(2)
	ts.recCourse.SetSelected("Security awareness")
	ts.recWho.SetSelected(whoOne)
	test.Type(ts.recPerson, "ann@example.org")
	ts.recDate.SetText("2026-02-20")
	test.Type(ts.recScore, "92")
	test.Tap(ts.recButton)
	u.wait()
	if !(strings.HasPrefix(ts.recResult.Text, "Recorded 1 completion")) {
		t.Fatalf("not so after the loads: the completion")
	}
	u.wait()
	if !(ts.matrix.cells[0][0] == "100% (1/1)") {
		t.Fatalf("not so after the loads: the matrix to follow")
	}

	u.ShowScreen("People")
	u.wait()
	if !(ps.flags.Text == "No flags.") {
		t.Fatalf("not so after the loads: Ann's page to reload")
	}
	if !strings.Contains(ps.training.Text, "Security awareness: valid (done 2026-02-20, expires 2027-02-20)") {
		t.Fatalf("training after: %q", ps.training.Text)
	}
	u.wait()
	if !(len(ps.rows) == 2 && !strings.Contains(ps.rowFlags(ps.rows[0]), "overdue")) {
		t.Fatalf("not so after the loads: Ann's row")
	}
}

// TestRecordForADepartment records one completion for a whole department in one go.
func TestRecordForADepartment(t *testing.T) {
	s, _, now := trainingFixture(t)
	u := newUI(context.Background(), test.NewTempApp(t), Services{Store: s, Now: now}, make(chan func(), 64))
	u.wait()
	u.ShowScreen("Training")
	ts := screenOf[*trainingScreen](t, u)
	u.wait()
	if !(len(ts.courses) == 1 && len(ts.recDept.Options) == 1) {
		t.Fatalf("not so after the loads: courses and departments")
	}
	ts.recCourse.SetSelected("Security awareness")
	ts.recWho.SetSelected(whoDept)
	ts.recDept.SetSelected("Sales")
	test.Tap(ts.recButton)
	u.wait()
	if !(strings.HasPrefix(ts.recResult.Text, "Recorded 2 completion")) {
		t.Fatalf("not so after the loads: the completions")
	}
	for _, email := range []string{"ann@example.org", "bob@example.org"} {
		p, _ := s.PersonByEmail(context.Background(), email)
		recs, _ := s.TrainingRecords(context.Background(), p.ID)
		if len(recs) != 1 || recs[0].CompletedOn.String() != "2026-03-01" {
			t.Errorf("%s: %+v", email, recs)
		}
	}

	// Then a group picked in the list: only Bob, ticked through his row's check.
	ts.recWho.SetSelected(whoGroup)
	u.wait()
	if len(ts.recPeople) != 2 || ts.recPeople[1].Name != "Bob Baker" {
		t.Fatalf("picker rows %+v", ts.recPeople)
	}
	row := ts.recList.CreateItem()
	ts.recList.UpdateItem(1, row)
	test.Tap(row.(*widget.Check))
	ts.recDate.SetText("2026-02-15")
	test.Tap(ts.recButton)
	u.wait()
	if !strings.HasPrefix(ts.recResult.Text, "Recorded 1 completion") {
		t.Fatalf("result %q", ts.recResult.Text)
	}
	bob, _ := s.PersonByEmail(context.Background(), "bob@example.org")
	recs, _ := s.TrainingRecords(context.Background(), bob.ID)
	if len(recs) != 2 || recs[0].CompletedOn.String() != "2026-03-01" || recs[1].CompletedOn.String() != "2026-02-15" {
		t.Errorf("Bob's records %+v", recs)
	}
	if len(ts.recPicked) != 0 {
		t.Error("the picked group should be cleared after recording")
	}
}

// TestCheckOutAndInFromPersonPage hands a spare laptop to Bob and takes it back.
func TestCheckOutAndInFromPersonPage(t *testing.T) {
	s, _, now := trainingFixture(t)
	ctx := context.Background()
	spare := assets.Asset{Tag: "SPARE-1", Name: "Spare laptop", Category: "laptop"}
	if err := s.CreateAsset(ctx, &spare); err != nil {
		t.Fatal(err)
	}
	u := newUI(ctx, test.NewTempApp(t), Services{Store: s, Now: now}, make(chan func(), 64))
	u.wait()
	u.ShowScreen("People")
	ps := screenOf[*peopleScreen](t, u)
	u.wait()
	if !(len(ps.rows) == 2) {
		t.Fatalf("not so after the loads: the list")
	}
	ps.list.Select(1) // Bob
	u.wait()
	if !(ps.file.Person.Name == "Bob Baker") {
		t.Fatalf("not so after the loads: Bob's page")
	}
	ps.checkOut("spare-1", assets.CheckOut{PersonID: ps.file.Person.ID, On: assets.MustDate("2026-02-27"), Note: "loan"})
	u.wait()
	if !(len(ps.file.Assets) == 1) {
		t.Fatalf("not so after the loads: the check-out")
	}
	if !strings.Contains(ps.handover.Text, "SPARE-1 Spare laptop: out 2026-02-27, still held — loan") {
		t.Fatalf("hand-overs %q", ps.handover.Text)
	}
	// Holding a laptop now makes the security course mandatory for Bob.
	if !strings.Contains(ps.flags.Text, "Overdue: Security awareness never completed") {
		t.Fatalf("flags %q", ps.flags.Text)
	}
	ps.checkIn(assets.CheckIn{AssetID: spare.ID, On: assets.MustDate("2026-03-01")})
	u.wait()
	if !(len(ps.file.Assets) == 0) {
		t.Fatalf("not so after the loads: the check-in")
	}
	if !strings.Contains(ps.handover.Text, "back 2026-03-01") || ps.flags.Text != "No flags." {
		t.Fatalf("after check-in: %q / %q", ps.handover.Text, ps.flags.Text)
	}
	// Licence seats show next to the assets.
	l := assets.Licence{Product: "Adobe Acrobat", Edition: "Pro", Type: assets.LicencePerSeat, Seats: 5}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if err := s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, PersonID: ps.file.Person.ID}); err != nil {
		t.Fatal(err)
	}
	ps.refresh()
	u.wait()
	if !strings.Contains(ps.seats.Text, "Licence seats: Adobe Acrobat Pro") {
		t.Fatalf("seats %q", ps.seats.Text)
	}
}

// TestPeopleAndTrainingOnDemoOffice opens both screens on the demo office,
// checks the leaver who kept a laptop is flagged, filters the list, and
// leaves screenshots in test-artifacts for people to look at.
func TestPeopleAndTrainingOnDemoOffice(t *testing.T) {
	ctx := context.Background()
	u, s := newTestUI(t, 0)
	today := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	ds := demo.Generate(demo.Config{Seed: 42, Today: today})
	ids := map[string]int64{}
	for i := range ds.People {
		p := ds.People[i]
		if err := s.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		ids[p.Email] = p.ID
	}
	list := make([]assets.Asset, len(ds.Assets))
	for i, a := range ds.Assets {
		list[i] = a.Asset
		list[i].AssignedTo = ids[a.HolderEmail]
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	courses := map[string]int64{}
	for _, c := range ds.Courses {
		if err := s.SaveCourse(ctx, &c); err != nil {
			t.Fatal(err)
		}
		courses[c.Name] = c.ID
	}
	var recs []assets.TrainingRecord
	for _, tr := range ds.Training {
		r := tr.TrainingRecord
		r.PersonID, r.CourseID = ids[tr.Email], courses[tr.Course]
		recs = append(recs, r)
	}
	if _, err := s.RecordTraining(ctx, recs); err != nil {
		t.Fatal(err)
	}

	u.win.Resize(fyne.NewSize(1280, 800))
	u.ShowScreen("People")
	u.wait()
	ps := screenOf[*peopleScreen](t, u)
	if len(ps.rows) != len(ds.People) {
		t.Fatalf("%d rows, want %d", len(ps.rows), len(ds.People))
	}
	leaver := -1
	for i, r := range ps.rows {
		if strings.Contains(ps.rowFlags(r), "leaver holding equipment") {
			leaver = i
		}
	}
	if leaver < 0 {
		t.Fatal("no leaver flagged in the list")
	}
	ps.list.Select(leaver)
	u.wait()
	if !strings.Contains(ps.flags.Text, "Security risk:") {
		t.Fatalf("leaver's flags %q", ps.flags.Text)
	}
	screenshot(t, u, "people-leaver")

	ps.status.SetSelected(assets.PersonLeft.Label())
	u.wait()
	for _, r := range ps.rows {
		if r.Status != assets.PersonLeft {
			t.Fatalf("status filter let %s (%s) through", r.Name, r.Status)
		}
	}
	ps.status.SetSelected(anyStatus)
	ps.dept.SetSelected("Finance")
	u.wait()
	for _, r := range ps.rows {
		if r.Department != "Finance" {
			t.Fatalf("department filter let %s (%s) through", r.Name, r.Department)
		}
	}
	test.Type(ps.search, ps.rows[0].Name)
	u.wait()
	if len(ps.rows) == 0 || ps.count.Text == "" {
		t.Fatal("search by name found nobody")
	}

	u.ShowScreen("Training")
	u.wait()
	ts := screenOf[*trainingScreen](t, u)
	if ts.matrix == nil || len(ts.matrix.data.Courses) != 5 || ts.matrix.rows[len(ts.matrix.rows)-1] != "All departments" {
		t.Fatalf("matrix %+v", ts.matrix)
	}
	screenshot(t, u, "training-matrix")
	ts.tabs.SelectIndex(1)
	screenshot(t, u, "training-courses")
	ts.tabs.SelectIndex(2)
	ts.recWho.SetSelected(whoGroup)
	u.wait()
	screenshot(t, u, "training-record")
}

// TestSavePersonWithManager adds a person through the People screen's save
// path: the manager is found by e-mail; an unknown manager is refused in a
// dialog and nothing is saved.
func TestSavePersonWithManager(t *testing.T) {
	s, ann, now := trainingFixture(t)
	ctx := context.Background()
	u := newUI(ctx, test.NewTempApp(t), Services{Store: s, Now: now}, make(chan func(), 64))
	u.wait()
	u.ShowScreen("People")
	u.wait()
	ps := screenOf[*peopleScreen](t, u)
	ps.savePerson(assets.Person{Name: "Cy Cole", Email: "cy@example.org", Department: "Sales", StartDate: assets.MustDate("2026-02-01")}, "ANN@example.org")
	u.wait()
	cy, err := s.PersonByEmail(ctx, "cy@example.org")
	if err != nil || cy.ManagerID != ann.ID {
		t.Fatalf("Cy: %+v %v", cy, err)
	}
	if ps.file.Person.ID != cy.ID || !strings.Contains(ps.info.Text, "Manager: Ann Archer <ann@example.org>") {
		t.Fatalf("page after save: %q", ps.info.Text)
	}
	ps.savePerson(assets.Person{Name: "Di", Email: "di@example.org"}, "nobody@example.org")
	u.wait()
	if _, err := s.PersonByEmail(ctx, "di@example.org"); err == nil {
		t.Fatal("saved despite an unknown manager")
	}
	if len(u.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("no error dialog")
	}
}

// TestAlertAboutAPersonOpensTheirPage: the dashboard's alert links reach
// the People screen.
func TestAlertAboutAPersonOpensTheirPage(t *testing.T) {
	s, ann, now := trainingFixture(t)
	u := newUI(context.Background(), test.NewTempApp(t), Services{Store: s, Now: now}, make(chan func(), 64))
	u.wait()
	u.openRef(assets.Ref{Entity: "person", ID: ann.ID})
	u.wait()
	ps := screenOf[*peopleScreen](t, u)
	if u.screens[u.current] != screen(ps) || ps.file.Person.ID != ann.ID || !strings.Contains(ps.flags.Text, "Overdue: Security awareness") {
		t.Fatalf("after opening the alert: screen %q, person %d, flags %q", u.screens[u.current].title(), ps.file.Person.ID, ps.flags.Text)
	}
}

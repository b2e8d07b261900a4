package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"steward/assets"
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
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "steward.db"))
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
}

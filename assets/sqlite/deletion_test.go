package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"steward/assets"
)

// historyHas says whether record entity/id has a history row with action
// whose text contains want.
func historyHas(t *testing.T, s interface {
	History(context.Context, string, int64) ([]assets.HistoryEntry, error)
}, entity string, id int64, action, want string) bool {
	t.Helper()
	list, err := s.History(context.Background(), entity, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range list {
		if h.Action == action && strings.Contains(h.Text(), want) {
			return true
		}
	}
	return false
}

func TestDeletePersonRefusedWhileHoldingThenAllowed(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	noah := mustPerson(t, s, "Noah O'Brien", "noah@example.org", "Sales")
	boss := mustPerson(t, s, "Mia Boss", "mia@example.org", "Sales")
	laptop := mustAsset(t, s, "Laptop", "laptop", noah.ID)
	phone := mustAsset(t, s, "Phone", "phone", noah.ID)
	l := assets.Licence{Product: "Office", Type: assets.LicencePerSeat, Seats: 5}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	seat := assets.SeatAssignment{LicenceID: l.ID, PersonID: noah.ID}
	if err := s.AssignSeat(ctx, &seat); err != nil {
		t.Fatal(err)
	}
	mia := boss
	mia.ManagerID = noah.ID
	if err := s.UpdatePerson(ctx, &mia); err != nil {
		t.Fatal(err)
	}

	im, err := s.DeletionImpact(ctx, "person", noah.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !im.Blocked() || im.BlockText() != "2 assets are still held\n1 licence seat is still assigned" {
		t.Fatalf("blockers %q", im.BlockText())
	}
	err = s.DeletePerson(ctx, noah.ID)
	if assets.KindOf(err) != assets.KindConflict || !strings.Contains(err.Error(), "Noah O'Brien cannot be deleted: 2 assets are still held, 1 licence seat is still assigned") {
		t.Fatalf("delete of a holder: %v", err)
	}
	if _, err := s.Person(ctx, noah.ID); err != nil {
		t.Fatalf("refused deletion removed the person: %v", err)
	}

	// Hand everything back; then the deletion goes through and is recorded.
	for _, a := range []assets.Asset{laptop, phone} {
		a.AssignedTo, a.Status = 0, assets.StatusInStock
		if err := s.UpdateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.UnassignSeat(ctx, seat.ID); err != nil {
		t.Fatal(err)
	}
	im, err = s.DeletionImpact(ctx, "person", noah.ID)
	if err != nil {
		t.Fatal(err)
	}
	if im.Blocked() || im.Text() != "1 person loses their manager" {
		t.Fatalf("impact after hand-back: blocked %v, %q", im.Blocked(), im.Text())
	}
	if err := s.DeletePerson(ctx, noah.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Person(ctx, noah.ID); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("person still there: %v", err)
	}
	if !historyHas(t, s, "person", noah.ID, "delete", "Noah O'Brien <noah@example.org>") {
		t.Error("no history row survives the deletion")
	}
}

func TestRenewContractSameAssetsNextTerm(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := mustAsset(t, s, "Switch", "network", 0)
	b := mustAsset(t, s, "Firewall", "network", 0)
	c := assets.Contract{Kind: assets.ContractSupport, Provider: "Fortinet", Reference: "FC-1", Level: "8x5",
		Start: assets.MustDate("2025-04-01"), End: assets.MustDate("2026-03-31"), Cost: assets.Money{Minor: 120000, Currency: "EUR"},
		AssetIDs: []int64{a.ID, b.ID}}
	if err := s.CreateContract(ctx, &c); err != nil {
		t.Fatal(err)
	}
	next, err := s.RenewContract(ctx, c.ID, func(n *assets.Contract) { n.Reference = "FC-2" })
	if err != nil {
		t.Fatal(err)
	}
	if next.ID == c.ID || next.Start.String() != "2026-04-01" || next.End.String() != "2027-03-31" || next.Reference != "FC-2" {
		t.Fatalf("renewal %+v", next)
	}
	stored, err := s.Contract(ctx, next.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.AssetIDs) != 2 || stored.Cost != c.Cost || stored.Provider != "Fortinet" {
		t.Fatalf("renewal stored %+v", stored)
	}
	if old, _ := s.Contract(ctx, c.ID); old.End.String() != "2026-03-31" || len(old.AssetIDs) != 2 {
		t.Fatalf("the old term changed: %+v", old)
	}
	if !historyHas(t, s, "contract", c.ID, "renewed", "2026-04-01 to 2027-03-31") || !historyHas(t, s, "contract", next.ID, "renew", "Fortinet FC-2") {
		t.Error("history does not link the terms")
	}
	// A "renewal" that ends before the current term is refused.
	if _, err := s.RenewContract(ctx, c.ID, func(n *assets.Contract) { n.Start, n.End = c.Start, c.Start.AddDays(10) }); assets.KindOf(err) != assets.KindInvalid {
		t.Fatalf("backwards renewal: %v", err)
	}
}

func TestDeleteContractImpactAndHistory(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var ids []int64
	for _, n := range []string{"A", "B", "C"} {
		ids = append(ids, mustAsset(t, s, n, "laptop", 0).ID)
	}
	c := assets.Contract{Provider: "Dell", Reference: "PS-9", End: assets.MustDate("2027-01-01"), AssetIDs: ids}
	if err := s.CreateContract(ctx, &c); err != nil {
		t.Fatal(err)
	}
	im, err := s.DeletionImpact(ctx, "contract", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if im.Name != "Dell PS-9" || im.Text() != "3 assets lose this contract" || im.Blocked() {
		t.Fatalf("impact %q %q", im.Name, im.Text())
	}
	if err := s.DeleteContract(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeletionImpact(ctx, "contract", c.ID); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("impact of a deleted contract: %v", err)
	}
	if !historyHas(t, s, "contract", c.ID, "delete", "Dell PS-9") {
		t.Error("no history row for the deleted contract")
	}
}

func TestDeletionImpactLicenceCourseTask(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := mustPerson(t, s, "Ann", "ann@example.org", "IT")
	a := mustAsset(t, s, "PC", "desktop", 0)
	l := assets.Licence{Product: "Office", Edition: "E3", Type: assets.LicencePerSeat, Seats: 1}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	for _, seat := range []assets.SeatAssignment{{LicenceID: l.ID, PersonID: p.ID}, {LicenceID: l.ID, AssetID: a.ID}} {
		if err := s.AssignSeat(ctx, &seat); err != nil {
			t.Fatal(err)
		}
	}
	course := mustCourse(t, s, "Security basics", 12, assets.Scope{Kind: assets.ScopeAll})
	if _, err := s.RecordTraining(ctx, []assets.TrainingRecord{{PersonID: p.ID, CourseID: course.ID, CompletedOn: assets.MustDate("2026-01-05")}}); err != nil {
		t.Fatal(err)
	}
	task := assets.Task{Kind: assets.TaskFirmware, Due: assets.MustDate("2026-05-01"), AssetIDs: []int64{a.ID}}
	if err := s.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		entity string
		id     int64
		name   string
		text   string
	}{
		{"licence", l.ID, "Office E3", "2 seat assignments are deleted"},
		{"course", course.ID, "Security basics", "1 training record is deleted\n1 rule that makes it mandatory goes"},
		{"task", task.ID, "firmware", "1 asset is no longer planned in this task"},
		{"person", p.ID, "Ann", "1 training record is deleted"},
	} {
		im, err := s.DeletionImpact(ctx, c.entity, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if im.Name != c.name || im.Text() != c.text {
			t.Errorf("%s: %q %q, want %q %q", c.entity, im.Name, im.Text(), c.name, c.text)
		}
	}
}

func TestUpdateTrainingRecordMovesTheLatest(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := mustPerson(t, s, "Ann", "ann@example.org", "IT")
	c := mustCourse(t, s, "GDPR", 12, assets.Scope{Kind: assets.ScopeAll})
	if _, err := s.RecordTraining(ctx, []assets.TrainingRecord{
		{PersonID: p.ID, CourseID: c.ID, CompletedOn: assets.MustDate("2024-01-10")},
		{PersonID: p.ID, CourseID: c.ID, CompletedOn: assets.MustDate("2025-02-01")},
	}); err != nil {
		t.Fatal(err)
	}
	list, _ := s.TrainingRecords(ctx, p.ID)
	var older assets.TrainingRecord
	for _, r := range list {
		if r.CompletedOn.String() == "2024-01-10" {
			older = r
		}
	}
	// The older record was really done later: it becomes the latest, and
	// compliance follows it.
	older.CompletedOn = assets.MustDate("2025-06-30")
	older.Certificate = "CERT-7"
	if err := s.UpdateTrainingRecord(ctx, &older); err != nil {
		t.Fatal(err)
	}
	if older.ExpiresOn.String() != "2026-06-30" {
		t.Fatalf("expiry after the edit: %s", older.ExpiresOn)
	}
	f, err := s.PersonFile(ctx, p.ID, asOf, 30)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Training) != 1 || f.Training[0].Latest == nil || f.Training[0].Latest.CompletedOn.String() != "2025-06-30" {
		t.Fatalf("the person's file does not use the corrected record: %+v", f.Training)
	}
	// Compliance reads the latest completion from training_latest.
	var latest, expires string
	if err := s.DB().QueryRowContext(ctx, `SELECT completed_on, expires_on FROM training_latest WHERE person_id = ? AND course_id = ?`, p.ID, c.ID).Scan(&latest, &expires); err != nil {
		t.Fatal(err)
	}
	if latest != "2025-06-30" || expires != "2026-06-30" {
		t.Fatalf("training_latest holds %s/%s, want the corrected 2025-06-30/2026-06-30", latest, expires)
	}
	if !historyHas(t, s, "person", p.ID, "training", "GDPR of 2024-01-10 corrected: completed 2025-06-30, expires 2026-06-30, certificate CERT-7") {
		t.Error("no history of the correction")
	}
	// A completion in the future is refused and changes nothing.
	bad := older
	bad.CompletedOn = assets.MustDate("2027-01-01")
	if err := s.UpdateTrainingRecord(ctx, &bad); assets.KindOf(err) != assets.KindInvalid {
		t.Fatalf("future completion: %v", err)
	}
}

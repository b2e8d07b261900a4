package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"steward/assets"
)

// Several assets check out and in in one transaction each: all or none,
// with the condition both ways and the check-in's status and location.
func TestCheckOutAndInSeveralAtOnce(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ann := mustPerson(t, s, "Ann Archer", "ann@example.org", "Sales")
	bob := mustPerson(t, s, "Bob Baker", "bob@example.org", "IT")
	lap := mustAsset(t, s, "Latitude 5440", "laptop", 0)
	phone := mustAsset(t, s, "iPhone 15", "phone", 0)
	held := mustAsset(t, s, "Monitor", "monitor", bob.ID)
	on := assets.MustDate("2026-03-02")

	// One of three is held by Bob: nothing is checked out.
	_, err := s.CheckOutAssets(ctx, []assets.CheckOut{
		{AssetID: lap.ID, PersonID: ann.ID, On: on}, {AssetID: phone.ID, PersonID: ann.ID, On: on}, {AssetID: held.ID, PersonID: ann.ID, On: on}})
	if assets.KindOf(err) != assets.KindConflict || !strings.Contains(err.Error(), "held by Bob Baker") {
		t.Fatalf("batch with a held asset: %v", err)
	}
	if got, _ := s.Asset(ctx, lap.ID); got.AssignedTo != 0 {
		t.Fatalf("the batch was not rolled back: %+v", got)
	}

	hs, err := s.CheckOutAssets(ctx, []assets.CheckOut{
		{AssetID: lap.ID, PersonID: ann.ID, On: on, DueBack: assets.MustDate("2026-03-20"), Condition: assets.ConditionGood},
		{AssetID: phone.ID, PersonID: ann.ID, On: on, Condition: assets.ConditionNew},
		{AssetID: lap.ID, PersonID: ann.ID, On: on}, // scanned twice
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].OutCondition != assets.ConditionGood || hs[1].OutCondition != assets.ConditionNew || hs[0].DueBack.String() != "2026-03-20" {
		t.Fatalf("handovers %+v", hs)
	}
	if _, err := s.CheckOutAsset(ctx, assets.CheckOut{AssetID: held.ID, PersonID: ann.ID, On: on, Condition: "scratched"}); err == nil || !strings.Contains(err.Error(), "not a condition") {
		t.Fatalf("unknown condition: %v", err)
	}

	// Back: the laptop damaged to the repair shelf, the phone to stock where it was.
	back := assets.MustDate("2026-03-10")
	hs, err = s.CheckInAssets(ctx, []assets.CheckIn{
		{AssetID: lap.ID, On: back, Status: assets.StatusInRepair, Location: "IT workshop", Condition: assets.ConditionDamaged, Note: "hinge"},
		{AssetID: phone.ID, On: back, Condition: assets.ConditionGood},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].InCondition != assets.ConditionDamaged || hs[0].CheckedIn != back || hs[1].InCondition != assets.ConditionGood {
		t.Fatalf("check-ins %+v", hs)
	}
	got, _ := s.Asset(ctx, lap.ID)
	if got.AssignedTo != 0 || got.Status != assets.StatusInRepair || got.Location != "IT workshop" {
		t.Fatalf("laptop after check-in: %+v", got)
	}
	got, _ = s.Asset(ctx, phone.ID)
	if got.AssignedTo != 0 || got.Status != assets.StatusInStock || got.Location != "" {
		t.Fatalf("phone after check-in: %+v", got)
	}
	hist, _ := s.History(ctx, "asset", lap.ID)
	var text []string
	for _, h := range hist {
		text = append(text, h.Text())
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"checkin: from Ann Archer on 2026-03-10, condition Damaged: hinge", "status: Deployed -> In repair", "location set to IT workshop",
		"checkout: to Ann Archer on 2026-03-02, due back 2026-03-20, condition Good"} {
		if !strings.Contains(all, want) {
			t.Errorf("history lacks %q:\n%s", want, all)
		}
	}
	// A check-in of something nobody holds fails the whole batch.
	if _, err := s.CheckInAssets(ctx, []assets.CheckIn{{AssetID: held.ID, On: back}, {AssetID: lap.ID, On: back}}); err == nil || !strings.Contains(err.Error(), "not checked out") {
		t.Fatalf("batch with a free asset: %v", err)
	}
	if got, _ := s.Asset(ctx, held.ID); got.AssignedTo != bob.ID {
		t.Fatalf("the failed batch checked the monitor in: %+v", got)
	}
	if _, err := s.CheckInAsset(ctx, assets.CheckIn{AssetID: held.ID, On: back, Status: "broken"}); err == nil || !strings.Contains(err.Error(), "not a status") {
		t.Fatalf("unknown status: %v", err)
	}
}

// A loan past its due-back date is an alert of its own kind; returned, or
// without a date, it is none.
func TestOverdueReturnAlert(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ann := mustPerson(t, s, "Ann Archer", "ann@example.org", "Sales")
	lap := mustAsset(t, s, "Latitude 5440", "laptop", 0)
	cam := mustAsset(t, s, "Camera", "other", 0)
	open := mustAsset(t, s, "Projector", "other", 0)
	if _, err := s.CheckOutAssets(ctx, []assets.CheckOut{
		{AssetID: lap.ID, PersonID: ann.ID, On: assets.MustDate("2026-02-01"), DueBack: assets.MustDate("2026-02-20")},
		{AssetID: cam.ID, PersonID: ann.ID, On: assets.MustDate("2026-02-01"), DueBack: assets.MustDate("2026-02-20")},
		{AssetID: open.ID, PersonID: ann.ID, On: assets.MustDate("2026-02-01")},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckInAsset(ctx, assets.CheckIn{AssetID: cam.ID, On: assets.MustDate("2026-02-25")}); err != nil {
		t.Fatal(err)
	}
	opt := assets.AlertOptions{AsOf: assets.MustDate("2026-03-01")}
	list, err := s.AlertsFrom(ctx, "returns", opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Kind != assets.AlertReturnOverdue || list[0].Ref != (assets.Ref{Entity: "asset", ID: lap.ID}) ||
		list[0].Severity != assets.SeverityWarning || !strings.Contains(list[0].Reason, "9 days overdue: Ann Archer should have brought it back on 2026-02-20") {
		t.Fatalf("alerts %+v", list)
	}
	all, err := s.Alerts(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range all {
		found = found || a.Kind == assets.AlertReturnOverdue
	}
	if !found {
		t.Fatal("Alerts leaves out the overdue return")
	}
	if list, _ := s.AlertsFrom(ctx, "returns", assets.AlertOptions{AsOf: assets.MustDate("2026-02-20")}); len(list) != 0 {
		t.Fatalf("alert on the due day: %+v", list)
	}
}

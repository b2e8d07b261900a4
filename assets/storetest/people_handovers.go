package storetest

import (
	"strings"
	"testing"

	"steward/assets"
)

// newAsset creates an asset, failing the test on error.
func newAsset(t *testing.T, s HandoverStore, name, category string, status assets.Status, holder int64) assets.Asset {
	t.Helper()
	a := assets.Asset{Name: name, Category: category, Status: status, AssignedTo: holder}
	must(t, s.CreateAsset(ctx, &a))
	return a
}

func handoverLines(list []assets.Handover) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, h := range list {
		out[i] = handoverLine(h)
	}
	return out
}

var handoverCases = []Case[HandoverStore]{
	{"CheckOutIn", func(t *testing.T, s HandoverStore) {
		ada := newPerson(t, s, "Ada", "ada@example.com", "IT")
		a := newAsset(t, s, "ThinkPad", "laptop", assets.StatusInStock, 0)
		h, err := s.CheckOutAsset(ctx, assets.CheckOut{AssetID: a.ID, PersonID: ada.ID, On: date("2026-02-02"), DueBack: date("2026-03-02"), Note: " with charger \r\n"})
		must(t, err)
		same(t, "check-out", handoverLine(h), a.Tag+" ThinkPad to Ada(true) out 2026-02-02 due 2026-03-02 \"with charger\" by tester, in  \"\" by ")
		if h.ID == 0 || h.AssetID != a.ID || h.PersonID != ada.ID || !h.Open() {
			t.Errorf("check-out %+v", h)
		}
		got, err := s.Asset(ctx, a.ID)
		must(t, err)
		if got.AssignedTo != ada.ID || got.AssignedName != "Ada" || got.Status != assets.StatusDeployed {
			t.Errorf("asset after check-out: %+v", got)
		}
		same(t, "asset history", peopleHistory(t, s, "asset", a.ID)[:3], []string{
			"checkout status In stock -> Deployed", "checkout assigned_to  -> Ada", "checkout: to Ada on 2026-02-02, due back 2026-03-02: with charger"})
		same(t, "person history", peopleHistory(t, s, "person", ada.ID)[0], "checkout: "+a.Tag+" ThinkPad on 2026-02-02")

		// Refusals.
		bob := newPerson(t, s, "Bob", "bob@example.com", "")
		left := assets.Person{Name: "Gone", Email: "gone@example.com", Status: assets.PersonLeft}
		must(t, s.CreatePerson(ctx, &left))
		b := newAsset(t, s, "Phone", "phone", assets.StatusDeployed, 0)
		r := newAsset(t, s, "Old", "laptop", assets.StatusRetired, 0)
		for _, c := range []struct {
			what string
			c    assets.CheckOut
			kind assets.Kind
		}{
			{"held by another", assets.CheckOut{AssetID: a.ID, PersonID: bob.ID, On: date("2026-02-03")}, assets.KindConflict},
			{"already with them", assets.CheckOut{AssetID: a.ID, PersonID: ada.ID, On: date("2026-02-03")}, assets.KindConflict},
			{"unknown asset", assets.CheckOut{AssetID: r.ID + 100, PersonID: ada.ID, On: date("2026-02-03")}, assets.KindNotFound},
			{"unknown person", assets.CheckOut{AssetID: b.ID, PersonID: bob.ID + 100, On: date("2026-02-03")}, assets.KindInvalid},
			{"nobody", assets.CheckOut{AssetID: b.ID, On: date("2026-02-03")}, assets.KindInvalid},
			{"no date", assets.CheckOut{AssetID: b.ID, PersonID: bob.ID}, assets.KindInvalid},
			{"back before out", assets.CheckOut{AssetID: b.ID, PersonID: bob.ID, On: date("2026-02-03"), DueBack: date("2026-02-02")}, assets.KindInvalid},
			{"retired", assets.CheckOut{AssetID: r.ID, PersonID: bob.ID, On: date("2026-02-03")}, assets.KindInvalid},
			{"a leaver", assets.CheckOut{AssetID: b.ID, PersonID: left.ID, On: date("2026-02-03")}, assets.KindInvalid},
		} {
			_, err := s.CheckOutAsset(ctx, c.c)
			wantErrKind(t, c.what, err, c.kind)
		}
		_, err = s.CheckInAsset(ctx, assets.CheckIn{AssetID: b.ID, On: date("2026-02-03")})
		wantErrKind(t, "check-in of an asset nobody holds", err, assets.KindInvalid)
		_, err = s.CheckInAsset(ctx, assets.CheckIn{AssetID: a.ID, On: date("2026-02-01")})
		wantErrKind(t, "check-in before the check-out", err, assets.KindInvalid)
		_, err = s.CheckInAsset(ctx, assets.CheckIn{AssetID: r.ID + 100, On: date("2026-02-03")})
		wantErrKind(t, "check-in of an unknown asset", err, assets.KindNotFound)

		// A deployed phone stays deployed.
		_, err = s.CheckOutAsset(ctx, assets.CheckOut{AssetID: b.ID, PersonID: ada.ID, On: date("2026-02-03")})
		must(t, err)
		same(t, "phone history", peopleHistory(t, s, "asset", b.ID)[:2], []string{"checkout assigned_to  -> Ada", "checkout: to Ada on 2026-02-03"})

		h, err = s.CheckInAsset(ctx, assets.CheckIn{AssetID: a.ID, On: date("2026-02-20"), Note: "screen scratched"})
		must(t, err)
		same(t, "check-in", handoverLine(h), a.Tag+" ThinkPad to Ada(true) out 2026-02-02 due 2026-03-02 \"with charger\" by tester, in 2026-02-20 \"screen scratched\" by tester")
		got, err = s.Asset(ctx, a.ID)
		must(t, err)
		if got.AssignedTo != 0 || got.Status != assets.StatusInStock {
			t.Errorf("asset after check-in: %+v", got)
		}
		same(t, "asset history", peopleHistory(t, s, "asset", a.ID)[:3], []string{
			"checkin status Deployed -> In stock", "checkin assigned_to Ada -> ", "checkin: from Ada on 2026-02-20: screen scratched"})
		same(t, "person history", peopleHistory(t, s, "person", ada.ID)[0], "checkin: "+a.Tag+" ThinkPad on 2026-02-20")

		// Out again, to Bob.
		_, err = s.CheckOutAsset(ctx, assets.CheckOut{AssetID: a.ID, PersonID: bob.ID, On: date("2026-02-21")})
		must(t, err)
		list, err := s.Handovers(ctx, a.ID, 0)
		must(t, err)
		same(t, "the laptop's hand-overs", handoverLines(list), []string{
			a.Tag + " ThinkPad to Bob(true) out 2026-02-21 due  \"\" by tester, in  \"\" by ",
			a.Tag + " ThinkPad to Ada(true) out 2026-02-02 due 2026-03-02 \"with charger\" by tester, in 2026-02-20 \"screen scratched\" by tester"})
		list, err = s.Handovers(ctx, 0, ada.ID)
		must(t, err)
		same(t, "Ada's hand-overs", handoverLines(list), []string{
			b.Tag + " Phone to Ada(true) out 2026-02-03 due  \"\" by tester, in  \"\" by ",
			a.Tag + " ThinkPad to Ada(true) out 2026-02-02 due 2026-03-02 \"with charger\" by tester, in 2026-02-20 \"screen scratched\" by tester"})
		list, err = s.Handovers(ctx, r.ID, 0)
		must(t, err)
		same(t, "no hand-overs", handoverLines(list), []string(nil))

		// A holder cannot be deleted; once everything is back, they can, and
		// the hand-overs keep their name.
		err = s.DeletePerson(ctx, bob.ID)
		wantErrKind(t, "deleting a holder", err, assets.KindConflict)
		if err != nil && err.Error() != "person: Bob cannot be deleted: 1 asset is still held; mark them as left and hand everything back first" {
			t.Errorf("deleting a holder: %q", err)
		}
		_, err = s.CheckInAsset(ctx, assets.CheckIn{AssetID: a.ID, On: date("2026-02-22")})
		must(t, err)
		must(t, s.DeletePerson(ctx, bob.ID))
		list, err = s.Handovers(ctx, a.ID, 0)
		must(t, err)
		if len(list) != 2 || list[0].PersonName != "Bob" || list[0].PersonID != 0 {
			t.Errorf("hand-over of a deleted person: %q", handoverLines(list))
		}
	}},
	{"CheckInWithoutCheckOut", func(t *testing.T, s HandoverStore) {
		ada := newPerson(t, s, "Ada", "ada@example.com", "")
		a := newAsset(t, s, "Monitor", "monitor", assets.StatusInRepair, ada.ID)
		h, err := s.CheckInAsset(ctx, assets.CheckIn{AssetID: a.ID, On: date("2026-02-10")})
		must(t, err)
		same(t, "hand-over written on check-in", handoverLine(h), a.Tag+" Monitor to Ada(true) out  due  \"assigned without a check-out\" by , in 2026-02-10 \"\" by tester")
		got, err := s.Asset(ctx, a.ID)
		must(t, err)
		if got.AssignedTo != 0 || got.Status != assets.StatusInRepair {
			t.Errorf("asset after check-in: %+v", got)
		}
		same(t, "asset history", peopleHistory(t, s, "asset", a.ID)[:2], []string{"checkin assigned_to Ada -> ", "checkin: from Ada on 2026-02-10"})
	}},
	{"LeaversAndHoldings", func(t *testing.T, s HandoverStore) {
		mk := func(name string, status assets.PersonStatus, leave string) assets.Person {
			p := assets.Person{Name: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com", Status: status}
			if leave != "" {
				p.LeaveDate = date(leave)
			}
			must(t, s.CreatePerson(ctx, &p))
			return p
		}
		zed := mk("zed", assets.PersonLeft, "")
		amy := mk("Amy", "", "2026-01-31")
		today := mk("Today", "", "2026-03-01")
		empty := mk("Empty", assets.PersonLeft, "2025-12-31")
		here := mk("Here", "", "")
		a1 := newAsset(t, s, "Laptop", "laptop", assets.StatusDeployed, zed.ID)
		a2 := newAsset(t, s, "Lost phone", "phone", assets.StatusLost, zed.ID)
		newAsset(t, s, "Retired", "laptop", assets.StatusRetired, zed.ID)
		a4 := newAsset(t, s, "Spare", "monitor", assets.StatusInRepair, amy.ID)
		newAsset(t, s, "Today's", "laptop", assets.StatusDeployed, today.ID)
		newAsset(t, s, "Gone", "laptop", assets.StatusDisposed, empty.ID)
		newAsset(t, s, "Here's", "laptop", assets.StatusDeployed, here.ID)

		list, err := s.Leavers(ctx, date("2026-03-01"))
		must(t, err)
		var lines []string
		for _, l := range list {
			lines = append(lines, l.Person.Name+" ["+strings.Join(l.Assets, ", ")+"] "+itoa(int64(l.Seats))+" "+l.Risk)
		}
		same(t, "leavers", lines, []string{
			"Amy [" + a4.Tag + "] 0 left on 2026-01-31 but still holds 1 asset",
			"zed [" + a1.Tag + ", " + a2.Tag + "] 0 has left but still holds 2 assets",
		})
		list, err = s.Leavers(ctx, date("2026-03-02"))
		must(t, err)
		if len(list) != 3 || list[1].Person.Name != "Today" {
			t.Errorf("leavers the day after a leave date: %+v", list)
		}
		list, err = s.Leavers(ctx, date("2026-01-01"))
		must(t, err)
		if len(list) != 1 || list[0].Person.ID != zed.ID || list[0].Person.Email != "zed@example.com" {
			t.Errorf("leavers before the leave dates: %+v", list)
		}

		rows, err := s.FindPeople(ctx, assets.PeopleFilter{})
		must(t, err)
		same(t, "people list with holdings", rowNames(rows), []string{"Amy:1", "Empty:0", "Here:1", "Today:1", "zed:2"})

		seats, err := s.SeatsHeld(ctx, zed.ID)
		must(t, err)
		same(t, "seats", seats, []assets.HeldSeat(nil))
	}},
	{"PersonFile", func(t *testing.T, s HandoverStore) {
		boss := newPerson(t, s, "Boss", "boss@example.com", "")
		p := assets.Person{Name: "Ada", Email: "ada@example.com", Department: "IT", ManagerID: boss.ID, LeaveDate: date("2026-02-28")}
		must(t, s.CreatePerson(ctx, &p))
		lap := newAsset(t, s, "Laptop", "laptop", assets.StatusInStock, 0)
		newAsset(t, s, "Retired", "laptop", assets.StatusRetired, p.ID)
		_, err := s.CheckOutAsset(ctx, assets.CheckOut{AssetID: lap.ID, PersonID: p.ID, On: date("2026-01-05")})
		must(t, err)
		sec := newCourse(t, s, "Security", 12, scopeAll)
		care := newCourse(t, s, "Laptop care", 12, scopeCategory("laptop"))
		it := newCourse(t, s, "IT basics", 0, scopeDept("it"))
		opt := newCourse(t, s, "Optional", 6)
		newCourse(t, s, "Unrelated", 6)
		_, err = s.RecordTraining(ctx, []assets.TrainingRecord{
			{PersonID: p.ID, CourseID: sec.ID, CompletedOn: date("2025-03-20")},
			{PersonID: p.ID, CourseID: opt.ID, CompletedOn: date("2025-01-01")},
			{PersonID: p.ID, CourseID: care.ID, CompletedOn: date("2024-01-01")},
		})
		must(t, err)

		// Before the leave date: every course still counts.
		f, err := s.PersonFile(ctx, p.ID, date("2026-02-27"), 30)
		must(t, err)
		same(t, "manager", f.Manager, "Boss <boss@example.com>")
		var tags []string
		for _, a := range f.Assets {
			tags = append(tags, a.Name)
		}
		same(t, "assets", len(tags), 2)
		same(t, "records", recordLines(f.Records), []string{
			"ada@example.com Security 2025-03-20 2026-03-20",
			"ada@example.com Optional 2025-01-01 2025-07-01",
			"ada@example.com Laptop care 2024-01-01 2025-01-01"})
		same(t, "hand-overs", len(f.Handovers), 1)
		var states []string
		for _, cs := range f.Training {
			states = append(states, cs.Course.Name+": "+cs.State.String())
		}
		same(t, "training", states, []string{"IT basics: never done", "Laptop care: overdue", "Optional: expired", "Security: due soon"})
		same(t, "flags", f.Flags, []string{"Overdue: IT basics never completed", "Overdue: Laptop care expired on 2025-01-01", "Due soon: Security expires on 2026-03-20"})

		// After it: nothing is required, and what they hold is a risk.
		f, err = s.PersonFile(ctx, p.ID, date("2026-03-01"), 30)
		must(t, err)
		states = nil
		for _, cs := range f.Training {
			states = append(states, cs.Course.Name+": "+cs.State.String())
		}
		same(t, "a leaver's training", states, []string{"Laptop care: expired", "Optional: expired", "Security: valid"})
		if len(f.Flags) != 1 || !strings.HasPrefix(f.Flags[0], "Security risk: left on 2026-02-28 but still holds ") {
			t.Errorf("a leaver's flags: %q", f.Flags)
		}
		_, err = s.PersonFile(ctx, p.ID+100, date("2026-03-01"), 30)
		wantErrKind(t, "page of an unknown person", err, assets.KindNotFound)
		_ = it
	}},
}

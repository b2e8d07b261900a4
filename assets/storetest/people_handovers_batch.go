package storetest

import (
	"strings"
	"testing"

	"steward/assets"
)

// Hand-overs where the asset is (issue 16): the condition both ways, the
// check-in's new status and location, several assets in one transaction,
// and bulk changes of status, location, category or holder.
func init() { handoverCases = append(handoverCases, batchHandoverCases...) }

// conditions is a hand-over's conditions, out and in.
func conditions(h assets.Handover) string {
	return string(h.OutCondition) + "/" + string(h.InCondition)
}

var batchHandoverCases = []Case[HandoverStore]{
	{"ConditionStatusLocation", func(t *testing.T, s HandoverStore) {
		ada := newPerson(t, s, "Ada", "ada@example.com", "IT")
		a := newAsset(t, s, "ThinkPad", "laptop", assets.StatusInStock, 0)
		h, err := s.CheckOutAsset(ctx, assets.CheckOut{AssetID: a.ID, PersonID: ada.ID, On: date("2026-02-02"), Condition: "Good"})
		must(t, err)
		same(t, "condition out", conditions(h), "good/")
		same(t, "check-out history", peopleHistory(t, s, "asset", a.ID)[2], "checkout: to Ada on 2026-02-02, condition Good")
		_, err = s.CheckInAsset(ctx, assets.CheckIn{AssetID: a.ID, On: date("2026-02-03"), Condition: "scratched"})
		wantErrKind(t, "an unknown condition", err, assets.KindInvalid)
		_, err = s.CheckInAsset(ctx, assets.CheckIn{AssetID: a.ID, On: date("2026-02-03"), Status: "broken"})
		wantErrKind(t, "an unknown status", err, assets.KindInvalid)
		h, err = s.CheckInAsset(ctx, assets.CheckIn{AssetID: a.ID, On: date("2026-02-10"), Status: assets.StatusInRepair, Location: " Workshop ",
			Condition: assets.ConditionDamaged, Note: "hinge"})
		must(t, err)
		same(t, "conditions", conditions(h), "good/damaged")
		got, err := s.Asset(ctx, a.ID)
		must(t, err)
		if got.AssignedTo != 0 || got.Status != assets.StatusInRepair || got.Location != "Workshop" {
			t.Errorf("asset after check-in: %+v", got)
		}
		same(t, "check-in history", peopleHistory(t, s, "asset", a.ID)[:4], []string{
			"checkin location  -> Workshop", "checkin status Deployed -> In repair", "checkin assigned_to Ada -> ",
			"checkin: from Ada on 2026-02-10, condition Damaged: hinge"})
		list, err := s.Handovers(ctx, a.ID, 0)
		must(t, err)
		if len(list) != 1 || conditions(list[0]) != "good/damaged" {
			t.Errorf("hand-overs: %q", handoverLines(list))
		}
	}},
	{"SeveralAtOnce", func(t *testing.T, s HandoverStore) {
		ada := newPerson(t, s, "Ada", "ada@example.com", "IT")
		bob := newPerson(t, s, "Bob", "bob@example.com", "")
		a := newAsset(t, s, "Laptop", "laptop", assets.StatusInStock, 0)
		b := newAsset(t, s, "Phone", "phone", assets.StatusInStock, 0)
		held := newAsset(t, s, "Monitor", "monitor", assets.StatusDeployed, bob.ID)
		on := date("2026-02-02")
		_, err := s.CheckOutAssets(ctx, []assets.CheckOut{{AssetID: a.ID, PersonID: ada.ID, On: on}, {AssetID: held.ID, PersonID: ada.ID, On: on}})
		wantErrKind(t, "a batch with a held asset", err, assets.KindConflict)
		if got, _ := s.Asset(ctx, a.ID); got.AssignedTo != 0 {
			t.Errorf("the failed batch handed %s over", a.Tag)
		}
		_, err = s.CheckOutAssets(ctx, nil)
		wantErrKind(t, "an empty batch", err, assets.KindInvalid)
		list, err := s.CheckOutAssets(ctx, []assets.CheckOut{{AssetID: a.ID, PersonID: ada.ID, On: on, DueBack: date("2026-03-01")},
			{AssetID: b.ID, PersonID: ada.ID, On: on}, {AssetID: a.ID, PersonID: ada.ID, On: on}})
		must(t, err)
		same(t, "checked out", handoverLines(list), []string{
			a.Tag + " Laptop to Ada(true) out 2026-02-02 due 2026-03-01 \"\" by tester, in  \"\" by ",
			b.Tag + " Phone to Ada(true) out 2026-02-02 due  \"\" by tester, in  \"\" by "})
		_, err = s.CheckInAssets(ctx, []assets.CheckIn{{AssetID: a.ID, On: date("2026-02-05")}, {AssetID: bob.ID + held.ID + 100, On: date("2026-02-05")}})
		wantErrKind(t, "a batch with an unknown asset", err, assets.KindNotFound)
		if got, _ := s.Asset(ctx, a.ID); got.AssignedTo != ada.ID {
			t.Errorf("the failed batch checked %s in", a.Tag)
		}
		list, err = s.CheckInAssets(ctx, []assets.CheckIn{{AssetID: a.ID, On: date("2026-02-05"), Location: "Store"}, {AssetID: b.ID, On: date("2026-02-05"), Location: "Store"}})
		must(t, err)
		if len(list) != 2 || list[0].CheckedIn != date("2026-02-05") || list[1].CheckedIn != date("2026-02-05") {
			t.Errorf("checked in: %q", handoverLines(list))
		}
		for _, id := range []int64{a.ID, b.ID} {
			got, err := s.Asset(ctx, id)
			must(t, err)
			if got.AssignedTo != 0 || got.Status != assets.StatusInStock || got.Location != "Store" {
				t.Errorf("after the batch: %+v", got)
			}
		}
	}},
	{"BulkChange", func(t *testing.T, s HandoverStore) {
		ada := newPerson(t, s, "Ada", "ada@example.com", "IT")
		bob := newPerson(t, s, "Bob", "bob@example.com", "")
		a := newAsset(t, s, "Laptop one", "laptop", assets.StatusInStock, 0)
		b := newAsset(t, s, "Laptop two", "laptop", assets.StatusDeployed, bob.ID)
		r := newAsset(t, s, "Old laptop", "laptop", assets.StatusRetired, 0)
		p := newAsset(t, s, "Phone", "phone", assets.StatusInStock, 0)
		sel := assets.BulkSelection{IDs: []int64{r.ID, b.ID, a.ID}}
		change := assets.BulkChange{Location: "Annex", SetHolder: true, Holder: assets.Person{ID: ada.ID}, On: date("2026-02-02")}
		sum, err := s.PreviewBulkChange(ctx, sel, change)
		must(t, err)
		same(t, "preview", sum.Lines(), []string{
			"3 assets selected: 2 change, 1 cannot be changed.",
			"Status to Deployed: 1 asset (1 from In stock).",
			"Location to Annex: 2 assets (2 from none).",
			"Holder to Ada: 2 assets (1 from none, 1 from Bob).",
			"1 is checked in from its previous holder first.",
			"Left out: " + r.Tag + " is retired: only assets in stock, deployed or in repair can be handed to someone."})
		if got, _ := s.Asset(ctx, a.ID); got.Location != "" {
			t.Errorf("the preview changed %s", a.Tag)
		}
		done, err := s.ApplyBulkChange(ctx, sel, change)
		must(t, err)
		same(t, "applied", done, sum)
		for _, x := range []assets.Asset{a, b} {
			got, err := s.Asset(ctx, x.ID)
			must(t, err)
			if got.Location != "Annex" || got.AssignedTo != ada.ID || got.Status != assets.StatusDeployed {
				t.Errorf("%s after: %+v", x.Tag, got)
			}
		}
		same(t, "history of "+a.Tag, peopleHistory(t, s, "asset", a.ID)[0], "bulk: status: In stock -> Deployed; location: none -> Annex; holder: none -> Ada")
		same(t, "history of "+b.Tag, peopleHistory(t, s, "asset", b.ID)[:2], []string{"bulk: location: none -> Annex; holder: Bob -> Ada", "create: " + b.Tag + " Laptop two"})
		same(t, "Bob's history", peopleHistory(t, s, "person", bob.ID)[0], "checkin: "+b.Tag+" Laptop two on 2026-02-02 (bulk change)")
		same(t, "Ada's history", peopleHistory(t, s, "person", ada.ID)[:2], []string{
			"checkout: " + b.Tag + " Laptop two on 2026-02-02 (bulk change)", "checkout: " + a.Tag + " Laptop one on 2026-02-02 (bulk change)"})
		list, err := s.Handovers(ctx, b.ID, 0)
		must(t, err)
		same(t, "hand-overs of "+b.Tag, handoverLines(list), []string{
			b.Tag + " Laptop two to Ada(true) out 2026-02-02 due  \"bulk change\" by tester, in  \"\" by ",
			b.Tag + " Laptop two to Bob(true) out  due  \"assigned without a check-out\" by , in 2026-02-02 \"bulk change\" by tester"})
		if got, _ := s.Asset(ctx, r.ID); got.Location != "" || got.AssignedTo != 0 {
			t.Errorf("the refused asset changed: %+v", got)
		}
		// By a query: every laptop; back to nobody, retired, a new category.
		q := assets.AssetQuery{Category: "laptop"}
		sum, err = s.ApplyBulkChange(ctx, assets.BulkSelection{Query: &q}, assets.BulkChange{Status: assets.StatusRetired, Category: "Old-kit", SetHolder: true, On: date("2026-02-03")})
		must(t, err)
		same(t, "by query", strings.Join(sum.Lines(), "\n"), strings.Join([]string{
			"3 assets selected: 3 change.",
			"Status to Retired: 2 assets (2 from Deployed).",
			"Category to old-kit: 3 assets (3 from laptop).",
			"Checked in from their holders: 2 assets (2 from Ada)."}, "\n"))
		if got, _ := s.Asset(ctx, p.ID); got.Category != "phone" || got.Status != assets.StatusInStock {
			t.Errorf("the phone changed: %+v", got)
		}
		got, err := s.Asset(ctx, b.ID)
		must(t, err)
		if got.Category != "old-kit" || got.Status != assets.StatusRetired || got.AssignedTo != 0 {
			t.Errorf("%s after: %+v", b.Tag, got)
		}
		// Nothing to do: nothing written.
		sum, err = s.ApplyBulkChange(ctx, assets.BulkSelection{Query: &assets.AssetQuery{Category: "old-kit"}}, assets.BulkChange{Status: assets.StatusRetired})
		must(t, err)
		if sum.Changing != 0 || sum.Unchanged != 3 || peopleHistory(t, s, "asset", b.ID)[0] != "bulk: category: laptop -> old-kit; status: Deployed -> Retired; holder: Ada -> none" {
			t.Errorf("a change with nothing to do: %+v, %q", sum, peopleHistory(t, s, "asset", b.ID)[0])
		}
		_, err = s.PreviewBulkChange(ctx, sel, assets.BulkChange{})
		wantErrKind(t, "nothing to change", err, assets.KindInvalid)
		_, err = s.PreviewBulkChange(ctx, assets.BulkSelection{}, assets.BulkChange{Location: "X"})
		wantErrKind(t, "nothing selected", err, assets.KindInvalid)
	}},
}

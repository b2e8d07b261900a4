package sqlite_test

import (
	"context"
	"testing"

	"steward/assets"
)

// The search index keeps no copy of the text, so every way an asset's holder
// changes must write its search row again: edit, check-out, check-in, the
// person renamed, the person deleted.
func TestSearchFollowsTheHolder(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ines := assets.Person{Name: "Inès Duarte", Email: "ines@example.com"}
	bo := assets.Person{Name: "Bo Lindqvist", Email: "bo@example.com"}
	for _, p := range []*assets.Person{&ines, &bo} {
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	a := assets.Asset{Name: "ThinkPad T14", Category: "laptop", Serial: "PF3XK2"}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	finds := func(text string) bool {
		t.Helper()
		p, err := s.ListAssets(ctx, assets.AssetQuery{Search: text})
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Assets) == 1 && p.Assets[0].ID == a.ID
	}
	check := func(step string, want map[string]bool) {
		t.Helper()
		for text, w := range want {
			if got := finds(text); got != w {
				t.Errorf("after %s: search %q finds the asset %v, want %v", step, text, got, w)
			}
		}
	}
	check("create", map[string]bool{"thinkpad": true, "pf3xk2": true, "ines": false})

	if _, err := s.CheckOutAsset(ctx, assets.CheckOut{AssetID: a.ID, PersonID: ines.ID, On: assets.MustDate("2026-03-02")}); err != nil {
		t.Fatal(err)
	}
	check("check-out", map[string]bool{"ines": true, "duarte thinkpad": true, "bo": false})

	ines.Name = "Inès Duarte-Silva"
	if err := s.UpdatePerson(ctx, &ines); err != nil {
		t.Fatal(err)
	}
	check("rename", map[string]bool{"silva": true, "t14 pf3xk2": true})

	if _, err := s.CheckInAsset(ctx, assets.CheckIn{AssetID: a.ID, On: assets.MustDate("2026-03-09")}); err != nil {
		t.Fatal(err)
	}
	check("check-in", map[string]bool{"silva": false, "thinkpad": true})

	got, err := s.Asset(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.AssignedTo = bo.ID
	if err := s.UpdateAsset(ctx, &got); err != nil {
		t.Fatal(err)
	}
	check("edit", map[string]bool{"lindqvist": true, "ines": false})

	if _, err := s.DB().Exec(`DELETE FROM people WHERE id = ?`, bo.ID); err != nil {
		t.Fatal(err)
	}
	check("delete person", map[string]bool{"lindqvist": false, "thinkpad": true, "pf3xk2": true})

	if err := s.DeleteAsset(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	check("delete asset", map[string]bool{"thinkpad": false})
	if ok, err := s.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Errorf("integrity %q %v", ok, err)
	}
}

package main

import (
	"context"
	"path/filepath"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

func TestDemoCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "demo.db")
	if code := run(ctx, []string{"demo", "--db", db, "--assets", "40", "--people", "12", "--seed", "9", "--currency", "usd"}); code != 0 {
		t.Fatalf("demo exited %d", code)
	}
	count := func() (int, []assets.Person, assets.AssetPage) {
		s, err := sqlite.Create(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		n, err := s.CountAssets(ctx, assets.AssetQuery{})
		if err != nil {
			t.Fatal(err)
		}
		people, err := s.People(ctx, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.ListAssets(ctx, assets.AssetQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return n, people, page
	}
	n, people, page := count()
	if n != 40 || len(people) != 12 {
		t.Fatalf("demo stored %d assets and %d people, want 40 and 12", n, len(people))
	}
	// The sample has a hierarchy: the managing director reports to nobody,
	// everyone else to someone registered (managers are saved first).
	ids, managed := map[int64]bool{}, 0
	for _, p := range people {
		ids[p.ID] = true
	}
	for _, p := range people {
		switch {
		case p.ManagerID != 0 && ids[p.ManagerID]:
			managed++
		case p.ManagerID != 0:
			t.Errorf("%s's manager %d is not registered", p.Name, p.ManagerID)
		case p.Title != "Managing Director":
			t.Errorf("%s (%s) has no manager", p.Name, p.Title)
		}
	}
	if managed != len(people)-1 {
		t.Errorf("%d of %d people have a manager, want all but the director", managed, len(people))
	}
	assigned := 0
	for _, a := range page.Assets {
		if a.Cost.Currency != "USD" {
			t.Errorf("%s costs %v, want USD", a.Tag, a.Cost)
		}
		if a.AssignedTo != 0 {
			assigned++
		}
	}
	if assigned == 0 {
		t.Error("no demo asset is assigned to anyone")
	}
	// A database with assets is refused unless --force.
	if code := run(ctx, []string{"demo", "--db", db, "--assets", "10"}); code != 1 {
		t.Errorf("demo on a filled database exited %d, want 1", code)
	}
	if n, _, _ := count(); n != 40 {
		t.Errorf("refused demo changed the database: %d assets", n)
	}
	if code := run(ctx, []string{"demo", "--db", db, "--assets", "10", "--people", "12", "--seed", "9", "--force"}); code != 0 {
		t.Fatalf("demo --force exited %d", code)
	}
	if n, people, _ := count(); n != 50 || len(people) != 12 {
		t.Errorf("after --force: %d assets, %d people; want 50 and the same 12 people", n, len(people))
	}
	for _, bad := range [][]string{{"--currency", "euro"}, {"--assets", "0"}, {"extra"}, {"--nope"}} {
		if code := run(ctx, append([]string{"demo", "--db", filepath.Join(t.TempDir(), "x.db")}, bad...)); code != 2 {
			t.Errorf("demo %v exited %d, want 2 (usage)", bad, code)
		}
	}
}

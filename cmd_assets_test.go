package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// steward assets set: a dry run says what would change and writes nothing;
// the real run changes the selection in one go, one history row each.
func TestAssetsSetCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "s.db")
	s, err := sqlite.Create(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	noah := assets.Person{Name: "Noah O'Brien", Email: "noah@example.org"}
	if err := s.CreatePerson(ctx, &noah); err != nil {
		t.Fatal(err)
	}
	for _, a := range []assets.Asset{{Tag: "LT-1", Name: "Laptop one", Category: "laptop"}, {Tag: "LT-2", Name: "Laptop two", Category: "laptop"},
		{Tag: "PH-1", Name: "Phone", Category: "phone"}} {
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	code, out := captureAll(t, "assets", "set", "--db", db, "--where-category", "laptop", "--location", "Annex", "--holder", "noah@example.org", "--on", "2026-03-02", "--dry-run")
	if code != 0 || !strings.Contains(out, "2 assets selected: 2 change.") || !strings.Contains(out, "Holder to Noah O'Brien: 2 assets (2 from none).") || !strings.Contains(out, "Dry run: nothing written.") {
		t.Fatalf("dry run: exit %d\n%s", code, out)
	}
	code, out = captureAll(t, "assets", "set", "--db", db, "--tags", "LT-1,PH-1", "--status", "in repair", "--location", "Workshop", "--json")
	if code != 0 {
		t.Fatalf("set: exit %d\n%s", code, out)
	}
	var sum struct {
		DryRun   bool `json:"dry_run"`
		Changing int  `json:"changing"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.DryRun || sum.Changing != 2 {
		t.Fatalf("json %q: %v", out, err)
	}
	s, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tag := range []string{"LT-1", "PH-1"} {
		a, _ := s.AssetByTag(ctx, tag)
		h, _ := s.History(ctx, "asset", a.ID)
		if a.Status != assets.StatusInRepair || a.Location != "Workshop" || a.AssignedTo != 0 || h[0].Action != "bulk" {
			t.Fatalf("%s after: %+v, %+v", tag, a, h[0])
		}
	}
	if a, _ := s.AssetByTag(ctx, "LT-2"); a.Location != "" {
		t.Fatalf("LT-2 changed: %+v", a)
	}
	for _, bad := range [][]string{
		{"assets", "set", "--db", db, "--location", "X"},
		{"assets", "set", "--db", db, "--all"},
		{"assets", "set", "--db", db, "--tags", "LT-1", "--all", "--location", "X"},
		{"assets", "--db", db},
	} {
		if code, out := captureAll(t, bad...); code != 2 {
			t.Errorf("%v: exit %d\n%s", bad, code, out)
		}
	}
	if code, out := captureAll(t, "assets", "set", "--db", db, "--tags", "NOPE", "--location", "X"); code != 1 || !strings.Contains(out, `no asset with tag "NOPE"`) {
		t.Errorf("unknown tag: exit %d\n%s", code, out)
	}
}

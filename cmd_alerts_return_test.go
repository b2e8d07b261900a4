package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// steward alerts lists a loan past its due-back date as return_overdue.
func TestAlertsCommandOverdueReturn(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "s.db")
	s, err := sqlite.Create(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	p := assets.Person{Name: "Ann Archer", Email: "ann@example.org"}
	a := assets.Asset{Tag: "CAM-1", Name: "Camera", Category: "other"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckOutAsset(ctx, assets.CheckOut{AssetID: a.ID, PersonID: p.ID, On: assets.MustDate("2026-02-01"), DueBack: assets.MustDate("2026-02-20")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, out := captureAll(t, "alerts", "--db", db, "--as-of", "2026-03-01")
	if code != 0 || !strings.Contains(out, "return_overdue") || !strings.Contains(out, "9 days overdue: Ann Archer should have brought it back on 2026-02-20") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if code, out := captureAll(t, "alerts", "--db", db, "--as-of", "2026-02-20", "--json"); code != 0 || strings.Contains(out, "return_overdue") {
		t.Fatalf("on the due day: exit %d:\n%s", code, out)
	}
}

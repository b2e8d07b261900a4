package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"steward/assets"
)

// TestPeopleMigrationUpgradesAFilledDatabase makes a database as the Steward
// before the people migration left it, with people and an assigned laptop,
// and opens it with this one: the data stays, a copy is taken first, and
// courses, training and hand-overs work at once.
func TestPeopleMigrationUpgradesAFilledDatabase(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	before := 0
	for _, m := range ms {
		if strings.HasSuffix(m.name, "_people.sql") {
			before = m.version - 1
		}
	}
	if before == 0 {
		t.Fatal("no people migration")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "steward.db")
	old, err := Create(ctx, path, Options{MaxVersion: before})
	if err != nil {
		t.Fatal(err)
	}
	ann := assets.Person{Name: "Ann", Email: "ann@example.org", Department: "Sales"}
	if err := old.CreatePerson(ctx, &ann); err != nil {
		t.Fatal(err)
	}
	lap := assets.Asset{Name: "Laptop", Category: "laptop", Status: assets.StatusDeployed, AssignedTo: ann.ID}
	if err := old.CreateAsset(ctx, &lap); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
	if baks, _ := filepath.Glob(path + ".pre-migration-*"); len(baks) != 1 {
		t.Errorf("migration copies %v", baks)
	}
	c := assets.Course{Name: "Security awareness", RenewalMonths: 12, Mandatory: []assets.Scope{{Kind: assets.ScopeCategory, Value: "laptop"}}}
	if err := s.SaveCourse(ctx, &c); err != nil {
		t.Fatal(err)
	}
	asOf := assets.MustDate("2026-03-01")
	m, err := s.Compliance(ctx, asOf, 30)
	if err != nil || len(m.Courses) != 1 || m.Totals[0].Missing != 1 {
		t.Fatalf("compliance after upgrade: %+v %v", m, err)
	}
	if _, err := s.CheckInAsset(ctx, assets.CheckIn{AssetID: lap.ID, On: asOf}); err != nil {
		t.Fatalf("check-in of an asset assigned before the upgrade: %v", err)
	}
	if ok, err := s.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Fatalf("integrity %q %v", ok, err)
	}
}

func TestParseLatest(t *testing.T) {
	people := []assets.RosterPerson{{ID: 2}, {ID: 5}, {ID: 9}}
	exp := make([]assets.Date, 3)
	done := make([]bool, 3)
	// 3 is a leaver (not in people); 9 never expires; 11 is past the end.
	if err := parseLatest("2:2026-01-31,3:2020-01-01,9:,11:2027-01-01", people, exp, done); err != nil {
		t.Fatal(err)
	}
	if !done[0] || exp[0].String() != "2026-01-31" || done[1] || !done[2] || !exp[2].IsZero() {
		t.Fatalf("done %v exp %v", done, exp)
	}
	for _, bad := range []string{"x:2026-01-01", "2", "2:2026-1-1", ":2026-01-01"} {
		if err := parseLatest(bad, people, make([]assets.Date, 3), make([]bool, 3)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// TestVisitCommand: checkout, work in the bundle, a dry run that lists the
// change and the conflict and writes nothing, a check-in that leaves the
// conflict open, a resolution file (a bad one refused with its line and
// column), and a second check-in that changes nothing.
func TestVisitCommand(t *testing.T) {
	ctx := context.Background()
	db := auditDB(t)
	bundle := filepath.Join(t.TempDir(), "hagvik.steward")
	code, out := captureAll(t, "visit", "checkout", "--db", db, "--location", "Hagvik office", "--out", bundle)
	if code != 0 || !strings.Contains(out, "Took 3 assets (Hagvik office)") {
		t.Fatalf("checkout: exit %d:\n%s", code, out)
	}
	if code, out := captureAll(t, "visit", "checkout", "--db", db, "--location", "Hagvik office", "--out", bundle); code == 0 || !strings.Contains(out, "--force") {
		t.Errorf("checkout over an existing bundle: exit %d:\n%s", code, out)
	}
	if code, out := captureAll(t, "visit", "checkout", "--db", db, "--location", "Nowhere", "--out", bundle+"2"); code == 0 || !strings.Contains(out, `no asset is at location "Nowhere"`) {
		t.Errorf("checkout of an empty location: exit %d:\n%s", code, out)
	}

	change := func(path, tag string, fn func(a *assets.Asset)) {
		t.Helper()
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		a, err := s.AssetByTag(ctx, tag)
		if err != nil {
			t.Fatal(err)
		}
		fn(&a)
		if err := s.UpdateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	change(bundle, "HV-001", func(a *assets.Asset) { a.Notes = "screen cracked"; a.Status = assets.StatusInRepair })
	change(db, "HV-001", func(a *assets.Asset) { a.Status = assets.StatusRetired })

	before, _ := os.ReadFile(db)
	code, out = captureAll(t, "visit", "checkin", "--db", db, bundle, "--dry-run")
	if code != 0 || !strings.Contains(out, "Would change (dry run, nothing written): 1 change.") ||
		!strings.Contains(out, `HV-001 notes: "" -> "screen cracked"`) || !strings.Contains(out, "1 conflict:") ||
		!strings.Contains(out, `HV-001 status: changed in the office and on the visit (was "in_stock"; office "retired"; visit "in_repair")`) {
		t.Fatalf("dry run: exit %d:\n%s", code, out)
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("the dry run changed the register file")
	}

	code, out = captureAll(t, "visit", "checkin", "--db", db, bundle)
	if code != 0 || !strings.Contains(out, "Changed: 1 change.") || !strings.Contains(out, "1 conflict left open") {
		t.Fatalf("checkin: exit %d:\n%s", code, out)
	}
	resolutions := filepath.Join(t.TempDir(), "decide.txt")
	os.WriteFile(resolutions, []byte("# the technician saw it\nHV-001 status maybe\n"), 0o600)
	if code, out := captureAll(t, "visit", "checkin", "--db", db, bundle, "--resolve", resolutions); code == 0 || !strings.Contains(out, "decide.txt:2:15: \"maybe\" is neither theirs nor mine") {
		t.Errorf("bad resolution file: exit %d:\n%s", code, out)
	}
	os.WriteFile(resolutions, []byte("# the technician saw it\nHV-001 status mine\n"), 0o600)
	code, out = captureAll(t, "visit", "checkin", "--db", db, bundle, "--resolve", resolutions)
	if code != 0 || !strings.Contains(out, "Changed: 0 changes.") || !strings.Contains(out, "-> mine") || strings.Contains(out, "left open") {
		t.Fatalf("resolved checkin: exit %d:\n%s", code, out)
	}
	s, err := sqlite.Open(ctx, db, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.AssetByTag(ctx, "HV-001")
	s.Close()
	if err != nil || a.Status != assets.StatusInRepair || a.Notes != "screen cracked" {
		t.Errorf("HV-001 after check-in: %s %q (%v)", a.Status, a.Notes, err)
	}
	code, out = captureAll(t, "visit", "checkin", "--db", db, bundle)
	if code != 0 || !strings.Contains(out, "checked in already: nothing to do") {
		t.Errorf("second checkin: exit %d:\n%s", code, out)
	}
	if code, out := captureAll(t, "visit", "checkin", "--db", db, bundle, "--theirs", "--mine"); code != 2 || !strings.Contains(out, "cannot both") {
		t.Errorf("--theirs --mine: exit %d:\n%s", code, out)
	}
}

package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"steward/assets"
)

func countAssets(t *testing.T, u *UI) int {
	t.Helper()
	n, err := testStore(u).CountAssets(context.Background(), assets.AssetQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func writeCSV(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fleet.csv")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFirstRunOffersWhatIsWiredIn(t *testing.T) {
	u := newSettingsUI(t, Services{})
	u.offerFirstRun()
	u.wait()
	d := topDialog(u)
	if d == nil {
		t.Fatal("empty register: no welcome dialog")
	}
	if button(d, "Import a CSV file…") == nil {
		t.Error("no import choice")
	}
	// No hooks wired: these must not be offered.
	for _, b := range []string{"Add this computer", "Load the demo office"} {
		if button(d, b) != nil {
			t.Errorf("%q offered but not wired in", b)
		}
	}
	// The Discovery screen is there, so scanning is offered and opens it
	// (without starting a scan: that waits for the person's click).
	scan := button(d, "Scan the network")
	if scan == nil {
		t.Fatal("no scan choice although the Discovery screen exists")
	}
	test.Tap(scan)
	u.wait()
	if got := u.screens[u.current].title(); got != "Discovery" {
		t.Errorf("after Scan the network: screen %q, want Discovery", got)
	}

	// With the hooks wired, they are offered and run.
	called := ""
	u = newSettingsUI(t, Services{
		LoadDemo:        func(ctx context.Context) (string, error) { called += "demo;"; return "Added 300 assets.", nil },
		AddThisComputer: func(ctx context.Context) (string, error) { return "", errors.New("ghw: no permission") },
	})
	u.offerFirstRun()
	u.wait()
	d = topDialog(u)
	test.Tap(button(d, "Load the demo office"))
	u.wait()
	if called != "demo;" {
		t.Fatalf("demo hook calls: %q", called)
	}
	if msg := texts(topDialog(u)); !strings.Contains(msg, "Added 300 assets.") {
		t.Errorf("after the demo, dialog says %q", msg)
	}
	u.ShowFirstRun()
	test.Tap(button(topDialog(u), "Add this computer"))
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "ghw: no permission") {
		t.Errorf("failed hook: dialog says %q", msg)
	}
}

func TestFirstRunNotOfferedWhenRegisterHasAssets(t *testing.T) {
	u := newSettingsUI(t, Services{})
	a := assets.Asset{Name: "Reception printer", Category: "printer"}
	if err := testStore(u).CreateAsset(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	u.offerFirstRun()
	u.wait()
	if d := topDialog(u); d != nil {
		t.Fatalf("register has an asset, yet a dialog shows: %q", texts(d))
	}
}

func TestFirstRunImportDryRunThenConfirm(t *testing.T) {
	u := newSettingsUI(t, Services{})
	path := writeCSV(t, "name,category,serial,cost,currency\nFront desk PC,desktop,SN-1,899.00,EUR\nReception printer,printer,SN-2,,\n")
	u.ImportCSV("assets", path)
	u.wait()
	d := topDialog(u)
	msg := texts(d)
	if !strings.Contains(msg, "2 rows checked: 2 new, 0 updated, 0 unchanged") || !strings.Contains(msg, "Nothing has been written yet") {
		t.Fatalf("dry-run dialog says %q", msg)
	}
	if n := countAssets(t, u); n != 0 {
		t.Fatalf("dry run wrote %d assets", n)
	}
	test.Tap(button(d, "Import"))
	u.wait()
	if n := countAssets(t, u); n != 2 {
		t.Fatalf("after confirming: %d assets, want 2", n)
	}
	if msg := texts(topDialog(u)); !strings.Contains(msg, "fleet.csv: imported 2 rows: 2 new") {
		t.Errorf("finished dialog says %q", msg)
	}
}

func TestFirstRunImportCancelWritesNothing(t *testing.T) {
	u := newSettingsUI(t, Services{})
	u.ImportCSV("assets", writeCSV(t, "name,category\nSpare laptop,laptop\n"))
	u.wait()
	test.Tap(button(topDialog(u), "Cancel"))
	u.wait()
	if n := countAssets(t, u); n != 0 {
		t.Fatalf("cancelled import wrote %d assets", n)
	}
}

func TestFirstRunImportShowsEveryProblem(t *testing.T) {
	u := newSettingsUI(t, Services{})
	u.ImportCSV("assets", writeCSV(t, "name,category,purchase_date\nGood one,laptop,2024-01-31\n,laptop,2024-02-30\nBad date,desktop,31/01/2024\n"))
	u.wait()
	msg := texts(topDialog(u))
	for _, want := range []string{"Problems in fleet.csv", "Nothing was imported", "fleet.csv line 3, column 1 (name)", "line 3, column 3 (purchase_date)", "fleet.csv line 4, column 3 (purchase_date)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("problem dialog lacks %q:\n%s", want, msg)
		}
	}
	if button(topDialog(u), "Import") != nil {
		t.Error("a file with problems can still be imported")
	}
	if n := countAssets(t, u); n != 0 {
		t.Fatalf("bad file wrote %d assets", n)
	}
}

// The welcome dialog asks the organisation's name and fiscal year and keeps
// them however it is closed.
func TestFirstRunAsksOrganisation(t *testing.T) {
	u := newSettingsUI(t, Services{})
	u.offerFirstRun()
	u.wait()
	d := topDialog(u)
	org, ok := find(d, func(e *dialogEntry) bool { return e.PlaceHolder == "e.g. Acme Ltd" })
	fy, ok2 := find(d, func(s *dialogSelect) bool { return len(s.Options) == 12 })
	if !ok || !ok2 {
		t.Fatal("no organisation name or fiscal year field in the welcome dialog")
	}
	test.Type(org, "Åberg & Søn AB")
	fy.SetSelected("April")
	test.Tap(button(d, "Start with an empty register"))
	u.wait()
	ctx := context.Background()
	if name, _ := testStore(u).Setting(ctx, assets.SettingOrgName); name != "Åberg & Søn AB" {
		t.Errorf("organisation %q", name)
	}
	if b, _ := testStore(u).BudgetSettings(ctx); b.FiscalYearStart != 4 {
		t.Errorf("fiscal year starts in month %d, want 4", b.FiscalYearStart)
	}
}

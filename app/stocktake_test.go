package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// The Stocktake screen: pick a location, scan (type and Enter, as a USB
// scanner does), see each answer at once, resume after leaving, finish and
// apply the move.
func TestStocktakeScreen(t *testing.T) {
	ctx := context.Background()
	u := newSettingsUI(t, Services{})
	st := testStore(u)
	for _, a := range []assets.Asset{
		{Tag: "HV-001", Name: "Reception PC", Category: "desktop", Location: "Hagvik office", MAC: "aa:bb:cc:00:00:01"},
		{Tag: "HV-002", Name: "Laptop Anna", Category: "laptop", Location: "Hagvik office"},
		{Tag: "HV-005", Name: "Switch", Category: "network", Location: "Store room"},
	} {
		if err := st.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	// The network scan of the same visit.
	now := u.svc.Now()
	if _, err := st.RecordScan(ctx, assets.ScanInfo{Started: now, Finished: now, Site: "Hagvik office"},
		[]assets.Sighting{{DeviceID: "mac:aa:bb:cc:00:00:01", MAC: "aa:bb:cc:00:00:01", Name: "RECEPTION"}}); err != nil {
		t.Fatal(err)
	}
	st.Now = u.svc.Now
	if !u.ShowScreen("Stocktake") {
		t.Fatal("no Stocktake screen in the sidebar")
	}
	u.wait()
	s := u.screens[u.current].(*stocktakeScreen)
	var names []string
	for _, o := range s.placeBox.Objects {
		names = append(names, o.(*widget.Check).Text)
	}
	if strings.Join(names, ",") != "Hagvik office,Store room" || !s.startBtn.Disabled() {
		t.Fatalf("locations %v, start enabled before a location is ticked: %v", names, !s.startBtn.Disabled())
	}
	test.Tap(s.placeBox.Objects[0].(*widget.Check))
	test.Tap(s.startBtn)
	u.wait()
	if s.audit.ID == 0 || u.win.Canvas().Focused() != s.entry {
		t.Fatalf("audit %+v; the scan field should have the focus", s.audit)
	}
	scan := func(code string) string {
		test.Type(s.entry, code)
		s.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		u.wait()
		return s.last.Text
	}
	for _, c := range []struct{ code, want string }{
		{"HV-001", "Found here: HV-001 Reception PC"},
		{"HV-005", "Found, registered elsewhere: HV-005 Switch (registered at Store room)"},
		{"ZZ-9", "Unknown tag: ZZ-9"},
		{"hv-001", "Already scanned: HV-001 Reception PC"},
	} {
		if got := scan(c.code); got != c.want {
			t.Errorf("%s: %q, want %q", c.code, got, c.want)
		}
	}
	if s.entry.Text != "" || s.scanList.Length() != 4 || len(s.missing) != 1 || s.missing[0].Tag != "HV-002" {
		t.Errorf("entry %q, %d scans listed, not found yet %+v", s.entry.Text, s.scanList.Length(), s.missing)
	}
	s.tabs.SelectIndex(2)
	u.wait()
	if !strings.Contains(s.network.Text, "HV-001 — RECEPTION (by mac)") {
		t.Errorf("network tab:\n%s", s.network.Text)
	}
	if want := "1 found here (2 expected) · 1 moved here · 1 unknown · 1 scanned twice · 1 not found yet"; s.counts.Text != want {
		t.Errorf("counts %q, want %q", s.counts.Text, want)
	}

	// Interrupted: a fresh screen opens on the open audit with its scans,
	// and lists it to resume.
	s2 := newStocktake(u)
	s2.view()
	u.wait()
	if len(s2.resume.Options) != 1 {
		t.Fatalf("open audits %v", s2.resume.Options)
	}
	if s2.audit.ID != s.audit.ID || len(s2.scans) != 4 || s2.counts.Text != s.counts.Text {
		t.Errorf("resumed audit %d with %d scans: %q", s2.audit.ID, len(s2.scans), s2.counts.Text)
	}

	s.finish()
	u.wait()
	if s.audit.Open() || s.applyBtn.Disabled() || !s.entry.Disabled() || s.tabs.Items[1].Text != "Missing" || !strings.HasSuffix(s.counts.Text, "· 1 missing") {
		t.Fatalf("after finishing: audit %+v, apply disabled %v", s.audit, s.applyBtn.Disabled())
	}
	s.apply()
	u.wait()
	sw, _ := st.AssetByTag(ctx, "HV-005")
	if sw.Location != "Hagvik office" || !s.applyBtn.Disabled() || !strings.Contains(s.heading.Text, "moves applied") {
		t.Errorf("after applying: switch at %q, heading %q", sw.Location, s.heading.Text)
	}
	doc, err := s.reportDoc(ctx)
	if err != nil || len(doc.Sections) != 2 || len(doc.Sections[0].Rows) != 4 || doc.Sections[1].Rows[0][3].Text != "mac" {
		t.Errorf("report %+v %v", doc, err)
	}

	// Save report… refuses the register, and saves elsewhere.
	db := st.Path()
	t.Setenv("HOME", filepath.Dir(db))
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	s.format.SetSelected("CSV")
	saveThrough(t, u, "Save report…", filepath.Base(db))
	if msg := texts(topDialog(u)); !strings.Contains(msg, "the register") {
		t.Errorf("refusal says %q", msg)
	}
	if after, err := os.ReadFile(db); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("the register changed (%v)", err)
	}
	u.win.Canvas().Overlays().Remove(topDialog(u))
	saveThrough(t, u, "Save report…", "audit.csv")
	b, err := os.ReadFile(filepath.Join(filepath.Dir(db), "audit.csv"))
	if err != nil || !strings.Contains(string(b), "HV-005") || s.last.Text != "Saved audit.csv." {
		t.Errorf("saved audit report: %v, %q\n%s", err, s.last.Text, b)
	}
}

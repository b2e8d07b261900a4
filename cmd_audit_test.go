package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// auditDB is a small office: three assets at "Hagvik office", a switch in
// the "Store room".
func auditDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "steward.db")
	s, err := sqlite.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, a := range []assets.Asset{
		{Tag: "HV-001", Name: "Reception PC", Category: "desktop", Location: "Hagvik office"},
		{Tag: "HV-002", Name: "Laptop Zoë", Category: "laptop", Location: "Hagvik office"},
		{Tag: "HV-003", Name: "Printer", Category: "printer", Location: "Hagvik office"},
		{Tag: "HV-005", Name: "Switch", Category: "network", Location: "Store room"},
	} {
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func writeFound(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "found.txt")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAuditCommand(t *testing.T) {
	ctx := context.Background()
	db := auditDB(t)
	dir := t.TempDir()
	found := writeFound(t, "# shelf by the door", "HV-001", "steward:asset/HV-002", "HV-001", "HV-005", "QQ-77")

	// Without --apply: the result and the report, the register unchanged.
	csvOut := filepath.Join(dir, "audit.csv")
	if code := runCmd(t, "audit", "--db", db, "--location", "hagvik office", "--found", found, "--out", csvOut, "--auditor", "Lena Ek"); code != 0 {
		t.Fatalf("audit exited %d", code)
	}
	b, err := os.ReadFile(csvOut)
	if err != nil {
		t.Fatal(err)
	}
	csv := string(b)
	for _, want := range []string{"Hagvik office,Found,HV-001,Reception PC,Hagvik office", "Hagvik office,Found,HV-002,Laptop Zoë",
		"Hagvik office,Moved here,HV-005,Switch,Store room", "Hagvik office,Unknown tag,QQ-77,,not in the register", "Hagvik office,Missing,HV-003,Printer"} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv)
		}
	}
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	sw, _ := s.AssetByTag(ctx, "HV-005")
	audits, _ := s.Audits(ctx, false)
	s.Close()
	if sw.Location != "Store room" || len(audits) != 1 || audits[0].Open() || !audits[0].Applied.IsZero() || audits[0].Auditor != "Lena Ek" {
		t.Fatalf("without --apply: switch at %q, audits %+v", sw.Location, audits)
	}

	// With --apply and two locations: the switch moves, with history; the PDF reads back.
	found2 := writeFound(t, "HV-001", "HV-002", "@Store room", "HV-003")
	pdfOut := filepath.Join(dir, "audit.pdf")
	if code := runCmd(t, "audit", "--db", db, "--location", "Hagvik office", "--location", "Store room", "--found", found2, "--apply", "--out", pdfOut); code != 0 {
		t.Fatalf("audit --apply exited %d", code)
	}
	s, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pr, _ := s.AssetByTag(ctx, "HV-003")
	hist, _ := s.History(ctx, "asset", pr.ID)
	if pr.Location != "Store room" || len(hist) == 0 || hist[0].Action != "audit" || hist[0].Text() != "location: Hagvik office -> Store room" {
		t.Errorf("after --apply: printer at %q, history %+v", pr.Location, hist)
	}
	var last string
	s.ReadDB().QueryRow(`SELECT last_audited FROM assets WHERE tag = 'HV-001'`).Scan(&last)
	if last != assets.Today(s.Now()).String() {
		t.Errorf("last audited %q", last)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make deps does)")
	}
	out, err := exec.Command("pdftotext", pdfOut, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Stocktake", "Hagvik office: 2 found, 0 missing, 0 moved here, 0 unknown", "Store room: 0 found, 1 missing, 1 moved here, 0 unknown",
		"Store room Moved here HV-003 Printer Hagvik office", "Store room Missing HV-005 Switch Store room", "Moves applied to the register yes", "Checked by (signature)"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
}

// A bad --found file is refused with its line before anything is written.
func TestAuditCommandBadFile(t *testing.T) {
	ctx := context.Background()
	db := auditDB(t)
	for _, lines := range [][]string{{"HV-001", "@Nowhere", "HV-002"}, {"HV-001", "\x02\x03"}} {
		if code := runCmd(t, "audit", "--db", db, "--location", "Hagvik office", "--found", writeFound(t, lines...)); code == 0 {
			t.Errorf("%q: accepted", lines)
		}
	}
	if code := runCmd(t, "audit", "--db", db, "--found", writeFound(t, "HV-001")); code == 0 {
		t.Errorf("an audit without a location was accepted")
	}
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if list, _ := s.Audits(ctx, false); len(list) != 0 {
		t.Errorf("a refused file left audits behind: %+v", list)
	}
}

// An audit interrupted after some scans (in the window, say) is finished
// from the command line with the rest.
func TestAuditCommandResume(t *testing.T) {
	ctx := context.Background()
	db := auditDB(t)
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.StartAudit(ctx, []string{"Hagvik office"}, "Lena")
	if err == nil {
		_, err = s.AddAuditScan(ctx, a.ID, "Hagvik office", "HV-001")
	}
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code := runCmd(t, "audit", "--db", db, "--audit", fmt.Sprint(a.ID), "--found", writeFound(t, "HV-002", "HV-001")); code != 0 {
		t.Fatalf("resume exited %d", code)
	}
	s, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.AuditResult(ctx, a.ID)
	if err != nil || res.Audit.Open() || res.Count(assets.OutcomeFound, "") != 2 || res.Count(assets.OutcomeMissing, "") != 1 || res.Dupes != 1 {
		t.Errorf("resumed audit %+v %v", res, err)
	}
	if code := runCmd(t, "audit", "--db", db, "--audit", fmt.Sprint(a.ID), "--found", writeFound(t, "HV-003")); code == 0 {
		t.Errorf("a finished audit was resumed")
	}
}

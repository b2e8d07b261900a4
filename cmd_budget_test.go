package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The budget from the command line: fiscal year and backlog from
// `steward settings`, grouping and what-if from flags; CSV and XLSX agree.
func TestBudgetCommandWithSettings(t *testing.T) {
	db := reportDB(t)
	dir := t.TempDir()
	if rc := runCmd(t, "settings", "--db", db, "--fiscal-year-start", "April", "--backlog", "apart"); rc != 0 {
		t.Fatalf("settings exit %d", rc)
	}
	if rc := runCmd(t, "settings", "--db", db, "--fiscal-year-start", "Smarch"); rc != 2 {
		t.Errorf("a bad month: exit %d, want 2", rc)
	}
	csvPath := filepath.Join(dir, "b.csv")
	if rc := runCmd(t, "report", "budget", "--db", db, "--as-of", "2026-11-22", "--group-by", "department", "--what-if", "laptop=+1", "--out", csvPath); rc != 0 {
		t.Fatalf("report exit %d", rc)
	}
	b, _ := os.ReadFile(csvPath)
	out := string(b)
	// By hand (laptops 1,200.00 every 4 years, the phone at its own 800.00
	// every 3): ThinkPad and the spare are past end of life (backlog
	// 2,400.00, kept apart) and replaced again on 2030-11-22 (FY2031); the
	// MacBook in FY2028 and FY2032; the phone in the rest of FY2027 and FY2030.
	for _, want := range []string{
		"Period,From,To,Refresh,Licences,Contracts,Upgrades,CapEx,OpEx,Total (EUR)",
		"Backlog (overdue),2026-11-22,,2400.00,0.00,0.00,0.00,2400.00,0.00,2400.00",
		"rest of FY2027,2026-11-22,2027-03-31,800.00,",
		"FY2031,2030-04-01,2031-03-31,2400.00,",
		"Total,,,8800.00,0.00,0.00,0.00,8800.00,0.00,8800.00",
		"Cost per period by department",
		"What if: Laptop refresh cycle 1 year longer",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("budget CSV lacks %q:\n%s", want, out)
		}
	}
	xlsxPath := filepath.Join(dir, "b.xlsx")
	if rc := runCmd(t, "report", "budget", "--db", db, "--as-of", "2026-11-22", "--out", xlsxPath); rc != 0 {
		t.Fatalf("xlsx exit %d", rc)
	}
	x, err := excelize.OpenFile(xlsxPath)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Cost per period by kind", excelize.Options{RawCellValue: true})
	if last := rows[len(rows)-1]; last[0] != "Total" || last[len(last)-1] != "8800" {
		t.Errorf("XLSX total %v, want 8800 as in the CSV", last)
	}
	for _, bad := range [][]string{{"--what-if", "laptop"}, {"--group-by", "category"}, {"--what-if", "spaceship=+1"}} {
		args := append([]string{"report", "budget", "--db", db, "--out", filepath.Join(dir, "x.pdf")}, bad...)
		if rc := runCmd(t, args...); rc == 0 {
			t.Errorf("%v accepted", bad)
		}
	}
	if rc := runCmd(t, "report", "depreciation", "--db", db, "--as-of", "2026-11-22", "--out", filepath.Join(dir, "d.csv")); rc != 0 {
		t.Errorf("depreciation exit %d", rc)
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"steward/assets"
	"steward/assets/sqlite"
)

// reportDB makes a real database with an organisation name, priced
// categories and a few assets held by people with non-ASCII names.
func reportDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "steward.db")
	s, err := sqlite.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetSetting(ctx, "org_name", "Zoë Åberg & Łukasz AB"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveCategory(ctx, assets.Category{Name: "laptop", Label: "Laptop", RefreshYears: 4, ReplacementCost: assets.Money{Minor: 120000, Currency: "EUR"}}); err != nil {
		t.Fatal(err)
	}
	people := map[string]int64{}
	for _, n := range []string{"Zoë Åberg", "Łukasz Nowak", "Σωκράτης Παπαδάκης"} {
		p := assets.Person{Name: n, Email: strings.ToLower(strings.Fields(n)[1]) + "@example.org"}
		p.Email = strings.NewReplacer("ö", "o", "å", "a", "ł", "l", "ά", "a").Replace(p.Email)
		if strings.HasPrefix(n, "Σ") {
			p.Email = "sokratis@example.org"
		}
		if err := s.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		people[n] = p.ID
	}
	d := assets.MustDate
	list := []assets.Asset{
		{Name: "ThinkPad for Zoë", Category: "laptop", Status: assets.StatusDeployed, Location: "Göteborg", AssignedTo: people["Zoë Åberg"], PurchaseDate: d("2022-03-01"), Cost: assets.Money{Minor: 150000, Currency: "EUR"}},
		{Name: "MacBook for Łukasz", Category: "laptop", Status: assets.StatusDeployed, Location: "Kraków", AssignedTo: people["Łukasz Nowak"], PurchaseDate: d("2023-09-01"), Cost: assets.Money{Minor: 210000, Currency: "EUR"}},
		{Name: "Σωκράτης phone", Category: "phone", Status: assets.StatusDeployed, Location: "Αθήνα", AssignedTo: people["Σωκράτης Παπαδάκης"], PurchaseDate: d("2024-01-15"), Cost: assets.Money{Minor: 80000, Currency: "EUR"}},
		{Name: "Spare laptop", Category: "laptop", Status: assets.StatusInStock, Location: "Göteborg", PurchaseDate: d("2021-01-01"), Cost: assets.Money{Minor: 90000, Currency: "EUR"}},
	}
	for i := range list {
		if err := s.CreateAsset(ctx, &list[i]); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func runCmd(t *testing.T, args ...string) int {
	t.Helper()
	return run(context.Background(), args)
}

func TestReportCommand(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make deps does)")
	}
	db := reportDB(t)
	dir := t.TempDir()

	// Budget, letter: ThinkPad (2022-03-01 + 4y = 2026-03-01) and the spare
	// laptop (2025-01-01, already past) in the first year at EUR 1,200 each;
	// the MacBook (1,200) on 2027-09-01; the phone at its own cost (800) on
	// 2027-01-15: EUR 4,400 in all
	// (phone refresh is 3 years).
	out := filepath.Join(dir, "budget.pdf")
	if code := runCmd(t, "report", "budget", "--db", db, "--as-of", "2026-01-01", "--years", "3", "--paper", "letter", "--out", out); code != 0 {
		t.Fatalf("exit %d", code)
	}
	text := pdfToText(t, out)
	for _, want := range []string{"Zoë Åberg & Łukasz AB", "as of 2026-01-01", "Page 1 of", "Total forecast EUR 4,400.00",
		"2026 2026-01-01 2026-12-31 2,400.00", "2027 2027-01-01 2027-12-31 2,000.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("budget PDF lacks %q:\n%s", want, text)
		}
	}

	// Register, grouped by location, as XLSX (format from the extension).
	xl := filepath.Join(dir, "register.xlsx")
	if code := runCmd(t, "report", "register", "--db", db, "--as-of", "2026-01-01", "--group-by", "location", "--status", "deployed", "--out", xl); code != 0 {
		t.Fatalf("exit %d", code)
	}
	f, err := excelize.OpenFile(xl)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Asset register")
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][0] != "Göteborg" || rows[1][5] != "Zoë Åberg" || rows[3][0] != "Αθήνα" {
		t.Errorf("register rows %v", rows)
	}

	// Register as PDF with a filter.
	pdf := filepath.Join(dir, "register.pdf")
	if code := runCmd(t, "report", "register", "--db", db, "--as-of", "2026-01-01", "--category", "laptop", "--out", pdf); code != 0 {
		t.Fatalf("exit %d", code)
	}
	text = pdfToText(t, pdf)
	for _, want := range []string{"Filter: category laptop", "Łukasz Nowak", "Zoë Åberg", "Assets 3", "Total cost EUR 4,500.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("register PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Σωκράτης phone") {
		t.Errorf("the category filter let a phone through")
	}

	// CSV and labels.
	csvPath := filepath.Join(dir, "eol.csv")
	if code := runCmd(t, "report", "eol", "--db", db, "--as-of", "2026-01-01", "--months", "6", "--out", csvPath); code != 0 {
		t.Fatalf("exit %d", code)
	}
	raw, _ := os.ReadFile(csvPath)
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBFEnd of life\n")) || !bytes.Contains(raw, []byte("Spare laptop")) || !bytes.Contains(raw, []byte("ThinkPad for Zoë")) {
		t.Errorf("eol CSV:\n%s", raw)
	}
	labels := filepath.Join(dir, "labels.pdf")
	if code := runCmd(t, "report", "labels", "--db", db, "--out", labels); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if text := pdfToText(t, labels); !strings.Contains(text, "ST-000001") || !strings.Contains(text, "Σωκράτης phone") {
		t.Errorf("labels:\n%s", text)
	}

	// Usage errors exit 2, missing data exits 1, and no file is left behind.
	for _, args := range [][]string{
		{"report", "--db", db, "--out", pdf},
		{"report", "bogus", "--db", db, "--out", pdf},
		{"report", "budget", "--db", db},
		{"report", "budget", "--db", db, "--as-of", "2026-13-01", "--out", pdf},
		{"report", "budget", "--db", db, "--format", "docx", "--out", pdf},
		{"report", "budget", "--db", db, "--paper", "a3", "--out", pdf},
	} {
		if code := runCmd(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	// Licences come from the lifecycle records (none here: an empty table).
	lic := filepath.Join(dir, "licences.pdf")
	if code := runCmd(t, "report", "licences", "--db", db, "--out", lic); code != 0 {
		t.Errorf("licences: exit %d", code)
	} else if text := pdfToText(t, lic); !strings.Contains(text, "Licence compliance") || !strings.Contains(text, "No licences recorded.") {
		t.Errorf("licences:\n%s", text)
	}
	train := filepath.Join(dir, "training.pdf")
	if code := runCmd(t, "report", "training", "--db", db, "--out", train); code != 0 {
		t.Errorf("training: exit %d", code)
	} else if text := pdfToText(t, train); !strings.Contains(text, "Training compliance") || !strings.Contains(text, "Nobody is overdue.") {
		t.Errorf("training:\n%s", text)
	}
	// A site visit needs a scan: none here, so exit 1 and no file is left behind.
	missing := filepath.Join(dir, "site.pdf")
	if code := runCmd(t, "report", "site-visit", "--db", db, "--out", missing); code != 1 {
		t.Errorf("site visit without scans: exit %d, want 1", code)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a failed report left %s behind", missing)
	}
}

func pdfToText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

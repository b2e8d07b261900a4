package app

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/sqlite"
)

func reportsUI(t *testing.T) (*UI, *reports) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SetSetting(ctx, "org_name", "Zoë Åberg Σωκράτης Ltd"); err != nil {
		t.Fatal(err)
	}
	for i, n := range []string{"Łukasz laptop", "Zoë laptop", "Дмитрий desktop"} {
		cat := "laptop"
		if i == 2 {
			cat = "desktop"
		}
		a := assets.Asset{Name: n, Category: cat, Status: assets.StatusDeployed, Location: "Göteborg",
			PurchaseDate: assets.MustDate("2022-01-10"), Cost: assets.Money{Minor: 100000, Currency: "EUR"}}
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	a := test.NewTempApp(t)
	now := func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
	u := newUI(ctx, a, Services{Store: s, Now: now}, make(chan func(), 64))
	u.wait()
	if !u.ShowScreen("Reports") {
		t.Fatal("no Reports screen")
	}
	u.wait()
	return u, u.screens[u.current].(*reports)
}

// pressCtrlP types Ctrl+P on the window. fyne's test canvas wraps the
// software canvas, which keeps the shortcuts.
func pressCtrlP(t *testing.T, u *UI) {
	t.Helper()
	inner := reflect.ValueOf(u.win.Canvas()).Elem().FieldByName("WindowlessCanvas").Interface()
	sc, ok := inner.(interface{ TypedShortcut(fyne.Shortcut) })
	if !ok {
		t.Fatalf("the test canvas %T takes no shortcuts", inner)
	}
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault})
	u.wait()
}

func pdfWords(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestReportsScreenPreviewAndPrint(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("pdftoppm not found: install poppler-utils (make deps does)")
	}
	u, rs := reportsUI(t)

	rs.refreshPreview()
	u.wait()
	if rs.state.Text != "Ready: Budget and refresh forecast, as of 2026-03-01." {
		t.Fatalf("preview: %q", rs.state.Text)
	}
	if rs.preview.Image == nil || rs.preview.Image.Bounds().Dx() < 300 {
		t.Fatal("no first-page image in the preview")
	}

	// Choose the register of laptops, grouped by location, on Letter, and
	// print with Ctrl+P: the PDF goes to the viewer through a file:// URL.
	var opened []*url.URL
	rs.open = func(u *url.URL) error { opened = append(opened, u); return nil }
	rs.kind.SetSelected(report.KindTitles["register"])
	rs.category.SetSelected("Laptop")
	rs.paper.SetSelected("US Letter")
	u.wait()
	var labels []string
	for _, it := range rs.form.Items {
		labels = append(labels, it.Text)
	}
	if got := strings.Join(labels, ","); got != "As of,Group by,Search,Category,Status,Location,Paper" {
		t.Errorf("register form fields: %s", got)
	}
	pressCtrlP(t, u)
	if len(opened) != 1 || opened[0].Scheme != "file" {
		t.Fatalf("opened %v, want one file:// URL (state %q)", opened, rs.state.Text)
	}
	path := opened[0].Path
	defer os.Remove(path)
	if !strings.HasPrefix(rs.state.Text, "Opened ") {
		t.Errorf("state after printing: %q", rs.state.Text)
	}
	text := pdfWords(t, path)
	for _, want := range []string{"Asset register", "Zoë Åberg Σωκράτης Ltd", "as of 2026-03-01", "Filter: category laptop", "Łukasz laptop", "Zoë laptop", "Göteborg"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Дмитрий desktop") {
		t.Errorf("the category filter was ignored")
	}
	info, _ := exec.Command("pdfinfo", path).CombinedOutput()
	if !strings.Contains(string(info), "612 x 792 pts (letter)") {
		t.Errorf("not US Letter:\n%s", info)
	}

	// Save writes the chosen format.
	xlsx := filepath.Join(t.TempDir(), "register.xlsx")
	f, err := os.Create(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	req, err := rs.request()
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.write(context.Background(), req, "xlsx", f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if st, _ := os.Stat(xlsx); st == nil || st.Size() < 1000 {
		t.Errorf("saved XLSX is empty")
	}

	// A report that cannot be made says why in the preview.
	rs.kind.SetSelected(report.KindTitles["site-visit"])
	u.wait()
	if !strings.Contains(rs.state.Text, "no scan is recorded yet") {
		t.Errorf("site visit preview: %q", rs.state.Text)
	}

	// A bad date is refused with the field named.
	rs.asOf.SetText("31/12/2026")
	if _, err := rs.request(); err == nil || !strings.Contains(err.Error(), "as of") {
		t.Errorf("bad date: %v", err)
	}
}

// On the Assets screen, Ctrl+P prints the register of what its filters show.
func TestCtrlPOnAssetsScreenPrintsItsFilter(t *testing.T) {
	u, rs := reportsUI(t)
	var opened []*url.URL
	rs.open = func(u *url.URL) error { opened = append(opened, u); return nil }
	if !u.ShowScreen("Assets") {
		t.Fatal("no Assets screen")
	}
	u.wait()
	as := u.screens[u.current].(*assetsScreen)
	as.query.Category = "desktop"
	pressCtrlP(t, u)
	if len(opened) != 1 {
		t.Fatalf("opened %v", opened)
	}
	defer os.Remove(opened[0].Path)
	text := pdfWords(t, opened[0].Path)
	if !strings.Contains(text, "Дмитрий desktop") || strings.Contains(text, "Zoë laptop") || !strings.Contains(text, "Filter: category desktop; grouped by location") {
		t.Errorf("register printed from the Assets screen:\n%s", text)
	}
}

func TestSummarize(t *testing.T) {
	doc := &report.Document{Title: "Asset register", Org: "Åberg", AsOf: assets.MustDate("2026-01-02"),
		Summary: []report.KV{{Key: "Assets", Value: "3"}}, Sections: []report.Section{{Title: "Göteborg", Rows: make([][]report.Cell, 3)}}}
	s := Summarize(doc)
	for _, want := range []string{"Asset register", "Åberg · as of 2026-01-02", "Assets: 3", "Göteborg: 3 rows"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

// On the Training screen, Ctrl+P prints the training compliance report.
func TestCtrlPOnTrainingScreen(t *testing.T) {
	u, rs := reportsUI(t)
	var opened []*url.URL
	rs.open = func(u *url.URL) error { opened = append(opened, u); return nil }
	if !u.ShowScreen("Training") {
		t.Skip("no Training screen in this build")
	}
	u.wait()
	pressCtrlP(t, u)
	if len(opened) != 1 {
		t.Fatalf("opened %v (state %q)", opened, rs.state.Text)
	}
	defer os.Remove(opened[0].Path)
	if text := pdfWords(t, opened[0].Path); !strings.Contains(text, "Training compliance") || !strings.Contains(text, "Zoë Åberg Σωκράτης Ltd") {
		t.Errorf("printed from the Training screen:\n%s", text)
	}
}

// The budget's form: fiscal years, grouping and what-if, read into the
// request; a bad what-if names the field. The depreciation report is offered.
func TestReportsScreenBudgetOptions(t *testing.T) {
	_, rs := reportsUI(t)
	rs.kind.SetSelected(report.KindTitles["budget"])
	var labels []string
	for _, it := range rs.form.Items {
		labels = append(labels, it.Text)
	}
	if got := strings.Join(labels, ","); got != "As of,Fiscal years ahead,Group by,What if,Paper" {
		t.Errorf("budget form fields: %s", got)
	}
	rs.budgetBy.SetSelected("Department")
	rs.whatIf.SetText("Laptop=+1")
	req, err := rs.request()
	if err != nil || req.GroupBy != report.GroupDepartment || req.WhatIf == nil || *req.WhatIf != (report.WhatIf{Category: "laptop", DeltaYears: 1}) {
		t.Errorf("request %+v %v", req, err)
	}
	rs.whatIf.SetText("laptop+1")
	if _, err := rs.request(); err == nil || !strings.Contains(err.Error(), "what-if") {
		t.Errorf("bad what-if: %v", err)
	}
	rs.kind.SetSelected(report.KindTitles["depreciation"])
	if rs.kindCode() != "depreciation" {
		t.Errorf("depreciation not offered: %q", rs.kindCode())
	}
}

// saveThrough saves a file as a person would: the button labelled save,
// then in the dialog (which starts in HOME) the file name typed is name,
// and any "overwrite?" question is answered yes.
func saveThrough(t *testing.T, u *UI, save, name string) {
	t.Helper()
	test.Tap(button(u.win.Content(), save))
	d := topDialog(u)
	entry, ok := find(d, func(e *widget.Entry) bool { return true })
	if !ok {
		t.Fatalf("%s shows no file name field", save)
	}
	entry.SetText(name)
	test.Tap(button(d, "Save"))
	for _, yes := range []string{"Yes", "Replace"} {
		if b := button(topDialog(u), yes); b != nil {
			test.Tap(b)
		}
	}
	u.wait()
}

// Save as… never opens the register for writing: choosing it is refused in
// plain words and its bytes stay as they were; any other name gets the
// report, readable by its owner only.
func TestReportsSaveAsRefusesTheRegister(t *testing.T) {
	u, rs := reportsUI(t)
	db := testStore(u).Path()
	t.Setenv("HOME", filepath.Dir(db))
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	rs.kind.SetSelected(report.KindTitles["register"])
	rs.saveFormat.SetSelected("CSV")
	u.wait()

	saveThrough(t, u, "Save as…", filepath.Base(db))
	if msg := texts(topDialog(u)); !strings.Contains(msg, "the register") {
		t.Errorf("refusal says %q", msg)
	}
	after, err := os.ReadFile(db)
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("the register changed: %d bytes before, %d after (%v)", len(before), len(after), err)
	}
	u.win.Canvas().Overlays().Remove(topDialog(u))

	saveThrough(t, u, "Save as…", "register.csv")
	out := filepath.Join(filepath.Dir(db), "register.csv")
	st, err := os.Stat(out)
	if err != nil {
		t.Fatalf("no report written: %v (state %q)", err, rs.state.Text)
	}
	if st.Mode().Perm() != savedMode {
		t.Errorf("report mode %v, want %v", st.Mode().Perm(), os.FileMode(savedMode))
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Zoë laptop") {
		t.Errorf("saved report lacks the assets:\n%s", b)
	}
	if rs.state.Text != "Saved register.csv." {
		t.Errorf("state after saving: %q", rs.state.Text)
	}
}

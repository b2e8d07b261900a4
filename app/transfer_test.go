package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// openTransfer shows the Import / Export screen.
func openTransfer(t *testing.T, u *UI) *transferScreen {
	t.Helper()
	if !u.ShowScreen("Import / Export") {
		t.Fatal("no Import / Export screen")
	}
	u.wait()
	return u.screens[u.current].(*transferScreen)
}

// dropFiles drops files onto the window, as the desktop does.
func dropFiles(u *UI, paths ...string) {
	var uris []fyne.URI
	for _, p := range paths {
		uris = append(uris, storage.NewFileURI(p))
	}
	u.dropped(fyne.NewPos(10, 10), uris)
	u.wait()
}

// tableRows is what a text table shows, row by row, through its callbacks.
func tableRows(tb *widget.Table) [][]string {
	rows, cols := tb.Length()
	out := make([][]string, rows)
	for r := range rows {
		for c := range cols {
			o := tb.CreateCell()
			tb.UpdateCell(widget.TableCellID{Row: r, Col: c}, o)
			out[r] = append(out[r], o.(*widget.Label).Text)
		}
	}
	return out
}

func TestImportScreenDryRunShowsEveryProblemWithLineAndColumn(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openTransfer(t, u)
	path := writeCSV(t, "name,category,purchase_date\nGood one,laptop,2024-01-31\nBad date,desktop,31/01/2024\n")
	dropFiles(u, path)
	if got := tableRows(s.counts); len(got) != 1 || got[0][0] != "fleet.csv" || got[0][5] != "1" {
		t.Fatalf("counts table %q, want fleet.csv with 1 problem", got)
	}
	got := tableRows(s.details)
	if len(got) != 1 {
		t.Fatalf("problems table %q, want one row", got)
	}
	if p := got[0]; p[0] != "fleet.csv" || p[1] != "3" || p[2] != "3" || p[3] != "purchase_date" || p[4] == "" {
		t.Errorf("problem row %q, want fleet.csv line 3 column 3 (purchase_date) and why", p)
	}
	if !s.confirm.Disabled() {
		t.Error("a file with problems can still be imported")
	}
	if !strings.Contains(s.summary.Text, "1 problem found") {
		t.Errorf("summary says %q", s.summary.Text)
	}
	if n := countAssets(t, u); n != 0 {
		t.Fatalf("a bad file wrote %d assets", n)
	}
}

func TestImportScreenDryRunThenConfirm(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openTransfer(t, u)
	s.check([]string{writeCSV(t, "name,category,serial\nFront desk PC,desktop,SN-1\nReception printer,printer,SN-2\n")}, "assets")
	u.wait()
	if got := tableRows(s.counts); len(got) != 1 || strings.Join(got[0], "|") != "fleet.csv|2|2|0|0|0" {
		t.Fatalf("dry-run counts %q, want fleet.csv: 2 rows, 2 new", got)
	}
	if n := countAssets(t, u); n != 0 {
		t.Fatalf("the dry run wrote %d assets", n)
	}
	if s.confirm.Disabled() || s.confirm.Text != "Import 2 rows" {
		t.Fatalf("confirm button %q disabled=%v", s.confirm.Text, s.confirm.Disabled())
	}
	test.Tap(s.confirm)
	u.wait()
	if n := countAssets(t, u); n != 2 {
		t.Fatalf("after confirming: %d assets, want 2", n)
	}
	if !s.status.Visible() || !strings.Contains(s.status.Text, "Imported assets from fleet.csv: 2 new, 0 updated, 0 unchanged") {
		t.Errorf("status line says %q", s.status.Text)
	}
	if !s.confirm.Disabled() {
		t.Error("the same file can be imported twice by a second click")
	}
	// The window's status line says it too, with the way to the assets.
	if !strings.HasPrefix(u.said.Text, "Imported assets from fleet.csv") || u.saidLink.Text != "Open Assets" || !u.saidLink.Visible() {
		t.Fatalf("window status line %q, link %q", u.said.Text, u.saidLink.Text)
	}
	u.saidLink.OnTapped()
	u.wait()
	if u.screens[u.current].title() != "Assets" {
		t.Fatalf("the link opened %s", u.screens[u.current].title())
	}
}

// A file's name picks its kind when dropped: an export comes back as what
// it is.
func TestGuessKindFromFileName(t *testing.T) {
	for name, want := range map[string]string{
		"licences-2026-03-07.csv": "licences",
		"model-costs.csv":         "model-costs",
		"Training.CSV":            "training",
		"pc-042.json":             inventoryKind,
		"whatever.csv":            "people",
	} {
		if got := guessKind("/tmp/"+name, "people"); got != want {
			t.Errorf("guessKind(%s) = %s, want %s", name, got, want)
		}
	}
}

func TestExportWritesAFileThatImportsBack(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openTransfer(t, u)
	s.check([]string{writeCSV(t, "tag,name,category,serial\nA-1,Front desk PC,desktop,SN-1\nA-2,Reception printer,printer,SN-2\n")}, "assets")
	u.wait()
	test.Tap(s.confirm)
	u.wait()

	dir := t.TempDir()
	s.target.folder.SetText(dir)
	s.exportKind.SetSelected(kindLabel("assets"))
	s.exportFormat.SetSelected("CSV")
	if want := "assets-2026-03-07.csv"; s.target.name.Text != want {
		t.Errorf("file name offered %q, want %q", s.target.name.Text, want)
	}
	test.Tap(s.exportBtn)
	u.wait()
	out := filepath.Join(dir, "assets-2026-03-07.csv")
	st, err := os.Stat(out)
	if err != nil {
		t.Fatalf("no export written: %v (status %q)", err, s.status.Text)
	}
	if st.Mode().Perm() != savedMode {
		t.Errorf("export mode %v, want %v", st.Mode().Perm(), os.FileMode(savedMode))
	}
	if !strings.Contains(s.status.Text, "Exported assets as CSV to "+out) {
		t.Errorf("status line says %q", s.status.Text)
	}
	// Dropped back, the export is recognised as assets and changes nothing.
	s.importKind.SetSelected(kindLabel("people"))
	dropFiles(u, out)
	if got := tableRows(s.counts); len(got) != 1 || strings.Join(got[0][1:], "|") != "2|0|0|2|0" {
		t.Fatalf("re-import dry run %q, want 2 rows unchanged", got)
	}

	s.exportFormat.SetSelected("XLSX")
	test.Tap(s.exportBtn)
	u.wait()
	b, err := os.ReadFile(filepath.Join(dir, "assets-2026-03-07.xlsx"))
	if err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatalf("xlsx export: %v, starts %q", err, b[:min(len(b), 4)])
	}
}

// The export never writes over the register, whatever file name is typed.
func TestExportRefusesTheRegister(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openTransfer(t, u)
	db := testStore(u).Path()
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	s.target.folder.SetText(filepath.Dir(db))
	s.target.name.SetText(filepath.Base(db))
	test.Tap(s.exportBtn)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "the register") {
		t.Errorf("refusal says %q", msg)
	}
	after, err := os.ReadFile(db)
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("the register changed (%v)", err)
	}
}

// The file and folder pickers open (sized for the window) without failing.
func TestPickersOpen(t *testing.T) {
	u := newSettingsUI(t, Services{})
	openTransfer(t, u)
	for _, label := range []string{"Choose file…", "Folder…"} {
		test.Tap(button(u.win.Content(), label))
		if topDialog(u) == nil {
			t.Errorf("%s opened no dialog", label)
		}
		u.win.Canvas().Overlays().Remove(topDialog(u))
	}
}

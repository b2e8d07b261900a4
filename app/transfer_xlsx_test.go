package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"
)

// A workbook dropped on Import / Export is checked and imported as a CSV
// file is (its first sheet), named after its kind.
func TestImportScreenTakesAWorkbook(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openTransfer(t, u)
	x := excelize.NewFile()
	for i, r := range [][]any{{"name", "category", "serial"}, {"Front desk PC", "desktop", "SN-1"}, {"Reception printer", "printer", "SN-2"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "assets-2026-03-07.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	s.drop([]string{path})
	u.wait()
	if got := tableRows(s.counts); len(got) != 1 || strings.Join(got[0], "|") != "assets-2026-03-07.xlsx|2|2|0|0|0" {
		t.Fatalf("dry-run counts %q, want 2 new rows", got)
	}
	test.Tap(s.confirm)
	u.wait()
	if n := countAssets(t, u); n != 2 {
		t.Fatalf("after confirming: %d assets, want 2", n)
	}
}

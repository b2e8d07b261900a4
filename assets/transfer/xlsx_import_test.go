package transfer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"steward/assets"
	"steward/assets/transfer"
)

// An exported workbook imports back (every kind's XLSX export is text
// cells under a header row), and a workbook typed by hand reports its bad
// cells by row (line) and column as a CSV file does.
func TestImportXLSX(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	fleet := strings.ReplaceAll(goodAssets, "anna@example.com", "")
	if _, err := transfer.Import(ctx, src, "assets", "a.csv", strings.NewReader(fleet), transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	var book bytes.Buffer
	if err := transfer.Export(ctx, src, "assets", "xlsx", &book, transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "assets-2026-01-02.xlsx")
	if err := os.WriteFile(path, book.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := openStore(t)
	res, err := transfer.ImportFile(ctx, dst, "assets", path, transfer.Options{DryRun: true})
	if err != nil || res.Rows != 2 || res.Created != 2 {
		t.Fatalf("dry run of the workbook: %+v, %v", res, err)
	}
	if _, err := transfer.ImportFile(ctx, dst, "assets", path, transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	a, err := dst.AssetByTag(ctx, "LT-1")
	if err != nil || a.Name != "Anna's laptop" || a.Cost.Minor != 129900 || a.PurchaseDate.String() != "2023-05-01" {
		t.Fatalf("imported from XLSX: %+v, %v", a, err)
	}

	// A hand-made workbook: numbers and dates as a spreadsheet keeps them,
	// short rows, a bad date on row 3.
	x := excelize.NewFile()
	rows := [][]any{{"name", "category", "purchase_date", "cost"}, {"Desk PC", "desktop", "2024-01-15", 499.5}, {"Bad", "laptop", "2024-02-30"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	hand := filepath.Join(t.TempDir(), "hand.xlsx")
	if err := x.SaveAs(hand); err != nil {
		t.Fatal(err)
	}
	_, err = transfer.ImportFile(ctx, dst, "assets", hand, transfer.Options{DryRun: true})
	if err == nil || !strings.Contains(err.Error(), "hand.xlsx line 3, column 3 (purchase_date)") {
		t.Fatalf("bad row of a workbook: %v", err)
	}
	if n, _ := dst.CountAssets(ctx, assets.AssetQuery{}); n != 2 {
		t.Fatalf("%d assets after a dry run", n)
	}
}

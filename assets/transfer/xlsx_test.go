package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"steward/assets/transfer"
)

// The XLSX export holds the same cells as the CSV export, as text (a cell
// such as "=1+1" is a string, not a formula), under a header row.
func TestExportXLSXMatchesCSV(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	for _, f := range formulaFiles {
		mustImport(t, s, f.kind, f.body, false)
	}
	for _, f := range formulaFiles {
		var x bytes.Buffer
		if err := transfer.Export(ctx, s, f.kind, "xlsx", &x, transfer.Options{WithSecrets: true}); err != nil {
			t.Fatalf("%s: %v", f.kind, err)
		}
		book, err := excelize.OpenReader(&x)
		if err != nil {
			t.Fatalf("%s: not a workbook: %v", f.kind, err)
		}
		got, err := book.GetRows(f.kind)
		if err != nil {
			t.Fatalf("%s: %v", f.kind, err)
		}
		if formula, _ := book.GetCellFormula(f.kind, "B2"); formula != "" {
			t.Errorf("%s: B2 became a formula %q", f.kind, formula)
		}
		book.Close()
		k, _ := transfer.Lookup(f.kind)
		// The JSON export carries the stored values as they are.
		var recs []map[string]string
		if err := json.Unmarshal([]byte(exportJSON(t, s, f.kind)), &recs); err != nil {
			t.Fatal(err)
		}
		want := [][]string{k.Columns}
		for _, rec := range recs {
			row := make([]string, len(k.Columns))
			for i, c := range k.Columns {
				row[i] = rec[c]
			}
			want = append(want, row)
		}
		// GetRows drops trailing empty cells; pad to compare.
		for i := range got {
			for len(got[i]) < len(k.Columns) {
				got[i] = append(got[i], "")
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: xlsx rows\n%q\nwant\n%q", f.kind, got, want)
		}
	}
}

package transfer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// xlsxMaxRows is a worksheet's limit (header included).
const xlsxMaxRows = 1_048_576

// exportXLSX writes every record of k as one worksheet named after the
// kind: a bold, frozen header row of column names, then one row per record.
// Every cell is text, as in the CSV export, so tags such as "00123" and
// dates come back unchanged; a text cell is never taken for a formula.
func exportXLSX(ctx context.Context, s Store, k Kind, w io.Writer, opt Options) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := k.Name
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(k.Columns))
	for i, c := range k.Columns {
		header[i] = excelize.Cell{Value: c, StyleID: bold}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	line := 1
	err = k.Export(ctx, s, opt, func(cells []string) error {
		if line++; line > xlsxMaxRows {
			return fmt.Errorf("more than %d %s: a worksheet holds no more; export as CSV or JSON instead", xlsxMaxRows-1, k.Name)
		}
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = c
		}
		cell, err := excelize.CoordinatesToCellName(1, line)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(w)
}

// xlsxUnzipLimit bounds what a workbook may unpack to (a zip bomb stops
// there); a 300,000-row sheet of every asset column is well under it.
const xlsxUnzipLimit = 1 << 30

// xlsxAsCSV reads the first worksheet of a workbook as CSV, so that it
// goes through the very checks of a CSV file: row n is line n and column
// n is column n (while no cell holds a line break), each cell as the
// spreadsheet shows it. Short rows are padded to the header's width.
func xlsxAsCSV(r io.Reader) (io.Reader, error) {
	x, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxUnzipLimit})
	if err != nil {
		return nil, err
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("it has no worksheet")
	}
	rows, err := x.Rows(sheets[0])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	width := -1
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		if width < 0 {
			width = len(cols) // the header
		}
		for len(cols) < width {
			cols = append(cols, "")
		}
		if err := w.Write(cols); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	w.Flush()
	return &buf, w.Error()
}

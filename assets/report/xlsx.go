package report

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes doc as a workbook: a Summary sheet (title, organisation,
// as-of date, key figures), then one sheet per section with a bold, shaded,
// frozen header row and money in a #,##0.00 number format. Sections that
// share their columns (a grouped register) go on one sheet with a Group
// column, as in CSV.
func WriteXLSX(w io.Writer, doc *Document) error {
	return writeXLSXContext(context.Background(), w, doc)
}

func writeXLSXContext(ctx context.Context, w io.Writer, doc *Document) error {
	x := excelize.NewFile()
	defer x.Close()
	st, err := newXLSXStyles(x)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	first := true
	sheet := func(title string) (string, error) {
		name := sheetName(title, names)
		if first {
			first = false
			return name, x.SetSheetName("Sheet1", name)
		}
		_, err := x.NewSheet(name)
		return name, err
	}

	// Summary sheet.
	name, err := sheet("Summary")
	if err != nil {
		return err
	}
	rows := [][]any{{doc.Title}, {"Organisation", doc.Org}, {"As of", doc.AsOf.String()}}
	if doc.Subtitle != "" {
		rows = append(rows, []any{doc.Subtitle})
	}
	rows = append(rows, []any{})
	for _, kv := range doc.Summary {
		rows = append(rows, []any{kv.Key, kv.Value})
	}
	for _, n := range doc.Notes {
		rows = append(rows, []any{n})
	}
	for i, r := range rows {
		if err := x.SetSheetRow(name, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	if err := x.SetCellStyle(name, "A1", "A1", st.title); err != nil {
		return err
	}
	if err := x.SetColWidth(name, "A", "A", 30); err != nil {
		return err
	}
	if err := x.SetColWidth(name, "B", "B", 40); err != nil {
		return err
	}

	if len(doc.Sections) > 1 && sameColumns(doc.Sections) && doc.Sections[0].Group != "" {
		cols := append([]Column{{Title: "Group", Kind: Text}}, doc.Sections[0].Columns...)
		var all [][]Cell
		for _, s := range doc.Sections {
			for _, r := range s.Rows {
				all = append(all, append([]Cell{T(s.Group)}, r...))
			}
		}
		name, err := sheet(doc.Title)
		if err != nil {
			return err
		}
		if err := writeTable(ctx, x, name, cols, all, nil, st); err != nil {
			return err
		}
	} else {
		for _, s := range doc.Sections {
			name, err := sheet(s.Title)
			if err != nil {
				return err
			}
			if err := writeTable(ctx, x, name, s.Columns, s.Rows, s.Total, st); err != nil {
				return err
			}
		}
	}
	_, err = x.WriteTo(w)
	return err
}

type xlsxStyles struct {
	title, header, money, integer, pct, bold, boldMoney int
}

func newXLSXStyles(x *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	money := "#,##0.00"
	integer := "#,##0"
	pct := "0.0"
	defs := []struct {
		dst *int
		st  *excelize.Style
	}{
		{&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E1E6EE"}},
			Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}}},
		{&s.money, &excelize.Style{CustomNumFmt: &money}},
		{&s.integer, &excelize.Style{CustomNumFmt: &integer}},
		{&s.pct, &excelize.Style{CustomNumFmt: &pct}},
		{&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&s.boldMoney, &excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &money}},
	}
	for _, d := range defs {
		if *d.dst, err = x.NewStyle(d.st); err != nil {
			return s, err
		}
	}
	return s, nil
}

// writeTable streams one table onto a sheet: header row frozen, numbers as
// numbers.
func writeTable(ctx context.Context, x *excelize.File, sheet string, cols []Column, rows [][]Cell, total []Cell, st xlsxStyles) error {
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, c := range cols {
		width := 14.0
		switch c.Kind {
		case Text:
			width = 28
		case Date:
			width = 12
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{Value: c.Title, StyleID: st.header}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	line := 2
	put := func(row []Cell, bold bool) error {
		vals := make([]any, len(cols))
		for i, c := range cols {
			if i >= len(row) {
				vals[i] = nil
				continue
			}
			cell := excelize.Cell{Value: row[i].Text}
			if row[i].Text != "" {
				switch c.Kind {
				case Money:
					cell = excelize.Cell{Value: row[i].Num, StyleID: st.money}
					if bold {
						cell.StyleID = st.boldMoney
					}
				case Int:
					cell = excelize.Cell{Value: row[i].Num, StyleID: st.integer}
				case Pct:
					cell = excelize.Cell{Value: row[i].Num, StyleID: st.pct}
				}
			}
			if bold && cell.StyleID == 0 {
				cell.StyleID = st.bold
			}
			vals[i] = cell
		}
		cellName, _ := excelize.CoordinatesToCellName(1, line)
		line++
		return sw.SetRow(cellName, vals)
	}
	for i, r := range rows {
		if err := stopped(ctx, i); err != nil {
			return err
		}
		if err := put(r, false); err != nil {
			return err
		}
	}
	if total != nil {
		if err := put(total, true); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sheetName makes a valid, unique sheet name: at most 31 characters, none of
// : \ / ? * [ ].
func sheetName(title string, used map[string]bool) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(title))
	if clean == "" {
		clean = "Sheet"
	}
	clean = truncRunes(clean, 31)
	name := clean
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = truncRunes(clean, 31-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

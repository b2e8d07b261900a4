package report

import (
	"context"
	"io"
	"slices"
	"strconv"

	"steward/assets/csvio"
)

// WriteCSV writes doc for spreadsheets: UTF-8 with a byte order mark, every
// cell formula-safe. When every section has the same columns (a register
// grouped by location) it is one table with a leading group column, so the
// file sorts and filters as a whole; otherwise the sections follow each
// other, each with its title row and header row, separated by a blank line.
func WriteCSV(w io.Writer, doc *Document) error { return writeCSVContext(context.Background(), w, doc) }

func writeCSVContext(ctx context.Context, w io.Writer, doc *Document) error {
	cw, err := csvio.NewWriter(w)
	if err != nil {
		return err
	}
	if len(doc.Sections) > 1 && sameColumns(doc.Sections) && doc.Sections[0].Group != "" {
		header := []string{"Group"}
		for _, c := range doc.Sections[0].Columns {
			header = append(header, c.Title)
		}
		if err := cw.Write(header...); err != nil {
			return err
		}
		for _, s := range doc.Sections {
			for i, row := range s.Rows {
				if err := stopped(ctx, i); err != nil {
					return err
				}
				if err := cw.Write(append([]string{s.Group}, csvCells(s.Columns, row)...)...); err != nil {
					return err
				}
			}
		}
		return cw.Flush()
	}
	for i, s := range doc.Sections {
		if len(doc.Sections) > 1 {
			if i > 0 {
				if err := cw.Write(); err != nil {
					return err
				}
			}
			if err := cw.Write(s.Title); err != nil {
				return err
			}
		}
		header := make([]string, len(s.Columns))
		for j, c := range s.Columns {
			header[j] = c.Title
		}
		if err := cw.Write(header...); err != nil {
			return err
		}
		for i, row := range s.Rows {
			if err := stopped(ctx, i); err != nil {
				return err
			}
			if err := cw.Write(csvCells(s.Columns, row)...); err != nil {
				return err
			}
		}
		if s.Total != nil {
			if err := cw.Write(csvCells(s.Columns, s.Total)...); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

// csvCells writes numbers plainly (1234.5, no thousands separators) so
// spreadsheets read them as numbers.
func csvCells(cols []Column, row []Cell) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		if i >= len(row) {
			break
		}
		switch c.Kind {
		case Int:
			out[i] = strconv.FormatFloat(row[i].Num, 'f', 0, 64)
		case Money:
			out[i] = strconv.FormatFloat(row[i].Num, 'f', 2, 64)
		case Pct:
			out[i] = strconv.FormatFloat(row[i].Num, 'f', 1, 64)
		default:
			out[i] = row[i].Text
		}
		if c.Kind != Text && c.Kind != Date && row[i].Text == "" {
			out[i] = ""
		}
	}
	return out
}

func sameColumns(ss []Section) bool {
	if len(ss) == 0 {
		return false
	}
	for _, s := range ss[1:] {
		if !slices.Equal(s.Columns, ss[0].Columns) {
			return false
		}
	}
	return true
}

package report

import (
	"context"
	"fmt"

	"steward/assets"
)

// Size limits. A report is built whole in memory before it is written, so
// an unbounded one could exhaust memory or run for hours (300,000 labels
// grew past 1.4 GB). A report over its limit is refused before it starts,
// with a hint to narrow it down; `steward export` writes whole registers
// of any size.
var (
	// MaxLabels is the most labels one labels report prints: 10,000
	// labels fill 417 A4 sheets.
	MaxLabels = 10_000
	// MaxPDFRows is the most table rows of a PDF report (about 1,100 pages).
	MaxPDFRows = 50_000
	// MaxSheetRows is the most table rows of a CSV or XLSX report.
	MaxSheetRows = 200_000
)

// MaxRows is the row limit of a report written in format (pdf, csv, xlsx).
func MaxRows(format string) int {
	if format == "csv" || format == "xlsx" {
		return MaxSheetRows
	}
	return MaxPDFRows
}

// TooLargeError refuses a report over its size limit.
type TooLargeError struct {
	What   string // "labels" or "rows"
	N, Max int
}

func (e TooLargeError) Error() string {
	return fmt.Sprintf("the report would hold %d %s, more than the %d one report may hold: narrow it down (category, location, status or search), or use steward export for the whole register",
		e.N, e.What, e.Max)
}

// CountSource counts the assets a query matches without reading them,
// so that an oversized report is refused before any work.
type CountSource interface {
	CountAssets(ctx context.Context, q assets.AssetQuery) (int, error)
}

// checkCount refuses a report of n items over max (max 0: no limit).
func checkCount(what string, n, max int) error {
	if max > 0 && n > max {
		return TooLargeError{What: what, N: n, Max: max}
	}
	return nil
}

// precount counts the assets q matches when src can, and refuses more
// than max of them.
func precount(ctx context.Context, src Source, q assets.AssetQuery, what string, max int) error {
	cs, ok := src.(CountSource)
	if !ok || max <= 0 {
		return nil
	}
	n, err := cs.CountAssets(ctx, q)
	if err != nil {
		return err
	}
	return checkCount(what, n, max)
}

// Rows counts the table rows of doc (without totals).
func (d *Document) Rows() int {
	n := 0
	for _, s := range d.Sections {
		n += len(s.Rows)
	}
	return n
}

// stopped is ctx's error, looked at every 256th row i of a long loop (a
// cancelled report stops within a fraction of a second).
func stopped(ctx context.Context, i int) error {
	if i%256 != 0 {
		return nil
	}
	return ctx.Err()
}

// Package report builds Steward's reports. Each report is a model built by a
// pure function from plain input values and an as-of date (no store, no
// clock), so it can be tested with fixed data. A model turns itself into a
// Document (titled tables, an optional chart), which the format writers print
// as PDF, CSV or XLSX. Loading the inputs from the store lives in load.go.
package report

import (
	"strconv"

	"steward/assets"
)

// Document is a report laid out as tables, ready for any format writer.
type Document struct {
	Kind     string // "budget", "register", ... (file names, sheet names)
	Title    string
	Subtitle string
	Org      string      // the organisation's name, on every page
	AsOf     assets.Date // the date the report describes, on every page
	Summary  []KV        // key figures printed above the tables
	Chart    *BarChart   // optional, printed after the summary
	Sections []Section
	Notes    []string // printed at the end: limits, excluded items
	// Signatures are lines to sign, printed last in the PDF ("Audited by: Lena Ek").
	Signatures []string
	// Landscape turns the pages for wide tables.
	Landscape bool
	// Labels, when set, makes the PDF a sheet of asset labels instead of
	// tables (the Sections still carry the list for CSV and XLSX).
	Labels *LabelSheet
}

// KV is one key figure ("Assets", "1,234").
type KV struct{ Key, Value string }

// ColKind says how a column's values are aligned and stored in spreadsheets.
type ColKind int

const (
	Text  ColKind = iota
	Int           // whole numbers, right-aligned
	Money         // amounts in the report's currency, right-aligned, 2 decimals
	Date          // YYYY-MM-DD
	Pct           // a percentage 0..100
)

// Column is one table column. Width is relative: the writer scales the
// widths to the page.
type Column struct {
	Title string
	Kind  ColKind
	Width float64
	Wrap  bool // long text goes on up to three lines instead of being cut
}

// Cell is one value: Text is what is printed; Num is the value spreadsheets
// store for Int, Money and Pct columns.
type Cell struct {
	Text string
	Num  float64
}

// Section is one titled table. Total, when set, is printed bold after the
// rows (and repeated nowhere else).
type Section struct {
	Title   string
	Note    string // a sentence under the title
	Group   string // for grouped lists: the group's value (a location, a category)
	Columns []Column
	Rows    [][]Cell
	Total   []Cell
	Empty   string // printed instead of an empty table ("No licence renewals.")
}

// BarChart is a stacked bar chart: one bar per label, one stack segment per
// series (or, with Side, one bar per series side by side; the PDF prints
// stacked charts only).
type BarChart struct {
	Title  string
	YTitle string
	Labels []string    // x axis
	Series []string    // legend
	Values [][]float64 // Values[series][label]
	Notes  []string    // optional, per label: a few words about the bar ("12 replacements")
	Side   bool        // series side by side (seats in use against seats bought), not stacked
}

// T is a text cell.
func T(s string) Cell { return Cell{Text: s} }

// I is a whole-number cell.
func I(n int) Cell { return Cell{Text: groupDigits(strconv.Itoa(n)), Num: float64(n)} }

// M is a money cell, printed without its currency (the column title has it).
func M(m assets.Money) Cell {
	s := m.String()
	if m.Currency != "" && len(s) > 4 {
		s = s[4:]
	}
	if s == "" {
		s = "0.00"
	}
	return Cell{Text: s, Num: majorUnits(m)}
}

// D is a date cell.
func D(d assets.Date) Cell { return Cell{Text: d.String()} }

// P is a percentage cell (0..100, one decimal).
func P(v float64) Cell { return Cell{Text: strconv.FormatFloat(v, 'f', 1, 64) + "%", Num: v} }

func majorUnits(m assets.Money) float64 {
	f := float64(m.Minor)
	for i := 0; i < assets.Digits(m.Currency); i++ {
		f /= 10
	}
	return f
}

func groupDigits(s string) string {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// moneyTitle is a column title with the currency ("Cost (EUR)").
func moneyTitle(title, currency string) string {
	if currency == "" {
		return title
	}
	return title + " (" + currency + ")"
}

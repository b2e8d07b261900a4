package report

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
)

// DejaVu Sans covers Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and
// Arabic letters (not CJK), so people's names print in most scripts whatever
// fonts the user's machine has. Licence: fonts/LICENSE (redistribution allowed).
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const fontFamily = "dejavu"

// Paper is a page size.
type Paper string

const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// ParsePaper accepts "a4" or "letter" in any case; "" is A4.
func ParsePaper(s string) (Paper, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "a4":
		return A4, nil
	case "letter", "us-letter", "usletter":
		return Letter, nil
	}
	return "", fmt.Errorf("%q is not a paper size: use a4 or letter", s)
}

func (p Paper) fpdfSize() string {
	if p == Letter {
		return "Letter"
	}
	return "A4"
}

const (
	marginX      = 14.0 // mm, left and right
	marginTop    = 20.0 // below the running header
	marginBottom = 16.0 // above the running footer
	rowH         = 5.2
	headH        = 6.0
	bodySize     = 8.0
)

// pdfWriter keeps the page state for one document.
type pdfWriter struct {
	ctx   context.Context // cancels the writing
	f     *fpdf.Fpdf
	doc   *Document
	pageW float64
	pageH float64
}

// WritePDF prints doc as a PDF on paper.
func WritePDF(w io.Writer, doc *Document, paper Paper) error {
	return writePDFContext(context.Background(), w, doc, paper)
}

func writePDFContext(ctx context.Context, w io.Writer, doc *Document, paper Paper) error {
	orientation := "P"
	if doc.Landscape && doc.Labels == nil {
		orientation = "L"
	}
	f := fpdf.New(orientation, "mm", paper.fpdfSize(), "")
	// The page-count alias must be set before the fonts are added so that
	// the digits it is replaced by are kept in the font subset.
	f.AliasNbPages("{nb}")
	f.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(false, marginBottom)
	f.SetTitle(doc.Title, true)
	f.SetAuthor(doc.Org, true)
	f.SetCreator("Steward", true)
	// Fixed dates keep the output reproducible for the same data.
	stamp := doc.AsOf.Time()
	if doc.AsOf.IsZero() {
		stamp = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCatalogSort(true)
	if n := uncoveredCells(doc); n > 0 {
		// Work on a copy: the caller's document stays as it was.
		d := *doc
		d.Notes = append(append([]string(nil), doc.Notes...), fmt.Sprintf(
			"%s Chinese, Japanese or Korean characters, which the embedded font (DejaVu Sans) does not have: they print as empty boxes here, but the PDF's text keeps them (search and copy work) and the CSV and XLSX files show them in full.",
			countOf(n, "entry uses", "entries use")))
		doc = &d
	}
	pw := &pdfWriter{ctx: ctx, f: f, doc: doc}
	pw.pageW, pw.pageH = f.GetPageSize()
	f.SetHeaderFunc(pw.header)
	f.SetFooterFunc(pw.footer)

	if doc.Labels != nil {
		if err := pw.labels(doc.Labels); err != nil {
			return err
		}
	} else {
		f.AddPage()
		pw.titleBlock()
		if doc.Chart != nil {
			pw.chart(doc.Chart)
		}
		for i := range doc.Sections {
			pw.section(&doc.Sections[i])
		}
		pw.notes()
		pw.signatures()
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("building the PDF: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// uncoveredCells counts the texts in doc with characters from scripts the
// embedded font lacks (Han, Hiragana, Katakana, Hangul).
func uncoveredCells(doc *Document) int {
	n := 0
	check := func(s string) {
		for _, r := range s {
			if r >= 0x1100 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)) {
				n++
				return
			}
		}
	}
	check(doc.Org)
	check(doc.Title)
	for _, s := range doc.Sections {
		check(s.Title)
		for _, row := range s.Rows {
			for _, c := range row {
				check(c.Text)
			}
		}
	}
	if doc.Labels != nil {
		for _, l := range doc.Labels.Labels {
			check(l.Name)
		}
	}
	return n
}

func (p *pdfWriter) contentW() float64 { return p.pageW - 2*marginX }
func (p *pdfWriter) bottom() float64   { return p.pageH - marginBottom }

// header prints the organisation, the report's title and the as-of date on
// every page.
func (p *pdfWriter) header() {
	if p.doc.Labels != nil {
		return // label sheets use the whole page
	}
	f := p.f
	f.SetFont(fontFamily, "", 7.5)
	f.SetTextColor(90, 90, 90)
	f.SetXY(marginX, 8)
	org := p.doc.Org
	if org == "" {
		org = "(organisation name not set: Settings)" // never the program's name as the organisation
	}
	half := p.contentW() / 2
	f.SetFont(fontFamily, "B", 7.5)
	f.CellFormat(half, 4, p.fit(org, half), "", 0, "L", false, 0, "")
	f.SetFont(fontFamily, "", 7.5)
	f.CellFormat(half, 4, p.fit(p.doc.Title+" · as of "+p.doc.AsOf.String(), half), "", 1, "R", false, 0, "")
	f.SetDrawColor(170, 170, 170)
	f.SetLineWidth(0.2)
	f.Line(marginX, 13, p.pageW-marginX, 13)
	f.SetTextColor(0, 0, 0)
	f.SetY(marginTop - 3)
}

// footer prints "Page 3 of 12" and the as-of date.
func (p *pdfWriter) footer() {
	if p.doc.Labels != nil {
		return
	}
	f := p.f
	f.SetFont(fontFamily, "", 7.5)
	f.SetTextColor(90, 90, 90)
	f.SetXY(marginX, p.pageH-11)
	third := p.contentW() / 3
	f.CellFormat(third, 4, "As of "+p.doc.AsOf.String(), "", 0, "L", false, 0, "")
	f.CellFormat(third, 4, fmt.Sprintf("Page %d of {nb}", f.PageNo()), "", 0, "C", false, 0, "")
	f.CellFormat(third, 4, "Made with Steward", "", 0, "R", false, 0, "") // the tool, never the organisation
	f.SetTextColor(0, 0, 0)
}

func (p *pdfWriter) titleBlock() {
	f := p.f
	f.SetFont(fontFamily, "B", 16)
	f.CellFormat(p.contentW(), 8, p.fit(p.doc.Title, p.contentW()), "", 1, "L", false, 0, "")
	if p.doc.Subtitle != "" {
		f.SetFont(fontFamily, "", 9.5)
		f.SetTextColor(60, 60, 60)
		f.MultiCell(p.contentW(), 4.6, p.doc.Subtitle, "", "L", false)
		f.SetTextColor(0, 0, 0)
	}
	f.Ln(2)
	if len(p.doc.Summary) > 0 {
		keyW := 0.0
		f.SetFont(fontFamily, "", 9)
		for _, kv := range p.doc.Summary {
			keyW = math.Max(keyW, f.GetStringWidth(kv.Key)+4)
		}
		keyW = math.Min(keyW, p.contentW()/2)
		for _, kv := range p.doc.Summary {
			p.need(5)
			f.SetFont(fontFamily, "", 9)
			f.CellFormat(keyW, 5, p.fit(kv.Key, keyW), "", 0, "L", false, 0, "")
			f.SetFont(fontFamily, "B", 9)
			f.CellFormat(p.contentW()-keyW, 5, p.fit(kv.Value, p.contentW()-keyW), "", 1, "L", false, 0, "")
		}
		f.Ln(2)
	}
}

// need starts a new page when h millimetres do not fit on this one; it
// reports whether it did.
func (p *pdfWriter) need(h float64) bool {
	if p.f.GetY()+h > p.bottom() {
		p.f.AddPage()
		return true
	}
	return false
}

// section prints a titled table whose rows break across pages, repeating the
// title ("continued") and the column headers on each new page.
func (p *pdfWriter) section(s *Section) {
	f := p.f
	// Keep the title with the header and at least two rows.
	p.need(8 + headH + 2*rowH)
	p.sectionTitle(s.Title, false)
	if s.Note != "" {
		f.SetFont(fontFamily, "", 8)
		f.SetTextColor(70, 70, 70)
		f.MultiCell(p.contentW(), 4, s.Note, "", "L", false)
		f.SetTextColor(0, 0, 0)
		f.Ln(1)
	}
	if len(s.Rows) == 0 {
		f.SetFont(fontFamily, "", bodySize)
		empty := s.Empty
		if empty == "" {
			empty = "Nothing to report."
		}
		f.CellFormat(p.contentW(), rowH, empty, "", 1, "L", false, 0, "")
		f.Ln(3)
		return
	}
	widths := p.widths(s.Columns, s.Rows, s.Total)
	p.tableHeader(s.Columns, widths)
	f.SetFont(fontFamily, "", bodySize)
	for i, row := range s.Rows {
		if err := stopped(p.ctx, i); err != nil {
			f.SetError(err)
			return
		}
		lines, h := p.layoutRow(s.Columns, widths, row)
		if p.f.GetY()+h > p.bottom() {
			f.AddPage()
			p.sectionTitle(s.Title, true)
			p.tableHeader(s.Columns, widths)
			f.SetFont(fontFamily, "", bodySize)
		}
		p.drawRow(s.Columns, widths, row, lines, h, i%2 == 1)
	}
	if s.Total != nil {
		if p.f.GetY()+rowH > p.bottom() {
			f.AddPage()
			p.sectionTitle(s.Title, true)
			p.tableHeader(s.Columns, widths)
		}
		f.SetFont(fontFamily, "B", bodySize)
		y := f.GetY()
		f.SetDrawColor(60, 60, 60)
		f.SetLineWidth(0.3)
		f.Line(marginX, y, marginX+p.contentW(), y)
		p.drawRow(s.Columns, widths, s.Total, nil, rowH, false)
		f.SetFont(fontFamily, "", bodySize)
	}
	f.Ln(4)
}

func (p *pdfWriter) sectionTitle(title string, continued bool) {
	f := p.f
	f.SetFont(fontFamily, "B", 11)
	if continued {
		title += " (continued)"
	}
	f.CellFormat(p.contentW(), 7, p.fit(title, p.contentW()), "", 1, "L", false, 0, "")
}

// widths shares the page among the columns by their relative widths, then
// makes every non-text column wide enough for its header and its widest
// value (totals in bold), so numbers are never cut.
func (p *pdfWriter) widths(cols []Column, rows [][]Cell, total []Cell) []float64 {
	sum := 0.0
	for _, c := range cols {
		sum += colWidth(c)
	}
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i] = colWidth(c) / sum * p.contentW()
	}
	// Dates, numbers and their headers must never be cut: take what they
	// lack from the text columns, which can shorten with an ellipsis.
	var lack, textW float64
	p.f.SetFont(fontFamily, "B", bodySize)
	for i, c := range cols {
		m := minWidth[c.Kind]
		if c.Kind != Text {
			m = math.Max(m, p.f.GetStringWidth(c.Title)+2.4)
			if i < len(total) {
				m = math.Max(m, p.f.GetStringWidth(total[i].Text)+2.4)
			}
			p.f.SetFont(fontFamily, "", bodySize)
			for _, r := range rows {
				if i < len(r) {
					m = math.Max(m, p.f.GetStringWidth(r[i].Text)+2.4)
				}
			}
			p.f.SetFont(fontFamily, "B", bodySize)
		}
		if out[i] < m {
			lack += m - out[i]
			out[i] = m
		}
		if c.Kind == Text {
			textW += out[i]
		}
	}
	if lack > 0 && textW > lack {
		for i, c := range cols {
			if c.Kind == Text {
				out[i] -= lack * out[i] / textW
			}
		}
	}
	return out
}

// minWidth is the narrowest a column may be, in millimetres at the body
// font size: a date, or an amount in the millions.
var minWidth = map[ColKind]float64{Date: 19, Money: 20, Int: 9, Pct: 12}

func colWidth(c Column) float64 {
	if c.Width > 0 {
		return c.Width
	}
	switch c.Kind {
	case Money:
		return 1.3
	case Date:
		return 1.3
	case Int, Pct:
		return 0.8
	}
	return 2
}

func (p *pdfWriter) tableHeader(cols []Column, widths []float64) {
	f := p.f
	f.SetFont(fontFamily, "B", bodySize)
	f.SetFillColor(225, 230, 238)
	for i, c := range cols {
		f.CellFormat(widths[i], headH, p.fit(c.Title, widths[i]), "", 0, align(c.Kind), true, 0, "")
	}
	f.Ln(headH)
	f.SetFont(fontFamily, "", bodySize)
}

const (
	lineH    = 3.6 // a wrapped line
	maxLines = 3   // a wrapped cell stops here, with an ellipsis
)

// layoutRow splits the cells of wrapping columns into lines and returns the
// row's height; rows without wrapping columns are one line high.
func (p *pdfWriter) layoutRow(cols []Column, widths []float64, row []Cell) (map[int][]string, float64) {
	var lines map[int][]string
	h := rowH
	for i, c := range cols {
		if !c.Wrap || i >= len(row) || row[i].Text == "" || p.f.GetStringWidth(row[i].Text) <= widths[i]-2.2 {
			continue
		}
		ls := p.f.SplitText(row[i].Text, widths[i]-2.2)
		if len(ls) > maxLines {
			ls = ls[:maxLines]
			ls[maxLines-1] = p.fit(ls[maxLines-1]+"…", widths[i])
		}
		if lines == nil {
			lines = map[int][]string{}
		}
		lines[i] = ls
		h = math.Max(h, float64(len(ls))*lineH+1.6)
	}
	return lines, h
}

// drawRow prints one row h high: plain cells on one line, cut to fit;
// wrapped cells line by line.
func (p *pdfWriter) drawRow(cols []Column, widths []float64, row []Cell, lines map[int][]string, h float64, shade bool) {
	f := p.f
	x, y := marginX, f.GetY()
	if shade {
		f.SetFillColor(246, 247, 250)
		f.Rect(x, y, p.contentW(), h, "F")
	}
	for i := range cols {
		f.SetXY(x, y)
		if ls, ok := lines[i]; ok {
			f.SetXY(x, y+0.8)
			for _, l := range ls {
				f.SetX(x)
				f.CellFormat(widths[i], lineH, l, "", 2, align(cols[i].Kind), false, 0, "")
			}
		} else {
			text := ""
			if i < len(row) {
				text = row[i].Text
			}
			f.CellFormat(widths[i], rowH, p.fit(text, widths[i]), "", 0, align(cols[i].Kind), false, 0, "")
		}
		x += widths[i]
	}
	f.SetXY(marginX, y+h)
}

func align(k ColKind) string {
	switch k {
	case Int, Money, Pct:
		return "R"
	}
	return "L"
}

// fit shortens s with an ellipsis so it fits in a cell w wide.
func (p *pdfWriter) fit(s string, w float64) string {
	avail := w - 2.2 // cell padding both sides
	if s == "" || p.f.GetStringWidth(s) <= avail {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes)
	for lo < hi { // longest prefix that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if p.f.GetStringWidth(string(runes[:mid])+"…") <= avail {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(runes[:lo]), " ") + "…"
}

func (p *pdfWriter) notes() {
	if len(p.doc.Notes) == 0 {
		return
	}
	f := p.f
	p.need(12)
	f.SetFont(fontFamily, "B", 9)
	f.CellFormat(p.contentW(), 6, "Notes", "", 1, "L", false, 0, "")
	f.SetFont(fontFamily, "", 8)
	for _, n := range p.doc.Notes {
		lines := f.SplitText(n, p.contentW()-4)
		p.need(float64(len(lines)) * 4)
		for i, l := range lines {
			prefix := "  "
			if i == 0 {
				prefix = "• "
			}
			f.CellFormat(p.contentW(), 4, prefix+l, "", 1, "L", false, 0, "")
		}
	}
}

// chartColors are the series colours of bar charts, distinct in grey print.
var chartColors = [][3]int{{38, 84, 124}, {239, 150, 54}, {88, 160, 96}, {180, 70, 70}, {140, 110, 180}, {120, 120, 120}}

// chart draws a stacked bar chart with axes, tick labels, axis titles and a
// legend, using only fpdf's drawing primitives.
func (p *pdfWriter) chart(c *BarChart) {
	f := p.f
	const height = 72.0
	p.need(height + 22)
	if c.Title != "" {
		p.sectionTitle(c.Title, false)
	}
	top := f.GetY() + 2
	left := marginX + 22 // room for the y tick labels and title
	right := marginX + p.contentW() - 2
	base := top + height - 12 // x axis
	plotH := base - top

	step, top5 := c.Scale(5) // the window's charts use the same scale

	// Grid lines and y tick labels.
	f.SetFont(fontFamily, "", 7)
	f.SetLineWidth(0.1)
	for v := 0.0; v <= top5+step/2; v += step {
		y := base - v/top5*plotH
		f.SetDrawColor(210, 210, 210)
		f.Line(left, y, right, y)
		label := shortNumber(v)
		f.Text(left-2-f.GetStringWidth(label), y+1.2, label)
	}
	// Y axis title, rotated.
	if c.YTitle != "" {
		f.SetFont(fontFamily, "", 7.5)
		f.TransformBegin()
		x, y := marginX+3, base-plotH/2+f.GetStringWidth(c.YTitle)/2
		f.TransformRotate(90, x, y)
		f.Text(x, y, c.YTitle)
		f.TransformEnd()
	}

	// Bars.
	n := len(c.Labels)
	slot := (right - left) / float64(max(n, 1))
	barW := slot * 0.55
	f.SetFont(fontFamily, "", 7.5)
	// With many bars (a 30-year horizon) label every k-th bar, and print
	// totals only when they fit over their bar.
	every := 1
	widest := 0.0
	for _, l := range c.Labels {
		widest = math.Max(widest, f.GetStringWidth(l))
	}
	for float64(every)*slot < widest+2 {
		every++
	}
	showTotals := true
	for li := range c.Labels {
		sum := 0.0
		for si := range c.Series {
			sum += c.Values[si][li]
		}
		if f.GetStringWidth(shortNumber(sum)) >= slot-1 {
			showTotals = false
		}
	}
	for li, label := range c.Labels {
		x := left + slot*float64(li) + (slot-barW)/2
		y := base
		total := 0.0
		for si := range c.Series {
			v := c.Values[si][li]
			if v <= 0 {
				continue
			}
			h := v / top5 * plotH
			col := chartColors[si%len(chartColors)]
			f.SetFillColor(col[0], col[1], col[2])
			f.Rect(x, y-h, barW, h, "F")
			y -= h
			total += v
		}
		// Total above the bar, label under the axis.
		tl := shortNumber(total)
		if showTotals {
			f.Text(x+barW/2-f.GetStringWidth(tl)/2, y-1.2, tl)
		}
		if li%every == 0 {
			lw := f.GetStringWidth(label)
			f.Text(x+barW/2-lw/2, base+4, label)
		}
	}
	f.SetDrawColor(60, 60, 60)
	f.SetLineWidth(0.3)
	f.Line(left, base, right, base)
	f.Line(left, base, left, top)

	// Legend.
	lx, ly := left, base+8
	f.SetFont(fontFamily, "", 7.5)
	for si, s := range c.Series {
		col := chartColors[si%len(chartColors)]
		f.SetFillColor(col[0], col[1], col[2])
		f.Rect(lx, ly-2.6, 3, 3, "F")
		f.Text(lx+4, ly, s)
		lx += 4 + f.GetStringWidth(s) + 6
	}
	f.SetY(top + height)
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// shortNumber prints an axis value: 950, 12.5k, 1.2M.
func shortNumber(v float64) string {
	switch {
	case v >= 1e6:
		return trimZero(fmt.Sprintf("%.1f", v/1e6)) + "M"
	case v >= 1e4:
		return trimZero(fmt.Sprintf("%.1f", v/1e3)) + "k"
	}
	return groupDigits(fmt.Sprintf("%.0f", v))
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

package report

import (
	"fmt"
	"math"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"steward/assets"
)

// LabelFormat is a sheet of sticky labels: its paper, grid and label size
// (millimetres), as sold by label makers.
type LabelFormat struct {
	Name           string
	Paper          Paper
	Cols, Rows     int
	W, H           float64 // one label
	Left, Top      float64 // first label's corner from the sheet's corner
	PitchX, PitchY float64 // distance from one label's corner to the next
}

// Common sheets: A4 3x8 (63.5 x 33.9 mm, e.g. Avery L7159) and US Letter
// 3x10 (2.625 x 1 in, e.g. Avery 5160).
var (
	LabelsA4 = LabelFormat{Name: "A4 3x8 (63.5 x 33.9 mm)", Paper: A4, Cols: 3, Rows: 8,
		W: 63.5, H: 33.9, Left: 7.2, Top: 12.9, PitchX: 66.0, PitchY: 33.9}
	LabelsLetter = LabelFormat{Name: "Letter 3x10 (2.625 x 1 in)", Paper: Letter, Cols: 3, Rows: 10,
		W: 66.675, H: 25.4, Left: 4.7625, Top: 12.7, PitchX: 69.85, PitchY: 25.4}
)

// LabelFormatFor is the label sheet for a paper size.
func LabelFormatFor(p Paper) LabelFormat {
	if p == Letter {
		return LabelsLetter
	}
	return LabelsA4
}

// Label is one sticker: the QR code encodes Tag.
type Label struct {
	Tag, Name, Org string
}

// LabelSheet is the labels to print on a format.
type LabelSheet struct {
	Format LabelFormat
	Labels []Label
}

// LabelsInput is what the labels report needs.
type LabelsInput struct {
	Org    string
	AsOf   assets.Date
	Paper  Paper
	Assets []assets.Asset
	Skip   int // labels already used on the first sheet
}

// Labels builds the label sheet for the assets, in the order given. Skip
// leaves the first labels of the first sheet blank (a part-used sheet).
func Labels(in LabelsInput) *Document {
	format := LabelFormatFor(in.Paper)
	sheet := &LabelSheet{Format: format}
	for range max(in.Skip, 0) {
		sheet.Labels = append(sheet.Labels, Label{})
	}
	sec := Section{Title: "Asset labels", Columns: []Column{{Title: "Tag", Width: 1}, {Title: "Name", Width: 3}},
		Empty: "No assets to label."}
	for _, a := range in.Assets {
		sheet.Labels = append(sheet.Labels, Label{Tag: a.Tag, Name: a.Name, Org: in.Org})
		sec.Rows = append(sec.Rows, []Cell{T(a.Tag), T(a.Name)})
	}
	return &Document{
		Kind: "labels", Title: "Asset labels", Org: in.Org, AsOf: in.AsOf,
		Subtitle: fmt.Sprintf("%s on %s sheets", countOf(len(in.Assets), "label", "labels"), format.Name),
		Sections: []Section{sec}, Labels: sheet,
	}
}

// labels prints the sheet: one label per grid cell, a QR code of the tag on
// the left, the tag and the name on the right.
func (p *pdfWriter) labels(s *LabelSheet) error {
	f := p.f
	fm := s.Format
	per := fm.Cols * fm.Rows
	if len(s.Labels) == 0 {
		f.AddPage()
		return nil
	}
	for i, l := range s.Labels {
		if i%per == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
			f.AddPage()
		}
		k := i % per
		x := fm.Left + float64(k%fm.Cols)*fm.PitchX
		y := fm.Top + float64(k/fm.Cols)*fm.PitchY
		if l.Tag == "" {
			continue
		}
		if err := p.label(l, x, y, fm.W, fm.H); err != nil {
			return fmt.Errorf("label for %s: %w", l.Tag, err)
		}
	}
	return nil
}

func (p *pdfWriter) label(l Label, x, y, w, h float64) error {
	f := p.f
	pad := 2.5
	code, err := labelQR(l.Tag)
	if err != nil {
		return err
	}
	// The code and its quiet zone fill the label's height, kept clear of
	// the label's edges by the printer's misregistration.
	place := placeQR(code.Bounds().Dx(), x+labelEdgeClear, y+labelEdgeClear, h-2*labelEdgeClear)
	p.drawQR(code, place)
	tx := place.X + place.Side + 1
	tw := w - (tx - x) - pad
	f.SetXY(tx, y+pad+0.5)
	f.SetFont(fontFamily, "B", 10)
	f.CellFormat(tw, 5, p.fit(l.Tag, tw), "", 2, "L", false, 0, "")
	f.SetFont(fontFamily, "", 7.5)
	lines := f.SplitText(l.Name, tw-2)
	maxLines := int((h - 2*pad - 5 - 3.5) / 3.4)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = p.fit(lines[maxLines-1]+"…", tw)
	}
	for _, ln := range lines {
		f.SetX(tx)
		f.CellFormat(tw, 3.4, ln, "", 2, "L", false, 0, "")
	}
	if l.Org != "" {
		f.SetFont(fontFamily, "", 6)
		f.SetTextColor(90, 90, 90)
		f.SetXY(tx, y+h-pad-3)
		f.CellFormat(tw, 3, p.fit(l.Org, tw), "", 0, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
	}
	return nil
}

// How a label's QR code is laid out so that scanners read it (ISO/IEC 18004
// and what zbar and phone cameras need):
//   - a quiet zone of at least four modules of blank label on every side;
//   - every module the same whole number of printer dots: a module of
//     6.3 dots rasterises as a mix of 6- and 7-dot modules, and zbar then
//     misreads the timing pattern (2 of 11 labels did not decode at 150 dpi);
//     so the module is a multiple of 1/150 inch (whole dots at 150, 300, 600
//     and 1200 dpi) and the code's corner sits on that grid from the page's
//     corner;
//   - the code and its quiet zone stay 1 mm inside the label's edge, the
//     misregistration of an office printer on a label sheet.
const (
	qrQuietModules = 4
	qrDot          = 25.4 / 150 // mm: the grid modules snap to
	labelEdgeClear = 1.0        // mm
)

// qrPlace is where a code goes: its quiet zone's top-left corner and side,
// the dark modules' corner and the module size, in millimetres.
type qrPlace struct {
	X, Y, Side   float64
	CodeX, CodeY float64
	Module       float64
	Modules      int
}

// placeQR fits a code of n modules with its quiet zone into the square of
// side avail at (x, y): the largest module of whole grid dots that fits, and
// the corner moved onto the grid.
func placeQR(n int, x, y, avail float64) qrPlace {
	total := n + 2*qrQuietModules
	// Snapping the corner onto the grid can use up to one dot of the room.
	dots := int(math.Floor((avail/qrDot - 1) / float64(total)))
	dots = max(dots, 1)
	mod := float64(dots) * qrDot
	quietX := math.Ceil(x/qrDot)*qrDot + float64(qrQuietModules)*mod
	quietY := math.Ceil(y/qrDot)*qrDot + float64(qrQuietModules)*mod
	return qrPlace{
		X: quietX - float64(qrQuietModules)*mod, Y: quietY - float64(qrQuietModules)*mod,
		Side: float64(total) * mod, CodeX: quietX, CodeY: quietY, Module: mod, Modules: n,
	}
}

// labelQR encodes a tag at error correction level M: 15 % of a scuffed
// label can be lost. Q or H would grow longer tags to a larger version (smaller
// modules), and trying each level per tag made a sheet 60 % slower to print.
func labelQR(text string) (barcode.Barcode, error) {
	return qr.Encode(text, qr.M, qr.Auto)
}

// drawQR draws the code at its place from filled rectangles (one per run of
// dark modules in a row), so it stays sharp at any scale. The rectangles
// meet exactly on the grid: no overlap that would fatten dark modules.
func (p *pdfWriter) drawQR(code barcode.Barcode, at qrPlace) {
	b := code.Bounds()
	n := b.Dx()
	f := p.f
	f.SetFillColor(0, 0, 0)
	for row := 0; row < n; row++ {
		run := -1
		for col := 0; col <= n; col++ {
			dark := false
			if col < n {
				r, _, _, _ := code.At(b.Min.X+col, b.Min.Y+row).RGBA()
				dark = r < 0x8000
			}
			switch {
			case dark && run < 0:
				run = col
			case !dark && run >= 0:
				f.Rect(at.CodeX+float64(run)*at.Module, at.CodeY+float64(row)*at.Module, float64(col-run)*at.Module, at.Module, "F")
				run = -1
			}
		}
	}
}

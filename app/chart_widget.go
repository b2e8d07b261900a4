package app

import (
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets/report"
)

// chartView draws a report.BarChart with Fyne's canvas primitives
// (rectangles, lines, text) in the theme's colours, at whatever size the
// window gives it: bars stand up (periods, categories) or lie down
// (licences, alert kinds, whose names are long). Pointing at a bar shows its
// exact figures. It holds no data of its own beyond the chart it was given.
type chartView struct {
	widget.BaseWidget
	chart      *report.BarChart
	horizontal bool
	palette    func(w fyne.Widget, series, of int) color.Color
	empty      string // said when the chart has no bars
	hover      int    // the bar under the pointer, -1 when none
	hoverAt    fyne.Position
	// format writes a value for its figures (counts, money).
	format func(float64) string
	r      *chartRenderer // set when first drawn
}

func newChartView(horizontal bool, empty string, palette func(fyne.Widget, int, int) color.Color) *chartView {
	v := &chartView{horizontal: horizontal, empty: empty, palette: palette, format: report.ShortNumber, hover: -1}
	v.ExtendBaseWidget(v)
	return v
}

// set shows a new chart (on the UI goroutine).
func (v *chartView) set(c *report.BarChart) {
	v.chart, v.hover = c, -1
	v.Refresh()
}

// bars is how many bars (labels) the chart has.
func (v *chartView) bars() int {
	if v.chart == nil {
		return 0
	}
	return len(v.chart.Labels)
}

func (v *chartView) CreateRenderer() fyne.WidgetRenderer {
	v.r = &chartRenderer{v: v}
	return v.r
}

// MouseIn, MouseMoved and MouseOut show the figures of the bar under the
// pointer.
func (v *chartView) MouseIn(e *desktop.MouseEvent) { v.MouseMoved(e) }

func (v *chartView) MouseMoved(e *desktop.MouseEvent) {
	r := v.r
	if r == nil {
		return
	}
	bar := -1
	for _, h := range r.hits {
		if e.Position.X >= h.pos.X && e.Position.X < h.pos.X+h.size.Width && e.Position.Y >= h.pos.Y && e.Position.Y < h.pos.Y+h.size.Height {
			bar = h.bar
			break
		}
	}
	if bar != v.hover || bar >= 0 && e.Position != v.hoverAt {
		v.hover, v.hoverAt = bar, e.Position
		v.Refresh()
	}
}

func (v *chartView) MouseOut() {
	if v.hover >= 0 {
		v.hover = -1
		v.Refresh()
	}
}

// figures are the lines of bar li's tip: its label, each series' value,
// the total of a stack, the note.
func (v *chartView) figures(li int) []string {
	c := v.chart
	lines := []string{c.Labels[li]}
	total, parts := 0.0, 0
	for si, s := range c.Series {
		val := c.Values[si][li]
		total += val
		if val != 0 || c.Side {
			lines = append(lines, s+": "+v.format(val))
			parts++
		}
	}
	if !c.Side && parts > 1 {
		lines = append(lines, "Total: "+v.format(total))
	}
	if li < len(c.Notes) && c.Notes[li] != "" {
		lines = append(lines, c.Notes[li])
	}
	return lines
}

// hit is the area of a bar: pointing anywhere in it shows its figures.
type hit struct {
	pos  fyne.Position
	size fyne.Size
	bar  int
}

type chartRenderer struct {
	v       *chartView
	size    fyne.Size
	objects []fyne.CanvasObject
	hits    []hit
}

func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *chartRenderer) MinSize() fyne.Size {
	text := theme.SizeForWidget(theme.SizeNameCaptionText, r.v)
	return fyne.NewSize(text*22, text*15)
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.build()
}

// Refresh draws the chart again. The objects are new, so the canvas does
// not know them yet: it is told that the widget changed.
func (r *chartRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.v)
}

// chart drawing helpers: the theme's sizes and colours for this widget.
func (r *chartRenderer) color(name fyne.ThemeColorName) color.Color {
	return theme.ColorForWidget(name, r.v)
}

func (r *chartRenderer) text(s string, size float32, c color.Color, at fyne.Position) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.Move(at)
	t.Resize(fyne.MeasureText(s, size, fyne.TextStyle{}))
	r.objects = append(r.objects, t)
	return t
}

func (r *chartRenderer) rect(c color.Color, at fyne.Position, size fyne.Size) *canvas.Rectangle {
	b := canvas.NewRectangle(c)
	b.Move(at)
	b.Resize(size)
	r.objects = append(r.objects, b)
	return b
}

func (r *chartRenderer) line(c color.Color, from, to fyne.Position, width float32) {
	l := canvas.NewLine(c)
	l.StrokeWidth = width
	l.Position1, l.Position2 = from, to
	r.objects = append(r.objects, l)
}

func textWidth(s string, size float32) float32 {
	return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
}

// wrap breaks s into lines at most w wide (a word too long is cut).
func wrap(s string, size, w float32) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && textWidth(line+" "+word, size) > w {
			lines = append(lines, fit(line, size, w))
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, fit(line, size, w))
	}
	return lines
}

// fit cuts s with an ellipsis to at most w wide.
func fit(s string, size, w float32) string {
	if textWidth(s, size) <= w {
		return s
	}
	runes := []rune(s)
	for n := len(runes) - 1; n > 0; n-- {
		t := string(runes[:n]) + "…"
		if textWidth(t, size) <= w {
			return t
		}
	}
	return ""
}

// build lays the whole chart out again for r.size: a legend on top, the
// value axis with grid lines, the bars, their labels and notes, and the
// figures of the bar under the pointer.
func (r *chartRenderer) build() {
	// New slices: the canvas may still hold the old list of objects.
	r.objects, r.hits = make([]fyne.CanvasObject, 0, len(r.objects)), r.hits[:0]
	v, size := r.v, r.size
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	fg := r.color(theme.ColorNameForeground)
	muted := r.color(theme.ColorNamePlaceHolder)
	small := theme.SizeForWidget(theme.SizeNameCaptionText, v)
	pad := theme.SizeForWidget(theme.SizeNamePadding, v)
	if v.bars() == 0 {
		msg := v.empty
		if v.chart == nil {
			msg = "Loading…"
		}
		body := theme.SizeForWidget(theme.SizeNameText, v)
		lines := wrap(msg, body, size.Width-2*pad)
		y := size.Height/2 - float32(len(lines))*body*0.7
		for _, l := range lines {
			r.text(l, body, muted, fyne.NewPos((size.Width-textWidth(l, body))/2, y))
			y += body * 1.4
		}
		return
	}
	c := v.chart
	ticks := 5
	if size.Height < 260 || v.horizontal && size.Width < 360 {
		ticks = 4
	}
	step, maxV := c.Scale(ticks)
	g := geometry{small: small, pad: pad, step: step, maxV: maxV}
	if !v.horizontal {
		g.planVertical(c, size)
	}

	// Legend, wrapping onto more rows when narrow; when the notes under
	// the bars are cut to their numbers, it says what the numbers count.
	x, y := pad, float32(0)
	sw := small * 0.9
	item := func(w float32) {
		if x > pad && x+w > size.Width {
			x, y = pad, y+small*1.6
		}
	}
	for si, s := range c.Series {
		w := sw + pad/2 + textWidth(s, small) + pad*2
		item(w)
		r.rect(v.palette(v, si, len(c.Series)), fyne.NewPos(x, y+small*0.3), fyne.NewSize(sw, sw))
		r.text(s, small, fg, fyne.NewPos(x+sw+pad/2, y))
		x += w
	}
	if g.notes == notesShort {
		s := "under the bars: " + g.suffix
		item(textWidth(s, small))
		r.text(s, small, muted, fyne.NewPos(x, y))
	}
	top := y + small*2.2
	if v.horizontal {
		r.buildHorizontal(top, g, fg, muted)
	} else {
		r.buildVertical(top, g, fg, muted)
	}
	if v.hover >= 0 && v.hover < len(c.Labels) {
		r.tip(v.figures(v.hover), small, pad, fg)
	}
}

// tip draws the figures of the bar under the pointer in a box beside it,
// kept inside the chart.
func (r *chartRenderer) tip(lines []string, small, pad float32, fg color.Color) {
	size := r.size
	lineH := small * 1.4
	w := float32(0)
	for _, l := range lines {
		w = max(w, textWidth(l, small))
	}
	w = min(w+2*pad+small/2, size.Width)
	h := float32(len(lines))*lineH + pad
	at := r.v.hoverAt.Add(fyne.NewPos(pad*2, pad*2))
	if at.X+w > size.Width {
		at.X = max(0, r.v.hoverAt.X-w-pad)
	}
	if at.Y+h > size.Height {
		at.Y = max(0, size.Height-h)
	}
	// A shade off the background, with a clear edge, in either variant.
	bg := r.color(theme.ColorNameOverlayBackground)
	box := r.rect(blend(bg, fg, 0.07), at, fyne.NewSize(w, h))
	box.StrokeColor, box.StrokeWidth, box.CornerRadius = blend(bg, fg, 0.4), 1, pad/2
	for i, l := range lines {
		r.text(fit(l, small, w-2*pad), small, fg, at.Add(fyne.NewPos(pad, pad/2+float32(i)*lineH)))
	}
}

// Notes under standing bars: whole, cut to their leading number (the
// legend says what it counts), or left to the figures shown on pointing.
const (
	notesNone = iota
	notesWhole
	notesShort
)

// geometry is a chart's scale and, for standing bars, where things go
// across: worked out before the legend, which mentions cut notes.
type geometry struct {
	small, pad  float32
	step, maxV  float64
	left, right float32 // the plot, across
	slot        float32 // one bar's share of the width
	stagger     bool    // labels on two rows, every other one lower
	wrapped     bool    // labels broken onto two lines ("rest of" / "2026")
	room        float32 // width a label may take
	notes       int
	suffix      string // what cut notes count ("replacements")
}

func (g *geometry) planVertical(c *report.BarChart, size fyne.Size) {
	small, pad := g.small, g.pad
	tickW := float32(0)
	for t := 0.0; t <= g.maxV+g.step/2; t += g.step {
		tickW = float32(math.Max(float64(tickW), float64(textWidth(report.ShortNumber(t), small))))
	}
	g.left, g.right = tickW+pad, size.Width-pad
	g.slot = (g.right - g.left) / float32(len(c.Labels))
	widest := float32(0)
	for _, l := range c.Labels {
		widest = float32(math.Max(float64(widest), float64(textWidth(l, small))))
	}
	g.room = g.slot - pad/2
	if widest > g.room {
		// Labels of several words that fit on two lines are broken;
		// else every other label goes lower, with twice the room.
		g.wrapped = true
		for _, l := range c.Labels {
			if lines := wrap(l, small, g.room); len(lines) > 2 || len(lines) > 0 && strings.HasSuffix(lines[len(lines)-1], "…") {
				g.wrapped = false
			}
		}
		g.stagger = !g.wrapped && widest <= 2*g.slot-pad
	}
	if g.stagger {
		g.room = 2*g.slot - pad
	}
	// Notes sit one per slot, never staggered.
	noteRoom := g.slot - pad/2
	whole, short, any := true, true, false
	for _, n := range c.Notes {
		if n == "" {
			continue
		}
		any = true
		whole = whole && textWidth(n, small) <= noteRoom
		num, rest, _ := strings.Cut(n, " ")
		short = short && textWidth(num, small) <= noteRoom && (g.suffix == "" || g.suffix == rest)
		g.suffix = rest
	}
	switch {
	case !any:
		g.notes = notesNone
	case whole:
		g.notes = notesWhole
	case short && g.suffix != "":
		g.notes = notesShort
	default:
		g.notes = notesNone
	}
}

func (r *chartRenderer) buildVertical(top float32, g geometry, fg, muted color.Color) {
	v, c, size := r.v, r.v.chart, r.size
	small, pad, step, maxV := g.small, g.pad, g.step, g.maxV
	left, right, slot := g.left, g.right, g.slot
	// Label rows under the axis: the label (two rows when staggered) and
	// the note.
	rows := float32(1)
	if g.stagger || g.wrapped {
		rows++
	}
	if g.notes != notesNone {
		rows++
	}
	lineH := small * 1.35
	base := size.Height - rows*lineH - pad/2
	plotH := base - top
	if plotH < small*3 {
		return
	}
	grid := r.color(theme.ColorNameSeparator)
	for t := 0.0; t <= maxV+step/2; t += step {
		y := base - float32(t/maxV)*plotH
		if t > 0 {
			r.line(grid, fyne.NewPos(left, y), fyne.NewPos(right, y), 1)
		}
		label := report.ShortNumber(t)
		r.text(label, small, muted, fyne.NewPos(left-pad/2-textWidth(label, small), y-small*0.65))
	}
	barW := float32(math.Min(float64(slot*0.62), float64(small*6)))
	showTotals := true
	for li := range c.Labels {
		if textWidth(report.ShortNumber(barTotal(c, li)), small) > slot-2 {
			showTotals = false
		}
	}
	for li, label := range c.Labels {
		if li == v.hover {
			r.rect(r.color(theme.ColorNameHover), fyne.NewPos(left+slot*float32(li), top), fyne.NewSize(slot, base-top))
		}
		x0 := left + slot*float32(li) + (slot-barW)/2
		y := base
		if c.Side {
			w := barW / float32(len(c.Series))
			for si := range c.Series {
				h := float32(c.Values[si][li]/maxV) * plotH
				r.rect(v.palette(v, si, len(c.Series)), fyne.NewPos(x0+w*float32(si), base-h), fyne.NewSize(w-1, h))
				y = float32(math.Min(float64(y), float64(base-h)))
			}
		} else {
			for si := range c.Series {
				val := c.Values[si][li]
				if val <= 0 {
					continue
				}
				h := float32(val/maxV) * plotH
				// Each segment reaches a pixel into the one below: no
				// seam of background between them.
				seam := float32(0)
				if y < base {
					seam = 1
				}
				r.rect(v.palette(v, si, len(c.Series)), fyne.NewPos(x0, y-h), fyne.NewSize(barW, h+seam))
				y -= h
			}
		}
		if showTotals {
			tl := report.ShortNumber(barTotal(c, li))
			r.text(tl, small, fg, fyne.NewPos(x0+barW/2-textWidth(tl, small)/2, y-small*1.4))
		}
		row := float32(0)
		if g.stagger && li%2 == 1 {
			row = 1
		}
		cx := left + slot*float32(li) + slot/2
		lines := []string{fit(label, small, g.room)}
		if g.wrapped {
			lines = wrap(label, small, g.room)
		}
		for i, l := range lines {
			r.text(l, small, fg, fyne.NewPos(cx-textWidth(l, small)/2, base+pad/2+(row+float32(i))*lineH))
		}
		if g.notes != notesNone && li < len(c.Notes) && c.Notes[li] != "" {
			note := c.Notes[li]
			if g.notes == notesShort {
				note, _, _ = strings.Cut(note, " ")
			}
			r.text(note, small, muted, fyne.NewPos(cx-textWidth(note, small)/2, base+pad/2+(rows-1)*lineH))
		}
		r.hits = append(r.hits, hit{pos: fyne.NewPos(left+slot*float32(li), top), size: fyne.NewSize(slot, size.Height-top), bar: li})
	}
	r.line(fg, fyne.NewPos(left, base), fyne.NewPos(right, base), 1)
}

func (r *chartRenderer) buildHorizontal(top float32, g geometry, fg, muted color.Color) {
	v, c, size := r.v, r.v.chart, r.size
	small, pad, step, maxV := g.small, g.pad, g.step, g.maxV
	n := len(c.Labels)
	// Labels on the left, up to two fifths of the width; totals and notes
	// after the bars; the value axis at the bottom.
	labelW := float32(0)
	for _, l := range c.Labels {
		labelW = float32(math.Max(float64(labelW), float64(textWidth(l, small))))
	}
	labelW = float32(math.Min(float64(labelW), float64(size.Width*0.4)))
	tailW := float32(0)
	for li := range c.Labels {
		tailW = float32(math.Max(float64(tailW), float64(textWidth(r.tail(li), small))))
	}
	tailW = float32(math.Min(float64(tailW), float64(size.Width*0.25)))
	left := labelW + pad
	right := size.Width - pad - tailW - pad/2
	base := size.Height - small*1.6 // the tick labels under the plot
	plotW, plotH := right-left, base-top
	if plotW < small*4 || plotH < small*2 {
		return
	}
	slot := plotH / float32(n)
	barH := float32(math.Min(float64(slot*0.7), float64(small*2.2)))
	grid := r.color(theme.ColorNameSeparator)
	for t := 0.0; t <= maxV+step/2; t += step {
		x := left + float32(t/maxV)*plotW
		if t > 0 {
			r.line(grid, fyne.NewPos(x, top), fyne.NewPos(x, base), 1)
		}
		label := report.ShortNumber(t)
		r.text(label, small, muted, fyne.NewPos(x-textWidth(label, small)/2, base+small*0.2))
	}
	for li, label := range c.Labels {
		if li == v.hover {
			r.rect(r.color(theme.ColorNameHover), fyne.NewPos(left, top+slot*float32(li)), fyne.NewSize(plotW, slot))
		}
		y0 := top + slot*float32(li) + (slot-barH)/2
		end := left
		tailColor := fg
		if c.Side {
			// In use against bought: the bought bar behind, the seats in
			// use over it, thinner; what is in use beyond what was bought
			// runs on past its end in the error colour.
			inUse, bought := c.Values[0][li], c.Values[1][li]
			bw := float32(bought/maxV) * plotW
			r.rect(v.palette(v, 1, 2), fyne.NewPos(left, y0), fyne.NewSize(bw, barH))
			uw := float32(math.Min(inUse, bought)/maxV) * plotW
			inner := barH * 0.55
			r.rect(v.palette(v, 0, 2), fyne.NewPos(left, y0+(barH-inner)/2), fyne.NewSize(uw, inner))
			end = left + bw
			if inUse > bought {
				ow := float32((inUse-bought)/maxV) * plotW
				r.rect(r.color(theme.ColorNameError), fyne.NewPos(left+bw, y0+(barH-inner)/2), fyne.NewSize(ow, inner))
				end += ow
				tailColor = r.color(theme.ColorNameError)
			}
		} else {
			for si := range c.Series {
				val := c.Values[si][li]
				if val <= 0 {
					continue
				}
				w := float32(val/maxV) * plotW
				seam := float32(0)
				if end > left {
					seam = 1
				}
				r.rect(v.palette(v, si, len(c.Series)), fyne.NewPos(end-seam, y0), fyne.NewSize(w+seam, barH))
				end += w
			}
		}
		if t := fit(r.tail(li), small, size.Width-pad-end-pad/2); t != "" {
			r.text(t, small, tailColor, fyne.NewPos(end+pad/2, y0+barH/2-small*0.65))
		}
		l := fit(label, small, labelW)
		r.text(l, small, fg, fyne.NewPos(left-pad/2-textWidth(l, small), y0+barH/2-small*0.65))
		r.hits = append(r.hits, hit{pos: fyne.NewPos(0, top+slot*float32(li)), size: fyne.NewSize(size.Width, slot), bar: li})
	}
	r.line(fg, fyne.NewPos(left, top), fyne.NewPos(left, base), 1)
}

// tail is what is written after a lying bar: its total (stacked) and its
// note ("2 short").
func (r *chartRenderer) tail(li int) string {
	c := r.v.chart
	var parts []string
	if !c.Side {
		parts = append(parts, report.ShortNumber(barTotal(c, li)))
	}
	if li < len(c.Notes) && c.Notes[li] != "" {
		parts = append(parts, c.Notes[li])
	}
	return strings.Join(parts, " · ")
}

// barTotal is bar li's height: its stack, or its largest side-by-side bar.
func barTotal(c *report.BarChart, li int) float64 {
	t := 0.0
	for si := range c.Series {
		if c.Side {
			t = math.Max(t, c.Values[si][li])
		} else {
			t += c.Values[si][li]
		}
	}
	return t
}

// Palettes: colours from the theme, so the charts follow it (dark, light,
// a person's own primary colour).

// agePalette runs from the success colour through the primary colour to
// purple (the primary colour halfway to the error colour): young to old.
// (Not green to red: a six-year-old monitor is not late; its category's
// refresh period says what is.)
func agePalette(w fyne.Widget, series, of int) color.Color {
	stops := []color.Color{theme.ColorForWidget(theme.ColorNameSuccess, w), theme.ColorForWidget(theme.ColorNamePrimary, w), purple(w)}
	if of <= 1 {
		return stops[0]
	}
	t := float64(series) / float64(of-1) * float64(len(stops)-1)
	i := min(int(t), len(stops)-2)
	return blend(stops[i], stops[i+1], t-float64(i))
}

// severityPalette is critical, warning, info.
func severityPalette(w fyne.Widget, series, _ int) color.Color {
	return theme.ColorForWidget([]fyne.ThemeColorName{theme.ColorNameError, theme.ColorNameWarning, theme.ColorNamePrimary}[min(series, 2)], w)
}

// kindPalette tells kinds of spending apart: the primary colour first.
func kindPalette(w fyne.Widget, series, _ int) color.Color {
	switch series % 4 {
	case 0:
		return theme.ColorForWidget(theme.ColorNamePrimary, w)
	case 1:
		return purple(w)
	case 2:
		return theme.ColorForWidget(theme.ColorNameWarning, w)
	}
	return theme.ColorForWidget(theme.ColorNameSuccess, w)
}

// purple is the primary colour halfway to the error colour (blue and red
// in Fyne's themes).
func purple(w fyne.Widget) color.Color {
	return blend(theme.ColorForWidget(theme.ColorNamePrimary, w), theme.ColorForWidget(theme.ColorNameError, w), 0.5)
}

// seatsPalette is seats in use (primary) against seats bought (a quiet
// bar behind them, the foreground colour faded into the background).
func seatsPalette(w fyne.Widget, series, _ int) color.Color {
	if series == 0 {
		return theme.ColorForWidget(theme.ColorNamePrimary, w)
	}
	return blend(theme.ColorForWidget(theme.ColorNameBackground, w), theme.ColorForWidget(theme.ColorNameForeground, w), 0.3)
}

func blend(a, b color.Color, t float64) color.Color {
	na, nb := color.NRGBAModel.Convert(a).(color.NRGBA), color.NRGBAModel.Convert(b).(color.NRGBA)
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.NRGBA{R: mix(na.R, nb.R), G: mix(na.G, nb.G), B: mix(na.B, nb.B), A: mix(na.A, nb.A)}
}

// countFormat writes a count in full ("1,234"); the axis stays short.
func countFormat(v float64) string { return thousands(int(math.Round(v))) }

// moneyFormat writes an amount in whole units of the currency.
func moneyFormat(currency string) func(float64) string {
	return func(v float64) string {
		s := thousands(int(math.Round(v)))
		if currency != "" {
			return currency + " " + s
		}
		return s
	}
}

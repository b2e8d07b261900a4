package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// dashboardStore is what the dashboard reads: the store's overview (counts
// and every alert, kept by the store while the register is unchanged) and
// the settings that remember which alerts were already seen.
type dashboardStore interface {
	alertsStore
	Overview(ctx context.Context, asOf assets.Date) (assets.Overview, error)
}

// dashboard shows the register at a glance. It is a column of sections:
// the totals on top, then cards side by side (counts by status and by
// category today). Later features add their own cards with addCard, after
// loading their data in refresh.
type dashboard struct {
	ui         *UI
	store      dashboardStore
	total      *widget.Label
	byStatus   *fyne.Container
	byCategory *fyne.Container
	cards      *fyne.Container // the cards, two per row
	root       *fyne.Container
	alerts     *alertsCard // every lifecycle alert with its reason (alert_list.go)
	tiles      *fyne.Container
	tileViews  []*tileView // the tiles, in assets.Tiles order
	notified   bool        // the start-up notification of new alerts was sent
	loads      int         // refreshes started; the counts of an older one are not shown
	shown      int         // the refresh whose whole overview is on screen
}

// countsStore counts the register by status and by category (both stores
// do; a fake may not, and then the counts come with the alerts).
type countsStore interface {
	CountByStatus(ctx context.Context) ([]assets.Count, error)
	CountByCategory(ctx context.Context) ([]assets.Count, error)
}

func newDashboard(u *UI) *dashboard { return &dashboard{ui: u, store: u.svc.Store} }

func (d *dashboard) title() string       { return "Dashboard" }
func (d *dashboard) icon() fyne.Resource { return theme.HomeIcon() }

func (d *dashboard) view() fyne.CanvasObject {
	d.total = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.total.SizeName = theme.SizeNameSubHeadingText
	d.total.Wrapping = fyne.TextWrapWord // the empty register's hint is long
	d.byStatus = container.NewVBox()
	d.byCategory = container.NewVBox()
	d.cards = container.NewGridWithColumns(2)
	d.addCard("By status", d.byStatus)
	d.addCard("By category", d.byCategory)
	d.alerts = newAlertsCard(d.ui)
	d.tiles = container.NewGridWrap(fyne.NewSize(tileWidth, tileHeight))
	for _, t := range assets.Tiles(nil, 0) {
		tv := newTileView(t, d.openTile)
		d.tileViews = append(d.tileViews, tv)
		d.tiles.Add(tv.box)
	}
	d.refresh()
	d.alerts.loadFilterChoices()
	d.root = container.NewVBox(d.total, d.tiles, d.alerts.box, d.cards)
	return wheelVScroll(d.root)
}

// addCard adds a titled card to the dashboard.
func (d *dashboard) addCard(title string, content fyne.CanvasObject) {
	d.cards.Add(widget.NewCard("", title, content))
}

// loadDashboard is everything the dashboard reads (benchmarked on a large
// register by BenchmarkDashboardLoad): the store's overview, the counts and
// every alert (which the store keeps while the database is unchanged).
func loadDashboard(ctx context.Context, st dashboardStore, asOf assets.Date) (assets.Overview, error) {
	return st.Overview(ctx, asOf)
}

// dashboardData is the overview with the tiles counted from it.
type dashboardData struct {
	assets.Overview
	tiles []assets.Tile
}

// unknownDevicesStore counts the devices the last scan found that are not
// in the register (both stores do; a fake may not: the tile shows 0).
type unknownDevicesStore interface {
	UnknownDevices(ctx context.Context) (int, error)
}

func (d *dashboard) refresh() {
	first := !d.notified
	d.notified = true
	asOf := d.ui.today()
	d.loads++
	load := d.loads
	if cs, ok := d.store.(countsStore); ok {
		// The counts are kept up to date by the store and read at once;
		// the alerts of a large register take seconds (1,000,000 assets:
		// BENCHMARKS.md). The counts are shown first, under "Computing
		// alerts…", and the alerts are computed after them, so that they
		// do not take the processors from the first frame.
		background(d.ui, func(ctx context.Context) (assets.Overview, error) {
			var ov assets.Overview
			var err error
			if ov.ByStatus, err = cs.CountByStatus(ctx); err == nil {
				ov.ByCategory, err = cs.CountByCategory(ctx)
			}
			return ov, err
		}, func(ov assets.Overview, err error) {
			// On an error the overview reports it; the counts of an
			// older refresh are not shown over a newer one's.
			if err == nil && d.shown < load && load == d.loads {
				d.showCounts(ov)
				d.relayout()
				d.ui.countsShown()
			}
			d.loadOverview(load, first, asOf)
		})
		return
	}
	d.loadOverview(load, first, asOf)
}

// loadOverview reads the whole overview (counts and every alert) and shows
// it with the tiles.
func (d *dashboard) loadOverview(load int, first bool, asOf assets.Date) {
	background(d.ui, func(ctx context.Context) (dashboardData, error) {
		ov, err := loadDashboard(ctx, d.store, asOf)
		if err != nil {
			return dashboardData{}, err
		}
		unknown := 0
		if st, ok := d.store.(unknownDevicesStore); ok {
			if unknown, err = st.UnknownDevices(ctx); err != nil {
				return dashboardData{}, err
			}
		}
		// One pass over the alerts, here rather than on the UI goroutine.
		return dashboardData{ov, assets.Tiles(ov.Alerts, unknown)}, nil
	}, func(data dashboardData, err error) {
		if err != nil {
			d.ui.showError("Could not load the dashboard", err)
			return
		}
		d.shown = max(d.shown, load)
		for i, t := range data.tiles {
			d.tileViews[i].set(t)
		}
		d.showCounts(data.Overview)
		d.alerts.set(data.Alerts, data.Options)
		d.relayout()
		d.ui.markReady()
		if first {
			// Which alerts are new since the last start (a pass over the
			// list and a settings write) is not needed to show them: it
			// runs after the dashboard is up.
			list := data.Alerts
			background(d.ui, func(ctx context.Context) ([]assets.Alert, error) {
				return newAlerts(ctx, d.store, list)
			}, func(fresh []assets.Alert, err error) {
				if err != nil {
					d.ui.showError("Could not work out which alerts are new", err)
					return
				}
				d.ui.notifyNew(fresh)
			})
		}
	})
}

// showCounts shows the total and the counts by status and by category.
func (d *dashboard) showCounts(ov assets.Overview) {
	total := 0
	for _, c := range ov.ByStatus {
		total += c.N
	}
	switch total {
	case 0:
		d.total.SetText("No assets yet: add one on Assets (Ctrl+N), bring a list in on Import / Export, or find devices on Discovery")
	case 1:
		d.total.SetText("1 asset in the register")
	default:
		d.total.SetText(thousands(total) + " assets in the register")
	}
	fillCounts(d.byStatus, ov.ByStatus, total)
	fillCounts(d.byCategory, ov.ByCategory, total)
}

// relayout sizes the cards again after their content changed.
func (d *dashboard) relayout() {
	for _, c := range d.cards.Objects {
		c.Refresh()
	}
	d.cards.Refresh()
	d.root.Refresh()
}

// fillCounts shows one row per count: label, number and a bar in proportion
// to the total.
func fillCounts(box *fyne.Container, counts []assets.Count, total int) {
	box.Objects = nil
	for _, c := range counts {
		label := widget.NewLabel(c.Label)
		label.Truncation = fyne.TextTruncateEllipsis
		n := widget.NewLabelWithStyle(thousands(c.N), fyne.TextAlignTrailing, fyne.TextStyle{})
		frac := float32(0)
		if total > 0 {
			frac = float32(c.N) / float32(total)
		}
		bar := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
		bar.CornerRadius = 3
		row := container.New(&countRowLayout{frac: frac}, label, n, bar)
		box.Add(row)
	}
	if len(counts) == 0 {
		box.Add(widget.NewLabel("Nothing yet."))
	}
	box.Refresh()
}

// countRowLayout places a label, a right-aligned number and a bar whose
// length is frac of the space left.
type countRowLayout struct{ frac float32 }

const (
	countLabelWidth  = 120
	countNumberWidth = 72
)

func (l *countRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	label, n, bar := objs[0], objs[1], objs[2]
	label.Move(fyne.NewPos(0, 0))
	label.Resize(fyne.NewSize(countLabelWidth, size.Height))
	n.Move(fyne.NewPos(countLabelWidth, 0))
	n.Resize(fyne.NewSize(countNumberWidth, size.Height))
	x := float32(countLabelWidth + countNumberWidth + theme.Padding()*2)
	w := (size.Width - x) * l.frac
	if l.frac > 0 && w < 2 {
		w = 2
	}
	h := size.Height / 3
	bar.Move(fyne.NewPos(x, (size.Height-h)/2))
	bar.Resize(fyne.NewSize(w, h))
}

func (l *countRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := fyne.Max(objs[0].MinSize().Height, objs[1].MinSize().Height)
	return fyne.NewSize(countLabelWidth+countNumberWidth+40, h)
}

var _ fyne.Layout = (*countRowLayout)(nil)

package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// The dashboard's tiles: a count each of what needs looking at (issue 16),
// largest risks first; a click opens the list of what it counts.
const (
	tileWidth  = 168
	tileHeight = 62
)

// tileView is one tile: a flat button under its count and title.
type tileView struct {
	tile  assets.Tile
	count *widget.Label
	title *widget.Label
	btn   *widget.Button
	box   fyne.CanvasObject
}

func newTileView(t assets.Tile, open func(assets.Tile)) *tileView {
	tv := &tileView{tile: t}
	tv.count = widget.NewLabelWithStyle("…", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	tv.count.SizeName = theme.SizeNameSubHeadingText
	tv.title = widget.NewLabel(t.Title)
	tv.title.Truncation = fyne.TextTruncateEllipsis
	tv.title.SizeName = theme.SizeNameCaptionText
	tv.btn = widget.NewButton("", func() { open(tv.tile) })
	tv.box = container.NewStack(tv.btn, container.New(&tileLayout{}, tv.count, tv.title))
	return tv
}

// set shows the tile's count: red for the security and compliance risks,
// amber for the rest, grey when there is nothing.
func (tv *tileView) set(t assets.Tile) {
	tv.tile = t
	tv.count.SetText(thousands(t.N))
	switch {
	case t.N == 0:
		tv.count.Importance = widget.LowImportance
	case t.ID == "leavers" || t.ID == "expired_in_use" || t.ID == "os_support" || t.ID == "shortfalls":
		tv.count.Importance = widget.DangerImportance
	default:
		tv.count.Importance = widget.WarningImportance
	}
	tv.count.Refresh()
}

// tileLayout puts the count above the title, both a little in from the
// button's edge.
type tileLayout struct{}

func (tileLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	count, title := objs[0], objs[1]
	ch := count.MinSize().Height
	th := title.MinSize().Height
	top := (size.Height - ch - th + 12) / 2
	count.Move(fyne.NewPos(2, top))
	count.Resize(fyne.NewSize(size.Width-4, ch))
	title.Move(fyne.NewPos(2, top+ch-12))
	title.Resize(fyne.NewSize(size.Width-4, th))
}

func (tileLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(tileWidth, objs[0].MinSize().Height+objs[1].MinSize().Height-12)
}

// openTile opens what a tile counts where an IT manager looks for it:
//   - Leavers with equipment: People, only leavers still holding equipment;
//   - Licence shortfalls: Licences, "Short of seats";
//   - Expired licences in use: Licences, "Expired, in use";
//   - Training overdue: Training, the Compliance matrix;
//   - Unknown devices: Discovery.
//
// The Assets screen has no lifecycle filter and Upgrades lists tasks but
// not late returns, so the hardware, OS, warranty and overdue tiles (and
// any tile whose screen this window lacks) filter the alert list below; a
// second click on the same tile shows every alert again.
func (d *dashboard) openTile(t assets.Tile) {
	u := d.ui
	opened := false
	switch t.ID {
	case "leavers":
		opened = openOn(u, (*peopleScreen).showLeavers)
	case "shortfalls":
		opened = openOn(u, func(s *licencesScreen) { s.showFilter(assets.LicenceFilterShortfall) })
	case "expired_in_use":
		opened = openOn(u, func(s *licencesScreen) { s.showFilter(assets.LicenceFilterExpiredInUse) })
	case "training":
		opened = openOn(u, (*trainingScreen).showCompliance)
	}
	if opened {
		return
	}
	if t.Devices {
		if !u.ShowScreen("Discovery") {
			u.showInfo("Not shown here", "This window has no Discovery screen.")
		}
		return
	}
	if d.alerts.tile != nil && d.alerts.tile.ID == t.ID {
		d.alerts.showTile(nil)
		return
	}
	d.alerts.showTile(&t)
}

// openOn switches the navigation to the screen of type T (building it on
// first use) and then calls show on it; false if the window has no such
// screen.
func openOn[T screen](u *UI, show func(T)) bool {
	for i, s := range u.screens {
		if x, ok := s.(T); ok {
			u.nav.Select(i)
			show(x)
			return true
		}
	}
	return false
}

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

// openTile opens what a tile counts: the Discovery screen for unknown
// devices, else the alert list below filtered to the tile's alerts (a
// second click on the same tile shows every alert again).
func (d *dashboard) openTile(t assets.Tile) {
	if t.Devices {
		if !d.ui.ShowScreen("Discovery") {
			d.ui.showInfo("Not shown here", "This window has no Discovery screen.")
		}
		return
	}
	if d.alerts.tile != nil && d.alerts.tile.ID == t.ID {
		d.alerts.showTile(nil)
		return
	}
	d.alerts.showTile(&t)
}

package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// assetHandoverBar is the line on an asset's page that says who holds it,
// since when and when it is due back, with Check out… or Check in… beside.
type assetHandoverBar struct {
	s        *assetsScreen
	text     *widget.Label
	out, in  *widget.Button
	root     *fyne.Container
	asset    assets.Asset
	open     assets.Handover
	loadedID int64
}

// handoverBar is the asset page's hand-over line, made on first use.
func (s *assetsScreen) handoverBar() *assetHandoverBar {
	if s.handover != nil {
		return s.handover
	}
	b := &assetHandoverBar{s: s}
	b.text = widget.NewLabel("")
	b.text.Truncation = fyne.TextTruncateEllipsis
	b.out = widget.NewButtonWithIcon("Check out…", theme.LoginIcon(), func() {
		if b.asset.ID != 0 {
			s.ui.showCheckOut(nil, []assets.Asset{b.asset}, s.refresh)
		}
	})
	b.in = widget.NewButtonWithIcon("Check in…", theme.LogoutIcon(), func() {
		if b.asset.ID != 0 {
			s.ui.showCheckIn([]assets.Asset{b.asset}, "Check in "+b.asset.Tag+" from "+b.asset.AssignedName, s.refresh)
		}
	})
	b.out.Hide()
	b.in.Hide()
	b.root = container.NewBorder(nil, nil, nil, container.NewHBox(b.out, b.in), b.text)
	s.handover = b
	return b
}

// load shows a's holder at once and its open hand-over (dates) when read.
func (b *assetHandoverBar) load(a assets.Asset) {
	b.asset = a
	if b.loadedID != a.ID {
		b.open = assets.Handover{}
	}
	b.fill()
	id := a.ID
	st := b.s.ui.handoverStore()
	background(b.s.ui, func(ctx context.Context) ([]assets.Handover, error) {
		return st.Handovers(ctx, id, 0)
	}, func(hs []assets.Handover, err error) {
		if err != nil || b.asset.ID != id {
			return
		}
		b.open, b.loadedID = assets.Handover{}, id
		for _, h := range hs {
			if h.Open() {
				b.open = h
				break
			}
		}
		b.fill()
	})
}

func (b *assetHandoverBar) fill() {
	a := b.asset
	b.text.Importance = widget.MediumImportance
	switch {
	case a.AssignedTo != 0:
		text := "With " + a.AssignedName
		if b.open.AssetID == a.ID && b.open.Open() {
			if !b.open.CheckedOut.IsZero() {
				text += " since " + b.open.CheckedOut.String()
			}
			if d := b.open.DueBackText(asOfDay(b.s.ui)); d != "" {
				text += " · " + d
			}
			if st, _ := b.open.DueBackState(asOfDay(b.s.ui)); st == assets.DueBackOverdue {
				b.text.Importance = widget.DangerImportance
			}
		}
		b.text.SetText(text)
		b.out.Hide()
		b.in.Show()
	case a.Status.Active():
		b.text.SetText("Not checked out to anyone.")
		b.text.Importance = widget.LowImportance
		b.out.Show()
		b.in.Hide()
	default:
		b.text.SetText(a.Status.Label() + ": not in use.")
		b.text.Importance = widget.LowImportance
		b.out.Hide()
		b.in.Hide()
	}
	b.s.ui.only(actEdit, b.out, b.in)
	b.text.Refresh()
}

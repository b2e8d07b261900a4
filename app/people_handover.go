package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// The person's page hands assets over through the hand-over dialogs
// (handover.go): check out to them, check in one asset, or everything they
// hold at once (a leaver's last day).

// showCheckOut checks assets out to the open person.
func (p *peopleScreen) showCheckOut() {
	pp := p.file.Person
	if pp.ID == 0 {
		return
	}
	p.ui.showCheckOut(&pp, nil, p.refresh)
}

// showCheckIn checks one asset in from the open person.
func (p *peopleScreen) showCheckIn(a assets.Asset) {
	p.ui.showCheckIn([]assets.Asset{a}, "Check in "+a.Tag+" from "+a.AssignedName, p.refresh)
}

// checkInAllButton is "Check in everything…", enabled while the person
// holds something.
func (p *peopleScreen) checkInAllButton() *widget.Button {
	p.checkInAll = widget.NewButtonWithIcon("Check in everything…", theme.LogoutIcon(), p.checkInEverything)
	p.checkInAll.Disable()
	return p.checkInAll
}

func (p *peopleScreen) showCheckInAll() {
	if p.checkInAll == nil {
		return
	}
	if len(p.file.Assets) == 0 {
		p.checkInAll.Disable()
		return
	}
	p.checkInAll.Enable()
	if assets.IsLeaver(p.file.Person, asOfDay(p.ui)) {
		p.checkInAll.Importance = widget.HighImportance
	} else {
		p.checkInAll.Importance = widget.MediumImportance
	}
	p.checkInAll.Refresh()
}

// checkInEverything opens the check-in with every asset the person holds.
func (p *peopleScreen) checkInEverything() {
	pp := p.file.Person
	if pp.ID == 0 || len(p.file.Assets) == 0 {
		return
	}
	p.ui.showCheckIn(append([]assets.Asset(nil), p.file.Assets...), "Check in everything from "+pp.Name, p.refresh)
}

// newHeldRow is a row of the person's held assets: Check in…, then what
// it is over since when it is held and when it is due back.
func newHeldRow() fyne.CanvasObject {
	what, when := widget.NewLabel("asset"), widget.NewLabel("since")
	what.Truncation, when.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	when.SizeName = theme.SizeNameCaptionText
	// The button on the left: the page may be wider than the window (it
	// scrolls sideways for long lines), and it must stay in sight.
	return container.NewBorder(nil, nil, widget.NewButtonWithIcon("Check in…", theme.LogoutIcon(), nil), nil, container.NewVBox(what, when))
}

func (p *peopleScreen) fillHeldRow(a assets.Asset, lines *fyne.Container) {
	what, when, overdue := p.heldText(a)
	top, bottom := lines.Objects[0].(*widget.Label), lines.Objects[1].(*widget.Label)
	top.SetText(what)
	bottom.Importance = widget.LowImportance
	if overdue {
		bottom.Importance = widget.DangerImportance
	}
	bottom.SetText(when)
}

// heldText is one held asset in words: what it is, and since when it is
// held and when it is due back (overdue says the date has passed).
func (p *peopleScreen) heldText(a assets.Asset) (what, when string, overdue bool) {
	what = fmt.Sprintf("%s  %s", a.Tag, a.Name)
	parts := []string{categoryLabel(a.Category)}
	if a.Status != assets.StatusDeployed { // what a held asset usually is
		parts = append(parts, a.Status.Label())
	}
	for _, h := range p.file.Handovers {
		if h.AssetID == a.ID && h.Open() {
			if !h.CheckedOut.IsZero() {
				parts = append(parts, "since "+h.CheckedOut.String())
			}
			if d := h.DueBackText(asOfDay(p.ui)); d != "" {
				parts = append(parts, d)
			}
			st, _ := h.DueBackState(asOfDay(p.ui))
			overdue = st == assets.DueBackOverdue
			break
		}
	}
	return what, strings.Join(parts, " · "), overdue
}

// handoverLine is one hand-over in the person's history of them: out, due
// back, back, the conditions and notes.
func handoverLine(x assets.Handover, asOf assets.Date) string {
	line := x.AssetTag + " " + x.AssetName + ": out " + dashIfEmpty(x.CheckedOut.String())
	if x.OutCondition != "" {
		line += " (" + strings.ToLower(x.OutCondition.Label()) + ")"
	}
	if x.Open() {
		line += ", still held"
		if d := x.DueBackText(asOf); d != "" {
			line += ", " + d
		}
	} else {
		line += ", back " + x.CheckedIn.String()
		if x.InCondition != "" {
			line += " (" + strings.ToLower(x.InCondition.Label()) + ")"
		}
	}
	for _, n := range []string{x.OutNote, x.InNote} {
		if n != "" {
			line += " — " + n
		}
	}
	return line
}

// checkOut hands the asset with tag to the open person without a dialog
// (what the check-out dialog does for one asset).
func (p *peopleScreen) checkOut(tag string, c assets.CheckOut) {
	st := p.ui.handoverStore()
	background(p.ui, func(ctx context.Context) ([]assets.Handover, error) {
		a, err := st.AssetByTag(ctx, tag)
		if err != nil {
			return nil, assets.Invalidf("tag", "there is no asset with tag %q", strings.TrimSpace(tag))
		}
		c.AssetID = a.ID
		return st.CheckOutAssets(ctx, []assets.CheckOut{c})
	}, func(_ []assets.Handover, err error) {
		if err != nil {
			p.ui.showError("Could not check out", err)
			return
		}
		p.refresh()
	})
}

// checkIn takes one asset back without a dialog.
func (p *peopleScreen) checkIn(c assets.CheckIn) {
	st := p.ui.handoverStore()
	background(p.ui, func(ctx context.Context) ([]assets.Handover, error) {
		return st.CheckInAssets(ctx, []assets.CheckIn{c})
	}, func(_ []assets.Handover, err error) {
		if err != nil {
			p.ui.showError("Could not check in", err)
			return
		}
		p.refresh()
	})
}

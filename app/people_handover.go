package app

import (
	"context"
	"fmt"
	"strings"

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

// heldRow writes one held asset's line: what it is and, on loan, when it
// is due back (red once overdue).
func (p *peopleScreen) heldRow(a assets.Asset, l *widget.Label) {
	text := fmt.Sprintf("%s  %s  (%s, %s)", a.Tag, a.Name, a.Category, a.Status.Label())
	imp := widget.MediumImportance
	for _, h := range p.file.Handovers {
		if h.AssetID == a.ID && h.Open() {
			if d := h.DueBackText(asOfDay(p.ui)); d != "" {
				text += " · " + d
			}
			if st, _ := h.DueBackState(asOfDay(p.ui)); st == assets.DueBackOverdue {
				imp = widget.DangerImportance
			}
			break
		}
	}
	l.Importance = imp
	l.SetText(text)
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

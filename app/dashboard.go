package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// dashboard shows the register at a glance: counts by status and category.
type dashboard struct {
	ui         *UI
	byStatus   *widget.Label
	byCategory *widget.Label
	total      *widget.Label
}

func newDashboard(u *UI) *dashboard { return &dashboard{ui: u} }

func (d *dashboard) title() string       { return "Dashboard" }
func (d *dashboard) icon() fyne.Resource { return theme.HomeIcon() }

func (d *dashboard) view() fyne.CanvasObject {
	d.total = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.byStatus = widget.NewLabel("")
	d.byCategory = widget.NewLabel("")
	d.refresh()
	return container.NewVScroll(container.NewVBox(
		d.total,
		container.NewGridWithColumns(2,
			widget.NewCard("By status", "", d.byStatus),
			widget.NewCard("By category", "", d.byCategory),
		),
	))
}

type dashboardData struct {
	status, category []assets.Count
}

func (d *dashboard) refresh() {
	background(d.ui, func(ctx context.Context) (dashboardData, error) {
		var data dashboardData
		var err error
		if data.status, err = d.ui.svc.Store.CountByStatus(ctx); err != nil {
			return data, err
		}
		data.category, err = d.ui.svc.Store.CountByCategory(ctx)
		return data, err
	}, func(data dashboardData, err error) {
		if err != nil {
			d.ui.showError("Could not load the dashboard", err)
			return
		}
		total := 0
		for _, c := range data.status {
			total += c.N
		}
		d.total.SetText(fmt.Sprintf("%d assets in the register", total))
		d.byStatus.SetText(countLines(data.status))
		d.byCategory.SetText(countLines(data.category))
	})
}

func countLines(cs []assets.Count) string {
	s := ""
	for _, c := range cs {
		s += fmt.Sprintf("%-14s %6d\n", c.Label, c.N)
	}
	return s
}

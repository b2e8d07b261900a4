package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/report/storesource"
)

// chartsScreen shows the register as four pictures: the fleet's age by
// category, spending and replacements per fiscal year, alerts by kind and
// licence seats in use against those bought. Each is drawn from the model
// the matching printed report is made of (the end-of-life report's age
// profile, report.LoadForecast, report.LoadLicenceUses) or from the alert
// list the dashboard and steward alerts show, so a picture and the paper
// agree; a link beside each opens that report.
type chartsScreen struct {
	ui  *UI
	src chartSource

	asOf                       *widget.Label
	ages, spend, alerts, seats *chartView
	subs                       [4]*widget.Label // the figures under each title

	load  latest[chartData] // a newer load cancels and drops an older one (query.go)
	shown *chartData        // what the pictures show (tests read it)
}

// chartSource is what the Charts screen reads: what every report reads,
// and the alerts.
type chartSource interface {
	report.Source
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error)
}

// chartYears is the budget picture's horizon: the Reports screen's default.
const chartYears = 5

// chartsStore is what the window's store gives the Charts screen: what the
// reports read (through storesource) and the alert list.
type chartsStore interface {
	storesource.Store
	chartAlerts
}

// chartAlerts is the alert list the dashboard and steward alerts show.
type chartAlerts interface {
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error)
}

// reportsAndAlerts is a chartSource made of the report adapter and the
// store's alert list.
type reportsAndAlerts struct {
	storesource.Source
	alerts chartAlerts
}

func (r reportsAndAlerts) AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error) {
	return r.alerts.AlertOptionsAt(ctx, asOf)
}

func (r reportsAndAlerts) Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error) {
	return r.alerts.Alerts(ctx, opt)
}

func newChartsScreen(u *UI) *chartsScreen {
	st := u.svc.Store
	return &chartsScreen{ui: u, src: reportsAndAlerts{Source: storesource.Source{Store: st}, alerts: st}}
}

func (s *chartsScreen) title() string       { return "Charts" }
func (s *chartsScreen) icon() fyne.Resource { return chartIcon }

func (s *chartsScreen) view() fyne.CanvasObject {
	s.asOf = widget.NewLabel("")
	s.ages = newChartView(false, "No assets in the fleet yet: add some on the Assets screen.", agePalette)
	s.ages.format = countFormat
	s.spend = newChartView(false, "Nothing to spend in these years.", kindPalette)
	s.alerts = newChartView(true, "No alerts: nothing needs attention.", severityPalette)
	s.alerts.format = countFormat
	s.seats = newChartView(true, "No licence with a seat count yet: add one on the Licences screen.", seatsPalette)
	s.seats.format = countFormat
	// A card of its own: widget.Card's title and subtitle do not wrap, so
	// a long figure would widen the window.
	card := func(i int, title string, chart *chartView, button *widget.Button) fyne.CanvasObject {
		head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.SizeName = theme.SizeNameSubHeadingText
		head.Truncation = fyne.TextTruncateEllipsis
		s.subs[i] = widget.NewLabel("")
		s.subs[i].Wrapping = fyne.TextWrapWord
		top := container.NewVBox(container.NewBorder(nil, nil, nil, button, head), s.subs[i])
		return widget.NewCard("", "", container.NewBorder(top, nil, nil, nil, chart))
	}
	link := func(label, screen, kind string) *widget.Button {
		b := widget.NewButtonWithIcon(label, theme.NavigateNextIcon(), func() { s.open(screen, kind) })
		b.Importance = widget.LowImportance
		return b
	}
	grid := container.NewGridWithColumns(2,
		card(0, "Fleet age by category", s.ages, link("End-of-life report", "Reports", "eol")),
		card(1, "Spending per fiscal year", s.spend, link("Budget report", "Reports", "budget")),
		card(2, "Alerts by kind", s.alerts, link("Dashboard", "Dashboard", "")),
		card(3, "Licence seats", s.seats, link("Licence report", "Reports", "licences")),
	)
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), s.refresh)
	top := container.NewBorder(nil, nil, nil, refresh, s.asOf)
	s.refresh()
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(grid))
}

// open shows another screen: a report (kind picked) or the dashboard.
func (s *chartsScreen) open(screen, kind string) {
	if !s.ui.ShowScreen(screen) || kind == "" {
		return
	}
	for _, sc := range s.ui.screens {
		if r, ok := sc.(*reports); ok && r.kind != nil {
			r.kind.SetSelected(report.KindTitles[kind])
		}
	}
}

// chartData is everything the pictures are drawn from.
type chartData struct {
	asOf     assets.Date
	ages     []report.AgeLine
	forecast *report.Forecast
	missing  []string // what the forecast leaves out (not kept)
	licences []report.LicenceUse
	opt      assets.AlertOptions
	alerts   []assets.Alert
}

// loadCharts reads the four models (report.LoadCharts reads them at once).
func loadCharts(ctx context.Context, src chartSource, asOf assets.Date) (chartData, error) {
	m, err := report.LoadCharts(ctx, src, asOf, chartYears)
	return chartData{asOf: asOf, ages: m.Ages, forecast: m.Forecast, missing: m.Missing, licences: m.Licences,
		opt: m.Options, alerts: m.Alerts}, err
}

// refresh reloads the pictures off the UI goroutine; a newer refresh
// cancels an older one still loading.
func (s *chartsScreen) refresh() {
	asOf := s.ui.today()
	if s.asOf != nil {
		s.asOf.SetText(fmt.Sprintf("As of %s. Loading…", asOf))
	}
	src := s.src
	s.load.run(s.ui, func(ctx context.Context) (chartData, error) {
		return loadCharts(ctx, src, asOf)
	}, func(d chartData, err error) {
		if err != nil {
			s.asOf.SetText(fmt.Sprintf("As of %s.", asOf))
			s.ui.showError("Could not draw the charts", err)
			return
		}
		s.show(&d)
	})
}

// show draws d (on the UI goroutine).
func (s *chartsScreen) show(d *chartData) {
	s.shown = d
	s.asOf.SetText(fmt.Sprintf("As of %s: the same figures as the printed reports of that day.", d.asOf))

	fleet, past := 0, 0
	for _, l := range d.ages {
		fleet += l.Total
		past += l.PastRefresh
	}
	s.subs[0].SetText(fmt.Sprintf("%s in the fleet, %s past their category's refresh period", assets.CountOf(fleet, "asset", "assets"),
		thousands(past)))
	s.ages.set(report.AgeChart(d.ages))

	f := d.forecast
	s.spend.format = moneyFormat(f.Currency)
	sub := fmt.Sprintf("%s in all over %s; %s", assets.Money{Minor: f.Total(), Currency: f.Currency},
		assets.CountOf(len(f.Years), "period", "periods"), assets.CountOf(f.Replacements, "replacement", "replacements"))
	if f.BacklogMode == assets.BacklogApart && f.Backlog.Count() > 0 {
		sub += fmt.Sprintf(" (the overdue backlog, %s, is kept apart)", assets.Money{Minor: f.Backlog.Total(), Currency: f.Currency})
	}
	s.subs[1].SetText(sub)
	s.spend.set(f.SpendChart())

	bySev := map[assets.Severity]int{}
	for _, a := range d.alerts {
		bySev[a.Severity]++
	}
	s.subs[2].SetText(fmt.Sprintf("%s: %d critical, %s, %d for information", assets.CountOf(len(d.alerts), "alert", "alerts"),
		bySev[assets.SeverityCritical], assets.CountOf(bySev[assets.SeverityWarning], "warning", "warnings"), bySev[assets.SeverityInfo]))
	s.alerts.set(report.AlertsChart(d.alerts))

	short, missing, site := 0, 0, 0
	for _, l := range d.licences {
		if l.Unlimited {
			site++
		}
		if n := l.Shortfall(); n > 0 {
			short++
			missing += n
		}
	}
	sub = fmt.Sprintf("%s, %d short of seats", assets.CountOf(len(d.licences), "licence", "licences"), short)
	if missing > 0 {
		sub += fmt.Sprintf(" (%s missing)", assets.CountOf(missing, "seat", "seats"))
	}
	if site > 0 {
		sub += fmt.Sprintf("; %s without a seat count not drawn", assets.CountOf(site, "site licence", "site licences"))
	}
	s.subs[3].SetText(sub)
	s.seats.set(report.LicenceSeatsChart(d.licences))
	s.ui.markReady()
}

// chartIcon is the navigation's picture of a bar chart, in the theme's
// foreground colour.
var chartIcon = theme.NewThemedResource(&fyne.StaticResource{StaticName: "charts.svg", StaticContent: []byte(
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M3 20h18v1.6H3z"/>` +
		`<path fill="#000000" d="M5 11h3v8H5zM10.5 6h3v13h-3zM16 13h3v6h-3z"/></svg>`)})

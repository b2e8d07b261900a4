package app

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// alertFilterStore is what the alert filters read when the store has it
// (the SQLite store does; a test's fake may not, and then the category
// and location filters offer nothing).
type alertFilterStore interface {
	Categories(ctx context.Context) ([]assets.Category, error)
	Locations(ctx context.Context) ([]string, error)
	AlertPlaces(ctx context.Context) (*assets.AlertPlaces, error)
}

// alertsCard is the dashboard's list of every alert with its reason, in
// rank order (assets.CompareAlerts, the store's order and `steward
// alerts`'s), grouped by severity and kind under headers with counts; a
// click opens the record. Filters above it (kind, severity, category,
// location, and the tile last clicked) combine. It is virtualised: a
// register of a million assets has over half a million alerts, and only
// the visible rows are built; the groups are found by binary search on
// the ranked list (assets.AlertGroups), not by reading every alert.
type alertsCard struct {
	ui     *UI
	alerts []assets.Alert // every alert, ranked
	opt    assets.AlertOptions
	view   alertView // what the list shows

	summary *widget.Label
	list    *widget.List
	detail  *widget.Label // the whole subject and reason of the row under the pointer

	kindSel, sevSel, catSel, locSel *widget.Select
	kinds                           map[string]string // Select text -> kind
	cats                            map[string]string // Select text -> category name

	tile     *assets.Tile   // the tile whose alerts are shown, or nil
	clearBtn *widget.Button // shows every alert again (tile and Selects reset)

	places        *assets.AlertPlaces // read when a category or location filter is first used
	placesLoading bool

	box fyne.CanvasObject
}

const (
	alertAllKinds      = "All kinds"
	alertAllSeverities = "All severities"
	alertAllCategories = "All categories"
	alertAllLocations  = "All locations"
)

func newAlertsCard(u *UI) *alertsCard {
	c := &alertsCard{ui: u, kinds: map[string]string{}, cats: map[string]string{}}
	c.summary = widget.NewLabel("Computing alerts…")
	c.summary.Wrapping = fyne.TextWrapWord
	c.detail = widget.NewLabel("Point at an alert to read its whole reason.")
	c.detail.Wrapping = fyne.TextWrapWord
	c.list = widget.NewList(func() int { return c.view.rows() }, c.newRow, c.updateRow)
	c.list.OnSelected = func(id widget.ListItemID) {
		c.list.UnselectAll()
		if a := c.alertAt(id); a != nil {
			u.openRef(a.Ref)
		}
	}

	kindOpts := []string{alertAllKinds}
	for _, k := range assets.RankedKinds() {
		t := assets.KindTitle(k)
		c.kinds[t] = k
		kindOpts = append(kindOpts, t)
	}
	c.kindSel = widget.NewSelect(kindOpts, nil)
	c.kindSel.SetSelected(alertAllKinds)
	c.sevSel = widget.NewSelect([]string{alertAllSeverities, "Critical", "Warning", "Info"}, nil)
	c.sevSel.SetSelected(alertAllSeverities)
	c.catSel = widget.NewSelect([]string{alertAllCategories}, nil)
	c.catSel.SetSelected(alertAllCategories)
	c.locSel = widget.NewSelect([]string{alertAllLocations}, nil)
	c.locSel.SetSelected(alertAllLocations)
	for _, sel := range []*widget.Select{c.kindSel, c.sevSel, c.catSel, c.locSel} {
		sel.OnChanged = func(string) { c.apply(true) }
	}
	c.clearBtn = widget.NewButtonWithIcon("Show all", theme.CancelIcon(), func() { c.showTile(nil) })
	c.clearBtn.Disable()
	filters := container.NewBorder(nil, nil, nil, c.clearBtn, container.NewGridWithColumns(4, c.kindSel, c.sevSel, c.catSel, c.locSel))

	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(600, 400))
	top := container.NewVBox(filters, c.summary)
	c.box = widget.NewCard("", "Alerts", container.NewBorder(top, c.detail, nil, nil, container.NewStack(space, c.list)))
	return c
}

// loadFilterChoices fills the category and location filters from the
// store (in the background).
func (c *alertsCard) loadFilterChoices() {
	st, ok := c.ui.svc.Store.(alertFilterStore)
	if !ok {
		return
	}
	type choices struct {
		cats []assets.Category
		locs []string
	}
	background(c.ui, func(ctx context.Context) (choices, error) {
		var ch choices
		var err error
		if ch.cats, err = st.Categories(ctx); err != nil {
			return ch, err
		}
		ch.locs, err = st.Locations(ctx)
		return ch, err
	}, func(ch choices, err error) {
		if err != nil {
			c.ui.showError("Could not read the categories and locations", err)
			return
		}
		cats := []string{alertAllCategories}
		clear(c.cats)
		for _, cat := range ch.cats {
			label := cat.Label
			if label == "" {
				label = cat.Name
			}
			c.cats[label] = cat.Name
			cats = append(cats, label)
		}
		c.catSel.SetOptions(cats)
		c.locSel.SetOptions(append([]string{alertAllLocations}, ch.locs...))
	})
}

// alertRow is one row of the list: a group header or an alert. Both are
// built once per visible row and one of them is hidden.
func (c *alertsCard) newRow() fyne.CanvasObject {
	headIcon := widget.NewIcon(nil)
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	header := container.NewBorder(nil, nil, headIcon, nil, head)

	subject := widget.NewLabel("")
	subject.Truncation = fyne.TextTruncateEllipsis
	reason := widget.NewLabel("")
	reason.Truncation = fyne.TextTruncateEllipsis
	date := widget.NewLabel("2026-01-01")
	subjectBox := container.NewGridWrap(fyne.NewSize(280, subject.MinSize().Height), subject)
	line := container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(nil), date, subjectBox), nil, reason)
	return newHoverRow(container.NewStack(header, line))
}

func (c *alertsCard) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	row := o.(*hoverRow)
	stack := row.content.(*fyne.Container)
	header, line := stack.Objects[0].(*fyne.Container), stack.Objects[1].(*fyne.Container)
	g, pos := c.view.at(id)
	if g < 0 {
		return
	}
	if pos < 0 {
		grp := c.view.groups[g]
		header.Objects[1].(*widget.Icon).SetResource(severityIcon(grp.sev))
		header.Objects[0].(*widget.Label).SetText(groupTitle(grp))
		header.Show()
		line.Hide()
		row.onHover = nil
		return
	}
	a := &c.alerts[c.view.alertIndex(pos)]
	left := line.Objects[1].(*fyne.Container)
	left.Objects[0].(*widget.Icon).SetResource(severityIcon(a.Severity))
	left.Objects[1].(*widget.Label).SetText(a.Date.String())
	left.Objects[2].(*fyne.Container).Objects[0].(*widget.Label).SetText(a.Subject)
	line.Objects[0].(*widget.Label).SetText(a.Reason)
	header.Hide()
	line.Show()
	row.onHover = func() { c.detail.SetText(a.Subject + ": " + a.Reason) }
}

// groupTitle is a group's header: "Critical · Leavers holding equipment (3)".
func groupTitle(g viewGroup) string {
	sev := g.sev.String()
	title := "Other alerts"
	if g.kind != "" {
		title = assets.KindTitle(g.kind)
	}
	return fmt.Sprintf("%s%s · %s (%s)", string(sev[0]-'a'+'A'), sev[1:], title, thousands(g.n))
}

// alertAt is the alert on list row id, or nil for a header.
func (c *alertsCard) alertAt(id widget.ListItemID) *assets.Alert {
	g, pos := c.view.at(id)
	if g < 0 || pos < 0 {
		return nil
	}
	return &c.alerts[c.view.alertIndex(pos)]
}

// rowOf is the list row showing alert i of the whole list, or -1 when the
// filters hide it.
func (c *alertsCard) rowOf(i int) widget.ListItemID {
	pos := i
	if c.view.idx != nil {
		k, ok := slices.BinarySearch(c.view.idx, int32(i))
		if !ok {
			return -1
		}
		pos = k
	}
	for _, g := range c.view.groups {
		if pos >= g.first && pos < g.first+g.n {
			return g.row + 1 + pos - g.first
		}
	}
	return -1
}

// set shows the alerts computed as of opt.AsOf (in rank order).
func (c *alertsCard) set(list []assets.Alert, opt assets.AlertOptions) {
	c.alerts, c.opt = list, opt
	c.places = nil // the register changed: read the places again when needed
	c.apply(false)
}

// filter is the filter the Selects and the tile make.
func (c *alertsCard) filter() assets.AlertFilter {
	var f assets.AlertFilter
	if k, ok := c.kinds[c.kindSel.Selected]; ok {
		f.Kinds = []string{k}
	}
	if s, ok := assets.ParseSeverity(c.sevSel.Selected); ok {
		f.Severities = []assets.Severity{s}
	}
	if cat, ok := c.cats[c.catSel.Selected]; ok {
		f.Category = cat
	}
	if c.locSel.Selected != alertAllLocations {
		f.Location = c.locSel.Selected
	}
	if c.tile != nil {
		f = c.tile.Filter.And(f)
	}
	return f
}

// showTile shows only the alerts tile t counts (nil: every alert), with
// the other filters reset.
func (c *alertsCard) showTile(t *assets.Tile) {
	c.tile = t
	for _, s := range []struct {
		sel *widget.Select
		all string
	}{{c.kindSel, alertAllKinds}, {c.sevSel, alertAllSeverities}, {c.catSel, alertAllCategories}, {c.locSel, alertAllLocations}} {
		s.sel.Selected = s.all // no OnChanged per Select: one apply below
		s.sel.Refresh()
	}
	c.apply(true)
}

// apply rebuilds the view from the filters: no pass over the alerts when
// nothing is filtered, one pass when something is. A person's change of
// filter (top) shows the list from its top.
func (c *alertsCard) apply(top bool) {
	f := c.filter()
	if f.NeedsPlaces() && c.places == nil {
		c.loadPlaces(top)
		return
	}
	if f.IsZero() {
		c.view = wholeView(c.alerts)
		c.summary.SetText(alertSummary(c.alerts, c.opt))
		c.clearBtn.Disable()
	} else {
		c.view = filteredView(c.alerts, assets.FilterAlerts(c.alerts, f, c.places))
		what := "those matching the filters"
		if c.tile != nil {
			what = c.tile.Title
			if c.kindSel.Selected != alertAllKinds || c.sevSel.Selected != alertAllSeverities ||
				c.catSel.Selected != alertAllCategories || c.locSel.Selected != alertAllLocations {
				what += ", matching the filters"
			}
		}
		c.summary.SetText(fmt.Sprintf("Showing %s of %s %s: %s. Click one to open it.", thousands(c.view.n), thousands(len(c.alerts)),
			assets.Plural(len(c.alerts), "alert", "alerts"), what))
		c.clearBtn.Enable()
	}
	if top {
		c.list.ScrollToTop()
	}
	c.list.Refresh()
}

// loadPlaces reads the categories and locations of the records (once per
// alert list), then applies the filters.
func (c *alertsCard) loadPlaces(top bool) {
	st, ok := c.ui.svc.Store.(alertFilterStore)
	if !ok {
		c.places = &assets.AlertPlaces{}
		c.apply(top)
		return
	}
	if c.placesLoading {
		return
	}
	c.placesLoading = true
	c.summary.SetText("Reading the categories and locations of the assets…")
	background(c.ui, func(ctx context.Context) (*assets.AlertPlaces, error) {
		return st.AlertPlaces(ctx)
	}, func(p *assets.AlertPlaces, err error) {
		c.placesLoading = false
		if err != nil {
			c.ui.showError("Could not read the categories and locations", err)
			return
		}
		c.places = p
		c.apply(top)
	})
}

// alertView is what the list shows: some alerts of the ranked list, in
// groups of one severity and kind, each under a header row.
type alertView struct {
	idx    []int32 // positions in the whole list of the alerts shown; nil: all of them
	n      int     // alerts shown
	groups []viewGroup
}

// viewGroup is one group of the view: its header on row, then its n
// alerts, the view's alerts first .. first+n-1.
type viewGroup struct {
	sev        assets.Severity
	kind       string
	row, first int
	n          int
}

func (v *alertView) rows() int { return len(v.groups) + v.n }

// at says which group row belongs to and which of the view's alerts it
// shows: pos -1 for the group's header; g -1 for no row.
func (v *alertView) at(row int) (g, pos int) {
	g = sort.Search(len(v.groups), func(i int) bool { return v.groups[i].row > row }) - 1
	if g < 0 || row >= v.rows() {
		return -1, -1
	}
	grp := v.groups[g]
	if row == grp.row {
		return g, -1
	}
	return g, grp.first + row - grp.row - 1
}

// alertIndex is the position in the whole list of the view's alert pos.
func (v *alertView) alertIndex(pos int) int {
	if v.idx == nil {
		return pos
	}
	return int(v.idx[pos])
}

// wholeView shows every alert: the groups are found by binary search.
func wholeView(list []assets.Alert) alertView {
	v := alertView{n: len(list)}
	for i, g := range assets.AlertGroups(list) {
		v.groups = append(v.groups, viewGroup{sev: g.Severity, kind: g.Kind, row: g.Start + i, first: g.Start, n: g.N})
	}
	return v
}

// filteredView shows the alerts at idx (in rank order), grouped as the
// whole list is.
func filteredView(list []assets.Alert, idx []int32) alertView {
	v := alertView{idx: idx, n: len(idx)}
	if idx == nil {
		v.idx = []int32{}
	}
	key := func(a *assets.Alert) (assets.Severity, string) {
		if assets.KindRank(a.Kind) == assets.KindRankOther {
			return a.Severity, ""
		}
		return a.Severity, a.Kind
	}
	for pos, i := range idx {
		sev, kind := key(&list[i])
		if n := len(v.groups); n > 0 && v.groups[n-1].sev == sev && v.groups[n-1].kind == kind {
			v.groups[n-1].n++
			continue
		}
		v.groups = append(v.groups, viewGroup{sev: sev, kind: kind, row: pos + len(v.groups), first: pos, n: 1})
	}
	return v
}

// hoverRow is a list row that tells when the pointer comes onto it (to
// show the row's whole reason below the list); clicks go through to the
// list.
type hoverRow struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onHover func()
}

func newHoverRow(content fyne.CanvasObject) *hoverRow {
	h := &hoverRow{content: content}
	h.ExtendBaseWidget(h)
	return h
}

func (h *hoverRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(h.content) }

func (h *hoverRow) MouseIn(*desktop.MouseEvent) {
	if h.onHover != nil {
		h.onHover()
	}
}

func (h *hoverRow) MouseMoved(*desktop.MouseEvent) {}
func (h *hoverRow) MouseOut()                      {}

var _ desktop.Hoverable = (*hoverRow)(nil)

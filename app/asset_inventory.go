package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/inventory"
	"steward/inventory/intake"
)

// inventoryPaneStore is what the asset page's inventory tab reads.
type inventoryPaneStore interface {
	AssetSoftware(ctx context.Context, assetID int64, text string) ([]assets.InstalledSoftware, error)
	InventoryReportJSON(ctx context.Context, reportID int64) ([]byte, error)
	InventoryReports(ctx context.Context, assetID int64) ([]assets.InventoryReportInfo, error)
}

// inventoryPane is the assets detail pane's Inventory tab: the latest
// report's facts, its installed software (searchable, virtualised), the
// report history and what changed between two reports.
type inventoryPane struct {
	s *assetsScreen

	assetID  int64
	reports  []assets.InventoryReportInfo // newest first
	software []assets.InstalledSoftware
	changes  []assets.InventoryChange
	swLoad   latest[[]assets.InstalledSoftware] // the software search; a newer one drops the older (query.go)

	hint      *widget.Label
	body      *fyne.Container
	summary   *widget.Label
	swSearch  *widget.Entry
	swCount   *widget.Label
	swList    *widget.List
	histList  *widget.List
	fromSel   *widget.Select
	toSel     *widget.Select
	chgList   *widget.List
	chgStatus *widget.Label
	root      fyne.CanvasObject
}

func (s *assetsScreen) inventoryPane() *inventoryPane {
	if s.inventory == nil {
		s.inventory = newInventoryPane(s)
	}
	return s.inventory
}

func newInventoryPane(s *assetsScreen) *inventoryPane {
	p := &inventoryPane{s: s}
	p.hint = widget.NewLabel("No inventory report yet. Use \"Add this computer\" or \"Import reports\" above, or collect one from an agent on the Discovery screen.")
	p.hint.Wrapping = fyne.TextWrapWord
	p.hint.Importance = widget.LowImportance

	p.summary = widget.NewLabel("")
	p.summary.TextStyle = fyne.TextStyle{Monospace: true}
	p.summary.Selectable = true

	p.swSearch = widget.NewEntry()
	p.swSearch.SetPlaceHolder("Search installed software")
	p.swSearch.OnChanged = func(string) { p.loadSoftware() }
	p.swCount = widget.NewLabel("")
	p.swCount.Importance = widget.LowImportance
	p.swList = widget.NewList(
		func() int { return len(p.software) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("name")
			name.Truncation = fyne.TextTruncateEllipsis
			ver := widget.NewLabel("1.2.3-4")
			ver.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, nil, ver, name)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.software) {
				return
			}
			sw := p.software[i]
			box := o.(*fyne.Container)
			name := sw.Name
			if sw.Publisher != "" {
				name += "  · " + sw.Publisher
			}
			box.Objects[0].(*widget.Label).SetText(name)
			box.Objects[1].(*widget.Label).SetText(sw.Version)
		},
	)

	p.histList = widget.NewList(
		func() int { return len(p.reports) },
		func() fyne.CanvasObject { return widget.NewLabel("2026-01-02 15:04  source") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(p.reports) {
				o.(*widget.Label).SetText(reportLabel(p.reports[i]))
			}
		},
	)
	p.fromSel = widget.NewSelect(nil, func(string) { p.loadChanges() })
	p.toSel = widget.NewSelect(nil, func(string) { p.loadChanges() })
	p.chgStatus = widget.NewLabel("")
	p.chgStatus.Wrapping = fyne.TextWrapWord
	p.chgList = widget.NewList(
		func() int { return len(p.changes) },
		func() fyne.CanvasObject { return widget.NewLabel("memory 16 GiB -> 8 GiB") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.changes) {
				return
			}
			l := o.(*widget.Label)
			c := p.changes[i]
			l.Importance = widget.MediumImportance
			if c.HardwareRemoved {
				l.Importance = widget.DangerImportance
			}
			l.SetText(changeLine(c))
		},
	)

	software := container.NewBorder(container.NewBorder(nil, nil, nil, p.swCount, p.swSearch), nil, nil, nil, p.swList)
	compare := container.NewBorder(
		container.NewVBox(
			container.NewGridWithColumns(2,
				container.NewBorder(nil, nil, widget.NewLabel("From"), nil, p.fromSel),
				container.NewBorder(nil, nil, widget.NewLabel("to"), nil, p.toSel)),
			p.chgStatus),
		nil, nil, nil, p.chgList)
	history := container.NewHSplit(p.histList, compare)
	history.Offset = 0.35
	tabs := container.NewAppTabs(
		container.NewTabItem("Hardware and OS", container.NewScroll(p.summary)),
		container.NewTabItem("Software", software),
		container.NewTabItem("Reports and changes", history),
	)
	p.body = container.NewStack(tabs)
	p.body.Hide()
	p.root = container.NewStack(container.NewVBox(p.hint), p.body)
	return p
}

// reportLabel is a report in the history: when it was collected, where from.
func reportLabel(r assets.InventoryReportInfo) string {
	text := r.CollectedAt.Local().Format("2006-01-02 15:04")
	if r.Source != "" {
		text += "  " + r.Source
	}
	return text
}

// changeLine is one change in words, removed hardware flagged.
func changeLine(c assets.InventoryChange) string {
	if c.HardwareRemoved {
		return "⚠ " + c.Text + "  (hardware removed)"
	}
	return c.Text
}

// inventoryState is what the tab shows for one asset.
type inventoryState struct {
	reports []assets.InventoryReportInfo
	summary string
}

// load shows asset id's inventory, read off the UI goroutine.
func (p *inventoryPane) load(id int64) {
	store := p.s.store
	if id != p.assetID {
		p.swSearch.SetText("")
	}
	p.assetID = id
	background(p.s.ui, func(ctx context.Context) (inventoryState, error) {
		var st inventoryState
		var err error
		if st.reports, err = store.InventoryReports(ctx, id); err != nil || len(st.reports) == 0 {
			return st, err
		}
		raw, err := store.InventoryReportJSON(ctx, st.reports[0].ID)
		if err != nil {
			return st, err
		}
		rep, err := inventory.ParseReportBytes(raw)
		if err != nil {
			return st, err
		}
		var b strings.Builder
		if err := inventory.WriteSummary(&b, rep); err != nil {
			return st, err
		}
		st.summary = strings.TrimRight(b.String(), "\n")
		return st, nil
	}, func(st inventoryState, err error) {
		if id != p.assetID || id != p.s.selectedID {
			return
		}
		if err != nil {
			p.s.ui.showError("Could not load the asset's inventory", err)
			return
		}
		p.reports = st.reports
		if len(st.reports) == 0 {
			p.body.Hide()
			p.hint.Show()
			p.software, p.changes = nil, nil
			return
		}
		p.hint.Hide()
		p.body.Show()
		p.summary.SetText(st.summary)
		p.histList.Refresh()
		opts := make([]string, len(st.reports))
		for i, r := range st.reports {
			opts[i] = fmt.Sprintf("#%d  %s", len(st.reports)-i, reportLabel(r))
		}
		// Set both selects before loading the changes once.
		from, to := p.fromSel.OnChanged, p.toSel.OnChanged
		p.fromSel.OnChanged, p.toSel.OnChanged = nil, nil
		p.fromSel.SetOptions(opts)
		p.toSel.SetOptions(opts)
		p.toSel.SetSelectedIndex(0)
		p.fromSel.SetSelectedIndex(min(1, len(opts)-1))
		p.fromSel.OnChanged, p.toSel.OnChanged = from, to
		p.loadSoftware()
		p.loadChanges()
	})
}

// loadSoftware searches the latest report's software in the store.
func (p *inventoryPane) loadSoftware() {
	id, text := p.assetID, p.swSearch.Text
	if id == 0 {
		return
	}
	store := p.s.store
	p.swLoad.run(p.s.ui, func(ctx context.Context) ([]assets.InstalledSoftware, error) {
		return store.AssetSoftware(ctx, id, text)
	}, func(list []assets.InstalledSoftware, err error) {
		if id != p.assetID {
			return
		}
		if err != nil {
			p.s.ui.showError("Could not load the installed software", err)
			return
		}
		p.software = list
		p.swCount.SetText(fmt.Sprintf("%s package%s", thousands(len(list)), plural(len(list))))
		p.swList.Refresh()
	})
}

// loadChanges compares the two reports picked in From and To.
func (p *inventoryPane) loadChanges() {
	fi, ti := p.fromSel.SelectedIndex(), p.toSel.SelectedIndex()
	if fi < 0 || ti < 0 || fi >= len(p.reports) || ti >= len(p.reports) {
		return
	}
	if fi == ti {
		p.changes = nil
		p.chgStatus.SetText("Only one report so far: nothing to compare yet.")
		if len(p.reports) > 1 {
			p.chgStatus.SetText("Pick two different reports to see what changed.")
		}
		p.chgList.Refresh()
		return
	}
	id, from, to := p.assetID, p.reports[fi], p.reports[ti]
	store := p.s.store
	background(p.s.ui, func(ctx context.Context) ([]assets.InventoryChange, error) {
		parse := func(reportID int64) (*inventory.Report, error) {
			raw, err := store.InventoryReportJSON(ctx, reportID)
			if err != nil {
				return nil, err
			}
			return inventory.ParseReportBytes(raw)
		}
		old, err := parse(from.ID)
		if err != nil {
			return nil, err
		}
		cur, err := parse(to.ID)
		if err != nil {
			return nil, err
		}
		return intake.Changes(old, cur), nil
	}, func(list []assets.InventoryChange, err error) {
		if id != p.assetID || fi != p.fromSel.SelectedIndex() || ti != p.toSel.SelectedIndex() {
			return
		}
		if err != nil {
			p.s.ui.showError("Could not compare the reports", err)
			return
		}
		p.changes = list
		removed := 0
		for _, c := range list {
			if c.HardwareRemoved {
				removed++
			}
		}
		span := from.CollectedAt.Local().Format(time.DateOnly) + " to " + to.CollectedAt.Local().Format(time.DateOnly)
		switch {
		case len(list) == 0:
			p.chgStatus.SetText(span + ": nothing changed.")
		case removed > 0:
			p.chgStatus.SetText(fmt.Sprintf("%s: %d change%s; %d piece%s of hardware gone.", span, len(list), plural(len(list)), removed, plural(removed)))
		default:
			p.chgStatus.SetText(fmt.Sprintf("%s: %d change%s.", span, len(list), plural(len(list))))
		}
		p.chgList.Refresh()
	})
}

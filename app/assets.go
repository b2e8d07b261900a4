package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// pageSize is how many rows one keyset query fetches; the next page loads
// when the person scrolls within half a page of the end.
const pageSize = 200

// searchDelay is how long typing must pause before the search runs.
const searchDelay = 150 * time.Millisecond

const (
	allCategories = "All categories"
	allStatuses   = "All statuses"
	allLocations  = "All locations"
)

// assetColumn is one column of the assets table.
type assetColumn struct {
	title string
	sort  assets.SortField
	width float32
	align fyne.TextAlign
	value func(a *assets.Asset) string
}

// Column widths fit a 1024x768 window; the name column takes what is left.
var assetTableColumns = []assetColumn{
	{"Tag", assets.SortTag, 112, fyne.TextAlignLeading, func(a *assets.Asset) string { return a.Tag }},
	{"Name", assets.SortName, 0, fyne.TextAlignLeading, func(a *assets.Asset) string { return a.Name }},
	{"Category", assets.SortCategory, 80, fyne.TextAlignLeading, func(a *assets.Asset) string { return categoryLabel(a.Category) }},
	{"Status", assets.SortStatus, 84, fyne.TextAlignLeading, func(a *assets.Asset) string { return a.Status.Label() }},
	{"Location", assets.SortLocation, 122, fyne.TextAlignLeading, func(a *assets.Asset) string { return a.Location }},
	{"Assigned to", assets.SortAssigned, 120, fyne.TextAlignLeading, func(a *assets.Asset) string { return a.AssignedName }},
	{"Purchased", assets.SortPurchase, 90, fyne.TextAlignLeading, func(a *assets.Asset) string { return a.PurchaseDate.String() }},
	{"Cost", assets.SortCost, 112, fyne.TextAlignTrailing, func(a *assets.Asset) string { return a.Cost.String() }},
	// Filled from the lifecycle flags (asset_lifecycle.go), not a stored field.
	{lifecycleColumn, "", 112, fyne.TextAlignLeading, nil},
}

func categoryLabel(name string) string {
	if name == "" {
		return ""
	}
	r := []rune(name)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// assetsStore is what the Assets screen, its form and its record tabs read
// and write.
type assetsStore interface {
	assetFormStore
	inventoryPaneStore
	lifecycleStore
	bookStore
	inventoryImportStore
	Asset(ctx context.Context, id int64) (assets.Asset, error)
	Categories(ctx context.Context) ([]assets.Category, error)
	CountAssets(ctx context.Context, q assets.AssetQuery) (int, error)
	DeleteAsset(ctx context.Context, id int64) error
	DeletionImpact(ctx context.Context, entity string, id int64) (assets.Impact, error)
	History(ctx context.Context, entity string, id int64) ([]assets.HistoryEntry, error)
	ListAssets(ctx context.Context, q assets.AssetQuery) (assets.AssetPage, error)
	ListAssetsCounted(ctx context.Context, q assets.AssetQuery) (assets.AssetPage, int, error)
	Locations(ctx context.Context) ([]string, error)
}

// assetsScreen is the register: a virtualised table loaded page by page,
// filters, search as you type, a detail pane with history, and the form.
type assetsScreen struct {
	ui    *UI
	store assetsStore

	query       assets.AssetQuery // filters and sort of what the table shows
	rows        []assets.Asset    // loaded rows, page after page
	next        *assets.Cursor    // where the next page starts; nil when all are loaded
	matched     int               // rows the query matches
	grand       int               // assets in the register
	load        latest[assetPage] // runs the query; a newer one drops the older (query.go)
	loadingMore bool

	selectedID int64
	selected   assets.Asset
	book       string // the selected asset's book value today, as shown
	history    []assets.HistoryEntry
	categories []assets.Category
	locations  []string

	table     *assetTable
	search    *widget.Entry
	catSel    *widget.Select
	statusSel *widget.Select
	locSel    *widget.Select
	count     *widget.Label
	empty     *widget.Label
	editBtn   *widget.Button
	deleteBtn *widget.Button

	detailTitle *widget.Label
	detailHint  *widget.Label
	detailBody  *fyne.Container
	fieldValues map[string]*widget.Label
	historyList *widget.List
	detailTabs  *container.AppTabs

	flags     map[int64]assets.AssetFlags // EOL and warranty badges of loaded rows (asset_lifecycle.go)
	lifecycle *lifecyclePane              // the detail pane's Lifecycle tab
	inventory *inventoryPane              // the detail pane's Inventory tab (asset_inventory.go)

	addComputerBtn *widget.Button  // "Add this computer" (inventory_import.go)
	lastImport     []importOutcome // what the last report import did, per report
	lastImportText *widget.RichText

	form    *assetForm            // the open add/edit form, nil when closed
	confirm *dialog.ConfirmDialog // the open delete confirmation

	handover *assetHandoverBar // who holds the selected asset, check out/in (asset_handover.go)
	marks    *assetMarks       // the assets ticked for acting on several at once (asset_marks.go)
}

func newAssetsScreen(u *UI) *assetsScreen {
	return &assetsScreen{ui: u, store: u.svc.Store, query: assets.AssetQuery{Sort: assets.SortTag}}
}

func (s *assetsScreen) title() string       { return "Assets" }
func (s *assetsScreen) icon() fyne.Resource { return theme.ListIcon() }

func (s *assetsScreen) view() fyne.CanvasObject {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search tag, name, serial, model, person, notes  (Ctrl+F)")
	s.search.OnChanged = func(string) { s.scheduleSearch() }
	s.search.OnSubmitted = func(string) { s.runSearch() }

	s.catSel = widget.NewSelect([]string{allCategories}, func(v string) {
		s.query.Category = ""
		for _, c := range s.categories {
			if c.Label == v {
				s.query.Category = c.Name
			}
		}
		s.reload()
	})
	s.catSel.SetSelectedIndex(0)
	statusOpts := []string{allStatuses}
	for _, st := range assets.Statuses {
		statusOpts = append(statusOpts, st.Label())
	}
	s.statusSel = widget.NewSelect(statusOpts, func(v string) {
		s.query.Status = ""
		for _, st := range assets.Statuses {
			if st.Label() == v {
				s.query.Status = st
			}
		}
		s.reload()
	})
	s.statusSel.SetSelectedIndex(0)
	s.locSel = widget.NewSelect([]string{allLocations}, func(v string) {
		s.query.Location = ""
		if v != allLocations {
			s.query.Location = v
		}
		s.reload()
	})
	s.locSel.SetSelectedIndex(0)
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), s.clearFilters)

	s.count = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	newBtn := widget.NewButtonWithIcon("New asset", theme.ContentAddIcon(), s.newItem)
	newBtn.Importance = widget.HighImportance
	s.editBtn = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() {
		if s.selectedID != 0 {
			s.openForm(s.selected)
		}
	})
	s.deleteBtn = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.deleteSelected)
	s.editBtn.Disable()
	s.deleteBtn.Disable()
	s.ui.only(actEdit, newBtn, s.editBtn, s.deleteBtn)

	fixed := func(o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(150, o.MinSize().Height), o)
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(fixed(s.catSel), fixed(s.statusSel), fixed(s.locSel), clear), s.search),
		container.NewBorder(nil, nil, s.count, container.NewHBox(append(s.inventoryButtons(), newBtn, s.editBtn, s.deleteBtn)...)),
	)

	s.table = newAssetTable(s)
	s.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	s.empty.Importance = widget.LowImportance
	s.empty.Hide()
	list := container.NewBorder(nil, s.marksBar(), nil, nil, container.NewStack(s.table, container.NewCenter(s.empty)))

	split := container.NewVSplit(list, s.detailView())
	split.Offset = 0.62
	s.refresh()
	return container.NewBorder(top, nil, nil, nil, split)
}

// refresh reloads everything, keeping filters and selection.
func (s *assetsScreen) refresh() {
	s.loadLookups()
	s.reload()
}

// loadLookups fills the category and location filters and the total count.
func (s *assetsScreen) loadLookups() {
	type lookups struct {
		cats  []assets.Category
		locs  []string
		grand int
	}
	store := s.store
	background(s.ui, func(ctx context.Context) (lookups, error) {
		var l lookups
		var err error
		if l.cats, err = store.Categories(ctx); err != nil {
			return l, err
		}
		if l.locs, err = store.Locations(ctx); err != nil {
			return l, err
		}
		l.grand, err = store.CountAssets(ctx, assets.AssetQuery{})
		return l, err
	}, func(l lookups, err error) {
		if err != nil {
			s.ui.showError("Could not load the categories and locations", err)
			return
		}
		s.categories, s.locations, s.grand = l.cats, l.locs, l.grand
		cats := []string{allCategories}
		for _, c := range l.cats {
			cats = append(cats, c.Label)
		}
		s.catSel.Options = cats
		s.catSel.Refresh()
		s.locSel.Options = append([]string{allLocations}, l.locs...)
		s.locSel.Refresh()
		s.showCount()
	})
}

type assetPage struct {
	page    assets.AssetPage
	matched int
}

// reload runs the current query from its first page. Results of any earlier
// query still running are dropped when they arrive.
func (s *assetsScreen) reload() {
	if s.table == nil {
		return
	}
	q := s.query
	q.Limit = pageSize
	store := s.store
	s.load.run(s.ui, func(ctx context.Context) (assetPage, error) {
		var r assetPage
		var err error
		r.page, r.matched, err = store.ListAssetsCounted(ctx, q)
		return r, err
	}, func(r assetPage, err error) {
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				s.ui.showError("Could not load the assets", err)
			}
			return
		}
		s.rows, s.next, s.matched, s.loadingMore = r.page.Assets, r.page.Next, r.matched, false
		if !s.filtered() {
			s.grand = r.matched
		}
		s.showCount()
		s.table.Refresh()
		s.table.ScrollToTop()
		s.restoreSelection()
		s.loadFlags(r.page.Assets)
		s.ui.markReady()
	})
}

// loadMore fetches the page after the loaded rows.
func (s *assetsScreen) loadMore() {
	if s.next == nil || s.loadingMore {
		return
	}
	s.loadingMore = true
	q := s.query
	q.After, q.Limit = s.next, pageSize
	store := s.store
	follow(s.ui, &s.load, func(ctx context.Context) (assets.AssetPage, error) {
		return store.ListAssets(ctx, q)
	}, func(p assets.AssetPage, err error) {
		s.loadingMore = false
		if err != nil {
			s.ui.showError("Could not load more assets", err)
			return
		}
		s.rows = append(s.rows, p.Assets...)
		s.next = p.Next
		s.loadFlags(p.Assets)
		s.table.Refresh()
	})
}

func (s *assetsScreen) filtered() bool {
	q := s.query
	return strings.TrimSpace(q.Search) != "" || q.Category != "" || q.Status != "" || q.Location != "" || q.AssignedTo != 0
}

func (s *assetsScreen) showCount() {
	switch {
	case s.filtered():
		s.count.SetText(fmt.Sprintf("%s of %s assets", thousands(s.matched), thousands(s.grand)))
	case s.matched == 1:
		s.count.SetText("1 asset")
	default:
		s.count.SetText(thousands(s.matched) + " assets")
	}
	switch {
	case len(s.rows) > 0:
		s.empty.Hide()
	case s.filtered():
		s.empty.SetText("No assets match the search and filters.")
		s.empty.Show()
	default:
		s.empty.SetText("No assets yet: press New (Ctrl+N), bring a list in on Import / Export, or find devices on Discovery")
		s.empty.Show()
	}
}

// scheduleSearch runs the search once typing pauses.
func (s *assetsScreen) scheduleSearch() {
	s.load.later(s.ui, searchDelay, s.runSearch)
}

// runSearch searches for what is typed now (Enter, or typing paused).
func (s *assetsScreen) runSearch() {
	s.load.stopLater(s.ui)
	if text := s.search.Text; text != s.query.Search {
		s.query.Search = text
		s.reload()
	}
}

func (s *assetsScreen) clearFilters() {
	s.search.SetText("")
	s.runSearch()
	s.catSel.SetSelectedIndex(0)
	s.statusSel.SetSelectedIndex(0)
	s.locSel.SetSelectedIndex(0)
}

// sortBy orders the table by column col; a second click reverses it.
func (s *assetsScreen) sortBy(col int) {
	f := assetTableColumns[col].sort
	if f == "" {
		return // a computed column: not sortable
	}
	if s.query.Sort == f {
		s.query.Desc = !s.query.Desc
	} else {
		s.query.Sort, s.query.Desc = f, false
	}
	s.table.Refresh()
	s.reload()
}

func (s *assetsScreen) focusSearch() { s.ui.win.Canvas().Focus(s.search) }

func (s *assetsScreen) newItem() {
	cur := "EUR"
	if len(s.rows) > 0 && s.rows[0].Cost.Currency != "" {
		cur = s.rows[0].Cost.Currency
	}
	s.openForm(assets.Asset{Status: assets.StatusInStock, Cost: assets.Money{Currency: cur}})
}

// --- selection and detail pane ---

func (s *assetsScreen) selectRow(row int) {
	if row < 0 || row >= len(s.rows) {
		return
	}
	s.selectedID = s.rows[row].ID
	s.table.Refresh()
	s.loadDetail()
}

// restoreSelection keeps the selected asset selected after a reload, or
// clears the detail pane when it is no longer in the list.
func (s *assetsScreen) restoreSelection() {
	if s.selectedID == 0 {
		s.showDetail(false)
		return
	}
	for i := range s.rows {
		if s.rows[i].ID == s.selectedID {
			// Select without the callback: it would load the detail twice.
			onSelected := s.table.OnSelected
			s.table.OnSelected = nil
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
			s.table.OnSelected = onSelected
			s.loadDetail()
			return
		}
	}
	s.selectedID = 0
	s.table.UnselectAll()
	s.showDetail(false)
}

type assetDetail struct {
	asset   assets.Asset
	history []assets.HistoryEntry
	book    string
}

func (s *assetsScreen) loadDetail() {
	id := s.selectedID
	store := s.store
	background(s.ui, func(ctx context.Context) (assetDetail, error) {
		var d assetDetail
		var err error
		if d.asset, err = store.Asset(ctx, id); err != nil {
			return d, err
		}
		if d.history, err = store.History(ctx, "asset", id); err != nil {
			return d, err
		}
		d.book, err = bookValueText(ctx, store, &d.asset, assets.Today(s.ui.svc.Now()))
		return d, err
	}, func(d assetDetail, err error) {
		if id != s.selectedID {
			return
		}
		if err != nil {
			if assets.KindOf(err) == assets.KindNotFound {
				s.selectedID = 0
				s.showDetail(false)
				return
			}
			s.ui.showError("Could not load the asset", err)
			return
		}
		s.selected, s.history, s.book = d.asset, d.history, d.book
		s.fillDetail()
		s.handoverBar().load(d.asset)
		s.loadLifecycle(id)
		s.inventoryPane().load(id)
		s.showDetail(true)
	})
}

var detailFields = []struct{ key, label string }{
	{"tag", "Tag"}, {"category", "Category"}, {"status", "Status"}, {"manufacturer", "Manufacturer"},
	{"model", "Model"}, {"serial", "Serial"}, {"location", "Location"}, {"assigned", "Assigned to"},
	{"purchase", "Purchased"}, {"cost", "Cost"}, {"book", "Book value"}, {"supplier", "Supplier"}, {"os", "OS"},
	{"hostname", "Host name"}, {"mac", "MAC"}, {"notes", "Notes"}, {"updated", "Updated"},
}

func (s *assetsScreen) detailView() fyne.CanvasObject {
	s.detailTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.detailTitle.Truncation = fyne.TextTruncateEllipsis
	s.detailHint = widget.NewLabel("Select an asset to see its details and history.")
	s.detailHint.Importance = widget.LowImportance
	s.fieldValues = map[string]*widget.Label{}
	var cols [2][]fyne.CanvasObject
	for i, f := range detailFields {
		k := widget.NewLabel(f.label)
		k.Importance = widget.LowImportance
		v := widget.NewLabel("")
		v.Truncation = fyne.TextTruncateEllipsis
		v.Selectable = true
		s.fieldValues[f.key] = v
		half := i * 2 / len(detailFields)
		cols[half] = append(cols[half], k, v)
	}
	fields := container.NewGridWithColumns(2,
		container.New(layout.NewFormLayout(), cols[0]...),
		container.New(layout.NewFormLayout(), cols[1]...),
	)
	s.historyList = widget.NewList(
		func() int { return len(s.history) },
		func() fyne.CanvasObject {
			when := widget.NewLabel("2026-01-02 15:04")
			when.Importance = widget.LowImportance
			what := widget.NewLabel("")
			what.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, when, nil, what)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			h := s.history[i]
			box.Objects[0].(*widget.Label).SetText(historyLine(h))
			box.Objects[1].(*widget.Label).SetText(h.At.Local().Format("2006-01-02 15:04"))
		},
	)
	s.detailTabs = container.NewAppTabs(
		container.NewTabItem("Details", wheelVScroll(container.NewVBox(fields, container.NewHBox(s.bookButton())))),
		container.NewTabItem("History", s.historyList),
		container.NewTabItem("Lifecycle", s.lifecyclePane().root),
		container.NewTabItem("Inventory", s.inventoryPane().root),
	)
	s.detailBody = container.NewBorder(container.NewVBox(s.detailTitle, s.handoverBar().root), nil, nil, nil, s.detailTabs)
	s.detailBody.Hide()
	return container.NewStack(container.NewCenter(s.detailHint), s.detailBody)
}

func historyLine(h assets.HistoryEntry) string {
	text := h.Text()
	if h.Actor != "" {
		text += "  (" + h.Actor + ")"
	}
	return text
}

func (s *assetsScreen) fillDetail() {
	a := s.selected
	s.detailTitle.SetText(a.Tag + " · " + a.Name)
	purchase := a.PurchaseDate.String()
	if !a.PurchaseDate.IsZero() {
		age := a.AgeYears(assets.Today(s.ui.svc.Now()))
		if age == 0 {
			purchase += "  (under a year old)"
		} else {
			purchase += fmt.Sprintf("  (%d year%s old)", age, plural(age))
		}
	}
	values := map[string]string{
		"tag": a.Tag, "category": categoryLabel(a.Category), "status": a.Status.Label(), "manufacturer": a.Manufacturer,
		"model": a.Model, "serial": a.Serial, "location": a.Location, "assigned": a.AssignedName,
		"purchase": purchase, "cost": a.Cost.String(), "book": s.book, "supplier": a.Supplier, "os": a.OS,
		"hostname": a.HostName, "mac": a.MAC, "notes": strings.ReplaceAll(a.Notes, "\n", " "),
		"updated": a.Updated.Local().Format("2006-01-02 15:04"),
	}
	for k, l := range s.fieldValues {
		v := values[k]
		if v == "" {
			v = "—"
		}
		l.SetText(v)
	}
	s.historyList.Refresh()
}

func (s *assetsScreen) showDetail(on bool) {
	if on {
		s.detailHint.Hide()
		s.detailBody.Show()
		s.editBtn.Enable()
		s.deleteBtn.Enable()
		return
	}
	s.detailBody.Hide()
	s.detailHint.Show()
	s.editBtn.Disable()
	s.deleteBtn.Disable()
}

// --- delete ---

// deleteSelected asks, then deletes the selected asset.
func (s *assetsScreen) deleteSelected() {
	if s.selectedID == 0 || s.form != nil {
		return
	}
	a := s.selected
	if a.ID != s.selectedID {
		return // the detail has not loaded yet
	}
	// The question shows at once; what else refers to the asset is
	// counted meanwhile and added when known.
	question := fmt.Sprintf("Delete %s, %s?", a.Tag, a.Name)
	msg := widget.NewLabel(question + "\n\nIts history is kept.")
	msg.Alignment = fyne.TextAlignCenter
	background(s.ui, func(ctx context.Context) (assets.Impact, error) {
		return s.store.DeletionImpact(ctx, "asset", a.ID)
	}, func(im assets.Impact, err error) {
		if err == nil {
			msg.SetText(question + "\n\n" + im.Text() + "\n\nIts history is kept.")
		}
	})
	s.confirm = s.ui.showCustomConfirm("Delete asset", "Delete", msg, func(ok bool) {
		if !ok {
			return
		}
		store := s.store
		background(s.ui, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, store.DeleteAsset(ctx, a.ID)
		}, func(_ struct{}, err error) {
			if err != nil {
				s.ui.showError("Could not delete "+a.Tag, err)
				return
			}
			s.ui.say("Deleted %s %s.", a.Tag, a.Name)
			if s.selectedID == a.ID {
				s.selectedID = 0
			}
			s.refresh()
		})
	})
	s.confirm.SetConfirmImportance(widget.DangerImportance)
	s.confirm.SetDismissText("Keep")
	s.confirm.SetOnClosed(func() { s.confirm = nil })
}

// --- the table ---

// assetTable is the register's table. It extends widget.Table so that the
// Delete key works while the table has the keyboard focus.
type assetTable struct {
	widget.Table
	s *assetsScreen
}

func newAssetTable(s *assetsScreen) *assetTable {
	t := &assetTable{s: s}
	t.Length = func() (int, int) { return len(s.rows), len(assetTableColumns) }
	t.CreateCell = func() fyne.CanvasObject {
		bg := canvas.NewRectangle(color.Transparent)
		l := widget.NewLabel("Template cell")
		l.Truncation = fyne.TextTruncateEllipsis
		mark := newMarkBox() // the tick box in the tag column (asset_marks.go)
		mark.Hide()
		return container.New(markCellLayout{}, bg, l, mark)
	}
	t.UpdateCell = s.updateCell
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Alignment = widget.ButtonAlignLeading
		b.IconPlacement = widget.ButtonIconTrailingText
		b.Importance = widget.LowImportance
		return b
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Row != -1 || id.Col < 0 || id.Col >= len(assetTableColumns) {
			b.SetText("")
			b.SetIcon(nil)
			b.OnTapped = nil
			return
		}
		c := assetTableColumns[id.Col]
		var icon fyne.Resource
		if s.query.Sort == c.sort {
			icon = theme.MenuDropDownIcon()
			if s.query.Desc {
				icon = theme.MenuDropUpIcon()
			}
		}
		b.SetText(c.title)
		b.SetIcon(icon)
		col := id.Col
		b.OnTapped = func() { s.sortBy(col) }
	}
	t.OnSelected = func(id widget.TableCellID) { s.selectRow(id.Row) }
	t.ExtendBaseWidget(t)
	for i, c := range assetTableColumns {
		if c.width > 0 {
			t.SetColumnWidth(i, c.width)
		}
	}
	return t
}

// minNameWidth is the narrowest the name column gets before the table
// scrolls sideways.
const minNameWidth = 150

// Resize gives the name column the width the other columns leave.
func (t *assetTable) Resize(size fyne.Size) {
	used := float32(0)
	name := -1
	for i, c := range assetTableColumns {
		used += c.width + theme.Padding()
		if c.width == 0 {
			name = i
		}
	}
	if name >= 0 {
		w := size.Width - used
		if w < minNameWidth {
			w = minNameWidth
		}
		t.SetColumnWidth(name, w)
	}
	t.Table.Resize(size)
}

// TypedKey adds Delete (with confirmation) to the table's keys.
func (t *assetTable) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyDelete {
		t.s.deleteSelected()
		return
	}
	t.Table.TypedKey(e)
}

func (s *assetsScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	bg := box.Objects[0].(*canvas.Rectangle)
	l := box.Objects[1].(*widget.Label)
	s.markCell(id, box)
	if id.Row >= len(s.rows) || id.Col >= len(assetTableColumns) {
		l.SetText("")
		return
	}
	a := &s.rows[id.Row]
	c := assetTableColumns[id.Col]
	want := color.Color(color.Transparent)
	if a.ID == s.selectedID {
		want = theme.Color(theme.ColorNameSelection)
	}
	if bg.FillColor != want {
		bg.FillColor = want
		bg.Refresh()
	}
	l.Alignment = c.align
	l.Importance = widget.MediumImportance
	if c.sort == assets.SortStatus {
		l.Importance = statusImportance(a.Status)
	}
	if c.value == nil {
		text, imp := s.badge(a)
		l.Importance = imp
		l.SetText(text)
	} else {
		l.SetText(c.value(a))
	}
	if id.Row >= len(s.rows)-pageSize/2 {
		s.loadMore()
	}
}

func statusImportance(st assets.Status) widget.Importance {
	switch st {
	case assets.StatusDeployed:
		return widget.SuccessImportance
	case assets.StatusInRepair:
		return widget.WarningImportance
	case assets.StatusLost:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// thousands writes n with comma separators ("100,000").
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

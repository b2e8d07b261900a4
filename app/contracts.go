package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// contractsStore is what the Contracts screen reads and writes.
type contractsStore interface {
	tagLookup
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	CreateContract(ctx context.Context, c *assets.Contract) error
	DeleteContract(ctx context.Context, id int64) error
	ListContracts(ctx context.Context, q assets.ContractQuery) ([]assets.ContractRow, error)
	RenewContract(ctx context.Context, id int64, edit func(next *assets.Contract)) (assets.Contract, error)
	UpdateContract(ctx context.Context, c *assets.Contract) error
}

// contractsScreen lists warranty and support contracts, soonest end first,
// with their state and the assets they cover.
type contractsScreen struct {
	ui     *UI
	store  contractsStore
	search *widget.Entry
	state  *widget.Select
	kind   *widget.Select
	table  *widget.Table
	status *widget.Label
	detail *widget.Label
	rows   []assets.ContractRow
	want   int64 // contract to select once loaded (from an alert)
	// current is the contract picked in the table (ID 0: none); the
	// buttons act on it.
	current             assets.ContractRow
	edit, renew, delete *widget.Button

	// load runs the list query; a newer one drops the older (query.go).
	load latest[[]assets.ContractRow]
}

func newContracts(u *UI) *contractsScreen { return &contractsScreen{ui: u, store: u.svc.Store} }

func (s *contractsScreen) title() string       { return "Contracts" }
func (s *contractsScreen) icon() fyne.Resource { return theme.FileTextIcon() }

var contractStates = []struct {
	label string
	state assets.CoverageState
}{{"Any state", ""}, {"Active", assets.CoverageActive}, {"Ending soon", assets.CoverageEnding}, {"Expired", assets.CoverageExpired}, {"Not started", assets.CoverageNone}}

var contractHeaders = []string{"Provider", "Reference", "Kind", "Level", "Start", "End", "State", "Assets", "Cost"}

func (s *contractsScreen) view() fyne.CanvasObject {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search provider, reference, level")
	s.search.OnChanged = func(string) { s.refresh() }
	var states []string
	for _, st := range contractStates {
		states = append(states, st.label)
	}
	s.state = widget.NewSelect(states, func(string) { s.refresh() })
	s.state.SetSelectedIndex(0)
	s.kind = widget.NewSelect([]string{"Warranty and support", "Warranty", "Support"}, func(string) { s.refresh() })
	s.kind.SetSelectedIndex(0)
	s.status = widget.NewLabel("")
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	s.table = textTable(contractHeaders, []float32{150, 110, 80, 150, 95, 95, 95, 200, 100}, func() int { return len(s.rows) }, s.cell)
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.rows) {
			s.show(s.rows[id.Row])
		}
	}
	newBtn := widget.NewButtonWithIcon("New contract", theme.ContentAddIcon(), func() { s.showForm(formNew, assets.Contract{}) })
	s.edit = widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { s.showForm(formEdit, s.current.Contract) })
	s.renew = widget.NewButtonWithIcon("Renew…", theme.ViewRefreshIcon(), func() { s.showForm(formRenew, s.current.Contract) })
	s.delete = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), s.deleteSelected)
	s.ui.only(actEdit, newBtn, s.edit, s.renew, s.delete)
	s.enableActions()
	top := container.NewVBox(s.search, container.NewHBox(s.kind, s.state, layout.NewSpacer(), newBtn))
	actions := container.NewHBox(s.edit, s.renew, s.delete)
	s.refresh()
	return container.NewBorder(top, container.NewVBox(container.NewBorder(nil, nil, nil, actions, s.detail), s.status), nil, nil, s.table)
}

func (s *contractsScreen) cell(r, c int) string {
	if r >= len(s.rows) {
		return ""
	}
	x := s.rows[r]
	switch c {
	case 0:
		return x.Provider
	case 1:
		return x.Reference
	case 2:
		return string(x.Kind)
	case 3:
		return x.Level
	case 4:
		return x.Start.String()
	case 5:
		return x.End.String()
	case 6:
		if x.State == assets.CoverageNone {
			return "Not started"
		}
		return x.State.Label()
	case 7:
		return strings.Join(x.AssetTags, ", ")
	case 8:
		return x.Cost.String()
	}
	return ""
}

func (s *contractsScreen) refresh() {
	if s.table == nil {
		return
	}
	q := assets.ContractQuery{Search: s.search.Text, AsOf: s.ui.today(), State: contractStates[max(s.state.SelectedIndex(), 0)].state}
	switch s.kind.SelectedIndex() {
	case 1:
		q.Kind = assets.ContractWarranty
	case 2:
		q.Kind = assets.ContractSupport
	}
	s.load.run(s.ui, func(ctx context.Context) ([]assets.ContractRow, error) {
		opt, err := s.store.AlertOptionsAt(ctx, q.AsOf)
		if err != nil {
			return nil, err
		}
		q.WarnDays = opt.Window()
		return s.store.ListContracts(ctx, q)
	}, func(rows []assets.ContractRow, err error) {
		if err != nil {
			s.ui.showError("Could not load the contracts", err)
			return
		}
		s.rows = rows
		s.status.SetText(assets.CountOf(len(rows), "contract", "contracts"))
		s.table.Refresh()
		if s.want != 0 {
			s.selectID(s.want)
		} else if s.current.ID != 0 {
			s.keepCurrent()
		}
	})
}

// openRecord selects contract id (from an alert), clearing filters so it shows.
func (s *contractsScreen) openRecord(id int64) {
	s.want = id
	if s.table == nil {
		return
	}
	if s.search.Text != "" || s.state.SelectedIndex() != 0 || s.kind.SelectedIndex() != 0 {
		s.search.SetText("")
		s.state.SetSelectedIndex(0)
		s.kind.SetSelectedIndex(0)
	}
	s.refresh()
}

func (s *contractsScreen) selectID(id int64) {
	for i, r := range s.rows {
		if r.ID == id {
			s.want = 0
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
			s.table.ScrollTo(widget.TableCellID{Row: i, Col: 0})
			s.show(r) // Select skips the callback when the cell was already selected
			return
		}
	}
}

// keepCurrent shows the picked contract's fresh row, or nothing when it
// is gone (deleted, or filtered out).
func (s *contractsScreen) keepCurrent() {
	for _, r := range s.rows {
		if r.ID == s.current.ID {
			s.show(r)
			return
		}
	}
	s.current = assets.ContractRow{}
	s.table.UnselectAll()
	s.detail.SetText("")
	s.enableActions()
}

func (s *contractsScreen) enableActions() {
	for _, b := range []*widget.Button{s.edit, s.renew, s.delete} {
		if s.current.ID == 0 {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

func (s *contractsScreen) show(c assets.ContractRow) {
	s.current = c
	s.enableActions()
	s.detail.SetText(contractSummary(c))
}

// contractSummary is the one-line description under the contracts list.
func contractSummary(c assets.ContractRow) string {
	when := fmt.Sprintf("ends on %s", c.End)
	switch {
	case c.DaysLeft < 0:
		when = fmt.Sprintf("ended on %s (%d %s ago)", c.End, -c.DaysLeft, pluralWord(-c.DaysLeft, "day", "days"))
	case c.State == assets.CoverageEnding:
		when = fmt.Sprintf("ends on %s, in %d %s", c.End, c.DaysLeft, pluralWord(c.DaysLeft, "day", "days"))
	}
	n := len(c.AssetTags)
	return fmt.Sprintf("%s %s — %s. Covers %d %s: %s", c.Kind, c.Title(), when, n, pluralWord(n, "asset", "assets"), strings.Join(c.AssetTags, ", "))
}

// formMode is what a record form does: create, edit or renew.
type formMode int

const (
	formNew formMode = iota
	formEdit
	formRenew
)

// showForm creates a contract, edits c, or renews c (a new term from the
// old one, covering the same assets: the dates and cost are proposed).
func (s *contractsScreen) showForm(mode formMode, c assets.Contract) {
	title, verb := "New contract", "Saved"
	switch mode {
	case formEdit:
		title, verb = "Edit "+c.Title(), "Saved"
	case formRenew:
		title, verb = "Renew "+c.Title(), "Renewed"
		old := c
		c = old.Renewal()
		c.ID = old.ID // RenewContract starts from the stored term
	}
	provider := formEntry(c.Provider, "Dell")
	reference := formEntry(c.Reference, "ProSupport 12345")
	level := formEntry(c.Level, "next business day on site")
	kind := formSelect([]string{"Support", "Warranty"}, nil)
	kind.SetSelectedIndex(0)
	if c.Kind == assets.ContractWarranty {
		kind.SetSelectedIndex(1)
	}
	start := formEntry(c.Start.String(), "YYYY-MM-DD")
	end := formEntry(c.End.String(), "YYYY-MM-DD")
	cost := formEntry(amountText(c.Cost), "0.00")
	currency := formEntry(c.Cost.Currency, "EUR")
	tags := formEntry(strings.Join(c.AssetTags, "; "), "asset tags, separated by ;")
	notes := formNote(c.Notes, "")
	items := []*widget.FormItem{widget.NewFormItem("Provider", provider), widget.NewFormItem("Reference", reference),
		widget.NewFormItem("Level", level), widget.NewFormItem("Kind", kind), widget.NewFormItem("Start", start),
		widget.NewFormItem("End", end), widget.NewFormItem("Cost", cost), widget.NewFormItem("Currency", currency),
		widget.NewFormItem("Assets", tags), widget.NewFormItem("Notes", notes)}
	d := s.ui.showForm(title, "Save", items, func(ok bool) {
		if !ok {
			return
		}
		n := c
		n.Provider, n.Reference, n.Level, n.Notes = provider.Text, reference.Text, level.Text, notes.Text
		n.Kind = assets.ContractSupport
		if kind.SelectedIndex() == 1 {
			n.Kind = assets.ContractWarranty
		}
		var errs []string
		var err error
		if n.Start, err = assets.ParseDate(start.Text); err != nil {
			errs = append(errs, "start: "+assets.Message(err))
		}
		if n.End, err = assets.ParseDate(end.Text); err != nil {
			errs = append(errs, "end: "+assets.Message(err))
		}
		if n.Cost, err = assets.ParseMoney(cost.Text, currency.Text); err != nil {
			errs = append(errs, "cost: "+assets.Message(err))
		}
		if len(errs) > 0 {
			s.ui.showError("The contract was not saved", fmt.Errorf("%s", strings.Join(errs, "; ")))
			return
		}
		store := s.store
		background(s.ui, func(ctx context.Context) (assets.Contract, error) {
			ids, err := tagsToIDs(ctx, store, tags.Text)
			if err != nil {
				return n, err
			}
			n.AssetIDs = ids
			switch mode {
			case formEdit:
				return n, store.UpdateContract(ctx, &n)
			case formRenew:
				return store.RenewContract(ctx, c.ID, func(next *assets.Contract) {
					next.Provider, next.Reference, next.Level, next.Kind, next.Notes = n.Provider, n.Reference, n.Level, n.Kind, n.Notes
					next.Start, next.End, next.Cost, next.AssetIDs = n.Start, n.End, n.Cost, n.AssetIDs
				})
			}
			return n, store.CreateContract(ctx, &n)
		}, func(saved assets.Contract, err error) {
			if ce := conflictOf(err); ce != nil {
				s.ui.showConflict(ce, func() { s.showForm(formEdit, *ce.Theirs.(*assets.Contract)) }, func(version int64) {
					n.Version = version
					s.saveContractOver(n)
				})
				return
			}
			if err != nil {
				s.ui.showError("The contract was not saved", err)
				return
			}
			s.ui.sayRecord(assets.Ref{Entity: "contract", ID: saved.ID}, "%s the contract %s (%s to %s).", verb, saved.Title(), dashIfEmpty(saved.Start.String()), saved.End)
			s.openRecord(saved.ID)
		})
	})
	d.Resize(fyne.NewSize(560, 600))
}

// saveContractOver saves n over a contract someone else saved since the
// form opened ("Save mine" in the conflict dialog; n names their version).
func (s *contractsScreen) saveContractOver(n assets.Contract) {
	store := s.store
	background(s.ui, func(ctx context.Context) (assets.Contract, error) {
		return n, store.UpdateContract(ctx, &n)
	}, func(saved assets.Contract, err error) {
		if ce := conflictOf(err); ce != nil {
			s.ui.showConflict(ce, func() { s.showForm(formEdit, *ce.Theirs.(*assets.Contract)) }, func(version int64) {
				n.Version = version
				s.saveContractOver(n)
			})
			return
		}
		if err != nil {
			s.ui.showError("The contract was not saved", err)
			return
		}
		s.ui.sayRecord(assets.Ref{Entity: "contract", ID: saved.ID}, "Saved the contract %s.", saved.Title())
		s.openRecord(saved.ID)
	})
}

// deleteSelected asks, then deletes the picked contract (also the Delete key).
func (s *contractsScreen) deleteSelected() {
	if s.current.ID == 0 {
		return
	}
	id := s.current.ID
	s.ui.confirmDelete(deletion{entity: "contract", id: id, noun: "contract",
		del:  func(ctx context.Context) error { return s.store.DeleteContract(ctx, id) },
		done: s.refresh})
}

// tagLookup finds assets by tag (tagsToIDs).
type tagLookup interface {
	AssetByTag(ctx context.Context, tag string) (assets.Asset, error)
}

// tagsToIDs resolves ";"- or ","-separated asset tags.
func tagsToIDs(ctx context.Context, st tagLookup, text string) ([]int64, error) {
	var ids []int64
	for _, t := range strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == ',' }) {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		a, err := st.AssetByTag(ctx, t)
		if err != nil {
			return nil, assets.Invalidf("assets", "no asset has the tag %s", t)
		}
		ids = append(ids, a.ID)
	}
	return ids, nil
}

// recordEntity: this screen opens contract alerts' records.
func (s *contractsScreen) recordEntity() string { return "contract" }

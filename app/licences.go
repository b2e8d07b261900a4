package app

import (
	"context"
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/secret"
)

// licencesStore is what the Licences screen reads and writes.
type licencesStore interface {
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	AssetByTag(ctx context.Context, tag string) (assets.Asset, error)
	AssignSeat(ctx context.Context, a *assets.SeatAssignment) error
	Assignments(ctx context.Context, licenceID int64) ([]assets.SeatAssignment, error)
	CreateLicence(ctx context.Context, l *assets.Licence) error
	DeleteLicence(ctx context.Context, id int64) error
	Installations(ctx context.Context, licenceID int64) ([]assets.InstalledSoftware, error)
	Licence(ctx context.Context, id int64) (assets.Licence, error)
	LicenceCompliance(ctx context.Context, id int64, asOf assets.Date, warnDays int) (assets.Compliance, error)
	ListLicences(ctx context.Context, q assets.LicenceQuery) ([]assets.LicenceStatus, error)
	PeopleEmails(ctx context.Context) (map[string]int64, error)
	UnassignSeat(ctx context.Context, assignmentID int64) error
	UpdateLicence(ctx context.Context, l *assets.Licence) error
}

// licencesScreen lists licences with their compliance and shows one
// licence's page: details, the key (masked until revealed), seats with
// assign/unassign, and the installations its patterns match.
type licencesScreen struct {
	ui     *UI
	store  licencesStore
	search *widget.Entry
	typ    *widget.Select
	filter *widget.Select
	table  *widget.Table
	status *widget.Label
	rows   []assets.LicenceStatus
	load   latest[[]assets.LicenceStatus] // the list query; a newer one drops the older (query.go)

	// the open licence
	current    assets.Licence
	compliance *widget.Label
	details    *widget.Label
	key        *widget.Label
	reveal     *widget.Button
	revealed   bool
	seats      []assets.SeatAssignment
	seatList   *widget.List
	installs   []assets.InstalledSoftware
	installLst *widget.List
	assignTo   *widget.Entry
	assign     *widget.Button
	edit       *widget.Button
	del        *widget.Button
	page       *fyne.Container
}

func newLicences(u *UI) *licencesScreen { return &licencesScreen{ui: u, store: u.svc.Store} }

func (s *licencesScreen) title() string       { return "Licences" }
func (s *licencesScreen) icon() fyne.Resource { return theme.DocumentIcon() }

var licenceFilters = []struct{ label, code string }{
	{"All", assets.LicenceFilterAll}, {"Short of seats", assets.LicenceFilterShortfall}, {"Unused seats", assets.LicenceFilterUnused},
	{"Expiring", assets.LicenceFilterExpiring}, {"Expired", assets.LicenceFilterExpired},
	{"Expired, in use", assets.LicenceFilterExpiredInUse},
}

var licenceHeaders = []string{"Product", "Vendor", "Type", "Bought", "Assigned", "Installed", "Short", "Unused", "Ends", "Term"}

func (s *licencesScreen) view() fyne.CanvasObject {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search product, vendor, edition, supplier")
	s.search.OnChanged = func(string) { s.refresh() }
	types := []string{"All types"}
	for _, t := range assets.LicenceTypes {
		types = append(types, t.Label())
	}
	s.typ = widget.NewSelect(types, func(string) { s.refresh() })
	s.typ.SetSelectedIndex(0)
	var filters []string
	for _, f := range licenceFilters {
		filters = append(filters, f.label)
	}
	s.filter = widget.NewSelect(filters, func(string) { s.refresh() })
	s.filter.SetSelectedIndex(0)
	s.status = widget.NewLabel("")
	s.table = textTable(licenceHeaders, []float32{200, 120, 100, 70, 80, 80, 60, 70, 100, 90},
		func() int { return len(s.rows) }, s.cell)
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.rows) {
			s.open(s.rows[id.Row].ID)
		}
	}
	newBtn := widget.NewButtonWithIcon("New licence", theme.ContentAddIcon(), func() { s.showForm(nil) })

	// Short lines, not wrapping: wrapped labels in a scroll get cut.
	s.compliance = widget.NewLabel("Pick a licence to see its seats.")
	s.details = widget.NewLabel("")
	s.details.Truncation = fyne.TextTruncateEllipsis
	s.key = widget.NewLabel("")
	s.reveal = widget.NewButtonWithIcon("Reveal", theme.VisibilityIcon(), s.toggleKey)
	s.seatList = widget.NewList(func() int { return len(s.seats) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon("Unassign", theme.ContentRemoveIcon(), nil), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			seat := s.seats[id]
			c.Objects[0].(*widget.Label).SetText(seat.Label + "  (since " + seat.Assigned.String() + ")")
			c.Objects[1].(*widget.Button).OnTapped = func() { s.unassign(seat) }
		})
	s.installLst = widget.NewList(func() int { return len(s.installs) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			x := s.installs[id]
			o.(*widget.Label).SetText(fmt.Sprintf("%s  %s %s  %s", x.AssetTag, x.Name, x.Version, x.Publisher))
		})
	s.assignTo = widget.NewEntry()
	s.assignTo.SetPlaceHolder("e-mail of a person or tag of an asset")
	s.assign = widget.NewButtonWithIcon("Assign seat", theme.ContentAddIcon(), s.assignSeat)
	s.edit = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() {
		l := s.current
		s.showForm(&l)
	})
	// The page scrolls as a whole; each list keeps a useful height in it.
	s.page = container.NewVBox(s.details, container.NewBorder(nil, nil, widget.NewLabel("Key:"), s.reveal, s.key), s.compliance,
		container.NewBorder(nil, nil, nil, s.assign, s.assignTo),
		widget.NewCard("", "Seats", sized(s.seatList, 220)),
		widget.NewCard("", "Installations found by inventory", sized(s.installLst, 160)))
	s.page.Hide()
	// The filter is wide enough for "Expired, in use" and "Short of seats".
	top := container.NewVBox(s.search, container.NewHBox(s.typ, container.New(fixedWidth{172}, s.filter), layout.NewSpacer(), newBtn))
	list := container.NewBorder(top, s.status, nil, nil, s.table)
	s.del = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), s.deleteSelected)
	s.ui.only(actEdit, newBtn, s.assign, s.assignTo, s.edit, s.del)
	right := container.NewBorder(container.NewHBox(layout.NewSpacer(), s.edit, s.del), nil, nil, nil, wheelVScroll(s.page))
	split := container.NewHSplit(list, right)
	split.Offset = 0.62
	s.refresh()
	return split
}

// sized gives a list a minimum height so it stays usable inside a scroll.
func sized(o fyne.CanvasObject, height float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(200, height))
	return container.NewStack(r, o)
}

func (s *licencesScreen) cell(r, c int) string {
	if r >= len(s.rows) {
		return ""
	}
	l := s.rows[r]
	cp := l.Compliance
	switch c {
	case 0:
		t := l.Product
		if l.Edition != "" {
			t += " " + l.Edition
		}
		return t
	case 1:
		return l.Vendor
	case 2:
		return l.Type.Label()
	case 3:
		if cp.Unlimited {
			return "site"
		}
		return strconv.Itoa(cp.Bought)
	case 4:
		return strconv.Itoa(cp.Assigned)
	case 5:
		return strconv.Itoa(cp.Installed)
	case 6:
		if cp.Shortfall > 0 {
			return strconv.Itoa(cp.Shortfall)
		}
		return ""
	case 7:
		return strconv.Itoa(cp.Unused)
	case 8:
		return cp.End.String()
	case 9:
		return termLabel(cp.Term)
	}
	return ""
}

func termLabel(t assets.TermState) string {
	switch t {
	case assets.TermExpiring:
		return "Expiring"
	case assets.TermExpired:
		return "Expired"
	case assets.TermActive:
		return "Active"
	}
	return "Perpetual"
}

func (s *licencesScreen) query() assets.LicenceQuery {
	q := assets.LicenceQuery{Search: s.search.Text, AsOf: s.ui.today()}
	if i := s.typ.SelectedIndex(); i > 0 {
		q.Type = assets.LicenceTypes[i-1]
	}
	if i := s.filter.SelectedIndex(); i > 0 {
		q.Filter = licenceFilters[i].code
	}
	return q
}

func (s *licencesScreen) refresh() {
	if s.table == nil {
		return
	}
	q := s.query()
	s.load.run(s.ui, func(ctx context.Context) ([]assets.LicenceStatus, error) {
		opt, err := s.store.AlertOptionsAt(ctx, q.AsOf)
		if err != nil {
			return nil, err
		}
		q.WarnDays = opt.Window()
		return s.store.ListLicences(ctx, q)
	}, func(rows []assets.LicenceStatus, err error) {
		if err != nil {
			s.ui.showError("Could not load the licences", err)
			return
		}
		s.rows = rows
		short := 0
		for _, r := range rows {
			if r.Compliance.Shortfall > 0 {
				short++
			}
		}
		s.status.SetText(fmt.Sprintf("%s, %d short of seats", assets.CountOf(len(rows), "licence", "licences"), short))
		s.table.Refresh()
		if s.current.ID != 0 {
			s.open(s.current.ID)
		}
	})
}

type licencePage struct {
	l        assets.Licence
	c        assets.Compliance
	seats    []assets.SeatAssignment
	installs []assets.InstalledSoftware
}

// openRecord shows licence id's page (from an alert or the list).
func (s *licencesScreen) openRecord(id int64) { s.open(id) }

// showFilter lists the licences one of the assets.LicenceFilter codes lets
// through, search and type cleared (the dashboard's licence tiles).
func (s *licencesScreen) showFilter(code string) {
	if s.table == nil {
		return
	}
	// Each change refreshes; only the last query's answer is shown.
	s.search.SetText("")
	s.typ.SetSelectedIndex(0)
	for i, f := range licenceFilters {
		if f.code == code {
			s.filter.SetSelectedIndex(i)
		}
	}
	s.refresh()
}

func (s *licencesScreen) open(id int64) {
	if s.page == nil {
		return
	}
	if id != s.current.ID {
		s.revealed = false
	}
	asOf := s.ui.today()
	background(s.ui, func(ctx context.Context) (licencePage, error) {
		var p licencePage
		var err error
		st := s.store
		if p.l, err = st.Licence(ctx, id); err != nil {
			return p, err
		}
		opt, err := st.AlertOptionsAt(ctx, asOf)
		if err != nil {
			return p, err
		}
		if p.c, err = st.LicenceCompliance(ctx, id, asOf, opt.Window()); err != nil {
			return p, err
		}
		if p.seats, err = st.Assignments(ctx, id); err != nil {
			return p, err
		}
		p.installs, err = st.Installations(ctx, id)
		return p, err
	}, func(p licencePage, err error) {
		if err != nil {
			s.ui.showError("Could not open the licence", err)
			return
		}
		s.current, s.seats, s.installs = p.l, p.seats, p.installs
		l := p.l
		var lines []string
		lines = append(lines, l.Title(), "Type: "+l.Type.Label())
		for _, kv := range [][2]string{{"Cost", l.Cost.String()}, {"Purchased", l.Purchase.String()}, {"Renewal", l.Renewal.String()},
			{"Expiry", l.Expiry.String()}, {"Renews", renewsText(l)}, {"Supplier", l.Supplier}, {"Contract", l.ContractRef}, {"Covers", coversLabel(l.Covers)}, {"Notes", l.Notes}} {
			if kv[1] != "" {
				lines = append(lines, kv[0]+": "+kv[1])
			}
		}
		s.details.SetText(strings.Join(lines, "\n"))
		s.compliance.SetText(complianceText(p.c))
		s.showKey()
		s.seatList.Refresh()
		s.installLst.Refresh()
		s.page.Show()
	})
}

func coversLabel(ps []assets.SoftwarePattern) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return strings.Join(out, "; ")
}

// complianceText is the licence's compliance in one paragraph.
func complianceText(c assets.Compliance) string {
	bought := strconv.Itoa(c.Bought)
	if c.Unlimited {
		bought = "site (unlimited)"
	}
	t := fmt.Sprintf("Seats bought %s · assigned %d · installed %d\nshortfall %d · unused %d", bought, c.Assigned, c.Installed, c.Shortfall, c.Unused)
	if len(c.Reasons) > 0 {
		t += "\n" + strings.Join(c.Reasons, "\n")
	} else {
		t += "\nCompliant."
	}
	return t
}

// showKey shows the key masked unless the person asked to reveal it. The
// key is only ever put in this label: never logged, never in errors.
func (s *licencesScreen) showKey() {
	switch {
	case s.current.Key == "":
		s.key.SetText("(none recorded)")
		s.reveal.Disable()
	case s.revealed:
		s.key.SetText(s.current.Key)
		s.reveal.SetText("Hide")
		s.reveal.Enable()
	case secret.IsSealed(s.current.Key):
		s.key.SetText("•••• (encrypted)")
		s.reveal.SetText("Reveal")
		s.reveal.Enable()
	default:
		s.key.SetText(assets.MaskKey(s.current.Key))
		s.reveal.SetText("Reveal")
		s.reveal.Enable()
	}
}

func (s *licencesScreen) toggleKey() {
	if !s.revealed && secret.IsSealed(s.current.Key) {
		// Encrypted at rest: ask for the passphrase (once per session),
		// then read the licence again, now in plain text.
		id := s.current.ID
		s.ui.unlockKeys(func() {
			s.revealed = true
			s.open(id)
		})
		return
	}
	s.revealed = !s.revealed
	s.showKey()
}

// assignSeat gives a seat to the person (e-mail) or asset (tag) typed.
func (s *licencesScreen) assignSeat() {
	who := strings.TrimSpace(s.assignTo.Text)
	if who == "" || s.current.ID == 0 {
		return
	}
	licence := s.current.ID
	background(s.ui, func(ctx context.Context) (struct{}, error) {
		st := s.store
		seat := assets.SeatAssignment{LicenceID: licence, Assigned: s.ui.today()}
		if strings.Contains(who, "@") {
			people, err := st.PeopleEmails(ctx)
			if err != nil {
				return struct{}{}, err
			}
			id, ok := people[strings.ToLower(who)]
			if !ok {
				return struct{}{}, assets.NotFoundf("nobody with e-mail %s is in the register", who)
			}
			seat.PersonID = id
		} else {
			a, err := st.AssetByTag(ctx, who)
			if err != nil {
				return struct{}{}, assets.NotFoundf("no asset has the tag %s", who)
			}
			seat.AssetID = a.ID
		}
		return struct{}{}, st.AssignSeat(ctx, &seat)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.ui.showError("Could not assign the seat", err)
			return
		}
		s.assignTo.SetText("")
		s.refresh()
	})
}

func (s *licencesScreen) unassign(seat assets.SeatAssignment) {
	s.ui.showConfirm("Unassign seat", "Take the seat back from "+seat.Label+"?", "Unassign", false, func() {
		s.unassignNow(seat.ID)
	})
}

func (s *licencesScreen) unassignNow(id int64) {
	background(s.ui, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.store.UnassignSeat(ctx, id)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.ui.showError("Could not unassign the seat", err)
			return
		}
		s.refresh()
	})
}

// showForm creates a licence (l nil) or edits l.
func (s *licencesScreen) showForm(l *assets.Licence) {
	editing := l != nil
	if l == nil {
		l = &assets.Licence{Type: assets.LicencePerSeat, Seats: 1}
	}
	product := formEntry(l.Product, "Microsoft 365 Business Standard")
	vendor := formEntry(l.Vendor, "Microsoft")
	edition := formEntry(l.Edition, "")
	key := formPassword("")
	key.SetText(l.Key)
	var typeLabels []string
	for _, t := range assets.LicenceTypes {
		typeLabels = append(typeLabels, t.Label())
	}
	typ := formSelect(typeLabels, nil)
	typ.SetSelected(l.Type.Label())
	seats := formEntry(strconv.Itoa(l.Seats), "")
	cost := formEntry(amountText(l.Cost), "0.00")
	currency := formEntry(l.Cost.Currency, "EUR")
	purchase := formEntry(l.Purchase.String(), "YYYY-MM-DD")
	renewal := formEntry(l.Renewal.String(), "YYYY-MM-DD")
	expiry := formEntry(l.Expiry.String(), "YYYY-MM-DD")
	supplier := formEntry(l.Supplier, "")
	contract := formEntry(l.ContractRef, "")
	covers := formEntry(coversCell(l.Covers), "Microsoft Office*; Visio*|Microsoft*")
	renews := formCheck("Renews at its end (the budget plans the renewal)", nil)
	renews.SetChecked(!l.NoRenew)
	term := formEntry(termText(l.TermMonths), "12 for a subscription")
	items := []*widget.FormItem{
		widget.NewFormItem("Product", product), widget.NewFormItem("Vendor", vendor), widget.NewFormItem("Edition", edition),
		widget.NewFormItem("Key", key), widget.NewFormItem("Type", typ), widget.NewFormItem("Seats", seats),
		widget.NewFormItem("Cost", cost), widget.NewFormItem("Currency", currency), widget.NewFormItem("Purchased", purchase),
		widget.NewFormItem("Renewal", renewal), widget.NewFormItem("Expiry", expiry), widget.NewFormItem("Supplier", supplier),
		widget.NewFormItem("Contract ref.", contract), widget.NewFormItem("Covers software", covers),
		widget.NewFormItem("Renewal", renews), widget.NewFormItem("Term (months)", term),
	}
	title := "New licence"
	if editing {
		title = "Edit licence"
	}
	d := dialog.NewForm(title, "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		n := *l
		var errs []string
		n.Product, n.Vendor, n.Edition, n.Key = product.Text, vendor.Text, edition.Text, key.Text
		n.Type = assets.LicenceTypes[max(typ.SelectedIndex(), 0)]
		var err error
		if n.Seats, err = strconv.Atoi(strings.TrimSpace(seats.Text)); err != nil && strings.TrimSpace(seats.Text) != "" {
			errs = append(errs, "seats: write a whole number")
		}
		if n.Cost, err = assets.ParseMoney(cost.Text, currency.Text); err != nil {
			errs = append(errs, "cost: "+assets.Message(err))
		}
		for _, f := range []struct {
			name string
			e    *dialogEntry
			dst  *assets.Date
		}{{"purchased", purchase, &n.Purchase}, {"renewal", renewal, &n.Renewal}, {"expiry", expiry, &n.Expiry}} {
			if *f.dst, err = assets.ParseDate(f.e.Text); err != nil {
				errs = append(errs, f.name+": "+assets.Message(err))
			}
		}
		n.Supplier, n.ContractRef = supplier.Text, contract.Text
		n.Covers = parseCoversCell(covers.Text)
		n.NoRenew = !renews.Checked
		n.TermMonths = 0
		if t := strings.TrimSpace(term.Text); t != "" {
			if n.TermMonths, err = strconv.Atoi(t); err != nil {
				errs = append(errs, "term: write a whole number of months")
			}
		}
		if len(errs) > 0 {
			s.ui.showError("The licence was not saved", fmt.Errorf("%s", strings.Join(errs, "; ")))
			return
		}
		s.saveLicence(n, editing)
	}, s.ui.win)
	d.Resize(fyne.NewSize(560, 640))
	s.ui.showKeyedForm(d, items)
}

// saveLicence saves n from the form; a conflict (someone else saved the
// licence since the form opened) offers to reopen the form with theirs or
// to save n over theirs.
func (s *licencesScreen) saveLicence(n assets.Licence, editing bool) {
	background(s.ui, func(ctx context.Context) (int64, error) {
		if editing {
			return n.ID, s.store.UpdateLicence(ctx, &n)
		}
		return n.ID, s.store.CreateLicence(ctx, &n)
	}, func(id int64, err error) {
		if ce := conflictOf(err); ce != nil {
			s.ui.showConflict(ce, func() { s.showForm(ce.Theirs.(*assets.Licence)) }, func(version int64) {
				n.Version = version
				s.saveLicence(n, editing)
			})
			return
		}
		if err != nil {
			s.ui.showError("The licence was not saved", err)
			return
		}
		s.current.ID = n.ID
		s.ui.sayRecord(assets.Ref{Entity: "licence", ID: n.ID}, "Saved the licence %s.", n.Product)
		s.refresh()
	})
}

func termText(months int) string {
	if months == 0 {
		return ""
	}
	return strconv.Itoa(months)
}

// renewsText says how the budget renews a licence.
func renewsText(l assets.Licence) string {
	switch {
	case l.NoRenew:
		return "no (marked as not renewing)"
	case l.TermMonths > 0:
		return "yes, " + assets.Every(l.TermMonths, "month", "months")
	}
	return "yes"
}

func amountText(m assets.Money) string {
	if m.Minor == 0 {
		return ""
	}
	return m.Amount()
}

func coversCell(ps []assets.SoftwarePattern) string {
	var out []string
	for _, p := range ps {
		if p.Publisher != "" {
			out = append(out, p.Name+"|"+p.Publisher)
		} else {
			out = append(out, p.Name)
		}
	}
	return strings.Join(out, "; ")
}

func parseCoversCell(s string) []assets.SoftwarePattern {
	var out []assets.SoftwarePattern
	for _, part := range strings.Split(s, ";") {
		name, pub, _ := strings.Cut(part, "|")
		if strings.TrimSpace(name) != "" {
			out = append(out, assets.SoftwarePattern{Name: strings.TrimSpace(name), Publisher: strings.TrimSpace(pub)})
		}
	}
	return out
}

// deleteSelected asks, then deletes the open licence with its seat
// assignments (also the Delete key).
func (s *licencesScreen) deleteSelected() {
	id := s.current.ID
	if id == 0 || s.page == nil || !s.page.Visible() {
		return
	}
	s.ui.confirmDelete(deletion{entity: "licence", id: id, noun: "licence",
		del: func(ctx context.Context) error { return s.store.DeleteLicence(ctx, id) },
		done: func() {
			s.current = assets.Licence{}
			s.page.Hide()
			s.table.UnselectAll()
			s.refresh()
		}})
}

// recordEntity: this screen opens licence alerts' records.
func (s *licencesScreen) recordEntity() string { return "licence" }

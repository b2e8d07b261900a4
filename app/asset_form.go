package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// assetFormStore is what the asset form reads and saves.
type assetFormStore interface {
	CreateAsset(ctx context.Context, a *assets.Asset) error
	People(ctx context.Context, text string, limit int) ([]assets.Person, error)
	UpdateAsset(ctx context.Context, a *assets.Asset) error
}

// assetForm is the add / edit dialog of the assets screen. It shows every
// problem next to the field at fault, as the domain and the store report
// them, and stays open until the asset is saved or the person cancels.
type assetForm struct {
	s     *assetsScreen
	asset assets.Asset // the record as loaded (ID 0 for a new one)
	dlg   *dialog.CustomDialog

	tag, name, manufacturer, model, serial, purchase, cost, currency *dialogEntry
	supplier, os, hostname, mac, notes                               *dialogEntry
	category, location, assigned                                     *dialogSelectEntry
	status                                                           *dialogSelect

	labelWidth float32 // the widest field label so far (column)

	errs    map[string]*widget.Label // field -> its error line
	general *widget.Label            // problems not tied to one field
	content *fyne.Container
	save    *widget.Button
	people  map[string]int64 // "Name <email>" -> person ID, for the assigned field
	offered []string         // the people the assigned field offers now

	// search runs the people search; a newer one drops the older (query.go).
	search latest[[]assets.Person]
}

func (s *assetsScreen) openForm(a assets.Asset) {
	if s.form != nil {
		return
	}
	f := &assetForm{s: s, asset: a, errs: map[string]*widget.Label{}, people: map[string]int64{}}
	s.form = f
	title := "New asset"
	if a.ID != 0 {
		title = "Edit " + a.Tag
	}
	content := f.build()
	f.dlg = dialog.NewCustomWithoutButtons(title, content, s.ui.win)
	f.dlg.SetOnClosed(func() { s.form = nil })
	f.dlg.Resize(fyne.NewSize(900, 600))
	s.ui.showKeyed(f.dlg, content, f.submit)
	s.ui.win.Canvas().Focus(f.name)
	f.searchPeople("")
}

func (f *assetForm) build() fyne.CanvasObject {
	a := f.asset
	entry := formEntry
	f.tag = entry(a.Tag, "generated when empty, e.g. ST-000123")
	f.name = entry(a.Name, "e.g. Dell Latitude 5440") // the holder has a field of their own
	var catLabels []string
	for _, c := range f.s.categories {
		catLabels = append(catLabels, c.Label)
	}
	f.category = formSelectEntry(catLabels)
	f.category.SetPlaceHolder("choose or type a new one")
	f.category.SetText(categoryLabel(a.Category))
	var statusLabels []string
	for _, st := range assets.Statuses {
		statusLabels = append(statusLabels, st.Label())
	}
	f.status = formSelect(statusLabels, nil)
	f.status.SetSelected(a.Status.Label())
	f.manufacturer = entry(a.Manufacturer, "e.g. Dell")
	f.model = entry(a.Model, "e.g. Latitude 5440")
	f.serial = entry(a.Serial, "")
	purchase := ""
	if !a.PurchaseDate.IsZero() {
		purchase = a.PurchaseDate.String()
	}
	f.purchase = entry(purchase, "YYYY-MM-DD")
	f.location = formSelectEntry(f.s.locations)
	f.location.SetText(a.Location)
	f.location.SetPlaceHolder("choose or type")
	f.assigned = formSelectEntry(nil)
	f.assigned.SetPlaceHolder("type a name to search")
	if a.AssignedTo != 0 {
		label := a.AssignedName
		f.people[label] = a.AssignedTo
		f.assigned.SetText(label)
	}
	f.assigned.OnChanged = func(text string) {
		if _, known := f.people[text]; !known {
			f.searchPeople(text)
		}
	}
	cost := ""
	if a.Cost.Minor != 0 {
		cost = a.Cost.Amount()
	}
	f.cost = entry(cost, "e.g. 1249.00")
	cur := a.Cost.Currency
	if a.ID == 0 && cur == "" {
		cur = f.s.ui.prefs.Currency // Settings: default currency for new assets
	}
	f.currency = entry(cur, "EUR")
	f.supplier = entry(a.Supplier, "")
	f.os = entry(a.OS, "e.g. Windows 11 Pro 23H2")
	f.hostname = entry(a.HostName, "")
	f.mac = entry(a.MAC, "aa:bb:cc:dd:ee:ff")
	f.notes = formNote(a.Notes, "")
	f.notes.SetMinRowsVisible(2)
	f.notes.Wrapping = fyne.TextWrapWord

	costRow := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(72, f.currency.MinSize().Height), f.currency), f.cost)
	left := f.column(
		f.item("Name *", "name", f.name),
		f.item("Category *", "category", f.category),
		f.item("Status", "status", f.status),
		f.item("Tag", "tag", f.tag),
		f.item("Manufacturer", "manufacturer", f.manufacturer),
		f.item("Model", "model", f.model),
		f.item("Serial", "serial", f.serial),
		f.item("OS", "os", f.os),
	)
	right := f.column(
		f.item("Location", "location", f.location),
		f.item("Assigned to", "assigned_to", f.assigned),
		f.item("Purchased", "purchase_date", f.purchase),
		f.item("Cost", "cost", costRow, "currency"),
		f.item("Supplier", "supplier", f.supplier),
		f.item("Host name", "hostname", f.hostname),
		f.item("MAC", "mac", f.mac),
	)
	// Notes spans both columns; its label is as wide as the left column's so
	// that the field starts where the fields above it do.
	notes := f.column(f.item("Notes", "notes", f.notes))

	f.general = widget.NewLabel("")
	f.general.Importance = widget.DangerImportance
	f.general.Wrapping = fyne.TextWrapWord
	f.general.Hide()
	f.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { f.dlg.Hide() })
	buttons := container.NewHBox(layout.NewSpacer(), cancel, f.save)
	body := container.NewVBox(container.NewGridWithColumns(2, left, right), notes)
	f.content = container.NewBorder(f.general, buttons, nil, nil, wheelVScroll(body))
	return f.content
}

type formItem struct {
	label  string
	widget fyne.CanvasObject
}

// item is one labelled field with its error line under it; extra names
// further fields whose errors show on the same line (cost and currency).
func (f *assetForm) item(label, field string, w fyne.CanvasObject, extra ...string) formItem {
	e := widget.NewLabel("")
	e.Importance = widget.DangerImportance
	e.Wrapping = fyne.TextWrapWord
	e.SizeName = theme.SizeNameCaptionText
	e.Hide()
	for _, k := range append([]string{field}, extra...) {
		f.errs[k] = e
	}
	return formItem{label, container.NewVBox(w, e)}
}

// column lays items out as a form. Every column's labels are at least as
// wide as the widest label of the columns made before it.
func (f *assetForm) column(items ...formItem) fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, it := range items {
		l := widget.NewLabelWithStyle(it.label, fyne.TextAlignTrailing, fyne.TextStyle{})
		f.labelWidth = max(f.labelWidth, l.MinSize().Width)
		objs = append(objs, container.New(minWidth{&f.labelWidth}, l), it.widget)
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// minWidth stacks its objects at the top, at least *w wide.
type minWidth struct{ w *float32 }

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Width = max(s.Width, *m.w)
	return s
}

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
	}
}

// searchPeople offers the people whose name, e-mail or department match.
func (f *assetForm) searchPeople(text string) {
	store := f.s.store
	f.search.run(f.s.ui, func(ctx context.Context) ([]assets.Person, error) {
		return store.People(ctx, text, 30)
	}, func(ps []assets.Person, err error) {
		if f.s.form != f {
			return
		}
		if err != nil {
			f.showErrors(err)
			return
		}
		opts := make([]string, 0, len(ps))
		for _, p := range ps {
			label := personOption(p)
			f.people[label] = p.ID
			opts = append(opts, label)
		}
		f.offered = opts
		f.assigned.SetOptions(opts)
	})
}

func personOption(p assets.Person) string { return p.Subject() }

// collect reads the fields into an asset, with the problems it could not
// parse keyed by field.
func (f *assetForm) collect() (assets.Asset, assets.ValidationErrors) {
	a := f.asset
	var errs assets.ValidationErrors
	a.Tag, a.Name = f.tag.Text, f.name.Text
	a.Category = f.category.Text
	for _, c := range f.s.categories {
		if strings.EqualFold(c.Label, strings.TrimSpace(a.Category)) {
			a.Category = c.Name
		}
	}
	for _, st := range assets.Statuses {
		if st.Label() == f.status.Selected {
			a.Status = st
		}
	}
	a.Manufacturer, a.Model, a.Serial = f.manufacturer.Text, f.model.Text, f.serial.Text
	a.Location, a.Supplier, a.OS = f.location.Text, f.supplier.Text, f.os.Text
	a.HostName, a.MAC, a.Notes = f.hostname.Text, f.mac.Text, f.notes.Text
	var err error
	if a.PurchaseDate, err = assets.ParseDate(f.purchase.Text); err != nil {
		errs = append(errs, assets.Invalidf("purchase_date", "%v", err))
	}
	if a.Cost, err = assets.ParseMoney(f.cost.Text, f.currency.Text); err != nil {
		errs = append(errs, assets.Invalidf("cost", "%v", err))
	}
	who := strings.TrimSpace(f.assigned.Text)
	a.AssignedTo, a.AssignedName = 0, ""
	if who != "" {
		id, ok := f.people[who]
		if !ok {
			errs = append(errs, assets.Invalidf("assigned_to", "choose a person from the list (type part of a name to search)"))
		}
		a.AssignedTo = id
		a.AssignedName, _, _ = strings.Cut(who, " <")
	}
	return a, errs
}

// submit validates and saves; the dialog closes only when the save worked.
func (f *assetForm) submit() {
	a, errs := f.collect()
	check := a
	check.Normalize()
	if err := check.Validate(); err != nil {
		var v assets.ValidationErrors
		if errors.As(err, &v) {
			errs = append(errs, v...)
		} else {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		f.showErrors(errs)
		return
	}
	f.save.Disable()
	store := f.s.store
	isNew := a.ID == 0
	background(f.s.ui, func(ctx context.Context) (assets.Asset, error) {
		if a.ID == 0 {
			return a, store.CreateAsset(ctx, &a)
		}
		return a, store.UpdateAsset(ctx, &a)
	}, func(saved assets.Asset, err error) {
		f.save.Enable()
		if ce := conflictOf(err); ce != nil {
			f.s.ui.showConflict(ce, func() { f.load(ce.Theirs.(assets.Asset)) }, func(version int64) {
				f.asset.Version = version
				f.submit()
			})
			return
		}
		if err != nil {
			f.showErrors(err)
			return
		}
		f.dlg.Hide()
		f.s.ui.sayRecord(assets.Ref{Entity: "asset", ID: saved.ID}, "Saved %s %s.", saved.Tag, saved.Name)
		if isNew {
			// A new asset sorts anywhere and may not match the filters:
			// show it, as its link would (and count it, and its category).
			f.s.loadLookups()
			f.s.openRecord(saved.ID)
			return
		}
		f.s.selectedID = saved.ID
		f.s.refresh()
	})
}

// load puts a into the form as if it had been opened with it: the record
// as stored now, after a conflict ("Keep theirs").
func (f *assetForm) load(a assets.Asset) {
	f.asset = a
	f.tag.SetText(a.Tag)
	f.name.SetText(a.Name)
	f.category.SetText(categoryLabel(a.Category))
	f.status.SetSelected(a.Status.Label())
	f.manufacturer.SetText(a.Manufacturer)
	f.model.SetText(a.Model)
	f.serial.SetText(a.Serial)
	f.purchase.SetText("")
	if !a.PurchaseDate.IsZero() {
		f.purchase.SetText(a.PurchaseDate.String())
	}
	f.location.SetText(a.Location)
	if a.AssignedTo != 0 {
		f.people[a.AssignedName] = a.AssignedTo
	}
	f.assigned.SetText(a.AssignedName)
	f.cost.SetText("")
	if a.Cost.Minor != 0 {
		f.cost.SetText(a.Cost.Amount())
	}
	f.currency.SetText(a.Cost.Currency)
	f.supplier.SetText(a.Supplier)
	f.os.SetText(a.OS)
	f.hostname.SetText(a.HostName)
	f.mac.SetText(a.MAC)
	f.notes.SetText(a.Notes)
	f.showErrors(assets.ValidationErrors{})
	f.s.ui.say("Reloaded %s as saved by someone else.", a.Tag)
}

// showErrors puts each problem next to its field; the rest go on top.
func (f *assetForm) showErrors(err error) {
	for _, l := range f.errs {
		l.SetText("")
		l.Hide()
	}
	var general []string
	var list []error
	var v assets.ValidationErrors
	if errors.As(err, &v) {
		list = v
	} else {
		list = []error{err}
	}
	for _, e := range list {
		var de *assets.Error
		if errors.As(e, &de) && de.Field != "" && f.errs[de.Field] != nil {
			l := f.errs[de.Field]
			msg := upperFirst(de.Msg)
			if l.Text != "" {
				msg = l.Text + "; " + de.Msg
			}
			l.SetText(msg)
			l.Show()
			continue
		}
		if errors.As(e, &de) {
			general = append(general, upperFirst(de.Error()))
		} else {
			general = append(general, "Could not save: "+e.Error())
		}
	}
	if len(general) > 0 {
		f.general.SetText(strings.Join(general, "\n"))
		f.general.Show()
	} else {
		f.general.Hide()
	}
	// Error lines change the rows' heights: lay the form out again.
	refreshTree(f.content)
}

// refreshTree lays out a container and every container inside it.
func refreshTree(o fyne.CanvasObject) {
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			refreshTree(child)
		}
		c.Refresh()
		return
	}
	if s, ok := o.(*container.Scroll); ok {
		refreshTree(s.Content)
		s.Refresh()
	}
	if w, ok := o.(*wheelScroll); ok {
		refreshTree(w.scroll)
	}
}

// fieldError is the error shown next to field ("" when none), for tests.
func (f *assetForm) fieldError(field string) string {
	if l := f.errs[field]; l != nil && l.Visible() {
		return l.Text
	}
	return ""
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

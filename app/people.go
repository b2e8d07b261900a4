package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// peopleStore is what the People screen reads and writes.
type peopleStore interface {
	AssetByTag(ctx context.Context, tag string) (assets.Asset, error)
	CheckInAsset(ctx context.Context, c assets.CheckIn) (assets.Handover, error)
	CheckOutAsset(ctx context.Context, c assets.CheckOut) (assets.Handover, error)
	CreatePerson(ctx context.Context, p *assets.Person) error
	DeletePerson(ctx context.Context, id int64) error
	DeleteTrainingRecord(ctx context.Context, id int64) error
	Departments(ctx context.Context) ([]string, error)
	FindPeople(ctx context.Context, f assets.PeopleFilter) ([]assets.PersonRow, error)
	Leavers(ctx context.Context, asOf assets.Date) ([]assets.Leaver, error)
	OverdueCounts(ctx context.Context, asOf assets.Date) (map[int64]int, error)
	PersonByEmail(ctx context.Context, email string) (assets.Person, error)
	PersonFile(ctx context.Context, id int64, asOf assets.Date, warnDays int) (assets.PersonFile, error)
	TrainingRecords(ctx context.Context, personID int64) ([]assets.TrainingRecord, error)
	UpdatePerson(ctx context.Context, p *assets.Person) error
	UpdateTrainingRecord(ctx context.Context, r *assets.TrainingRecord) error
}

// peopleScreen lists people (search, department and status filters) and
// shows one person's page: what they hold, their training and their flags,
// with check-out and check-in of assets.
type peopleScreen struct {
	ui    *UI
	store peopleStore

	search *widget.Entry
	dept   *widget.Select
	status *widget.Select
	// leavers keeps only leavers still holding equipment (the dashboard's
	// "Leavers with equipment" tile ticks it).
	leavers *widget.Check
	count   *widget.Label
	list    *widget.List

	rows    []assets.PersonRow
	overdue map[int64]int
	risk    map[int64]bool
	load    latest[peopleData] // the list query; a newer one drops the older (query.go)

	selected int64
	file     assets.PersonFile
	page     *fyne.Container
	heading  *widget.Label
	info     *widget.Label
	flags    *widget.Label
	held     *widget.List
	seats    *widget.Label
	training *widget.Label
	handover *widget.Label
	actions  *fyne.Container
	// checkInAll checks in everything the person holds (people_handover.go).
	checkInAll *widget.Button
}

func newPeopleScreen(u *UI) *peopleScreen { return &peopleScreen{ui: u, store: u.svc.Store} }

func (p *peopleScreen) title() string { return "People" }

func (p *peopleScreen) icon() fyne.Resource { return theme.AccountIcon() }

const anyDepartment, anyStatus = "All departments", "All statuses"

func (p *peopleScreen) view() fyne.CanvasObject {
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder("Search name, e-mail, title, location")
	p.search.OnChanged = func(string) { p.reload(false) }
	p.dept = widget.NewSelect([]string{anyDepartment}, func(string) { p.reload(false) })
	p.dept.SetSelected(anyDepartment)
	statuses := []string{anyStatus}
	for _, st := range assets.PersonStatuses {
		statuses = append(statuses, st.Label())
	}
	p.status = widget.NewSelect(statuses, func(string) { p.reload(false) })
	p.status.SetSelected(anyStatus)
	p.leavers = widget.NewCheck("Only leavers holding equipment", func(bool) { p.reload(false) })
	p.count = widget.NewLabel("")
	add := widget.NewButtonWithIcon("New person", theme.ContentAddIcon(), func() { p.showForm(assets.Person{}) })
	p.ui.only(actEdit, add)

	p.list = widget.NewList(
		func() int { return len(p.rows) },
		func() fyne.CanvasObject {
			name, flags := widget.NewLabel("Name — Department"), widget.NewLabel("flags")
			name.Truncation, flags.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
			return container.NewGridWithColumns(2, name, flags)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.rows) {
				return
			}
			r := p.rows[id]
			box := o.(*fyne.Container)
			text := r.Name
			if r.Department != "" {
				text += " — " + r.Department
			}
			if r.Status != assets.PersonActive {
				text += " (" + r.Status.Label() + ")"
			}
			box.Objects[0].(*widget.Label).SetText(text)
			box.Objects[1].(*widget.Label).SetText(p.rowFlags(r))
		},
	)
	p.list.OnSelected = func(id widget.ListItemID) {
		if id < len(p.rows) {
			p.open(p.rows[id].ID)
		}
	}

	p.heading = widget.NewLabelWithStyle("Choose a person", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.info = widget.NewLabel("")
	p.flags = widget.NewLabel("")
	p.flags.Importance = widget.DangerImportance
	p.held = widget.NewList(
		func() int { return len(p.file.Assets) },
		newHeldRow, // two lines: what, and since when / due back (people_handover.go)
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.file.Assets) {
				return
			}
			a := p.file.Assets[id]
			box := o.(*fyne.Container)
			p.fillHeldRow(a, box.Objects[0].(*fyne.Container))
			box.Objects[1].(*widget.Button).OnTapped = func() { p.showCheckIn(a) }
		},
	)
	p.seats = widget.NewLabel("")
	// Multi-line labels without wrapping: wrapped labels in a scroller
	// report one line's height and overlap what follows.
	p.training = widget.NewLabel("")
	p.handover = widget.NewLabel("")
	// Two rows: one row of four is wider than the page at 1024 wide.
	p.actions = container.NewVBox(
		container.NewHBox(
			p.ui.editOnly(widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { p.showForm(p.file.Person) })),
			p.ui.editOnly(widget.NewButtonWithIcon("Check out assets…", theme.LoginIcon(), p.showCheckOut))),
		container.NewHBox(
			widget.NewButtonWithIcon("Training records…", theme.ListIcon(), p.showTrainingRecords),
			p.ui.editOnly(widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), p.deleteSelected))),
	)
	p.actions.Hide()
	heldBox := container.New(fixedHeight{220}, p.held) // as wide as the page: the Check in buttons stay in sight
	p.page = container.NewVBox(p.heading, p.info, p.flags, p.actions,
		widget.NewCard("Holds", "", container.NewVBox(heldBox, p.seats, container.NewHBox(p.checkInAllButton()))),
		widget.NewCard("Training", "", p.training),
		widget.NewCard("Hand-overs", "", p.handover))

	filters := container.NewVBox(p.search, container.NewHBox(p.dept, p.status, layout.NewSpacer(), add), p.leavers)
	left := container.NewBorder(filters, p.count, nil, nil, p.list)
	split := container.NewHSplit(left, wheelOver(container.NewScroll(p.page)))
	split.Offset = 0.42
	p.refresh()
	return split
}

func (p *peopleScreen) rowFlags(r assets.PersonRow) string {
	var f []string
	if p.risk[r.ID] {
		f = append(f, "⚠ leaver holding equipment")
	}
	if n := p.overdue[r.ID]; n > 0 {
		f = append(f, fmt.Sprintf("%d overdue", n))
	}
	switch r.AssetsHeld {
	case 0:
	case 1:
		f = append(f, "1 asset")
	default:
		f = append(f, fmt.Sprintf("%d assets", r.AssetsHeld))
	}
	return strings.Join(f, " · ")
}

type peopleData struct {
	rows    []assets.PersonRow
	depts   []string
	overdue map[int64]int
	risk    map[int64]bool
}

func (p *peopleScreen) filter() assets.PeopleFilter {
	f := assets.PeopleFilter{Text: p.search.Text}
	if d := p.dept.Selected; d != anyDepartment {
		f.Department = d
	}
	for _, st := range assets.PersonStatuses {
		if st.Label() == p.status.Selected {
			f.Status = st
		}
	}
	return f
}

// reload runs the list query in the background; only the latest answer is
// shown. With flags it also recomputes the overdue and leaver flags (a
// compliance pass over everyone), which typing in the search box does not.
func (p *peopleScreen) reload(flags bool) {
	if p.list == nil {
		return
	}
	f := p.filter()
	asOf := asOfDay(p.ui)
	onlyLeavers := p.leavers.Checked
	flags = flags || p.overdue == nil || onlyLeavers // the leavers filter needs today's flags
	p.load.run(p.ui, func(ctx context.Context) (peopleData, error) {
		var d peopleData
		var err error
		if d.rows, err = p.store.FindPeople(ctx, f); err != nil {
			return d, err
		}
		if d.depts, err = p.store.Departments(ctx); err != nil || !flags {
			return d, err
		}
		if d.overdue, err = p.store.OverdueCounts(ctx, asOf); err != nil {
			return d, err
		}
		leavers, err := p.store.Leavers(ctx, asOf)
		d.risk = map[int64]bool{}
		for _, l := range leavers {
			d.risk[l.Person.ID] = true
		}
		if onlyLeavers {
			d.rows = slices.DeleteFunc(d.rows, func(r assets.PersonRow) bool { return !d.risk[r.ID] })
		}
		return d, err
	}, func(d peopleData, err error) {
		if err != nil {
			p.ui.showError("Could not load people", err)
			return
		}
		p.rows = d.rows
		if d.overdue != nil {
			p.overdue, p.risk = d.overdue, d.risk
		}
		p.dept.Options = append([]string{anyDepartment}, d.depts...)
		p.count.SetText(assets.CountOf(len(p.rows), "person", "people"))
		p.list.UnselectAll()
		p.list.Refresh()
	})
}

// showLeavers lists only the leavers still holding equipment, every other
// filter cleared (the dashboard's "Leavers with equipment" tile).
func (p *peopleScreen) showLeavers() {
	if p.list == nil {
		return
	}
	// Each change reloads; only the last query's answer is shown.
	p.search.SetText("")
	p.dept.SetSelected(anyDepartment)
	p.status.SetSelected(anyStatus)
	p.leavers.SetChecked(true)
	p.reload(true)
}

func (p *peopleScreen) refresh() {
	p.reload(true)
	if p.selected != 0 {
		p.open(p.selected)
	}
}

// open loads and shows one person's page.
func (p *peopleScreen) open(id int64) {
	p.selected = id
	asOf := asOfDay(p.ui)
	background(p.ui, func(ctx context.Context) (assets.PersonFile, error) {
		return p.store.PersonFile(ctx, id, asOf, assets.DefaultWarnDays)
	}, func(f assets.PersonFile, err error) {
		if err != nil {
			p.ui.showError("Could not open this person", err)
			return
		}
		if f.Person.ID != p.selected {
			return
		}
		p.show(f)
	})
}

func (p *peopleScreen) show(f assets.PersonFile) {
	p.file = f
	pp := f.Person
	p.heading.SetText(pp.Name)
	lines := []string{pp.Email}
	add := func(label, v string) {
		if v != "" {
			lines = append(lines, label+": "+v)
		}
	}
	add("Department", pp.Department)
	add("Title", pp.Title)
	add("Location", pp.Location)
	add("Manager", f.Manager)
	add("Started", pp.StartDate.String())
	add("Leaves", pp.LeaveDate.String())
	add("Status", pp.Status.Label())
	p.info.SetText(strings.Join(lines, "\n"))
	if len(f.Flags) == 0 {
		p.flags.SetText("No flags.")
		p.flags.Importance = widget.SuccessImportance
	} else {
		p.flags.SetText(strings.Join(f.Flags, "\n"))
		p.flags.Importance = widget.DangerImportance
	}
	p.flags.Refresh()
	p.held.Refresh()
	p.showCheckInAll()
	switch len(f.Assets) {
	case 0:
		p.seats.SetText("No assets.")
	case 1:
		p.seats.SetText("1 asset.")
	default:
		p.seats.SetText(fmt.Sprintf("%d assets.", len(f.Assets)))
	}
	if len(f.Seats) > 0 {
		var s []string
		for _, x := range f.Seats {
			s = append(s, x.Licence)
		}
		p.seats.SetText(p.seats.Text + " Licence seats: " + strings.Join(s, ", "))
	}
	var t []string
	for _, cs := range f.Training {
		line := cs.Course.Name + ": " + cs.State.String()
		if cs.Latest != nil {
			line += " (done " + cs.Latest.CompletedOn.String()
			if !cs.Latest.ExpiresOn.IsZero() {
				line += ", expires " + cs.Latest.ExpiresOn.String()
			}
			line += ")"
		}
		if cs.Required {
			line += " — mandatory for " + cs.Because.Describe()
		}
		t = append(t, line)
	}
	if len(t) == 0 {
		t = append(t, "No courses apply.")
	}
	p.training.SetText(strings.Join(t, "\n"))
	var h []string
	for _, x := range f.Handovers {
		h = append(h, handoverLine(x, asOfDay(p.ui))) // people_handover.go
	}
	if len(h) == 0 {
		h = append(h, "None.")
	}
	p.handover.SetText(strings.Join(h, "\n"))
	p.actions.Show()
	p.page.Refresh() // labels changed height: lay the page out again
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// showForm adds (ID 0) or edits a person.
func (p *peopleScreen) showForm(pp assets.Person) {
	name, email := formEntry(pp.Name, ""), formEntry(pp.Email, "")
	dept := formSelectEntry(p.dept.Options[1:])
	dept.SetText(pp.Department)
	title, loc, manager := formEntry(pp.Title, ""), formEntry(pp.Location, ""), formEntry("", "manager's e-mail")
	if pp.ManagerID != 0 && p.file.Person.ID == pp.ID {
		if _, m, ok := strings.Cut(p.file.Manager, "<"); ok {
			manager.SetText(strings.TrimSuffix(m, ">"))
		}
	}
	start, leave := formEntry(pp.StartDate.String(), "YYYY-MM-DD"), formEntry(pp.LeaveDate.String(), "YYYY-MM-DD")
	var labels []string
	for _, st := range assets.PersonStatuses {
		labels = append(labels, st.Label())
	}
	status := formSelect(labels, nil)
	if pp.Status == "" {
		pp.Status = assets.PersonActive
	}
	status.SetSelected(pp.Status.Label())
	heading := "New person"
	if pp.ID != 0 {
		heading = "Edit " + pp.Name
	}
	p.ui.showForm(heading, "Save", []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("E-mail", email), widget.NewFormItem("Department", dept),
		widget.NewFormItem("Title", title), widget.NewFormItem("Location", loc), widget.NewFormItem("Manager", manager),
		widget.NewFormItem("Start date", start), widget.NewFormItem("Leave date", leave), widget.NewFormItem("Status", status),
	}, func(ok bool) {
		if !ok {
			return
		}
		out := pp
		out.Name, out.Email, out.Department, out.Title, out.Location = name.Text, email.Text, dept.Text, title.Text, loc.Text
		var err error
		if out.StartDate, err = assets.ParseDate(start.Text); err != nil {
			p.ui.showError("Start date", err)
			return
		}
		if out.LeaveDate, err = assets.ParseDate(leave.Text); err != nil {
			p.ui.showError("Leave date", err)
			return
		}
		if out.Status, err = assets.ParsePersonStatus(status.Selected); err != nil {
			p.ui.showError("Status", err)
			return
		}
		p.savePerson(out, manager.Text)
	})
}

func (p *peopleScreen) savePerson(pp assets.Person, managerEmail string) {
	background(p.ui, func(ctx context.Context) (int64, error) {
		st := p.store
		pp.ManagerID = 0
		if m := strings.TrimSpace(managerEmail); m != "" {
			mgr, err := st.PersonByEmail(ctx, m)
			if err != nil {
				return 0, assets.Invalidf("manager", "nobody with e-mail %q is in the register", m)
			}
			pp.ManagerID = mgr.ID
		}
		var err error
		if pp.ID == 0 {
			err = st.CreatePerson(ctx, &pp)
		} else {
			err = st.UpdatePerson(ctx, &pp)
		}
		return pp.ID, err
	}, func(id int64, err error) {
		if ce := conflictOf(err); ce != nil {
			p.ui.showConflict(ce, func() { p.showForm(ce.Theirs.(assets.Person)) }, func(version int64) {
				pp.Version = version
				p.savePerson(pp, managerEmail)
			})
			return
		}
		if err != nil {
			p.ui.showError("Could not save the person", err)
			return
		}
		p.selected = id
		p.ui.sayRecord(assets.Ref{Entity: "person", ID: id}, "Saved %s <%s>.", pp.Name, pp.Email)
		p.refresh()
	})
}

// deleteSelected asks, then deletes the open person (also the Delete key).
// Someone who still holds assets or seats is not deleted: the dialog
// offers to mark them as left, after which their page lists what to hand
// back.
func (p *peopleScreen) deleteSelected() {
	pp := p.file.Person
	if pp.ID == 0 || pp.ID != p.selected {
		return
	}
	p.ui.confirmDelete(deletion{entity: "person", id: pp.ID, noun: "person",
		del: func(ctx context.Context) error { return p.store.DeletePerson(ctx, pp.ID) },
		done: func() {
			p.selected, p.file = 0, assets.PersonFile{}
			p.heading.SetText("Choose a person")
			p.info.SetText("")
			p.actions.Hide()
			p.list.UnselectAll()
			p.refresh()
		},
		refused: func(im assets.Impact) { p.offerLeft(pp, im) }})
}

// showTrainingRecords lists the open person's training records, each with
// a Delete button (for one entered by mistake).
func (p *peopleScreen) showTrainingRecords() {
	pp := p.file.Person
	if pp.ID == 0 {
		return
	}
	background(p.ui, func(ctx context.Context) ([]assets.TrainingRecord, error) {
		return p.store.TrainingRecords(ctx, pp.ID)
	}, func(list []assets.TrainingRecord, err error) {
		if err != nil {
			p.ui.showError("Could not load the training records", err)
			return
		}
		if len(list) == 0 {
			p.ui.showInfo("Training records of "+pp.Name, pp.Name+" has no training records.")
			return
		}
		rows := container.NewVBox()
		var dlg interface{ Hide() }
		for _, r := range list {
			r := r
			text := r.CourseName + ", done " + r.CompletedOn.String()
			if !r.ExpiresOn.IsZero() {
				text += ", expires " + r.ExpiresOn.String()
			}
			edit := widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() {
				dlg.Hide()
				p.editRecord(pp, r)
			})
			del := widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), func() {
				dlg.Hide()
				p.confirmDeleteRecord(pp, r)
			})
			rows.Add(container.NewBorder(nil, nil, nil, container.NewHBox(edit, del), widget.NewLabel(text)))
		}
		dlg = p.ui.showCustom("Training records of "+pp.Name, "Close", wheelVScroll(rows), fyne.NewSize(560, 360))
	})
}

// editRecord corrects one training record: an empty expiry means the
// course's renewal period decides.
func (p *peopleScreen) editRecord(pp assets.Person, r assets.TrainingRecord) {
	expiry := ""
	if r.Override {
		expiry = r.ExpiresOn.String()
	}
	done := formEntry(r.CompletedOn.String(), "YYYY-MM-DD")
	expires := formEntry(expiry, "empty: from the course's renewal period")
	score := formEntry(assets.FormatScore(r.Score), "0-100, optional")
	cert := formEntry(r.Certificate, "")
	note := formNote(r.Note, "")
	items := []*widget.FormItem{widget.NewFormItem("Completed on", done), widget.NewFormItem("Expires", expires),
		widget.NewFormItem("Score", score), widget.NewFormItem("Certificate", cert), widget.NewFormItem("Note", note)}
	d := p.ui.showForm(r.CourseName+" for "+pp.Name, "Save", items, func(ok bool) {
		if !ok {
			return
		}
		n := r
		var err error
		var exp assets.Date
		if n.CompletedOn, err = assets.ParseDate(done.Text); err == nil {
			exp, err = assets.ParseDate(expires.Text)
		}
		if err == nil {
			n.Score, err = assets.ParseScore(score.Text)
		}
		if err != nil {
			p.ui.showError("The training record was not saved", err)
			return
		}
		n.ExpiresOn, n.Override = exp, !exp.IsZero()
		n.Certificate, n.Note = cert.Text, note.Text
		background(p.ui, func(ctx context.Context) (assets.TrainingRecord, error) {
			return n, p.store.UpdateTrainingRecord(ctx, &n)
		}, func(saved assets.TrainingRecord, err error) {
			if err != nil {
				p.ui.showError("The training record was not saved", err)
				return
			}
			p.ui.sayRecord(assets.Ref{Entity: "person", ID: pp.ID}, "Saved the training record %s of %s for %s (expires %s).", saved.CourseName, saved.CompletedOn, pp.Name, dashIfEmpty(saved.ExpiresOn.String()))
			p.refresh()
		})
	})
	d.Resize(fyne.NewSize(520, 0))
}

// confirmDeleteRecord asks, then deletes one training record.
func (p *peopleScreen) confirmDeleteRecord(pp assets.Person, r assets.TrainingRecord) {
	what := r.CourseName + " of " + r.CompletedOn.String()
	msg := fmt.Sprintf("Delete the training record %s for %s?\n\nIt no longer counts towards their compliance. %s's history keeps the deletion.", what, pp.Name, pp.Name)
	p.ui.showConfirm("Delete training record", msg, "Delete", true, func() {
		background(p.ui, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, p.store.DeleteTrainingRecord(ctx, r.ID)
		}, func(_ struct{}, err error) {
			if err != nil {
				p.ui.showError("Could not delete the training record", err)
				return
			}
			p.ui.say("Deleted the training record %s for %s.", what, pp.Name)
			p.refresh()
		})
	})
}

// offerLeft explains why pp cannot be deleted and offers to mark them as
// left instead (today, unless a leave date is set).
func (p *peopleScreen) offerLeft(pp assets.Person, im assets.Impact) {
	msg := fmt.Sprintf("%s cannot be deleted while they hold equipment:\n\n%s\n\nMark them as left instead? Their page then lists what to hand back.", pp.Name, im.BlockText())
	if pp.Status == assets.PersonLeft {
		msg = fmt.Sprintf("%s cannot be deleted while they hold equipment:\n\n%s\n\nThey are already marked as left: check everything in first.", pp.Name, im.BlockText())
		p.ui.showInfo("Cannot delete "+pp.Name, msg)
		return
	}
	p.ui.showConfirm("Cannot delete "+pp.Name, msg, "Mark as left", false, func() {
		left := pp
		left.Status = assets.PersonLeft
		if left.LeaveDate.IsZero() {
			left.LeaveDate = asOfDay(p.ui)
		}
		background(p.ui, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, p.store.UpdatePerson(ctx, &left)
		}, func(_ struct{}, err error) {
			if err != nil {
				p.ui.showError("Could not mark "+pp.Name+" as left", err)
				return
			}
			p.ui.say("Marked %s as left on %s. Check in what they hold from their page, then delete them if you wish.", pp.Name, left.LeaveDate)
			p.refresh()
		})
	})
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// asOfDay is today by the window's clock: the date every rule is judged on.
func asOfDay(u *UI) assets.Date { return assets.Today(u.svc.Now()) }

// newItem is Ctrl+N: a new person.
func (p *peopleScreen) newItem() { p.showForm(assets.Person{}) }

// focusSearch is Ctrl+F.
func (p *peopleScreen) focusSearch() { p.ui.win.Canvas().Focus(p.search) }

// The dashboard's alert list opens records through these methods.
var _ interface {
	recordEntity() string
	openRecord(int64)
} = (*peopleScreen)(nil)

// recordEntity says which alerts this screen opens: those about a person.
func (p *peopleScreen) recordEntity() string { return "person" }

// openRecord shows one person's page (an alert's link leads here).
func (p *peopleScreen) openRecord(id int64) {
	if p.list == nil {
		return
	}
	p.open(id)
}

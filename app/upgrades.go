package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// upgradesStore is what the Upgrades screen reads and writes.
type upgradesStore interface {
	tagLookup
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	CompleteTask(ctx context.Context, id int64, on assets.Date, note string) (*assets.Task, error)
	CreateTask(ctx context.Context, t *assets.Task) error
	DeleteTask(ctx context.Context, id int64) error
	ListTasks(ctx context.Context, q assets.TaskQuery) ([]assets.Task, error)
	RescheduleTask(ctx context.Context, id int64, due assets.Date) error
	UpdateTask(ctx context.Context, t *assets.Task) error
}

// upgradesScreen lists upgrade and maintenance tasks by due date (overdue
// first), with complete and reschedule.
type upgradesScreen struct {
	ui         *UI
	store      upgradesStore
	kind       *widget.Select
	showClosed *widget.Check
	overdue    *widget.Check // overdue only
	table      *widget.Table
	status     *widget.Label
	detail     *widget.Label
	complete   *widget.Button
	reschedule *widget.Button
	edit       *widget.Button
	delete     *widget.Button
	rows       []assets.Task
	load       latest[taskList] // the list query; a newer one drops the older (query.go)
	warn       int
	selected   int64
}

func newUpgrades(u *UI) *upgradesScreen { return &upgradesScreen{ui: u, store: u.svc.Store} }

func (s *upgradesScreen) title() string       { return "Upgrades" }
func (s *upgradesScreen) icon() fyne.Resource { return theme.HistoryIcon() }

var taskHeaders = []string{"Due", "When", "Kind", "Task", "Assets", "Repeats", "Cost", "Status", "Note"}

func (s *upgradesScreen) view() fyne.CanvasObject {
	kinds := []string{"All kinds"}
	for _, k := range assets.TaskKinds {
		kinds = append(kinds, k.Label())
	}
	s.kind = widget.NewSelect(kinds, func(string) { s.refresh() })
	s.kind.SetSelectedIndex(0)
	s.showClosed = widget.NewCheck("Show done and cancelled", func(bool) { s.refresh() })
	s.overdue = widget.NewCheck("Overdue only", func(bool) { s.refresh() })
	s.status = widget.NewLabel("")
	s.detail = widget.NewLabel("Pick a task to complete, reschedule, edit or delete it.")
	s.detail.Wrapping = fyne.TextWrapWord
	s.table = textTable(taskHeaders, []float32{95, 130, 110, 170, 180, 90, 100, 95, 200}, func() int { return len(s.rows) }, s.cell)
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.rows) {
			s.pick(s.rows[id.Row])
		}
	}
	s.complete = widget.NewButtonWithIcon("Complete…", theme.ConfirmIcon(), s.askComplete)
	s.reschedule = widget.NewButtonWithIcon("Reschedule…", theme.HistoryIcon(), s.askReschedule)
	s.edit = widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() {
		if t, ok := s.picked(); ok {
			s.showForm(t)
		}
	})
	s.delete = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), s.deleteSelected)
	for _, b := range []*widget.Button{s.complete, s.reschedule, s.edit, s.delete} {
		b.Disable()
	}
	newBtn := widget.NewButtonWithIcon("New task", theme.ContentAddIcon(), func() { s.showForm(assets.Task{}) })
	s.ui.only(actEdit, newBtn, s.complete, s.reschedule, s.edit, s.delete)
	top := container.NewHBox(s.kind, s.overdue, s.showClosed, layout.NewSpacer(), newBtn)
	bottom := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(s.complete, s.reschedule, s.edit, s.delete), s.detail), s.status)
	s.refresh()
	return container.NewBorder(top, bottom, nil, nil, s.table)
}

func (s *upgradesScreen) dueText(t *assets.Task) string {
	st, left := assets.TaskDueState(t, s.ui.today(), s.warn)
	switch st {
	case assets.DueOverdue:
		return fmt.Sprintf("Overdue %d d", -left)
	case assets.DueSoon:
		if left == 0 {
			return "Due today"
		}
		return fmt.Sprintf("Due in %d d", left)
	case assets.DueClosed:
		if !t.Completed.IsZero() {
			return "Done " + t.Completed.String()
		}
		return ""
	}
	return fmt.Sprintf("In %d d", left)
}

func (s *upgradesScreen) cell(r, c int) string {
	if r >= len(s.rows) {
		return ""
	}
	t := &s.rows[r]
	switch c {
	case 0:
		return t.Due.String()
	case 1:
		return s.dueText(t)
	case 2:
		return t.Kind.Label()
	case 3:
		return t.Title
	case 4:
		return assets.TaskSubject(t)
	case 5:
		if t.EveryMonths > 0 {
			return assets.Every(t.EveryMonths, "month", "mo")
		}
		return ""
	case 6:
		return t.Cost.String()
	case 7:
		return t.Status.Label()
	case 8:
		return t.Note
	}
	return ""
}

// taskList is what the Upgrades screen's list query returns.
type taskList struct {
	tasks []assets.Task
	warn  int
}

func (s *upgradesScreen) refresh() {
	if s.table == nil {
		return
	}
	q := assets.TaskQuery{Open: !s.showClosed.Checked}
	if i := s.kind.SelectedIndex(); i > 0 {
		q.Kind = assets.TaskKinds[i-1]
	}
	asOf := s.ui.today()
	s.load.run(s.ui, func(ctx context.Context) (taskList, error) {
		opt, err := s.store.AlertOptionsAt(ctx, asOf)
		if err != nil {
			return taskList{}, err
		}
		tasks, err := s.store.ListTasks(ctx, q)
		return taskList{tasks, opt.Window()}, err
	}, func(r taskList, err error) {
		if err != nil {
			s.ui.showError("Could not load the tasks", err)
			return
		}
		s.warn = r.warn
		var late []assets.Task
		for i := range r.tasks {
			if st, _ := assets.TaskDueState(&r.tasks[i], asOf, s.warn); st == assets.DueOverdue {
				late = append(late, r.tasks[i])
			}
		}
		if s.overdue.Checked {
			s.rows = late
			s.status.SetText(fmt.Sprintf("%s overdue, of %d", assets.CountOf(len(late), "task", "tasks"), len(r.tasks)))
		} else {
			s.rows = r.tasks
			s.status.SetText(fmt.Sprintf("%s, %d overdue", assets.CountOf(len(s.rows), "task", "tasks"), len(late)))
		}
		s.table.Refresh()
		s.selectID(s.selected)
	})
}

// openRecord selects task id (from an alert, or just saved), clearing the
// kind and overdue filters so that it shows.
func (s *upgradesScreen) openRecord(id int64) {
	s.selected = id
	if s.table == nil {
		return
	}
	if s.overdue.Checked {
		s.overdue.Checked = false // without its callback: one refresh below
		s.overdue.Refresh()
	}
	if s.kind.SelectedIndex() != 0 {
		s.kind.SetSelectedIndex(0) // refreshes
		return
	}
	s.refresh()
}

func (s *upgradesScreen) selectID(id int64) {
	for i := range s.rows {
		if s.rows[i].ID == id {
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
			s.table.ScrollTo(widget.TableCellID{Row: i, Col: 0})
			s.pick(s.rows[i]) // Select skips the callback when the cell was already selected
			return
		}
	}
	s.selected = 0
	s.table.UnselectAll()
	s.detail.SetText("Pick a task to complete, reschedule, edit or delete it.")
	for _, b := range []*widget.Button{s.complete, s.reschedule, s.edit, s.delete} {
		b.Disable()
	}
}

// picked is the selected task as listed.
func (s *upgradesScreen) picked() (assets.Task, bool) {
	for _, t := range s.rows {
		if t.ID == s.selected && t.ID != 0 {
			return t, true
		}
	}
	return assets.Task{}, false
}

// deleteSelected asks, then deletes the selected task (also the Delete key).
func (s *upgradesScreen) deleteSelected() {
	t, ok := s.picked()
	if !ok {
		return
	}
	s.ui.confirmDelete(deletion{entity: "task", id: t.ID, noun: "task",
		del:  func(ctx context.Context) error { return s.store.DeleteTask(ctx, t.ID) },
		done: s.refresh})
}

func (s *upgradesScreen) pick(t assets.Task) {
	s.selected = t.ID
	text := fmt.Sprintf("%s: %s, due %s (%s)", t.Kind.Label(), assets.TaskSubject(&t), t.Due, s.dueText(&t))
	if t.EveryMonths > 0 {
		text += "; repeats " + assets.Every(t.EveryMonths, "month", "months")
	}
	if t.Note != "" {
		text += "\nNote: " + t.Note
	}
	s.detail.SetText(text)
	s.edit.Enable()
	s.delete.Enable()
	if t.Status.Open() {
		s.complete.Enable()
		s.reschedule.Enable()
	} else {
		s.complete.Disable()
		s.reschedule.Disable()
	}
}

func (s *upgradesScreen) askComplete() {
	id := s.selected
	on := formEntry(s.ui.today().String(), "YYYY-MM-DD")
	note := formEntry("", "what was done")
	s.ui.showForm("Complete task", "Complete",
		[]*widget.FormItem{widget.NewFormItem("Done on", on), widget.NewFormItem("Note", note)},
		func(ok bool) {
			if !ok {
				return
			}
			d, err := assets.ParseDate(on.Text)
			if err != nil || d.IsZero() {
				s.ui.showError("The task was not completed", fmt.Errorf("done on: give the date as YYYY-MM-DD"))
				return
			}
			s.completeTask(id, d, note.Text)
		})
}

// completeTask marks the task done; a recurring one gets its next
// occurrence, which is then selected.
func (s *upgradesScreen) completeTask(id int64, on assets.Date, note string) {
	background(s.ui, func(ctx context.Context) (*assets.Task, error) {
		return s.store.CompleteTask(ctx, id, on, note)
	}, func(next *assets.Task, err error) {
		if err != nil {
			s.ui.showError("The task was not completed", err)
			return
		}
		s.ui.sayRecord(assets.Ref{Entity: "task", ID: id}, "Completed the task on %s.", on)
		if next != nil {
			s.selected = next.ID
			s.ui.sayRecord(assets.Ref{Entity: "task", ID: next.ID}, "Completed the task on %s; the next one is due %s.", on, next.Due)
		}
		s.refresh()
	})
}

func (s *upgradesScreen) askReschedule() {
	id := s.selected
	due := formEntry("", "YYYY-MM-DD")
	s.ui.showForm("Reschedule task", "Move", []*widget.FormItem{widget.NewFormItem("New due date", due)}, func(ok bool) {
		if !ok {
			return
		}
		d, err := assets.ParseDate(due.Text)
		if err != nil || d.IsZero() {
			s.ui.showError("The task was not moved", fmt.Errorf("new due date: give it as YYYY-MM-DD"))
			return
		}
		s.rescheduleTask(id, d)
	})
}

func (s *upgradesScreen) rescheduleTask(id int64, due assets.Date) {
	background(s.ui, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.store.RescheduleTask(ctx, id, due)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.ui.showError("The task was not moved", err)
			return
		}
		s.ui.sayRecord(assets.Ref{Entity: "task", ID: id}, "Moved the task to %s.", due)
		s.refresh()
	})
}

// showForm creates a task (t.ID 0) or edits t; an edit keeps its status,
// series and completion.
func (s *upgradesScreen) showForm(t assets.Task) {
	var kinds []string
	for _, k := range assets.TaskKinds {
		kinds = append(kinds, k.Label())
	}
	kind := formSelect(kinds, nil)
	kind.SetSelectedIndex(0)
	if t.Kind != "" {
		kind.SetSelected(t.Kind.Label())
	}
	every := ""
	if t.EveryMonths > 0 {
		every = strconv.Itoa(t.EveryMonths)
	}
	title := formEntry(t.Title, "Replace batteries")
	tags := formEntry(strings.Join(t.AssetTags, "; "), "asset tags, separated by ;")
	due := formEntry(t.Due.String(), "YYYY-MM-DD")
	everyE := formEntry(every, "0 = once, 12 = yearly")
	cost := formEntry(amountText(t.Cost), "0.00")
	currency := formEntry(t.Cost.Currency, "EUR")
	note := formNote(t.Note, "")
	spend := formSelect([]string{"Operating (OpEx)", "Capital (CapEx)"}, nil)
	spendShown := 0
	if t.Spend == assets.SpendCapex {
		spendShown = 1
	}
	spend.SetSelectedIndex(spendShown)
	items := []*widget.FormItem{widget.NewFormItem("Kind", kind), widget.NewFormItem("Title", title), widget.NewFormItem("Assets", tags),
		widget.NewFormItem("Due", due), widget.NewFormItem("Every (months)", everyE), widget.NewFormItem("Estimated cost", cost),
		widget.NewFormItem("Currency", currency), widget.NewFormItem("In the budget as", spend), widget.NewFormItem("Note", note)}
	heading := "New task"
	if t.ID != 0 {
		heading = "Edit " + t.Name()
	}
	d := s.ui.showForm(heading, "Save", items, func(ok bool) {
		if !ok {
			return
		}
		n := t
		n.Kind, n.Title, n.Note = assets.TaskKinds[max(kind.SelectedIndex(), 0)], title.Text, note.Text
		// An untouched choice keeps what the task had (new: as its kind says).
		if i := spend.SelectedIndex(); i != spendShown {
			n.Spend = []assets.SpendClass{assets.SpendOpex, assets.SpendCapex}[max(i, 0)]
		}
		var errs []string
		var err error
		if n.Due, err = assets.ParseDate(due.Text); err != nil {
			errs = append(errs, "due: "+assets.Message(err))
		}
		n.EveryMonths = 0
		if e := strings.TrimSpace(everyE.Text); e != "" {
			if n.EveryMonths, err = strconv.Atoi(e); err != nil {
				errs = append(errs, "every: write a whole number of months")
			}
		}
		if n.Cost, err = assets.ParseMoney(cost.Text, currency.Text); err != nil {
			errs = append(errs, "cost: "+assets.Message(err))
		}
		if len(errs) > 0 {
			s.ui.showError("The task was not saved", fmt.Errorf("%s", strings.Join(errs, "; ")))
			return
		}
		s.saveTask(n, tags.Text)
	})
	d.Resize(fyne.NewSize(480, 520))
}

// saveTask saves n from the form, its assets as the tags typed; a conflict
// (someone else saved the task since the form opened) offers to reopen
// the form with theirs or to save n over theirs.
func (s *upgradesScreen) saveTask(n assets.Task, tags string) {
	store := s.store
	background(s.ui, func(ctx context.Context) (struct{}, error) {
		ids, err := tagsToIDs(ctx, store, tags)
		if err != nil {
			return struct{}{}, err
		}
		n.AssetIDs = ids
		if n.ID != 0 {
			return struct{}{}, store.UpdateTask(ctx, &n)
		}
		return struct{}{}, store.CreateTask(ctx, &n)
	}, func(_ struct{}, err error) {
		if ce := conflictOf(err); ce != nil {
			s.ui.showConflict(ce, func() { s.showForm(*ce.Theirs.(*assets.Task)) }, func(version int64) {
				n.Version = version
				s.saveTask(n, tags)
			})
			return
		}
		if err != nil {
			s.ui.showError("The task was not saved", err)
			return
		}
		s.ui.sayRecord(assets.Ref{Entity: "task", ID: n.ID}, "Saved the task %s, due %s.", n.Name(), n.Due)
		s.openRecord(n.ID)
	})
}

// recordEntity: this screen opens task alerts' records.
func (s *upgradesScreen) recordEntity() string { return "task" }

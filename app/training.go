package app

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// trainingStore is what the Training screen reads and writes.
type trainingStore interface {
	Categories(ctx context.Context) ([]assets.Category, error)
	Compliance(ctx context.Context, asOf assets.Date, warnDays int) (*assets.TrainingMatrix, error)
	Courses(ctx context.Context) ([]assets.Course, error)
	DeleteCourse(ctx context.Context, id int64) error
	Departments(ctx context.Context) ([]string, error)
	FindPeople(ctx context.Context, f assets.PeopleFilter) ([]assets.PersonRow, error)
	PersonByEmail(ctx context.Context, email string) (assets.Person, error)
	RecordTraining(ctx context.Context, list []assets.TrainingRecord) (assets.ImportStats, error)
	SaveCourse(ctx context.Context, c *assets.Course) error
	TrainingIssues(ctx context.Context, asOf assets.Date, warnDays int) ([]assets.TrainingIssue, error)
}

// trainingScreen has three tabs: the courses (add, edit, delete), the
// compliance matrix (departments by mandatory courses, in percent) and a
// form that records a completion for one person, a department or a chosen
// group in one go.
type trainingScreen struct {
	ui    *UI
	store trainingStore
	tabs  *container.AppTabs

	courses    []assets.Course
	courseList *widget.List
	showCourse int64 // the course to select once the list is loaded (openRecord)
	chosen     int   // selected course index, -1 for none

	matrix      *matrixModel
	table       *widget.Table
	matrixTitle *widget.Label

	recCourse  *widget.Select
	recWho     *widget.RadioGroup
	recPerson  *widget.Entry
	recDept    *widget.Select
	recSearch  *widget.Entry
	recList    *widget.List
	recPeople  []assets.PersonRow // the picker's rows
	recLoad    latest[peopleData] // the picker's query; a newer one drops the older (query.go)
	recPicked  map[int64]bool
	recDate    *widget.Entry
	recScore   *widget.Entry
	recCert    *widget.Entry
	recNote    *widget.Entry
	recButton  *widget.Button
	recResult  *widget.Label
	recPickers *fyne.Container
}

const (
	whoOne   = "One person"
	whoDept  = "A department"
	whoGroup = "Selected people"
)

func newTrainingScreen(u *UI) *trainingScreen {
	return &trainingScreen{ui: u, store: u.svc.Store, chosen: -1, recPicked: map[int64]bool{}}
}

func (t *trainingScreen) title() string       { return "Training" }
func (t *trainingScreen) icon() fyne.Resource { return theme.DocumentIcon() }

func (t *trainingScreen) view() fyne.CanvasObject {
	t.tabs = container.NewAppTabs(
		container.NewTabItem("Compliance", t.matrixView()),
		container.NewTabItem("Courses", t.coursesView()),
		container.NewTabItem("Record completions", t.recordView()),
	)
	t.refresh()
	return t.tabs
}

// showCompliance shows the Compliance tab: the matrix of who is overdue
// (the dashboard's "Training overdue" tile).
func (t *trainingScreen) showCompliance() {
	if t.tabs != nil {
		t.tabs.SelectIndex(0)
	}
}

func (t *trainingScreen) refresh() {
	t.loadCourses()
	t.loadMatrix()
	t.loadPicker()
}

// ---- courses ----

func (t *trainingScreen) coursesView() fyne.CanvasObject {
	t.courseList = widget.NewList(
		func() int { return len(t.courses) },
		func() fyne.CanvasObject {
			return widget.NewLabel("Course — every 12 months — mandatory for everyone")
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(t.courses) {
				o.(*widget.Label).SetText(courseLine(t.courses[id]))
			}
		},
	)
	t.courseList.OnSelected = func(id widget.ListItemID) { t.chosen = id }
	t.courseList.OnUnselected = func(widget.ListItemID) { t.chosen = -1 }
	bar := container.NewHBox(
		widget.NewButtonWithIcon("New course", theme.ContentAddIcon(), func() { t.showCourseForm(assets.Course{RenewalMonths: 12}) }),
		widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() {
			if t.chosen >= 0 && t.chosen < len(t.courses) {
				t.showCourseForm(t.courses[t.chosen])
			}
		}),
		widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), t.confirmDeleteCourse),
	)
	t.ui.only(actEdit, bar.Objects...)
	return container.NewBorder(bar, nil, nil, nil, t.courseList)
}

func courseLine(c assets.Course) string {
	s := c.Name
	if c.Provider != "" {
		s += " (" + c.Provider + ")"
	}
	s += " — " + c.Renewal()
	if len(c.Mandatory) == 0 {
		return s + " — optional"
	}
	var who []string
	for _, sc := range c.Mandatory {
		who = append(who, sc.Describe())
	}
	return s + " — mandatory for " + strings.Join(who, ", ")
}

func (t *trainingScreen) loadCourses() {
	background(t.ui, func(ctx context.Context) ([]assets.Course, error) {
		return t.store.Courses(ctx)
	}, func(list []assets.Course, err error) {
		if err != nil {
			t.ui.showError("Could not load the courses", err)
			return
		}
		t.courses = list
		t.courseList.UnselectAll()
		t.courseList.Refresh()
		for i, c := range list {
			if c.ID == t.showCourse {
				t.courseList.Select(i)
				t.courseList.ScrollTo(i)
			}
		}
		t.showCourse = 0
		names := make([]string, len(list))
		for i, c := range list {
			names[i] = c.Name
		}
		sel := t.recCourse.Selected
		t.recCourse.Options = names
		t.recCourse.Refresh()
		if sel != "" {
			t.recCourse.SetSelected(sel)
		}
	})
}

type scopeChoices struct {
	departments []string
	categories  []assets.Category
}

func (t *trainingScreen) showCourseForm(c assets.Course) {
	background(t.ui, func(ctx context.Context) (scopeChoices, error) {
		var sc scopeChoices
		var err error
		if sc.departments, err = t.store.Departments(ctx); err != nil {
			return sc, err
		}
		sc.categories, err = t.store.Categories(ctx)
		return sc, err
	}, func(sc scopeChoices, err error) {
		if err != nil {
			t.ui.showError("Could not load departments", err)
			return
		}
		t.courseForm(c, sc)
	})
}

func (t *trainingScreen) courseForm(c assets.Course, sc scopeChoices) {
	name, provider, months := formEntry(c.Name, ""), formEntry(c.Provider, ""), formEntry(strconv.Itoa(c.RenewalMonths), "")
	desc := formNote(c.Description, "")
	everyone := formCheck("Everyone", nil)
	depts := widget.NewCheckGroup(sc.departments, nil)
	catLabels := make([]string, len(sc.categories))
	catCode := map[string]string{}
	for i, cat := range sc.categories {
		catLabels[i] = cat.Label
		catCode[cat.Label] = cat.Name
	}
	cats := widget.NewCheckGroup(catLabels, nil)
	for _, s := range c.Mandatory {
		switch s.Kind {
		case assets.ScopeAll:
			everyone.SetChecked(true)
		case assets.ScopeDepartment:
			depts.Selected = append(depts.Selected, s.Value)
		case assets.ScopeCategory:
			for _, cat := range sc.categories {
				if cat.Name == s.Value {
					cats.Selected = append(cats.Selected, cat.Label)
				}
			}
		}
	}
	heading := "New course"
	if c.ID != 0 {
		heading = "Edit " + c.Name
	}
	scopes := container.NewVBox(everyone, widget.NewLabel("Departments"), depts, widget.NewLabel("Holders of"), cats)
	d := t.ui.showForm(heading, "Save", []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("Provider", provider), widget.NewFormItem("Description", desc),
		{Text: "Renewal", Widget: months, HintText: "months; 0 = done once"},
		widget.NewFormItem("Mandatory for", container.NewVScroll(scopes)),
	}, func(ok bool) {
		if !ok {
			return
		}
		out := c
		out.Name, out.Provider, out.Description = name.Text, provider.Text, desc.Text
		n, err := strconv.Atoi(strings.TrimSpace(months.Text))
		if err != nil {
			t.ui.showError("Renewal", fmt.Errorf("%q is not a whole number of months", months.Text))
			return
		}
		out.RenewalMonths = n
		out.Mandatory = nil
		if everyone.Checked {
			out.Mandatory = append(out.Mandatory, assets.Scope{Kind: assets.ScopeAll})
		}
		for _, v := range depts.Selected {
			out.Mandatory = append(out.Mandatory, assets.Scope{Kind: assets.ScopeDepartment, Value: v})
		}
		for _, v := range cats.Selected {
			out.Mandatory = append(out.Mandatory, assets.Scope{Kind: assets.ScopeCategory, Value: catCode[v]})
		}
		t.saveCourse(out)
	})
	d.Resize(fyne.NewSize(520, 560))
}

func (t *trainingScreen) saveCourse(c assets.Course) {
	background(t.ui, func(ctx context.Context) (assets.Course, error) {
		err := t.store.SaveCourse(ctx, &c)
		return c, err
	}, func(saved assets.Course, err error) {
		if err != nil {
			t.ui.showError("Could not save the course", err)
			return
		}
		t.ui.sayRecord(assets.Ref{Entity: "course", ID: saved.ID}, "Saved the course %s.", saved.Name)
		t.showCourse = saved.ID
		t.refresh()
	})
}

func (t *trainingScreen) confirmDeleteCourse() {
	if t.chosen < 0 || t.chosen >= len(t.courses) {
		return
	}
	c := t.courses[t.chosen]
	t.ui.confirmDelete(deletion{entity: "course", id: c.ID, noun: "course",
		del:  func(ctx context.Context) error { return t.store.DeleteCourse(ctx, c.ID) },
		done: t.refresh})
}

// ---- compliance matrix ----

// matrixModel is the compliance matrix ready for the table: one row per
// department plus a total row, one column per mandatory course, cell texts
// made once.
type matrixModel struct {
	data  *assets.TrainingMatrix
	rows  []string
	cells [][]string
	worst [][]bool // below 80 %: shown as a warning
}

// loadMatrixModel is what opening the compliance tab costs: the set-based
// compliance load and the model build.
func loadMatrixModel(ctx context.Context, st trainingStore, asOf assets.Date, warnDays int) (*matrixModel, error) {
	m, err := st.Compliance(ctx, asOf, warnDays)
	if err != nil {
		return nil, err
	}
	mm := &matrixModel{data: m}
	add := func(label string, cells []assets.ComplianceCell) {
		mm.rows = append(mm.rows, label)
		texts := make([]string, len(cells))
		low := make([]bool, len(cells))
		for i, c := range cells {
			if c.Required == 0 {
				texts[i] = "—"
				continue
			}
			texts[i] = fmt.Sprintf("%.0f%% (%d/%d)", c.Percent(), c.Compliant, c.Required)
			low[i] = c.Percent() < 80
		}
		mm.cells = append(mm.cells, texts)
		mm.worst = append(mm.worst, low)
	}
	for i, d := range m.Departments {
		if d == "" {
			d = "(no department)"
		}
		add(d, m.Cells[i])
	}
	add("All departments", m.Totals)
	return mm, nil
}

func (t *trainingScreen) matrixView() fyne.CanvasObject {
	t.matrixTitle = widget.NewLabel("Loading…")
	t.table = widget.NewTable(
		func() (int, int) {
			if t.matrix == nil {
				return 0, 0
			}
			return len(t.matrix.rows), len(t.matrix.data.Courses)
		},
		func() fyne.CanvasObject { return widget.NewLabel("100% (9999/9999)") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if t.matrix == nil || id.Row >= len(t.matrix.cells) || id.Col >= len(t.matrix.cells[id.Row]) {
				l.SetText("")
				return
			}
			l.Importance = widget.MediumImportance
			if t.matrix.worst[id.Row][id.Col] {
				l.Importance = widget.DangerImportance
			}
			l.TextStyle.Bold = id.Row == len(t.matrix.rows)-1
			l.SetText(t.matrix.cells[id.Row][id.Col])
		},
	)
	t.table.ShowHeaderRow = true
	t.table.ShowHeaderColumn = true
	t.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("Department name", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		switch {
		case t.matrix == nil:
			l.SetText("")
		case id.Row < 0 && id.Col >= 0 && id.Col < len(t.matrix.data.Courses):
			l.SetText(t.matrix.data.Courses[id.Col].Name)
		case id.Col < 0 && id.Row >= 0 && id.Row < len(t.matrix.rows):
			l.SetText(t.matrix.rows[id.Row])
		default:
			l.SetText("")
		}
	}
	t.table.SetColumnWidth(-1, 180)
	t.table.OnSelected = func(id widget.TableCellID) {
		t.table.UnselectAll()
		t.showCell(id.Row, id.Col)
	}
	reload := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), t.loadMatrix)
	return container.NewBorder(container.NewBorder(nil, nil, nil, reload, t.matrixTitle), nil, nil, nil, t.table)
}

func (t *trainingScreen) loadMatrix() {
	asOf := asOfDay(t.ui)
	background(t.ui, func(ctx context.Context) (*matrixModel, error) {
		return loadMatrixModel(ctx, t.store, asOf, assets.DefaultWarnDays)
	}, func(m *matrixModel, err error) {
		if err != nil {
			t.ui.showError("Could not compute compliance", err)
			return
		}
		t.matrix = m
		for i, c := range m.data.Courses {
			w := float32(9*len(c.Name) + 24)
			t.table.SetColumnWidth(i, max(w, 150))
		}
		if len(m.data.Courses) == 0 {
			t.matrixTitle.SetText("No mandatory courses yet: add one on the Courses tab.")
		} else {
			t.matrixTitle.SetText(fmt.Sprintf("Mandatory training done and in date, as of %s (due within %d days counts as done; red is under 80%%).",
				m.data.AsOf, assets.DefaultWarnDays))
		}
		t.table.Refresh()
	})
}

// cellIssues lists who is behind in one cell of the matrix (all
// departments on the total row), by state then name.
func (t *trainingScreen) cellIssues(ctx context.Context, row, col int) ([]assets.TrainingIssue, error) {
	m := t.matrix
	course := m.data.Courses[col].ID
	all := row >= len(m.data.Departments)
	dept := ""
	if !all {
		dept = m.data.Departments[row]
	}
	issues, err := t.store.TrainingIssues(ctx, m.data.AsOf, assets.DefaultWarnDays)
	if err != nil {
		return nil, err
	}
	var out []assets.TrainingIssue
	for _, is := range issues {
		if is.Course.ID == course && (all || strings.EqualFold(is.Department, dept)) {
			out = append(out, is)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].State != out[j].State {
			return out[i].State > out[j].State
		}
		return strings.ToLower(out[i].Person) < strings.ToLower(out[j].Person)
	})
	return out, nil
}

// showCell opens the list of people behind in one cell.
func (t *trainingScreen) showCell(row, col int) {
	if t.matrix == nil || row < 0 || col < 0 || row >= len(t.matrix.rows) || col >= len(t.matrix.data.Courses) {
		return
	}
	title := t.matrix.rows[row] + " — " + t.matrix.data.Courses[col].Name
	background(t.ui, func(ctx context.Context) ([]assets.TrainingIssue, error) {
		return t.cellIssues(ctx, row, col)
	}, func(list []assets.TrainingIssue, err error) {
		if err != nil {
			t.ui.showError("Could not list who is behind", err)
			return
		}
		lines := make([]string, len(list))
		for i, is := range list {
			lines[i] = assets.PersonSubject(is.Person, is.Email) + ": " + is.State.String()
			if !is.Expires.IsZero() {
				lines[i] += " (expires " + is.Expires.String() + ")"
			}
		}
		if len(lines) == 0 {
			lines = []string{"Everyone required is in date."}
		}
		l := widget.NewList(func() int { return len(lines) },
			func() fyne.CanvasObject { return widget.NewLabel("Name <e-mail>: state") },
			func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[id]) })
		t.ui.showCustom(title, "Close", l, fyne.NewSize(640, 420))
	})
}

// ---- recording completions ----

func (t *trainingScreen) recordView() fyne.CanvasObject {
	t.recCourse = widget.NewSelect(nil, nil)
	t.recCourse.PlaceHolder = "Choose a course"
	t.recPerson = widget.NewEntry()
	t.recPerson.SetPlaceHolder("e-mail address")
	t.recDept = widget.NewSelect(nil, nil)
	t.recDept.PlaceHolder = "Choose a department"
	t.recSearch = widget.NewEntry()
	t.recSearch.SetPlaceHolder("Filter people")
	t.recSearch.OnChanged = func(string) { t.loadPicker() }
	t.recList = widget.NewList(
		func() int { return len(t.recPeople) },
		func() fyne.CanvasObject { return widget.NewCheck("Name — Department", nil) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(t.recPeople) {
				return
			}
			p := t.recPeople[id]
			ch := o.(*widget.Check)
			ch.OnChanged = nil
			ch.Text = p.Name + " — " + dashIfEmpty(p.Department)
			ch.Checked = t.recPicked[p.ID]
			ch.Refresh()
			ch.OnChanged = func(on bool) {
				if on {
					t.recPicked[p.ID] = true
				} else {
					delete(t.recPicked, p.ID)
				}
			}
		},
	)
	groupBox := container.NewBorder(t.recSearch, nil, nil, nil, container.NewGridWrap(fyne.NewSize(420, 240), t.recList))
	oneBox, deptBox := container.NewStack(t.recPerson), container.NewStack(t.recDept)
	t.recPickers = container.NewVBox(oneBox, deptBox, groupBox)
	var form *widget.Form
	var page *fyne.Container
	t.recWho = widget.NewRadioGroup([]string{whoOne, whoDept, whoGroup}, func(v string) {
		for box, on := range map[fyne.CanvasObject]bool{oneBox: v == whoOne, deptBox: v == whoDept, groupBox: v == whoGroup} {
			if on {
				box.Show()
			} else {
				box.Hide()
			}
		}
		if page != nil {
			form.Refresh() // the picker's height changed
			page.Refresh()
		}
		if v == whoGroup {
			t.loadPicker() // only now: it lists everyone
		}
	})
	t.recWho.Horizontal = true
	t.recWho.SetSelected(whoOne)
	t.recDate = widget.NewEntry()
	t.recDate.SetText(asOfDay(t.ui).String())
	t.recScore = widget.NewEntry()
	t.recScore.SetPlaceHolder("optional, e.g. 85")
	t.recCert = widget.NewEntry()
	t.recCert.SetPlaceHolder("optional certificate reference")
	t.recNote = widget.NewEntry()
	t.recResult = widget.NewLabel("")
	t.recResult.Wrapping = fyne.TextWrapWord
	t.recButton = widget.NewButtonWithIcon("Record", theme.ConfirmIcon(), t.recordCompletions)
	t.recButton.Importance = widget.HighImportance
	form = widget.NewForm(
		widget.NewFormItem("Course", t.recCourse),
		widget.NewFormItem("Who", t.recWho),
		widget.NewFormItem("", t.recPickers),
		widget.NewFormItem("Completed on", t.recDate),
		widget.NewFormItem("Score", t.recScore),
		widget.NewFormItem("Certificate", t.recCert),
		widget.NewFormItem("Note", t.recNote),
	)
	page = container.NewVBox(form, container.NewHBox(t.recButton), t.recResult)
	return wheelVScroll(page)
}

// loadPicker fills the department choice and, when a group is being
// picked, the list of people still working here.
func (t *trainingScreen) loadPicker() {
	if t.recList == nil {
		return
	}
	text := t.recSearch.Text
	asOf := asOfDay(t.ui)
	people := t.recWho.Selected == whoGroup
	t.recLoad.run(t.ui, func(ctx context.Context) (peopleData, error) {
		var d peopleData
		var err error
		if d.depts, err = t.store.Departments(ctx); err != nil || !people {
			return d, err
		}
		rows, err := t.store.FindPeople(ctx, assets.PeopleFilter{Text: text})
		if err != nil {
			return d, err
		}
		for _, r := range rows {
			if !assets.IsLeaver(r.Person, asOf) {
				d.rows = append(d.rows, r)
			}
		}
		return d, nil
	}, func(d peopleData, err error) {
		if err != nil {
			t.ui.showError("Could not load people", err)
			return
		}
		t.recPeople = d.rows
		t.recList.Refresh()
		sel := t.recDept.Selected
		t.recDept.Options = d.depts
		t.recDept.Refresh()
		if sel != "" {
			t.recDept.SetSelected(sel)
		}
	})
}

// recordCompletions records the form's completion for everyone it names,
// in one transaction.
func (t *trainingScreen) recordCompletions() {
	var course assets.Course
	for _, c := range t.courses {
		if c.Name == t.recCourse.Selected {
			course = c
		}
	}
	if course.ID == 0 {
		t.ui.showError("Record completions", fmt.Errorf("choose a course first"))
		return
	}
	done, err := assets.ParseDate(t.recDate.Text)
	if err != nil || done.IsZero() {
		t.ui.showError("Completed on", firstErr(err, fmt.Errorf("give the date it was completed")))
		return
	}
	score, err := assets.ParseScore(t.recScore.Text)
	if err != nil {
		t.ui.showError("Score", err)
		return
	}
	who, email, dept := t.recWho.Selected, t.recPerson.Text, t.recDept.Selected
	picked := make([]int64, 0, len(t.recPicked))
	for id := range t.recPicked {
		picked = append(picked, id)
	}
	sort.Slice(picked, func(i, j int) bool { return picked[i] < picked[j] })
	tmpl := assets.TrainingRecord{CourseID: course.ID, CompletedOn: done, Score: score, Certificate: t.recCert.Text, Note: t.recNote.Text}
	asOf := asOfDay(t.ui)
	t.recButton.Disable()
	background(t.ui, func(ctx context.Context) (int, error) {
		st := t.store
		var ids []int64
		switch who {
		case whoOne:
			p, err := st.PersonByEmail(ctx, email)
			if err != nil {
				return 0, assets.Invalidf("email", "nobody with e-mail %q is in the register", strings.TrimSpace(email))
			}
			ids = []int64{p.ID}
		case whoDept:
			if dept == "" {
				return 0, fmt.Errorf("choose a department")
			}
			rows, err := st.FindPeople(ctx, assets.PeopleFilter{Department: dept})
			if err != nil {
				return 0, err
			}
			for _, r := range rows {
				if !assets.IsLeaver(r.Person, asOf) {
					ids = append(ids, r.ID)
				}
			}
		default:
			ids = picked
		}
		if len(ids) == 0 {
			return 0, fmt.Errorf("nobody chosen: pick at least one person")
		}
		list := make([]assets.TrainingRecord, len(ids))
		for i, id := range ids {
			list[i] = tmpl
			list[i].PersonID = id
		}
		_, err := st.RecordTraining(ctx, list)
		return len(list), err
	}, func(n int, err error) {
		t.recButton.Enable()
		if err != nil {
			t.ui.showError("Could not record the completions", err)
			return
		}
		t.recResult.SetText(fmt.Sprintf("Recorded %s of %s on %s.", assets.CountOf(n, "completion", "completions"), course.Name, done))
		t.recPicked = map[int64]bool{}
		t.recList.Refresh()
		t.loadMatrix()
	})
}

// newItem is Ctrl+N: a new course.
func (t *trainingScreen) newItem() {
	t.tabs.SelectIndex(1)
	t.showCourseForm(assets.Course{RenewalMonths: 12})
}

// deleteSelected is the Delete key: delete the chosen course, after asking.
func (t *trainingScreen) deleteSelected() { t.confirmDeleteCourse() }

// openRecord selects course id (just saved, or the status line's link).
func (t *trainingScreen) openRecord(id int64) {
	t.showCourse = id
	t.loadCourses()
}

// recordEntity: this screen opens courses.
func (t *trainingScreen) recordEntity() string { return "course" }

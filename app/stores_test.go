package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/sqlite"
)

// The SQLite store meets every screen's interface (main's wiring checks
// the composed Store; these say which one a missing method belongs to).
var (
	_ alertsStore          = (*sqlite.Store)(nil)
	_ assetFormStore       = (*sqlite.Store)(nil)
	_ assetsStore          = (*sqlite.Store)(nil)
	_ agentStore           = (*sqlite.Store)(nil)
	_ bookStore            = (*sqlite.Store)(nil)
	_ budgetStore          = (*sqlite.Store)(nil)
	_ contractsStore       = (*sqlite.Store)(nil)
	_ dashboardStore       = (*sqlite.Store)(nil)
	_ deletionStore        = (*sqlite.Store)(nil)
	_ discoveryStore       = (*sqlite.Store)(nil)
	_ firstRunStore        = (*sqlite.Store)(nil)
	_ inventoryImportStore = (*sqlite.Store)(nil)
	_ inventoryPaneStore   = (*sqlite.Store)(nil)
	_ keysStore            = (*sqlite.Store)(nil)
	_ licencesStore        = (*sqlite.Store)(nil)
	_ lifecycleStore       = (*sqlite.Store)(nil)
	_ pathStore            = (*sqlite.Store)(nil)
	_ peopleStore          = (*sqlite.Store)(nil)
	_ reportsStore         = (*sqlite.Store)(nil)
	_ settingsStore        = (*sqlite.Store)(nil)
	_ stocktakeStore       = (*sqlite.Store)(nil)
	_ tagLookup            = (*sqlite.Store)(nil)
	_ trainingStore        = (*sqlite.Store)(nil)
	_ transferStore        = (*sqlite.Store)(nil)
	_ upgradesStore        = (*sqlite.Store)(nil)
	_ visitStore           = (*sqlite.Store)(nil)
	_ handoverStore        = (*sqlite.Store)(nil)
	_ bulkStore            = (*sqlite.Store)(nil)
	_ Store                = (*sqlite.Store)(nil)
)

// newBareUI is a window with no screens and no register, for a test that
// gives one screen a fake of that screen's own store interface.
func newBareUI(t *testing.T) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	u := &UI{ctx: context.Background(), app: a, views: map[int]fyne.CanvasObject{}, handBack: make(chan func(), 64),
		prefs: assets.DefaultSettings(), said: widget.NewLabel("")}
	u.svc.Now = func() time.Time { return time.Date(2026, 3, 7, 14, 30, 5, 0, time.UTC) }
	u.win = a.NewWindow("Steward")
	return u
}

// fakeUpgrades is the Upgrades screen's store in memory: the test sets
// what it holds and sees what the screen asked.
type fakeUpgrades struct {
	tasks   []assets.Task
	listErr error
	queries []assets.TaskQuery
}

var errNotInFake = errors.New("not in this fake")

func (f *fakeUpgrades) AlertOptionsAt(_ context.Context, asOf assets.Date) (assets.AlertOptions, error) {
	return assets.AlertOptions{AsOf: asOf, WarnDays: 30}, nil
}

func (f *fakeUpgrades) ListTasks(_ context.Context, q assets.TaskQuery) ([]assets.Task, error) {
	f.queries = append(f.queries, q)
	if f.listErr != nil {
		return nil, f.listErr
	}
	var out []assets.Task
	for _, t := range f.tasks {
		if (!q.Open || t.Status.Open()) && (q.Kind == "" || q.Kind == t.Kind) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (f *fakeUpgrades) AssetByTag(context.Context, string) (assets.Asset, error) {
	return assets.Asset{}, errNotInFake
}

func (f *fakeUpgrades) CompleteTask(context.Context, int64, assets.Date, string) (*assets.Task, error) {
	return nil, errNotInFake
}

func (f *fakeUpgrades) CreateTask(context.Context, *assets.Task) error           { return errNotInFake }
func (f *fakeUpgrades) DeleteTask(context.Context, int64) error                  { return errNotInFake }
func (f *fakeUpgrades) RescheduleTask(context.Context, int64, assets.Date) error { return errNotInFake }
func (f *fakeUpgrades) UpdateTask(context.Context, *assets.Task) error           { return errNotInFake }

// The Upgrades screen works against a fake of its own small interface:
// no register, no SQLite. It asks for open tasks first, for every task
// once "Show done and cancelled" is ticked, shows the overdue ones alone
// when asked, for one kind when picked, and
// says in a dialog when the list cannot be read.
func TestUpgradesScreenWithAFakeStore(t *testing.T) {
	u := newBareUI(t)
	f := &fakeUpgrades{tasks: []assets.Task{
		{ID: 1, Kind: assets.TaskUpgrade, Title: "RAM to 32 GB", Due: assets.MustDate("2026-03-01"), Status: assets.TaskPlanned, AssetTags: []string{"ST-0001"}},
		{ID: 2, Kind: assets.TaskMaintenance, Title: "Clean the fans", Due: assets.MustDate("2026-05-01"), Status: assets.TaskPlanned},
		{ID: 3, Kind: assets.TaskFirmware, Title: "BIOS 1.22", Due: assets.MustDate("2026-01-10"), Status: assets.TaskDone, Completed: assets.MustDate("2026-01-12")},
	}}
	s := &upgradesScreen{ui: u, store: f}
	u.win.SetContent(s.view())
	u.wait()

	if q := f.queries[0]; !q.Open || q.Kind != "" {
		t.Fatalf("first query %+v, want the open tasks of every kind", q)
	}
	if got := s.status.Text; got != "2 tasks, 1 overdue" {
		t.Errorf("status %q, want 2 tasks, 1 overdue", got)
	}
	if got := s.cell(0, 1) + " | " + s.cell(0, 4) + " | " + s.cell(1, 1); got != "Overdue 6 d | ST-0001 | In 55 d" {
		t.Errorf("rows read %q", got)
	}

	s.showClosed.SetChecked(true)
	u.wait()
	if q := f.queries[len(f.queries)-1]; q.Open {
		t.Errorf("with done and cancelled shown, the screen asked %+v", q)
	}
	if got := s.status.Text; got != "3 tasks, 1 overdue" || s.cell(2, 1) != "Done 2026-01-12" {
		t.Errorf("status %q, last row %q", got, s.cell(2, 1))
	}

	s.overdue.SetChecked(true)
	u.wait()
	if got := s.status.Text; got != "1 task overdue, of 3" || len(s.rows) != 1 || s.rows[0].ID != 1 {
		t.Errorf("overdue only: status %q, %d rows", got, len(s.rows))
	}
	s.overdue.SetChecked(false)
	u.wait()

	s.kind.SetSelectedIndex(3) // after "All kinds": upgrade, replacement, maintenance
	u.wait()
	if q := f.queries[len(f.queries)-1]; q.Kind != assets.TaskMaintenance || len(s.rows) != 1 || s.rows[0].ID != 2 {
		t.Errorf("maintenance only: asked %+v, shows %d rows", q, len(s.rows))
	}

	f.listErr = errors.New("the register's disk is gone")
	s.refresh()
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "Could not load the tasks") || !strings.Contains(msg, "the register's disk is gone") {
		t.Errorf("a failed load says %q", msg)
	}
	if len(s.rows) != 1 {
		t.Errorf("a failed load left %d rows, want the last good list kept", len(s.rows))
	}
}

package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/sqlite"
)

// notifyApp records the desktop notifications the window sends.
type notifyApp struct {
	fyne.App
	sent []*fyne.Notification
}

func (a *notifyApp) SendNotification(n *fyne.Notification) { a.sent = append(a.sent, n) }

// openUI starts a window on store with the test clock at 2026-06-01.
func openUI(t *testing.T, store *sqlite.Store) (*UI, *notifyApp) {
	t.Helper()
	a := &notifyApp{App: test.NewTempApp(t)}
	now := func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	u := newUI(context.Background(), a, Services{Store: store, Version: "test", Now: now}, make(chan func(), 64))
	u.win.Resize(fyne.NewSize(1180, 760))
	u.wait()
	return u, a
}

func newStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func showScreen[T screen](t *testing.T, u *UI, title string) T {
	t.Helper()
	if !u.ShowScreen(title) {
		t.Fatalf("no %s screen", title)
	}
	u.wait()
	return u.screens[u.current].(T)
}

func tableCell(tb *widget.Table, row, col int) string {
	o := tb.CreateCell()
	tb.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*widget.Label).Text
}

func TestAssignSeatShowsShortfall(t *testing.T) {
	store := newStore(t)
	ctx := context.Background()
	anna := assets.Person{Name: "Anna Berg", Email: "anna@example.org"}
	ben := assets.Person{Name: "Ben Ode", Email: "ben@example.org"}
	for _, p := range []*assets.Person{&anna, &ben} {
		if err := store.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	l := assets.Licence{Product: "Visio", Vendor: "Microsoft", Key: "VVVVV-WWWWW-XXXXX-Y7Z9", Type: assets.LicencePerSeat, Seats: 1}
	if err := store.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if err := store.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, PersonID: anna.ID}); err != nil {
		t.Fatal(err)
	}
	u, _ := openUI(t, store)
	ls := showScreen[*licencesScreen](t, u, "Licences")
	if len(ls.rows) != 1 || tableCell(ls.table, 0, 4) != "1" || tableCell(ls.table, 0, 6) != "" {
		t.Fatalf("before: rows %d assigned %q short %q", len(ls.rows), tableCell(ls.table, 0, 4), tableCell(ls.table, 0, 6))
	}
	ls.table.Select(widget.TableCellID{Row: 0, Col: 0})
	u.wait()
	if !strings.Contains(ls.compliance.Text, "shortfall 0") || ls.key.Text != "••••••••Y7Z9" {
		t.Fatalf("page: %q key %q", ls.compliance.Text, ls.key.Text)
	}
	test.Tap(ls.reveal)
	if ls.key.Text != l.Key {
		t.Fatalf("revealed key %q", ls.key.Text)
	}
	test.Tap(ls.reveal)
	if strings.Contains(ls.key.Text, "VVVVV") {
		t.Fatal("key still shown after Hide")
	}

	test.Type(ls.assignTo, "ben@example.org")
	test.Tap(ls.assign)
	u.wait()
	if !strings.Contains(ls.compliance.Text, "assigned 2") || !strings.Contains(ls.compliance.Text, "shortfall 1") ||
		!strings.Contains(ls.compliance.Text, "2 assigned but only 1 seat bought: 1 short") {
		t.Fatalf("after assigning: %q", ls.compliance.Text)
	}
	if got := tableCell(ls.table, 0, 6); got != "1" {
		t.Fatalf("Short column %q, want 1", got)
	}
	if len(ls.seats) != 2 || ls.assignTo.Text != "" {
		t.Fatalf("seats %+v, entry %q", ls.seats, ls.assignTo.Text)
	}
	screenshot(t, u, "licences-shortfall")
	// The shortfall filter lists it; unassigning clears it again.
	ls.filter.SetSelectedIndex(1)
	u.wait()
	if len(ls.rows) != 1 {
		t.Fatalf("shortfall filter: %d rows", len(ls.rows))
	}
	ls.unassignNow(ls.seats[1].ID)
	u.wait()
	if len(ls.rows) != 0 || !strings.Contains(ls.compliance.Text, "shortfall 0") {
		t.Fatalf("after unassign: %d rows, %q", len(ls.rows), ls.compliance.Text)
	}
	// A typo gets a plain error and changes nothing.
	test.Type(ls.assignTo, "nobody@example.org")
	test.Tap(ls.assign)
	u.wait()
	if len(ls.seats) != 1 {
		t.Fatalf("seats after a bad e-mail: %+v", ls.seats)
	}
}

func TestCompleteRecurringTaskShowsNext(t *testing.T) {
	store := newStore(t)
	ctx := context.Background()
	a := assets.Asset{Tag: "UPS-1", Name: "Server room UPS", Category: "network"}
	if err := store.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	task := assets.Task{Kind: assets.TaskMaintenance, Title: "Battery test", Due: assets.MustDate("2026-05-31"), EveryMonths: 1, AssetIDs: []int64{a.ID}}
	if err := store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	u, _ := openUI(t, store)
	us := showScreen[*upgradesScreen](t, u, "Upgrades")
	if len(us.rows) != 1 || tableCell(us.table, 0, 1) != "Overdue 1 d" || tableCell(us.table, 0, 4) != "UPS-1" {
		t.Fatalf("before: %d rows, %q %q", len(us.rows), tableCell(us.table, 0, 1), tableCell(us.table, 0, 4))
	}
	us.table.Select(widget.TableCellID{Row: 0, Col: 0})
	if us.complete.Disabled() {
		t.Fatal("Complete is disabled for an open task")
	}
	us.completeTask(us.selected, assets.MustDate("2026-06-01"), "batteries fine")
	u.wait()
	if len(us.rows) != 1 {
		t.Fatalf("open tasks after completing: %d", len(us.rows))
	}
	if got := tableCell(us.table, 0, 0); got != "2026-06-30" {
		t.Fatalf("next occurrence due %q, want 2026-06-30 (May 31 + 1 month, clamped)", got)
	}
	if got := tableCell(us.table, 0, 1); got != "Due in 29 d" {
		t.Fatalf("next occurrence state %q", got)
	}
	if us.selected != us.rows[0].ID || !strings.Contains(us.detail.Text, "due 2026-06-30 (Due in 29 d); repeats every month") {
		t.Fatalf("the next occurrence is not selected: %d vs %d, %q", us.selected, us.rows[0].ID, us.detail.Text)
	}
	screenshot(t, u, "upgrades-next-occurrence")
	// The done one shows with closed tasks, with its note.
	us.showClosed.SetChecked(true)
	u.wait()
	if len(us.rows) != 2 || us.rows[0].Status != assets.TaskDone || us.rows[0].Note != "batteries fine" {
		t.Fatalf("with closed: %+v", us.rows)
	}
	us.rescheduleTask(us.rows[1].ID, assets.MustDate("2026-07-31"))
	u.wait()
	if tableCell(us.table, 1, 0) != "2026-07-31" {
		t.Fatalf("rescheduled: %q", tableCell(us.table, 1, 0))
	}
}

func TestDashboardAlertsOpenRecordsAndNotifyOnce(t *testing.T) {
	store := newStore(t)
	ctx := context.Background()
	a := assets.Asset{Tag: "LT-9", Name: "Old laptop", Category: "laptop", PurchaseDate: assets.MustDate("2020-01-01")}
	if err := store.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	task := assets.Task{Kind: assets.TaskFirmware, Due: assets.MustDate("2026-05-01"), AssetIDs: []int64{a.ID}}
	if err := store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	c := assets.Contract{Provider: "Acme", Reference: "SUP-7", End: assets.MustDate("2026-07-01"), AssetIDs: []int64{a.ID}}
	if err := store.CreateContract(ctx, &c); err != nil {
		t.Fatal(err)
	}
	u, app := openUI(t, store)
	d := u.screens[0].(*dashboard)
	if len(d.alerts.alerts) != 3 {
		t.Fatalf("alerts %+v", d.alerts.alerts)
	}
	if !strings.Contains(d.alerts.summary.Text, "3 alerts as of 2026-06-01: 1 critical, 2 warnings") {
		t.Fatalf("summary %q", d.alerts.summary.Text)
	}
	if len(app.sent) != 1 || app.sent[0].Title != "Steward: 3 new alerts" || !strings.Contains(app.sent[0].Content, "LT-9 Old laptop: end of life") {
		t.Fatalf("notifications %+v", app.sent)
	}
	screenshot(t, u, "dashboard-alerts")
	// Every alert opens its record.
	for i, al := range d.alerts.alerts {
		d.alerts.list.Select(d.alerts.rowOf(i))
		u.wait()
		cur := u.screens[u.current]
		switch al.Ref.Entity {
		case "task":
			if us, ok := cur.(*upgradesScreen); !ok || us.selected != task.ID {
				t.Fatalf("task alert opened %s", cur.title())
			}
		case "asset":
			as, ok := cur.(*assetsScreen)
			if !ok || as.selectedID != a.ID || len(as.rows) != 1 {
				t.Fatalf("asset alert opened %s", cur.title())
			}
			if !strings.Contains(as.lifecycle.text.Text, "End of life: End of life (2024-01-01)") ||
				!strings.Contains(as.lifecycle.text.Text, "support from Acme (SUP-7) ends on 2026-07-01, in 30 days") {
				t.Fatalf("lifecycle tab:\n%s", as.lifecycle.text.Text)
			}
			if text, _ := as.badge(&as.rows[0]); text != "EOL · cover ends" {
				t.Fatalf("badge %q", text)
			}
		}
		u.ShowScreen("Dashboard")
		u.wait()
	}
	// A second start with nothing new stays quiet; a new alert is announced alone.
	_, app2 := openUI(t, store)
	if len(app2.sent) != 0 {
		t.Fatalf("second start notified %+v", app2.sent)
	}
	t2 := assets.Task{Kind: assets.TaskUpgrade, Title: "RAM", Due: assets.MustDate("2026-05-20"), AssetIDs: []int64{a.ID}}
	if err := store.CreateTask(ctx, &t2); err != nil {
		t.Fatal(err)
	}
	_, app3 := openUI(t, store)
	if len(app3.sent) != 1 || app3.sent[0].Title != "Steward: 1 new alert" || !strings.Contains(app3.sent[0].Content, "RAM was due") {
		t.Fatalf("third start %+v", app3.sent)
	}
}

func TestContractsListFiltersByState(t *testing.T) {
	store := newStore(t)
	ctx := context.Background()
	a := assets.Asset{Tag: "SRV-1", Name: "File server", Category: "server"}
	if err := store.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	ending := assets.Contract{Provider: "Acme", Reference: "SUP-1", Level: "24x7", End: assets.MustDate("2026-07-15"), AssetIDs: []int64{a.ID}}
	later := assets.Contract{Kind: assets.ContractWarranty, Provider: "Dell", End: assets.MustDate("2028-01-01"), AssetIDs: []int64{a.ID}}
	for _, c := range []*assets.Contract{&ending, &later} {
		if err := store.CreateContract(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	u, _ := openUI(t, store)
	cs := showScreen[*contractsScreen](t, u, "Contracts")
	if len(cs.rows) != 2 || tableCell(cs.table, 0, 6) != "Ending soon" || tableCell(cs.table, 1, 6) != "Active" || tableCell(cs.table, 0, 7) != "SRV-1" {
		t.Fatalf("rows %d: %q %q", len(cs.rows), tableCell(cs.table, 0, 6), tableCell(cs.table, 1, 6))
	}
	cs.state.SetSelectedIndex(2) // Ending soon
	u.wait()
	if len(cs.rows) != 1 || cs.rows[0].ID != ending.ID {
		t.Fatalf("ending filter: %+v", cs.rows)
	}
	cs.openRecord(later.ID) // clears the filter and selects it
	u.wait()
	if len(cs.rows) != 2 || !strings.Contains(cs.detail.Text, "warranty Dell") || !strings.Contains(cs.detail.Text, "ends on 2028-01-01") {
		t.Fatalf("opened: %d rows, %q", len(cs.rows), cs.detail.Text)
	}
}

// Package app is Steward's window: one file and one struct per screen, all
// reading and writing through the store. Nothing outside this package
// imports Fyne.
package app

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/discovery"
	"steward/icons"
	"steward/inventory"
)

// AppID is Steward's application ID (also in FyneApp.toml).
const AppID = "org.steward.Steward"

// Store is the register as the window sees it: each screen's interface,
// declared beside the screen, composed. main passes the SQLite store
// (checked in its wiring); a test may give one screen a fake of its own
// interface.
type Store interface {
	dashboardStore
	assetsStore
	discoveryStore
	stocktakeStore
	visitStore
	licencesStore
	contractsStore
	upgradesStore
	peopleStore
	trainingStore
	reportsStore
	chartsStore
	transferStore
	settingsStore
	// Used by the window itself rather than one screen.
	alertsStore
	deletionStore
	firstRunStore
	pathStore
	whoStore
	// Hand-overs and bulk changes, from several screens (handover.go, bulk.go).
	handoverStore
	bulkStore
}

// Services is what the window works with.
type Services struct {
	Store Store
	// CheckBackup tells whether the file at path is a Steward register the
	// window can restore from, and what it holds (Settings, Restore). The
	// window opens no register itself: main passes the store's check.
	CheckBackup func(ctx context.Context, path string) (assets.BackupInfo, error)
	Version     string
	// Now is the clock for everything date-dependent; nil means time.Now.
	Now func() time.Time
	// Scan runs a network scan for the Discovery screen; nil means
	// discovery.Scan (tests pass a fake: they must not send on the LAN).
	Scan func(ctx context.Context, opts discovery.Options) (*discovery.Result, error)
	// StartScreen is the title of the screen to open on ("" = the first).
	StartScreen string
	// Ready, when set, is called once when the first screen shows its data
	// (startup timing: steward --trace-startup).
	Ready func()
	// CountsShown, when set, is called once when the dashboard first shows
	// its counts, before its alerts (which take seconds on a register of
	// 1,000,000 assets; steward --trace-startup).
	CountsShown func()
	// Portable says the database sits next to the program (--portable).
	Portable bool
	// AddThisComputer reads this computer's hardware into the register and
	// says in words what it did. main wires it to the inventory package;
	// nil leaves the offer out of the first-run choices.
	AddThisComputer func(ctx context.Context) (string, error)
	// LoadDemo fills an empty register with the sample office and says what
	// it added. main wires it to assets/demo; nil leaves the offer out.
	LoadDemo func(ctx context.Context) (string, error)
	// Inventory is how "Add this computer" reads this computer (tests
	// point Root at a fixture); the zero value reads the live system.
	Inventory inventory.Options
	// Prefs are this computer's preferences (window size, the shared
	// register to open); nil: the Fyne app's (tests).
	Prefs Prefs
	// NoNotifications says the desktop cannot show notifications (no
	// D-Bus session bus): new alerts are not sent as notifications.
	NoNotifications bool
	// ConnectTest connects to a shared register (Settings, "Connect to a
	// shared register…") with password when the address and the password
	// file give none, and says who is connected, or what failed in plain
	// words. main wires it to assets/postgres; nil: no shared registers.
	ConnectTest func(ctx context.Context, address, password string) (string, error)
	// WithoutPassword strips a password from an address before it is
	// stored (nil: stored as typed; main wires postgres.WithoutPassword).
	WithoutPassword func(address string) string
}

// screen is one page of the window, shown when picked in the navigation.
type screen interface {
	title() string
	icon() fyne.Resource
	// view builds the screen's widgets once.
	view() fyne.CanvasObject
	// refresh reloads data after another screen changed it.
	refresh()
}

// UI is the main window and its screens.
type UI struct {
	ctx     context.Context
	app     fyne.App
	win     fyne.Window
	svc     Services
	screens []screen
	views   map[int]fyne.CanvasObject
	nav     *widget.List
	body    *fyne.Container
	current int
	// pending counts background work not yet handed back to the UI.
	pending atomic.Int64
	// handBack, when set (tests), receives the hand-backs instead of
	// fyne.Do, and wait runs them on the test's goroutine: fyne's test
	// driver would run each on the goroutine that calls fyne.Do, alongside
	// the test's own clicks and typing.
	handBack chan func()
	ready    sync.Once
	counted  sync.Once // Services.CountsShown was called
	// prefs are the register-wide settings (default currency, date format,
	// warning window), loaded at start and updated by the Settings screen.
	prefs assets.Settings
	// dialogs are the open dialogs, newest last (dialogs.go).
	dialogs []*openDialog
	// said is the window's status line: what the last save or delete did.
	said *widget.Label
	// saidLink opens the record the status line names (hidden when it
	// names none, as after a deletion).
	saidLink *widget.Hyperlink
	// saveDir is the folder last chosen for a file the window writes
	// (savefile.go).
	saveDir string
	// user and role are who is connected (shared.go: Who, can).
	user, role string
	whoRead    bool
	whoLabel   *widget.Label
	// live is the watch of a shared register (live.go); nil for a file.
	live *liveState
}

// Screens may handle the window's keyboard commands; the window passes each
// to the screen on show when it implements the matching interface.
type (
	// creator handles Ctrl+N (new record).
	creator interface{ newItem() }
	// searcher handles Ctrl+F (focus the search box).
	searcher interface{ focusSearch() }
	// deleter handles the Delete key (delete the selection, after asking).
	deleter interface{ deleteSelected() }
)

// Run opens the window and blocks until it is closed or ctx is done.
func (d *Desktop) Run(ctx context.Context, svc Services) error {
	a := d.a
	if svc.Prefs == nil {
		svc.Prefs = d.prefs
	}
	u := New(ctx, a, svc)
	if size, ok := screenSize(a); ok {
		u.sizeWindow(size)
	}
	u.win.SetOnClosed(u.rememberWindowSize)
	// SIGTERM and SIGINT (a logout, a service stop) stop Fyne's driver
	// without closing the window: keep its size then too.
	a.Lifecycle().SetOnStopped(u.rememberWindowSize)
	u.offerFirstRun()
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	u.win.ShowAndRun()
	return nil
}

// New builds the window on a (the real app, or fyne's test app).
func New(ctx context.Context, a fyne.App, svc Services) *UI {
	return newUI(ctx, a, svc, nil)
}

func newUI(ctx context.Context, a fyne.App, svc Services, handBack chan func()) *UI {
	if svc.Now == nil {
		svc.Now = time.Now
	}
	u := &UI{ctx: ctx, app: a, svc: svc, views: map[int]fyne.CanvasObject{}, handBack: handBack}
	a.SetIcon(icons.App())
	u.win = a.NewWindow("Steward")
	u.whoLabel = widget.NewLabel("")
	u.readWho()
	u.screens = []screen{
		newDashboard(u),
		newChartsScreen(u),
		newAssetsScreen(u),
		newDiscoveryScreen(u),
		newStocktake(u),
		newVisitScreen(u),
		newLicences(u),
		newContracts(u),
		newUpgrades(u),
		newPeopleScreen(u),
		newTrainingScreen(u),
		newReports(u),
		newTransferScreen(u),
		newSettings(u),
	}
	u.nav = widget.NewList(
		func() int { return len(u.screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(nil), widget.NewLabel("Navigation"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(u.screens[id].icon())
			box.Objects[1].(*widget.Label).SetText(u.screens[id].title())
		},
	)
	u.body = container.NewStack()
	u.nav.OnSelected = func(id widget.ListItemID) { u.show(id) }
	// The sidebar keeps one width on every screen, wide enough for every
	// title (a split's offset moved with each screen's minimum width).
	side := container.New(fixedWidth{u.navWidth()}, u.nav)
	u.said = widget.NewLabel("")
	u.said.Truncation = fyne.TextTruncateEllipsis
	u.saidLink = widget.NewHyperlink("", nil)
	u.saidLink.Hide()
	u.win.SetContent(container.New(&sizeKeeper{u: u}, container.NewBorder(nil, container.NewBorder(nil, nil, nil, container.NewHBox(u.saidLink, u.whoLabel), u.said), nil, nil,
		container.NewBorder(nil, nil, container.NewHBox(side, widget.NewSeparator()), nil, u.body))))
	u.setMainMenu()
	u.showWho()
	u.startLive() // a shared register's changes refresh the window (live.go)
	// The last size, or 1024x720; Run fits it to the screen (window.go).
	u.sizeWindow(fyne.Size{})
	u.addShortcuts()
	u.addPrintShortcut()
	u.win.SetOnDropped(u.dropped) // report files (inventory_import.go)
	if svc.StartScreen == "" || !u.ShowScreen(svc.StartScreen) {
		u.nav.Select(0)
	}
	return u
}

// countsShown reports, once, that the dashboard shows its counts.
func (u *UI) countsShown() {
	u.counted.Do(func() {
		if u.svc.CountsShown != nil {
			u.svc.CountsShown()
		}
	})
}

// markReady reports, once, that the first screen shows its data.
func (u *UI) markReady() {
	u.ready.Do(func() {
		if u.svc.Ready != nil {
			u.svc.Ready()
		}
	})
}

// addShortcuts wires the window's keyboard commands to the current screen.
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.newItem() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.focusSearch() })
	// Delete reaches the canvas only when no widget has the focus; the
	// assets table forwards it when it has.
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if u.dialogKey(e) {
			return
		}
		if e.Name == fyne.KeyDelete && len(u.dialogs) == 0 {
			u.deleteSelected()
		}
	})
}

// newItem runs Ctrl+N on the current screen, or on the first screen that
// can create something when the current one cannot (the dashboard).
func (u *UI) newItem() {
	if !u.can(actEdit) {
		return
	}
	if c, ok := u.screens[u.current].(creator); ok {
		c.newItem()
		return
	}
	for i, s := range u.screens {
		if c, ok := s.(creator); ok {
			u.nav.Select(i)
			c.newItem()
			return
		}
	}
}

func (u *UI) focusSearch() {
	if s, ok := u.screens[u.current].(searcher); ok {
		s.focusSearch()
	}
}

func (u *UI) deleteSelected() {
	if !u.can(actEdit) {
		return
	}
	if d, ok := u.screens[u.current].(deleter); ok {
		d.deleteSelected()
	}
}

// Window is the main window (for tests and dialogs).
func (u *UI) Window() fyne.Window { return u.win }

// show switches to screen i, building it on first use.
func (u *UI) show(i int) {
	if i < 0 || i >= len(u.screens) {
		return
	}
	v, ok := u.views[i]
	if !ok {
		v = u.screens[i].view()
		u.views[i] = v
	} else {
		u.screens[i].refresh()
	}
	u.current = i
	u.body.Objects = []fyne.CanvasObject{v}
	u.body.Refresh()
}

// ShowScreen switches to the screen with the given title; false if none.
func (u *UI) ShowScreen(title string) bool {
	for i, s := range u.screens {
		if s.title() == title {
			u.nav.Select(i)
			return true
		}
	}
	return false
}

// say puts what the last save or delete did in the window's status line,
// naming the record ("Saved the contract Dell PS-9.").
func (u *UI) say(format string, a ...any) {
	u.said.SetText(fmt.Sprintf(format, a...))
	u.saidLink.Hide()
}

// sayRecord is say with a link that opens the record (on its screen, with
// the filters that would hide it cleared), for people who moved on.
func (u *UI) sayRecord(ref assets.Ref, format string, a ...any) {
	link := "Open the " + ref.Entity
	if ref.Entity == "person" {
		link = "Open their page"
	}
	u.sayWithLink(link, func() { u.openRef(ref) }, format, a...)
}

// sayWithLink is say with a link named link that runs open.
func (u *UI) sayWithLink(link string, open func(), format string, a ...any) {
	u.said.SetText(fmt.Sprintf(format, a...))
	u.saidLink.SetText(link)
	u.saidLink.OnTapped = open
	u.saidLink.Show()
}

// showError tells the person what went wrong, in plain words, and logs it
// (the log also names the store operation that failed, assets.Wrap).
func (u *UI) showError(what string, err error) {
	log.Printf("%s: %v", what, err)
	d := dialog.NewError(errors.New(what+": "+assets.Message(err)), u.win)
	u.showKeyed(d, nil, d.Hide)
}

// background runs work off the UI goroutine and hands its result back on it.
func background[T any](u *UI, work func(ctx context.Context) (T, error), done func(T, error)) {
	backgroundCtx(u, u.ctx, work, done)
}

// backgroundCtx is background with its own context (one that a newer
// request can cancel).
func backgroundCtx[T any](u *UI, ctx context.Context, work func(ctx context.Context) (T, error), done func(T, error)) {
	u.pending.Add(1)
	go func() {
		v, err := work(ctx)
		u.do(func() { done(v, err) })
	}()
}

// do runs f on the UI goroutine and then marks one pending job finished.
func (u *UI) do(f func()) {
	run := func() {
		defer u.pending.Add(-1)
		f()
	}
	if u.handBack != nil {
		u.handBack <- run
		return
	}
	fyne.Do(run)
}

// wait runs hand-backs until no background work is left (tests only: it
// needs handBack).
func (u *UI) wait() {
	for u.pending.Load() > 0 {
		(<-u.handBack)()
	}
}

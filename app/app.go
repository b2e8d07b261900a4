// Package app is Steward's window: one file and one struct per screen, all
// reading and writing through the store. Nothing outside this package
// imports Fyne.
package app

import (
	"context"
	"fmt"
	"log"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"steward/assets/sqlite"
)

// AppID is Steward's application ID (also in FyneApp.toml).
const AppID = "org.steward.Steward"

// Services is what the window works with.
type Services struct {
	Store   *sqlite.Store
	Version string
	// Now is the clock for everything date-dependent; nil means time.Now.
	Now func() time.Time
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
}

// Run opens the window and blocks until it is closed or ctx is done.
func Run(ctx context.Context, svc Services) error {
	a := fyneapp.NewWithID(AppID)
	u := New(ctx, a, svc)
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	u.win.ShowAndRun()
	return nil
}

// New builds the window on a (the real app, or fyne's test app).
func New(ctx context.Context, a fyne.App, svc Services) *UI {
	if svc.Now == nil {
		svc.Now = time.Now
	}
	u := &UI{ctx: ctx, app: a, svc: svc, views: map[int]fyne.CanvasObject{}}
	u.win = a.NewWindow("Steward")
	u.screens = []screen{
		newDashboard(u),
		newReports(u),
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
	split := container.NewHSplit(u.nav, u.body)
	split.Offset = 0.16
	u.win.SetContent(split)
	u.win.Resize(fyne.NewSize(1180, 760))
	u.addPrintShortcut()
	u.nav.Select(0)
	return u
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

// showError tells the person what went wrong, in plain words, and logs it.
func (u *UI) showError(what string, err error) {
	log.Printf("%s: %v", what, err)
	dialog.ShowError(fmt.Errorf("%s: %w", what, err), u.win)
}

// background runs work off the UI goroutine and hands its result back on it.
func background[T any](u *UI, work func(ctx context.Context) (T, error), done func(T, error)) {
	go func() {
		v, err := work(u.ctx)
		fyne.Do(func() { done(v, err) })
	}()
}

package app

// Live updates (issue 18, "Live"): when the store is a shared register that
// tells of changes (the PostgreSQL store's Watch), the window subscribes at
// start and refreshes the screen on show when what it lists changed,
// within a second, a burst of changes costing one refresh. Screens not on
// show refresh when shown (UI.show), as after a local change. A lost
// connection shows a banner at the top of the window until it is back.
// Only screens' lists reload: open forms (dialogs) are never touched, so
// what someone is typing stays.

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// Watcher is a store that tells of the changes others make to it (and of
// its connection's state): the shared register. SQLite files do not.
type Watcher interface {
	Watch(ctx context.Context, fn func(assets.Change)) error
}

// liveDelay is how long the window gathers changes before refreshing.
const liveDelay = 250 * time.Millisecond

// liveState is the window's side of a watch.
type liveState struct {
	mu     sync.Mutex
	dirty  map[string]bool // entities changed since the last refresh
	all    bool            // refresh whatever is on show (resync)
	armed  bool            // a refresh is scheduled
	banner *fyne.Container // shown while the connection is lost
	root   *fyne.Container // the window's content: the banner above the rest
	text   *widget.Label
}

// startLive subscribes to the store's changes when it offers them, and puts
// the (hidden) connection banner above the window's content.
func (u *UI) startLive() {
	w, ok := u.svc.Store.(Watcher)
	if !ok {
		return
	}
	l := &liveState{dirty: map[string]bool{}}
	l.text = widget.NewLabel("")
	l.text.Importance = widget.WarningImportance
	l.text.Wrapping = fyne.TextWrapWord
	l.banner = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, l.text)
	l.banner.Hide()
	u.live = l
	l.root = container.NewBorder(l.banner, nil, nil, nil, u.win.Content())
	u.win.SetContent(l.root)
	go func() {
		if err := w.Watch(u.ctx, u.liveChange); err != nil && !errors.Is(err, context.Canceled) {
			log.Printf("live updates stopped: %v", err)
		}
	}()
}

// liveChange receives the watcher's news (on its goroutine).
func (u *UI) liveChange(c assets.Change) {
	l := u.live
	switch c.Kind {
	case assets.ChangeLost:
		at := c.At.Local().Format("15:04")
		u.pending.Add(1)
		u.do(func() {
			l.text.SetText("Lost the connection to the shared register at " + at + "; reconnecting… What you type stays; save again once it is back.")
			l.banner.Show()
			l.root.Refresh() // lay the rest out below it
		})
		return
	case assets.ChangeConnected:
		u.pending.Add(1)
		u.do(func() {
			l.banner.Hide()
			l.root.Refresh()
		})
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.Kind == assets.ChangeResync {
		l.all = true
	} else {
		l.dirty[c.Entity] = true
	}
	if l.armed {
		return
	}
	l.armed = true
	u.pending.Add(1) // handed back by the timer (tests wait for it)
	time.AfterFunc(liveDelay, func() { u.do(u.liveRefresh) })
}

// liveRefresh refreshes the screen on show if what changed is on it.
func (u *UI) liveRefresh() {
	l := u.live
	l.mu.Lock()
	dirty, all := l.dirty, l.all
	l.dirty, l.all, l.armed = map[string]bool{}, false, false
	l.mu.Unlock()
	sc := u.screens[u.current]
	if _, built := u.views[u.current]; !built {
		return
	}
	for e := range dirty {
		if all || shows(sc, e) {
			sc.refresh()
			return
		}
	}
	if all {
		sc.refresh()
	}
}

// shows tells whether screen sc lists what a change to entity touches.
// Screens not named here (settings, reports, discovery, stock-take...)
// hold forms or one-off results: they refresh when shown again.
func shows(sc screen, entity string) bool {
	switch sc.(type) {
	case *dashboard:
		return entity != assets.EntitySettings
	case *chartsScreen:
		return entity == assets.EntityAssets || entity == assets.EntityCategories || entity == assets.EntityBudget
	case *assetsScreen:
		return entity == assets.EntityAssets || entity == assets.EntityPeople || entity == assets.EntityCategories ||
			entity == assets.EntityHandovers || entity == assets.EntitySoftware
	case *peopleScreen:
		return entity == assets.EntityPeople || entity == assets.EntityAssets || entity == assets.EntityHandovers ||
			entity == assets.EntityTrainingRecords || entity == assets.EntityCourses || entity == assets.EntityLicences
	case *licencesScreen:
		return entity == assets.EntityLicences || entity == assets.EntityPeople || entity == assets.EntityAssets ||
			entity == assets.EntitySoftware
	case *contractsScreen:
		return entity == assets.EntityContracts || entity == assets.EntityAssets
	case *upgradesScreen:
		return entity == assets.EntityTasks || entity == assets.EntityAssets
	case *trainingScreen:
		return entity == assets.EntityCourses || entity == assets.EntityTrainingRecords || entity == assets.EntityPeople
	}
	return false
}

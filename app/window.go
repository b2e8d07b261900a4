package app

import (
	"time"

	"fyne.io/fyne/v2"
)

// The window opens at the size it had when last closed (this computer's
// preferences, per user: localprefs.go), and never larger than the
// screen: a saved or default size that does not fit (another monitor, a
// smaller laptop) is cut down to it.

const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

var (
	defaultWindow  = fyne.NewSize(1024, 720)
	smallestWindow = fyne.NewSize(640, 440)
	// screenRoom is kept free around the window for the title bar, panels
	// and docks, which the screen size includes.
	screenRoom = fyne.NewSize(40, 110)
)

// fitWindow is the size to open at: saved (zero: the default), no larger
// than screen less room for the desktop's panels (screen zero: unknown).
func fitWindow(saved, screen fyne.Size) fyne.Size {
	size := saved
	if size.Width < smallestWindow.Width || size.Height < smallestWindow.Height {
		size = defaultWindow
	}
	if screen.Width > 0 && screen.Height > 0 {
		size.Width = min(size.Width, max(screen.Width-screenRoom.Width, smallestWindow.Width/2))
		size.Height = min(size.Height, max(screen.Height-screenRoom.Height, smallestWindow.Height/2))
	}
	return size
}

// savedWindowSize is the size stored when the window last closed.
func (u *UI) savedWindowSize() fyne.Size {
	p := u.localPrefs()
	return fyne.NewSize(float32(p.Float(prefWidth)), float32(p.Float(prefHeight)))
}

// rememberWindowSize stores the window's size for the next start.
func (u *UI) rememberWindowSize() {
	s := u.win.Canvas().Size()
	if s.Width < smallestWindow.Width || s.Height < smallestWindow.Height {
		return // minimised or not laid out: keep the last good size
	}
	p := u.localPrefs()
	p.SetFloat(prefWidth, float64(s.Width))
	p.SetFloat(prefHeight, float64(s.Height))
}

// keepSizeAfter is how long a new window size must last before it is
// stored: a drag that resizes the window writes the file once.
const keepSizeAfter = 500 * time.Millisecond

// sizeKeeper is the layout of the window's outermost container: it gives
// its object the whole space and stores the window's size keepSizeAfter
// after it changes. The size is then kept however the process ends (a
// SIGTERM that stops the driver before its stop hooks run, a crash), not
// only when the window closes or the driver stops cleanly.
type sizeKeeper struct {
	u     *UI
	last  fyne.Size
	timer *time.Timer
}

func (k *sizeKeeper) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

func (k *sizeKeeper) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	if size == k.last {
		return
	}
	k.last = size
	if k.timer == nil {
		k.timer = time.AfterFunc(keepSizeAfter, func() { fyne.Do(k.u.rememberWindowSize) })
		return
	}
	k.timer.Reset(keepSizeAfter)
}

// sizeWindow sizes the window for a screen of the given size (zero:
// unknown) from what was saved.
func (u *UI) sizeWindow(screen fyne.Size) {
	u.win.Resize(fitWindow(u.savedWindowSize(), screen))
}

// localPrefs are this computer's preferences: Services.Prefs, else the
// Fyne app's (tests).
func (u *UI) localPrefs() Prefs {
	if u.svc.Prefs != nil {
		return u.svc.Prefs
	}
	return u.app.Preferences()
}

package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

func TestFitWindowNeverLargerThanTheScreen(t *testing.T) {
	for _, c := range []struct {
		name          string
		saved, screen fyne.Size
		want          fyne.Size
	}{
		{"default on 1280x800 leaves room for panels", fyne.Size{}, fyne.NewSize(1280, 800), fyne.NewSize(1024, 690)},
		{"default on a big screen", fyne.Size{}, fyne.NewSize(1920, 1080), fyne.NewSize(1024, 720)},
		{"saved size kept when it fits", fyne.NewSize(1500, 900), fyne.NewSize(1920, 1080), fyne.NewSize(1500, 900)},
		{"saved on a larger monitor, cut down", fyne.NewSize(1800, 1000), fyne.NewSize(1366, 768), fyne.NewSize(1326, 658)},
		{"screen unknown: saved as is", fyne.NewSize(900, 600), fyne.Size{}, fyne.NewSize(900, 600)},
		{"a tiny saved size is ignored", fyne.NewSize(10, 10), fyne.Size{}, fyne.NewSize(1024, 720)},
	} {
		if got := fitWindow(c.saved, c.screen); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestWindowRemembersItsSize(t *testing.T) {
	u := newSettingsUI(t, Services{})
	u.win.Resize(fyne.NewSize(1100, 650))
	u.rememberWindowSize()
	// The next window on the same app (same preferences) opens at it.
	next := newUI(u.ctx, u.app, u.svc, make(chan func(), 64))
	next.wait()
	if got := next.win.Canvas().Size(); got != fyne.NewSize(1100, 650) {
		t.Fatalf("next window opens at %v, want 1100x650", got)
	}
	// and a 1280x800 screen still fits it in.
	next.sizeWindow(fyne.NewSize(1280, 800))
	if got := next.win.Canvas().Size(); got != fyne.NewSize(1100, 650) {
		t.Fatalf("on 1280x800: %v", got)
	}
	next.sizeWindow(fyne.NewSize(1024, 600))
	if got := next.win.Canvas().Size(); got.Height > 600 || got.Width > 1024 {
		t.Fatalf("on 1024x600 the window is %v", got)
	}
}

// TestWindowSizeKeptWithoutClosing: a resized window's size is stored soon
// after, without the window closing or the driver stopping (a SIGTERM
// under load once ended the process before the stop hook ran, and the size
// was lost).
func TestWindowSizeKeptWithoutClosing(t *testing.T) {
	u := newSettingsUI(t, Services{})
	u.win.Resize(fyne.NewSize(1111, 666))
	deadline := time.Now().Add(20 * keepSizeAfter)
	for u.savedWindowSize() != fyne.NewSize(1111, 666) {
		if time.Now().After(deadline) {
			t.Fatalf("saved %v after resizing to 1111x666 and waiting %v", u.savedWindowSize(), 20*keepSizeAfter)
		}
		time.Sleep(keepSizeAfter / 10)
	}
}

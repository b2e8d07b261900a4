package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// The "New …" buttons of Contracts and Upgrades sit at the right of their
// bars, where the Assets screen has its own (a filler that took no room
// left them in the middle of the bar).
func TestNewButtonsSitAtTheRight(t *testing.T) {
	u := newSettingsUI(t, Services{})
	u.win.Resize(fyne.NewSize(1024, 690))
	for _, c := range []struct{ screen, button string }{
		{"Contracts", "New contract"}, {"Upgrades", "New task"},
	} {
		if !u.ShowScreen(c.screen) {
			t.Fatalf("no %s screen", c.screen)
		}
		u.wait()
		b := button(u.win.Canvas().Content(), c.button)
		if b == nil {
			t.Fatalf("no %q button on %s", c.button, c.screen)
		}
		right := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).X + b.Size().Width
		bar := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.body).X + u.body.Size().Width
		if bar-right > 40 {
			t.Errorf("%s: %q ends at x=%.0f, the screen at x=%.0f", c.screen, c.button, right, bar)
		}
	}
}

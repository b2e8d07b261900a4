package app

import (
	"testing"
)

// Every screen fits the window's default width (1024, what a 1280x800
// screen gets), on an empty register as on a filled one: a line that
// cannot wrap widens the window past the screen (the empty dashboard's
// heading made it 1109 px).
func TestEveryScreenFitsTheDefaultWidth(t *testing.T) {
	for _, n := range []int{0, 30} {
		u, _ := newTestUI(t, n)
		for _, s := range u.screens {
			if !u.ShowScreen(s.title()) {
				t.Fatalf("no %s screen", s.title())
			}
			u.wait()
			if w := u.win.Content().MinSize().Width; w > 1024 {
				t.Errorf("%d assets, %s: the window needs %.0f px", n, s.title(), w)
			}
		}
	}
}

package app

import (
	"testing"
)

// Every screen fits the window's default width (1024, what a 1280x800
// screen gets), on an empty register as on a filled one: a line that
// cannot wrap widens the window past the screen (the empty dashboard's
// heading made it 1109 px). The limit is 1000 here: the test driver's
// font is narrower than the real one (Discovery: 1020 px here, 1029 px in
// the real window under Xvfb).
func TestEveryScreenFitsTheDefaultWidth(t *testing.T) {
	for _, n := range []int{0, 30} {
		u, _ := newTestUI(t, n)
		for _, s := range u.screens {
			if !u.ShowScreen(s.title()) {
				t.Fatalf("no %s screen", s.title())
			}
			u.wait()
			w := u.win.Content().MinSize().Width
			if w > 1000 {
				t.Errorf("%d assets, %s: the window needs %.0f px", n, s.title(), w)
			}
		}
	}
}

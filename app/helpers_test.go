package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets/sqlite"
)

// newSettingsUI opens a fresh, empty register in a temporary folder and
// builds the window on Fyne's test app with the given services.
func newSettingsUI(t *testing.T, svc Services) *UI {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc.Store = st
	if svc.CheckBackup == nil {
		svc.CheckBackup = sqlite.CheckBackup
	}
	if svc.Now == nil {
		svc.Now = func() time.Time { return time.Date(2026, 3, 7, 14, 30, 5, 0, time.UTC) }
	}
	a := test.NewTempApp(t)
	u := newUI(ctx, a, svc, make(chan func(), 64))
	u.wait()
	return u
}

// testStore is the window's register as the SQLite store newSettingsUI
// opened, for tests that read or write more than the window's interface.
func testStore(u *UI) *sqlite.Store { return u.svc.Store.(*sqlite.Store) }

// topDialog is the object tree of the dialog shown on top, or nil.
func topDialog(u *UI) fyne.CanvasObject {
	return u.win.Canvas().Overlays().Top()
}

// find walks a tree of canvas objects and returns the first match.
func find[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) (T, bool) {
	var zero T
	if o == nil {
		return zero, false
	}
	if v, ok := o.(T); ok && match(v) {
		return v, true
	}
	var kids []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		kids = c.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(c).Objects()
	}
	for _, k := range kids {
		if v, ok := find(k, match); ok {
			return v, true
		}
	}
	return zero, false
}

// button finds a button by its text in tree o.
func button(o fyne.CanvasObject, text string) *widget.Button {
	b, _ := find(o, func(b *widget.Button) bool { return b.Text == text })
	return b
}

// texts collects every label's text in tree o.
func texts(o fyne.CanvasObject) string {
	s := ""
	find(o, func(l *widget.Label) bool { s += l.Text + "\n"; return false })
	find(o, func(l *widget.RichText) bool { s += l.String() + "\n"; return false })
	return s
}
